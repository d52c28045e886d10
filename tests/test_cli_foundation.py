"""The foundation commands, run as a learner would run them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from civiclab.cli import main


def run(args, input_text=None, env_extra=None, cwd=None):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVICLAB_", "OPENAI_"))}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "civiclab", *args], input=input_text, capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=120)


def test_guard_finds_pii_in_stdin_and_reports_json():
    out = run(["guard", "-", "--json"], input_text="안녕하세요\n주민번호 900101-1234567\n")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data[0]["findings"][0]["kind"] == "rrn" and data[0]["findings"][0]["line"] == 2


def test_guard_clean_text_exits_zero(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("문의: 민원과 044-300-1234", encoding="utf-8")
    out = run(["guard", str(f)])
    assert out.returncode == 0 and "찾지 못했습니다" in out.stdout


@pytest.mark.parametrize(
    "args, words",
    [(["guard", "없는파일.txt"], "찾을 수 없습니다"),
     (["generate"], "하나만 쓰세요"),
     (["generate", "--nope"], "없는 옵션"),
     (["generate", "--user", "x", "--backend", "gpt"], "백엔드"),
     (["nosuchcommand"], "없는 명령")],
)
def test_user_mistakes_are_korean_and_exit_2(args, words):
    out = run(args)
    assert out.returncode == 2, out.stderr
    assert words in out.stderr and "Traceback" not in out.stderr


def test_binary_and_empty_inputs(tmp_path):
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02")
    empty = tmp_path / "e.txt"
    empty.write_text("  \n", encoding="utf-8")
    for path, words in ((binary, "텍스트"), (empty, "비어")):
        out = run(["guard", str(path)])
        assert out.returncode == 2 and words in out.stderr


def test_bad_settings_are_reported_not_raised():
    out = run(["guard", "-"], input_text="x", env_extra={"CIVICLAB_CACHE": "maybe"})
    assert out.returncode == 2 and "CIVICLAB_CACHE" in out.stderr and "Traceback" not in out.stderr


def test_doctor_json_offline(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CIVICLAB_BACKEND"):
        monkeypatch.delenv(key, raising=False)
    code = main(["doctor", "--json", "--skip-kiwi"])
    data = json.loads(capsys.readouterr().out)
    names = {c["name"]: c for c in data["checks"]}
    assert names["모델 연결"]["ok"] and "규칙 기반 연습 모델" in names["모델 연결"]["detail"]
    assert names["그래프 한글 글꼴"]["ok"]
    assert code == (0 if data["ok"] else 1)


def test_doctor_reports_unreachable_endpoint(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-doctor-secret")
    code = main(["doctor", "--json", "--skip-kiwi"])
    out = capsys.readouterr().out
    data = json.loads(out)
    conn = next(c for c in data["checks"] if c["name"] == "모델 서버 연결")
    assert code == 1 and not conn["ok"] and conn["fix"]
    assert "sk-doctor-secret" not in out


def test_doctor_against_local_server(tmp_path, capsys, monkeypatch, fake_openai):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    monkeypatch.setenv("CIVICLAB_MODEL", "fake-model")
    main(["doctor", "--json", "--skip-kiwi"])
    data = json.loads(capsys.readouterr().out)
    by = {c["name"]: c for c in data["checks"]}
    assert by["모델 서버 연결"]["ok"] and by["모델 이름"]["ok"]


def test_doctor_kiwi_check_reuses_the_scorers_analyser():
    from civiclab.doctor import check_kiwi
    from civiclab.scoring.tokenizer import get_kiwi

    assert check_kiwi().ok
    first = get_kiwi()
    assert check_kiwi().ok and get_kiwi() is first
