"""The library through the real gateway: ledger rows carry id@version; the same
``prompts test`` command runs unchanged against an OpenAI-compatible endpoint."""

from __future__ import annotations

import json

from promptkit import GOOD, write

from civiclab.llm import Gateway
from civiclab.llm.ledger import read_ledger
from civiclab.prompts import PromptLibrary


def _endpoint_env(monkeypatch, server):
    monkeypatch.setenv("CIVICLAB_BACKEND", "openai")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-000")
    monkeypatch.setenv("CIVICLAB_MODEL", "fake-model")
    monkeypatch.setenv("CIVICLAB_MAX_RETRIES", "0")


def test_generate_records_prompt_ref_in_the_ledger(project, make_settings, fake_openai):
    settings = make_settings(backend="openai", base_url=fake_openai.base_url, api_key="sk-test-x",
                             model="fake-model", root=project)
    lib = PromptLibrary.load(project / "prompts")
    gen = lib.generate("press_release.sample@production", {"topic": "자전거 축제"}, Gateway(settings))
    assert gen.prompt_ref == "press_release.sample@1"
    sent = fake_openai.chat_requests[0]
    assert sent["temperature"] == 0.2 and sent["max_tokens"] == 600
    assert "자전거 축제" in sent["messages"][1]["content"]
    ledger = read_ledger(settings)
    assert list(ledger["prompt_ref"]) == ["press_release.sample@1"]
    assert list(ledger["status"]) == ["ok"]


def test_prompts_test_cli_against_a_real_endpoint(project, monkeypatch, fake_openai, capsys):
    from civiclab.cli import main

    _endpoint_env(monkeypatch, fake_openai)
    assert main(["prompts", "test", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["backend"] == "openai" and report["model"] == "fake-model"
    assert [r["prompt_ref"] for r in report["runs"]] == ["press_release.sample@1", "press_release.sample@2"]
    assert all(r["status"] == "pass" and r["model"] == "fake-model" for r in report["runs"])
    assert len(fake_openai.chat_requests) == 2
    from civiclab.settings import load_settings

    refs = sorted(read_ledger(load_settings())["prompt_ref"])
    assert refs == ["press_release.sample@1", "press_release.sample@2"]


def test_endpoint_failure_is_an_error_row_not_a_crash(project, monkeypatch, fake_openai, capsys):
    from civiclab.cli import main

    _endpoint_env(monkeypatch, fake_openai)
    fake_openai.script.extend(["401"])
    assert main(["prompts", "test", "press_release.sample@1"]) == 1
    out = capsys.readouterr().out
    assert "오류" in out and "Traceback" not in out


def test_promote_via_cli_runs_the_tests_first(project, monkeypatch, fake_openai, capsys):
    from civiclab.cli import main

    _endpoint_env(monkeypatch, fake_openai)
    path = project / "prompts/press_release/press_release.sample.yaml"
    write(project, "prompts/press_release/press_release.sample.yaml", GOOD.replace("    status: draft", "    status: approved"))
    assert main(["prompts", "promote", "press_release.sample@2", "--label", "production"]) == 0
    assert "1판 → 2판" in capsys.readouterr().out
    assert "production: 2" in path.read_text(encoding="utf-8")
    assert main(["prompts", "promote", "press_release.sample@2", "--label", "qa"]) == 2
    assert "표시(label) 'qa'" in capsys.readouterr().err


def test_personal_data_in_test_vars_is_blocked_before_sending(project, monkeypatch, fake_openai, capsys):
    from civiclab.cli import main

    _endpoint_env(monkeypatch, fake_openai)
    write(project, "prompts/press_release/press_release.sample.yaml",
          GOOD.replace("topic: 자전거 축제", "topic: 자전거 축제 담당 010-2345-6789"))
    assert main(["prompts", "test", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {r["status"] for r in report["runs"]} == {"error"}
    assert "개인정보" in report["runs"][0]["error"] or "휴대" in report["runs"][0]["error"]
    assert fake_openai.chat_requests == []
