"""Gateway benchmarks: import cost, batch concurrency, cache re-runs.

All ratios are measured in this one run against a baseline run here too.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def _import_time(module: str, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def run() -> tuple[str, str]:
    from fakeopenai import FakeOpenAI

    from civiclab.llm import ChatRequest, Gateway
    from civiclab.settings import load_settings

    t_json = _import_time("json")
    t_civiclab = _import_time("civiclab.llm")
    t_settings = _import_time("civiclab.settings")
    t_gateway = _import_time("civiclab.llm.gateway")
    t_pandas = _import_time("pandas")

    n, latency = 64, 0.2
    requests = [ChatRequest([{"role": "user", "content": f"질문 {i}"}]) for i in range(n)]
    with FakeOpenAI(latency=latency) as server, tempfile.TemporaryDirectory() as tmp:
        def gateway(name: str) -> Gateway:
            return Gateway(load_settings(env={}, cwd=Path(tmp), backend="openai", base_url=server.base_url,
                                         api_key="bench", model="fake-model", state_dir=Path(tmp) / name))

        started = time.perf_counter()
        seq = gateway("seq").generate_many(requests, concurrency=1, progress=False)
        t_seq = time.perf_counter() - started

        conc_gw = gateway("conc")
        started = time.perf_counter()
        conc = conc_gw.generate_many(requests, concurrency=16, progress=False)
        t_conc = time.perf_counter() - started

        calls_before = len(server.chat_requests)
        started = time.perf_counter()
        again = conc_gw.generate_many(requests, concurrency=16, progress=False)
        t_cache = time.perf_counter() - started
        calls_after = len(server.chat_requests)
    assert [g.text for g in seq] == [g.text for g in conc] == [g.text for g in again]

    body = f"""Import time (median of 5 fresh interpreters):

| import | seconds | ratio to `import json` |
|---|---|---|
| `json` | {t_json:.4f} | 1.0 |
| `civiclab.llm` | {t_civiclab:.4f} | {t_civiclab / t_json:.1f} |
| `civiclab.settings` (pydantic) | {t_settings:.4f} | {t_settings / t_json:.1f} |
| `civiclab.llm.gateway` (no openai yet) | {t_gateway:.4f} | {t_gateway / t_json:.1f} |
| `pandas` | {t_pandas:.4f} | {t_pandas / t_json:.1f} |

`import civiclab.llm.gateway` (settings, guard, cache, ledger) takes {t_gateway / t_pandas:.2f}x the time of
`import pandas` (goal: below 1); openai itself is imported only when the first call is made.

Batch of {n} requests against the local OpenAI-speaking server with {latency * 1000:.0f} ms latency:

| run | seconds | speed-up |
|---|---|---|
| sequential (concurrency 1) | {t_seq:.2f} | 1.0x |
| concurrency 16 | {t_conc:.2f} | {t_seq / t_conc:.1f}x (goal: at least 10x) |
| re-run served from the cache | {t_cache:.3f} | {t_seq / t_cache:.0f}x; network calls: {calls_after - calls_before} (goal: 0) |
"""
    return "Gateway", body
