"""Nothing under datasets/ may hold a real-looking resident registration or mobile number.

Planted PII lives only in the PII test material listed in ALLOWED (the scoring
evaluation set plants it on purpose).  Two independent nets: the lead's
detector (civiclab.pii.find_pii, kinds rrn and mobile) and a plain regex.
Everything that is sent to a model (fact-sheet prompt blocks, references,
chatbot questions, answers and passages) must pass the guard completely.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DATASETS = Path(__file__).resolve().parents[2] / "datasets"

TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".txt", ".jsonl", ".json", ".csv", ".py"}
# Folders/files that hold planted PII on purpose (documented in their datasheets).
ALLOWED = ("scoring_eval/", "pii_test")

# RRN: yymmdd with a valid month/day, then the gender/century digit 1-8, then 6 digits.
RRN = re.compile(r"(?<!\d)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s?[-–]?\s?[1-8]\d{6}(?!\d)")
MOBILE = re.compile(r"(?<!\d)01[016789][-.\s]?\d{3,4}[-.\s]?\d{4}(?!\d)")


def _files():
    for p in sorted(DATASETS.rglob("*")):
        rel = p.relative_to(DATASETS).as_posix()
        if p.is_file() and p.suffix in TEXT_SUFFIXES and not any(a in rel for a in ALLOWED):
            yield p


def _regex_hits(text: str) -> list[str]:
    return [m.group(0) for m in RRN.finditer(text)] + [m.group(0) for m in MOBILE.finditer(text)]


def _detector_hits(text: str) -> list[str]:
    from civiclab.pii import find_pii

    return [m.text for m in find_pii(text) if m.kind in ("rrn", "mobile")]


@pytest.mark.parametrize("bad", ["900101-1234567", "9001011234567", "010-1234-5678",
                                 "01012345678", "011 234 5678"])
def test_regex_catches_planted_numbers(bad):
    assert _regex_hits(f"연락처는 {bad} 입니다")


@pytest.mark.parametrize("ok", ["044-300-2431", "2024-04-15", "6만 3000명", "5100000000원",
                                "900101-1******"])
def test_regex_ignores_office_lines_dates_and_amounts(ok):
    assert not _regex_hits(f"값: {ok}")


def test_no_real_looking_pii_in_datasets():
    offenders = []
    for p in _files():
        text = p.read_text(encoding="utf-8")
        hits = _detector_hits(text) + _regex_hits(text)
        if hits:
            offenders.append(f"{p.relative_to(DATASETS)}: {sorted(set(hits))[:3]}")
    assert offenders == []


def test_model_bound_material_passes_the_pii_guard():
    """Prompt blocks, references and chatbot texts go to a model: the guard must not block them."""
    import json

    import yaml

    from civiclab.facts import load_fact_sheet
    from civiclab.pii import find_pii

    office = ("044-300-*",)
    texts = []
    for p in sorted((DATASETS / "fact_sheets").glob("*.yaml")):
        texts.append((p.stem, load_fact_sheet(p).to_prompt_block()))
        texts.append((p.stem + ".md", (DATASETS / "references" / f"{p.stem}.md").read_text("utf-8")))
    for line in (DATASETS / "chatbot_eval" / "eval.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        texts.append((item["id"], item["question"] + "\n" + item["reference_answer"]))
    sources = yaml.safe_load((DATASETS / "chatbot_eval" / "sources.yaml").read_text("utf-8"))
    texts += [(s["id"], s["text"]) for s in sources["sources"]]
    blocked = [(name, [(m.kind, m.text) for m in find_pii(t, allowed_phone_numbers=office)])
               for name, t in texts]
    assert [b for b in blocked if b[1]] == []
    assert len(texts) > 350
