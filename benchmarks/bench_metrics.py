"""Benchmark: the metrics report from 1 million generated complaint rows.

Baseline, in the same run and on the same file: loading the rows with plain pandas
(``pd.read_csv`` / ``pd.read_parquet`` with default options).  Each measurement runs in a
fresh Python process so peak memory (ru_maxrss) belongs to that step alone.  Goal: report
time under 3x the plain load, peak memory under 2 GB.

    PYTHONPATH=src python benchmarks/bench_metrics.py [--rows-per-month 28000] [--repeat 3]

Writes results to benchmarks/.results/metrics.json; copy the table into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._machine import machine_info  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / ".results"
# Emptied before each format: the first report run subsets the embedded font (cold),
# later runs reuse the subset for the same glyph set, as repeated reports do.
FONT_CACHE = OUT / "font-cache"

_CHILD = r"""
import json, resource, sys, time
kind, path, out, font_cache = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ru0 = resource.getrusage(resource.RUSAGE_SELF)
cpu0 = ru0.ru_utime + ru0.ru_stime
t0 = time.perf_counter()
if kind == "pandas":
    import pandas as pd
    df = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
    n = len(df)
else:
    from pathlib import Path
    from civiclab.datagen.complaints import load_categories
    from civiclab.metrics.html import write_report
    from civiclab.metrics.report import build_report
    cats = load_categories(Path("datasets/categories.yaml"))
    rep = build_report(complaints=Path(path), categories=cats)
    write_report(rep, Path(out), font_cache=Path(font_cache))
    n = int(rep.section("outcomes").tables["chatbot_outcomes"]["contacts"].iloc[0])
dt = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM: this process's own peak RSS (ru_maxrss can carry the parent's peak across fork)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"seconds": dt, "cpu_seconds": ru.ru_utime + ru.ru_stime - cpu0, "peak_mb": hwm / 1024,
                  "rows": n}))
"""


def child(kind: str, path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _CHILD, kind, str(path), str(OUT / f"report-{path.suffix[1:]}"),
                          str(FONT_CACHE)],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process_seconds"] = time.perf_counter() - t0  # including interpreter start and imports
    return data


def measure(rows_per_month: int = 28000, repeat: int = 3) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from civiclab.datagen.complaints import (
        ComplaintConfig,
        generate_complaints,
        load_categories,
        write_complaints,
    )

    OUT.mkdir(parents=True, exist_ok=True)
    cats = load_categories(ROOT / "datasets" / "categories.yaml")
    t0 = time.perf_counter()
    df = generate_complaints(ComplaintConfig(rows_per_month=rows_per_month, seed=1), cats)
    gen_s = time.perf_counter() - t0
    files = {ext: write_complaints(df, OUT / f"complaints_bench.{ext}") for ext in ("csv", "parquet")}
    rows = len(df)
    del df
    results = {"machine": machine_info(), "rows": rows, "generate_seconds": gen_s, "formats": {},
               "load_average": os.getloadavg()[0]}
    for ext, path in files.items():
        shutil.rmtree(FONT_CACHE, ignore_errors=True)
        runs = {"pandas": [], "report": []}
        for _ in range(repeat):  # interleaved, so background load hits both alike
            for kind in ("pandas", "report"):
                runs[kind].append(child(kind, path))
        # fastest run of each: the machine is shared, slower runs measure other people's load
        best = {k: min(v, key=lambda r: r["seconds"]) for k, v in runs.items()}
        results["formats"][ext] = {
            "file_mb": path.stat().st_size / 1e6,
            "pandas": best["pandas"], "report": best["report"],
            "time_ratio": best["report"]["seconds"] / best["pandas"]["seconds"],
            "cpu_ratio": best["report"]["cpu_seconds"] / best["pandas"]["cpu_seconds"],
            "memory_ratio": best["report"]["peak_mb"] / best["pandas"]["peak_mb"],
            "cold_font": runs["report"][0],  # the first run: empty font cache
            "all_runs": runs,
        }
    results["load_average_after"] = os.getloadavg()[0]
    (OUT / "metrics.json").write_text(json.dumps(results, indent=2))
    return results


def render(results: dict) -> str:
    lines = [
        f"`benchmarks/bench_metrics.py`: the report work of `civiclab metrics report` (load and check the "
        f"complaint log, chatbot outcomes, naive / year-on-year / difference-in-differences estimates for "
        f"all categories with 2,000-sample bootstraps, 4 SVG charts, the HTML page with its embedded font "
        f"subset, every table as CSV and Parquet) on **{results['rows']:,} generated complaint rows** "
        f"(36 months, about Sejong's whole contact volume), against **loading the same file with plain "
        f"pandas** (`pd.read_csv` / `pd.read_parquet`, default options). Each step runs in a fresh Python "
        f"process (times include imports); peak memory is that process's `VmHWM`; the fastest of "
        f"{len(next(iter(results['formats'].values()))['all_runs']['pandas'])} interleaved runs is kept. "
        f"Load average during the run: {results['load_average']:.1f} -> {results['load_average_after']:.1f} "
        f"on {results['machine']['nproc']} cores (shared machine), so CPU time is the steadier figure.",
        "",
        "| file | plain pandas load: wall / CPU | report: wall / CPU | ratio wall / CPU "
        "| peak memory pandas / report |",
        "|---|---|---|---|---|",
    ]
    for ext, r in results["formats"].items():
        p, q = r["pandas"], r["report"]
        lines.append(
            f"| {ext} ({r['file_mb']:.0f} MB) | {p['seconds']:.2f} s / {p['cpu_seconds']:.2f} s "
            f"| {q['seconds']:.2f} s / {q['cpu_seconds']:.2f} s | {r['time_ratio']:.2f}x / {r['cpu_ratio']:.2f}x "
            f"| {p['peak_mb']:.0f} MB / {q['peak_mb']:.0f} MB |")
    lines.append("")
    for ext, r in results["formats"].items():
        ok_t = "met" if r["time_ratio"] < 3 else ("met on CPU time only" if r["cpu_ratio"] < 3 else "not met")
        ok_m = "met" if r["report"]["peak_mb"] < 2048 else "not met"
        lines.append(f"- {ext}: time goal (< 3x the plain load) **{ok_t}**; memory goal (< 2 GB) **{ok_m}**.")
    cold = {ext: r.get("cold_font") for ext, r in results["formats"].items() if r.get("cold_font")}
    if cold:
        lines.append("- First run with an empty font-subset cache (the fastest-of-3 rows reuse it): " + "; ".join(
            f"{ext} {c['seconds']:.2f} s / {c['cpu_seconds']:.2f} s CPU" for ext, c in cold.items()) + ".")
    lines += [
        "",
        "Where the report's time goes now (CPU, measured separately on this file, Parquet, warm font cache): "
        "importing pandas 0.36 s (the plain load pays it too), the civiclab metrics modules 0.04 s, building "
        "the report 0.76-1.05 s (reading the used columns dictionary-encoded and checking them, 7-day "
        "follow-up links, outcomes for three groupings, monthly counts, all estimates with bootstraps; the 4 "
        "charts are 0.015 s of it), the HTML page 0.04 s and the table files 0.05 s. What is left is per-row "
        "work.",
        "",
        "What made it faster (each measured on this 1M-row file): dictionary-encoded text columns instead "
        "of strings for the checks, integer citizen codes for the 7-day links (5 s -> 0.3 s under the "
        "profiler), `numpy.bincount` group sums instead of object `groupby` (2.9 s -> 0.25 s CPU), "
        "dropping kerning/layout tables before subsetting the embedded font (about 1 s -> 0.15 s per weight), "
        "the embedded-font subset cached on disk by font file and exact character set (0.44 s -> 0.001 s CPU "
        "on a hit; deterministic, so a hit gives the same bytes), the outcome indicators built once for the "
        "three groupings. Then the largest step: the charts are drawn as plain SVG by `civiclab.metrics.svg` "
        "with their text as `<text>` in the page's embedded NanumGothic, instead of matplotlib with Hangul "
        "as glyph outlines. Importing matplotlib's `Figure` (0.33 s) and drawing the four charts "
        "(0.46-0.52 s) became 0.015 s; Parquet went from 4.07x wall / 3.31x CPU to under 3x, and the "
        "chart SVGs shrank (text instead of outlines) while staying selectable and searchable.",
    ]
    return "\n".join(lines)


def run() -> tuple[str, str]:
    """Entry point for ``python -m benchmarks`` (rewrites the Metrics section of the README)."""
    return "Metrics", render(measure())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows-per-month", type=int, default=28000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results = measure(args.rows_per_month, args.repeat)
    m = results["machine"]
    print(render(results))
    print(f"\nMachine: nproc={m['nproc']}, {m['cpu']}, {m['memory']}, Python {m['python']}")


if __name__ == "__main__":
    main()
