"""Injection detector cost: it runs on every draft and every chatbot question.

Baselines in the same run: Kiwi tokenizing the same drafts (the scorer's own
baseline), and the detector's fixed patterns and cue rules alone on the plain text
(what the detector did before it read through disguises), so the price of the
disguise views is visible.  CPU time, interleaved rounds, best of each.
"""

from __future__ import annotations

import json
import os
import time

from benchmarks.bench_scoring import ROOT, _drafts


def _questions() -> list[str]:
    out = []
    for path in sorted((ROOT / "datasets" / "chatbot_eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line).get("question")
                if isinstance(q, str):
                    out.append(q)
    return out


def run() -> tuple[str, str]:
    from civiclab.scoring.checks import injection
    from civiclab.scoring.checks.injection_views import base_view
    from civiclab.scoring.tokenizer import get_kiwi, split_paragraphs

    load = os.getloadavg()[0]
    texts, _ = _drafts()
    questions = _questions() or texts[:50]
    kiwi = get_kiwi()
    pieces = [t[s:e] for t in texts for s, e in split_paragraphs(t)]

    def plain(data):
        for t in data:
            injection._spans(base_view(t)[0])

    def full(data):
        for t in data:
            injection.find_injections(t)

    def cpu(fn, *args) -> float:
        start = time.process_time()
        fn(*args)
        return time.process_time() - start

    full(texts[:20])
    list(kiwi.tokenize(pieces[:20]))
    best: dict[str, float] = {}
    for _ in range(5):
        for name, fn, args in (("kiwi", lambda: list(kiwi.tokenize(pieces)), ()),
                               ("plain", plain, (texts,)), ("full", full, (texts,)),
                               ("q_plain", plain, (questions * 5,)), ("q_full", full, (questions * 5,))):
            best[name] = min(best.get(name, float("inf")), cpu(fn, *args))
    n, nq = len(texts), len(questions) * 5
    body = f"""\
{n} press-release drafts of about 2,000 characters (as in the scoring benchmark) and
{len(questions)} chatbot evaluation questions (×5); CPU seconds, best of 5 interleaved rounds;
load average {load:.1f} at the start.

| run | CPU s | per text | ratio |
|---|---:|---:|---:|
| Kiwi tokenizing the drafts (baseline) | {best['kiwi']:.3f} | {best['kiwi'] / n * 1000:.2f} ms | 1.00 |
| detector, patterns and cue rules on the plain text | {best['plain']:.3f} | {best['plain'] / n * 1000:.2f} ms | {best['plain'] / best['kiwi']:.3f} |
| `find_injections` (all views) | {best['full']:.3f} | {best['full'] / n * 1000:.2f} ms | **{best['full'] / best['kiwi']:.3f}** |
| views' price on drafts (full / plain) | | | **{best['full'] / best['plain']:.2f}** |
| questions: plain | {best['q_plain']:.3f} | {best['q_plain'] / nq * 1000:.3f} ms | |
| questions: `find_injections` | {best['q_full']:.3f} | {best['q_full'] / nq * 1000:.3f} ms | **{best['q_full'] / best['q_plain']:.2f}** × plain |
"""
    return "Injection detector", body
