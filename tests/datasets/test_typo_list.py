"""The misspelling list (glossary/typos.yaml) flags nothing in the project's own clean texts.

Precision before recall: fact sheets, references, the chatbot's reference answers and
every clean or rewritten scoring draft are written correctly, so STYLE_TYPO (list and
morpheme rules) must raise nothing there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from civiclab.scoring.checks.typos import check_typos, load_typos
from civiclab.scoring.tokenizer import analyze_many

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


def _strings(obj):
    if isinstance(obj, str):
        if any("가" <= ch <= "힣" for ch in obj):
            yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _clean_texts() -> dict[str, str]:
    texts = {}
    for p in sorted((DATASETS / "fact_sheets").glob("*.yaml")) + sorted(
            (DATASETS / "scoring_eval" / "fact_sheets").glob("*.yaml")):
        for i, s in enumerate(_strings(yaml.safe_load(p.read_text(encoding="utf-8")))):
            texts[f"{p.name}#{i}"] = s
    for p in sorted((DATASETS / "references").glob("*.md")):
        texts[p.name] = p.read_text(encoding="utf-8")
    for line in (DATASETS / "chatbot_eval" / "eval.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("reference_answer"):  # citizens' questions carry typos on purpose
            texts[row["id"]] = row["reference_answer"]
    for line in (DATASETS / "scoring_eval" / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["category"] in ("clean", "rewrite"):
            texts[row["id"]] = (DATASETS / "scoring_eval" / row["file"]).read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def typos():
    return load_typos(DATASETS / "glossary" / "typos.yaml")


def test_no_typo_in_clean_texts(typos):
    texts = _clean_texts()
    assert len(texts) > 300
    keys = list(texts)
    hits = [f"{key}: {a.text[f.start:f.end]}" for key, a in zip(keys, analyze_many([texts[k] for k in keys]))
            for f in check_typos(a, typos)]
    assert hits == []


def test_every_correction_is_itself_clean(typos):
    # Each entry's right form, in a plain sentence, must not be flagged (no entry undoes another).
    sentences = [f"시민 {e.right} 안내" for e in typos.entries]
    flagged = [s for s, a in zip(sentences, analyze_many(sentences)) if check_typos(a, typos)]
    assert flagged == []


def test_list_has_a_datasheet():
    readme = (DATASETS / "glossary" / "README.md").read_text(encoding="utf-8")
    assert "typos.yaml" in readme and "License" in readme
