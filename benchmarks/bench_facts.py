"""Fact-check benchmark: cost of the FACT_ check against Kiwi tokenization.

The scoring goal (issue 3) is that scoring 300 press-release drafts of about
2,000 characters costs at most 1.5x what Kiwi alone needs to tokenize them, so
the fact check (pure regex and Python) must be a small share of that.  Both are
measured here, in one run, on the same 300 texts; a plain ``re.findall(r"\\w+")``
pass is a second, dependency-free baseline.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "tests" / "facts" / "data" / "sejong-zero-docs.yaml"

_PARAGRAPHS = [
    "세종특별자치시는 민원인이 종이 증명서를 내지 않아도 되는 구비서류 제로화를 추진한다고 2일 밝혔다. "
    "이에 따라 연간 6만 3000명의 민원인이 서류를 떼러 다니지 않아도 된다.",
    "시는 지난달 28일 행정안전부와 구비서류 제로화 협력을 선언했다. 민원 담당 공무원이 행정정보 "
    "공동이용으로 주민등록등본 등 전자증명서 56종을 직접 확인한다.",
    "시는 올해 하반기까지 모든 읍면동 주민센터로 넓힐 계획이다. 처리 기간은 {d}일 줄고, 예산 {m}억 원이 "
    "들어간다.",
    "최민호 시장은 “시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 낮추겠습니다”라고 말했다.",
    "{k}월 {d}일 설명회에는 시민 {n}명이 참석할 예정이다. 참석률은 지난해보다 {p}% 높다.",
]


def drafts(n: int = 300, size: int = 2000) -> list[str]:
    out = []
    for i in range(n):
        parts, j = [], 0
        while sum(len(p) for p in parts) < size:
            tpl = _PARAGRAPHS[(i + j) % len(_PARAGRAPHS)]
            parts.append(tpl.format(d=i % 27 + 1, m=i % 90 + 3, k=i % 12 + 1, n=i * 7 + 40, p=i % 40))
            j += 1
        out.append("\n\n".join(parts)[:size])
    return out


def _time(fn, texts) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def run() -> tuple[str, str]:
    from civiclab.facts import load_fact_sheet
    from civiclab.scoring.checks.facts import check_facts

    sheet = load_fact_sheet(SHEET)
    texts = drafts()
    words = re.compile(r"\w+")
    t_regex = _time(words.findall, texts)
    check_facts(texts[0], sheet)  # warm the per-sheet support cache
    t_facts = _time(lambda t: check_facts(t, sheet), texts)
    findings = sum(len(check_facts(t, sheet)) for t in texts)

    rows = [("`re.findall(r\"\\w+\")`", t_regex, 1.0), ("`check_facts`", t_facts, t_facts / t_regex)]
    kiwi_note = ""
    try:
        from civiclab.scoring.tokenizer import get_kiwi

        kiwi = get_kiwi()
        kiwi.tokenize(texts[0])  # model load is not part of the per-text cost
        t0 = time.perf_counter()
        for t in texts:
            kiwi.tokenize([p for p in t.split("\n\n") if p.strip()])
        t_kiwi = time.perf_counter() - t0
        rows.append(("Kiwi tokenize (paragraphs)", t_kiwi, t_kiwi / t_regex))
        kiwi_note = f"\n`check_facts` costs {t_facts / t_kiwi:.2f}x Kiwi tokenization of the same texts.\n"
    except ImportError:  # pragma: no cover - Kiwi is a dependency; keep the bench runnable
        kiwi_note = "\nKiwi not importable: its row is skipped.\n"

    body = (
        f"{len(texts)} drafts of {len(texts[0]):,} characters (sample fact sheet "
        f"sejong-zero-docs; {findings} findings in all, from the planted variations):\n\n"
        "| step | seconds | ratio to the regex pass |\n|---|---|---|\n"
        + "".join(f"| {name} | {sec:.3f} | {ratio:.1f} |\n" for name, sec, ratio in rows)
        + kiwi_note
    )
    return "Fact check", body
