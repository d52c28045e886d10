import io
import json
import sys

import pytest

from civiclab.cli import main

from .conftest import EVAL

FACTS = str(EVAL / "fact_sheets" / "eval-night-bus.yaml")
CLEAN = str(EVAL / "drafts" / "night-bus-001.txt")
FACT_ERROR = str(EVAL / "drafts" / "night-bus-002.txt")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for var in ("CIVICLAB_BACKEND", "OPENAI_API_KEY", "CIVICLAB_JUDGE_MODEL", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


def run_json(capsys, *args):
    code = main(["score", *args, "--json"])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


def test_json_array_in_input_order(kiwi, capsys):
    code, data, _ = run_json(capsys, FACT_ERROR, CLEAN, "--facts", FACTS, "--reference", CLEAN)
    assert code == 0
    assert [d["draft"] for d in data] == [FACT_ERROR, CLEAN]
    for d in data:
        assert {"draft", "total", "criteria", "findings", "signature"} <= set(d)
        assert set(d["criteria"]["rouge"]) >= {"rouge1", "rouge2", "rougeL"}
        assert d["signature"].startswith("civiclab-score:v1|tok:kiwi-")
    assert data[1]["criteria"]["rouge"]["rougeL"] == 1.0 and data[1]["total"] == 100.0
    assert any(f["code"].startswith("FACT_") for f in data[0]["findings"])


def test_stdin_draft(kiwi, capsys, monkeypatch):
    from pathlib import Path

    text = Path(CLEAN).read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, data, _ = run_json(capsys, "-", "--facts", FACTS)
    assert code == 0 and data[0]["draft"] == "-" and data[0]["total"] == 100.0


def test_batch_reports_bad_items_and_goes_on(kiwi, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02PK")
    huge = tmp_path / "huge.txt"
    huge.write_text("가나다 " * 300_000, encoding="utf-8")
    code, data, err = run_json(capsys, str(empty), CLEAN, "missing.txt", str(binary), str(huge),
                               "--facts", FACTS)
    assert code == 2
    assert [("error" in d) for d in data] == [True, False, True, True, True]
    assert data[1]["total"] == 100.0
    assert "비어" in err and "찾을 수 없습니다" in err and "텍스트" in err and "너무 큽니다" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("facts_yaml", "word"), [
    ("id: x\nkind: press_release\n", "title"),
    ("id: [unclosed\n", "YAML"),
])
def test_bad_fact_sheet_exits_2(capsys, tmp_path, facts_yaml, word):
    bad = tmp_path / "bad.yaml"
    bad.write_text(facts_yaml, encoding="utf-8")
    code = main(["score", CLEAN, "--facts", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "문제:" in err and "Traceback" not in err


def test_unknown_kind_exits_2(capsys):
    code = main(["score", CLEAN, "--facts", FACTS, "--kind", "poem"])
    err = capsys.readouterr().err
    assert code == 2 and "poem" in err and "press_release" in err


def test_missing_facts_option_is_a_usage_error(capsys):
    assert main(["score", CLEAN]) == 2
    assert "--facts" in capsys.readouterr().err


def test_help_documents_the_command(capsys):
    assert main(["score", "--help"]) == 0
    out = capsys.readouterr().out
    for word in ("--facts", "--kind", "--reference", "--rubric", "--json", "표준 입력", "rougeL"):
        assert word in out


def test_rich_table_output(kiwi, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["score", FACT_ERROR, "--facts", FACTS]) == 0
    out = capsys.readouterr().out
    assert "총점" in out and "FACT_" in out and "서명: civiclab-score:v1" in out


def test_rubric_option_by_path(kiwi, capsys):
    from .conftest import ROOT

    code, data, _ = run_json(capsys, CLEAN, "--facts", FACTS, "--rubric",
                             str(ROOT / "grading" / "rubrics" / "speech.yaml"))
    assert code == 0 and "rubric:speech@2" in data[0]["signature"]
