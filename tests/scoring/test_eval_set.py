"""The labelled evaluation set: reproducible, big enough, and meeting its goals."""

import json
import sys

import pytest

from civiclab.scoring.evaluation import evaluate

from .conftest import EVAL


@pytest.fixture(scope="module")
def result(kiwi, settings):
    return evaluate(EVAL, settings=settings)


def test_generated_files_match_the_script():
    sys.path.insert(0, str(EVAL))
    try:
        import generate
    finally:
        sys.path.pop(0)
    items = generate.build()
    rows = [json.loads(line) for line in (EVAL / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) == len(rows) >= 150
    for item, row in zip(items, rows):
        assert item["id"] == row["id"] and item["expected"] == row["expected"]
        assert (EVAL / row["file"]).read_text(encoding="utf-8") == item["text"]
    assert len({r["fact_sheet"] for r in rows}) >= 4
    assert {"clean", "planted", "rewrite", "injection"} == {r["category"] for r in rows}


def test_goals(result):
    fam = result["families"]
    assert fam["PII_"]["recall"] >= 0.95 and fam["PII_"]["precision"] >= 0.9
    assert fam["INJECTION_"]["recall"] >= 0.9
    assert result["rewrites"]["flagged"] == 0 and result["rewrites"]["clean_flagged"] == 0
    for name in ("STYLE_", "STRUCTURE_"):
        assert fam[name]["recall"] >= 0.9 and fam[name]["precision"] >= 0.9


def test_typo_code_is_measured(result):
    typo = result["codes"]["STYLE_TYPO"]
    assert typo["planted"] >= 30 and typo["recall"] >= 0.9 and typo["precision"] >= 0.9


def test_fact_goal(result):
    assert result["families"]["FACT_"]["recall"] >= 0.95
    assert result["families"]["FACT_"]["precision"] >= 0.9


def test_score_eval_command(kiwi, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    from civiclab.cli import main

    assert main(["score-eval", "--dataset", str(EVAL)]) == 0
    out = capsys.readouterr().out
    assert "재현율" in out and "정밀도" in out and "INJECTION_" in out
