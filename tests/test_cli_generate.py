"""`civiclab generate` on the offline practice model: every input mode, batches, and mistakes."""

from __future__ import annotations

import json

import pytest
from support import ROOT

from civiclab.cli import main


@pytest.fixture
def offline(monkeypatch, tmp_path):
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CIVICLAB_BACKEND"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(ROOT)
    return tmp_path


def test_system_user_json(offline, capsys):
    assert main(["generate", "--system", "보도자료 담당자입니다.", "--user", "도서관 개관 보도자료 제목을 제안해 주세요.",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "civiclab-practice" and out["backend"] == "offline"
    assert "규칙 기반 연습 모델" in out["label"] and out["text"]
    assert out["cached"] is False and out["usage"]["completion_tokens"] > 0


def test_prompt_with_vars_records_the_version(offline, capsys):
    sheet = (ROOT / "tests" / "facts" / "data" / "sejong-zero-docs.yaml")
    from civiclab.facts import load_fact_sheet

    block_file = offline / "block.txt"
    block_file.write_text(load_fact_sheet(sheet).to_prompt_block(), encoding="utf-8")
    code = main(["generate", "--prompt", "press_release.policy_announcement@production",
                 "--var", f"fact_sheet=@{block_file}", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["prompt_ref"] == "press_release.policy_announcement@2"
    assert "63,000" in out["text"]
    from civiclab.llm.ledger import read_ledger
    from civiclab.settings import load_settings

    ledger = read_ledger(load_settings())
    assert list(ledger["prompt_ref"]) == ["press_release.policy_announcement@2"]


def test_messages_file(offline, capsys):
    f = offline / "m.json"
    f.write_text(json.dumps([{"role": "user", "content": "한 줄 요약해 주세요: 세종시가 버스 도착 정보를 제공합니다."}],
                            ensure_ascii=False), encoding="utf-8")
    assert main(["generate", "--messages", str(f), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"]


def test_batch_keeps_order_reports_bad_lines_and_keeps_failed_requests(offline, capsys):
    batch = offline / "in.jsonl"
    lines = [
        {"messages": [{"role": "user", "content": "도서관 개관 보도자료 제목 제안"}]},
        "이건 JSON이 아닙니다",
        {"messages": [{"role": "user", "content": "민원인 주민번호 900101-1234567 요약"}]},
        {"prompt": "writing.headline_suggestions", "vars": {"no_such_var": "x"}},
        {"messages": [{"role": "user", "content": "경로당 개소 보도자료 제목 제안"}]},
    ]
    batch.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
                     + "\n", encoding="utf-8")
    out = offline / "out.jsonl"
    code = main(["generate", "--batch", str(batch), "--concurrency", "3", "--out", str(out)])
    assert code == 1  # some items failed, the rest were written
    rows = [json.loads(r) for r in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4, 5]
    assert [r["ok"] for r in rows] == [True, False, False, False, True]
    assert rows[2]["error"]["type"] == "PiiBlockedError" and "900101" in json.dumps(rows[2]["request"])
    assert "5건 중 2건 성공" in capsys.readouterr().out
    # never silently overwritten
    assert main(["generate", "--batch", str(batch), "--out", str(out)]) == 2
    assert "덮어쓰지 않았습니다" in capsys.readouterr().err


def test_second_run_is_served_from_the_cache(offline, capsys):
    args = ["generate", "--user", "체육관 예약 안내 문장을 써 주세요.", "--json"]
    main(args)
    first = json.loads(capsys.readouterr().out)
    main(args)
    second = json.loads(capsys.readouterr().out)
    assert second["cached"] and second["text"] == first["text"]


@pytest.mark.parametrize("args, words", [
    (["generate", "--prompt", "no.such.prompt"], "없습니다"),
    (["generate", "--prompt", "press_release.policy_announcement@9"], "판"),
    (["generate", "--prompt", "press_release.policy_announcement", "--var", "novalue"], "이름=값"),
    (["generate", "--messages", "/nonexistent.json"], "찾을 수 없습니다"),
    (["generate", "--batch", "in.jsonl"], "--out"),
])
def test_mistakes_exit_2_in_korean(offline, capsys, args, words):
    assert main(args) == 2
    assert words in capsys.readouterr().err
