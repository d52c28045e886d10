"""A full disk under the state folder (.civiclab: cache, ledger, draft history).

Promise: nothing is sent or spent when there is no room for the call's ledger row;
an answer that came back is never lost to a failed write, and its usage row is
written as soon as there is room; a history file never keeps half a line.  As root
the disk is a real small tmpfs filled to ENOSPC; otherwise the same errors are
raised where the writes happen.
"""

from __future__ import annotations

import errno
import json
import sqlite3
import subprocess
import warnings

import pytest
from support import fill_disk, mount_tmpfs

from civiclab.errors import StorageFullError
from civiclab.llm import Gateway
from civiclab.llm.gateway import StorageWarning
from civiclab.llm.ledger import read_ledger

MSG = [{"role": "user", "content": "보도자료 제목을 제안해 주세요."}]


@pytest.fixture
def disk(tmp_path):
    folder = tmp_path / "disk"
    real = mount_tmpfs(folder, size="4m")
    folder.mkdir(exist_ok=True)
    yield folder, real
    if real:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _remote(make_settings, server, state):
    return make_settings(backend="openai", base_url=server.base_url, api_key="sk-test-000", model="fake-model",
                         max_retries=0, timeout=5, state_dir=state)


def _free_up(folder):
    for name in ("filler.bin", "filler2.bin"):
        (folder / name).unlink(missing_ok=True)


def test_no_room_for_the_ledger_row_refuses_before_anything_is_sent(disk, make_settings, fake_openai, monkeypatch):
    folder, real = disk
    gw = Gateway(_remote(make_settings, fake_openai, folder / "state"))
    gw.generate(MSG)  # the ledger and cache exist and hold one call
    if real:
        fill_disk(folder)
    else:
        monkeypatch.setattr("civiclab.storage.free_bytes", lambda _folder: 4096)
    with pytest.raises(StorageFullError) as info:
        gw.generate([{"role": "user", "content": "다른 질문입니다."}])
    text = info.value.format_ko()
    assert "저장 공간이 모자랍니다" in text and "빈 공간을 늘린 뒤" in text and info.value.exit_code == 1
    assert len(fake_openai.chat_requests) == 1  # the second request never left
    _free_up(folder)
    monkeypatch.undo()
    assert len(read_ledger(gw.settings)) == 1  # and the first row is still there
    gw.close()


def test_a_write_failing_after_the_call_keeps_the_answer_and_the_usage_row(disk, make_settings, fake_openai,
                                                                           monkeypatch):
    folder, real = disk
    gw = Gateway(_remote(make_settings, fake_openai, folder / "state"))
    gw.generate(MSG)
    # the room check passes (as if the disk filled up while the model was answering)
    monkeypatch.setattr("civiclab.storage.free_bytes", lambda _folder: 10 << 20)
    if real:
        fill_disk(folder)
    else:
        def full(*_a, **_k):
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(gw.ledger, "record", full)
        monkeypatch.setattr(gw.cache, "put", full)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gen = gw.generate([{"role": "user", "content": "두 번째 질문입니다."}])
    assert gen.text.startswith("모의 답변")  # the learner keeps the answer
    said = " ".join(str(w.message) for w in caught if issubclass(w.category, StorageWarning))
    assert "재사용 저장소(cache)에 넣지 못했습니다" in said and "사용 기록 1건을 아직 적지 못했습니다" in said
    with pytest.warns(StorageWarning):
        assert gw.flush_ledger() == 1
    with pytest.raises(StorageFullError), pytest.warns(StorageWarning):  # loud, and the row is kept
        gw.close()
    _free_up(folder)
    monkeypatch.undo()
    gw.generate([{"role": "user", "content": "세 번째 질문입니다."}])  # writes the held row first
    rows = read_ledger(gw.settings)
    assert len(rows) == 3 and list(rows["status"]) == ["ok", "ok", "ok"]
    assert rows["ts"].is_monotonic_increasing
    gw.close()


def test_history_keeps_whole_lines_when_the_disk_fills_mid_line(disk, make_settings, monkeypatch):
    from civiclab.history import read_history, record_draft

    folder, real = disk
    settings = make_settings(state_dir=folder / "state")
    record_draft(settings, learner="learner01", text="첫 초안입니다.")
    monkeypatch.setattr("civiclab.storage.free_bytes", lambda _folder: 10 << 20)  # get past the room check
    if real:
        fill_disk(folder)
    else:
        import os

        real_write = os.write

        def short(fd, data):  # what a full disk does: part of the line, then no more
            return real_write(fd, data[: len(data) // 3])

        monkeypatch.setattr("civiclab.storage.os.write", short)
    with pytest.raises(StorageFullError):
        record_draft(settings, learner="learner01", text="가" * 20_000)  # far more than the last page holds
    monkeypatch.undo()
    path = folder / "state" / "history" / "learner01.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["첫 초안입니다."]
    _free_up(folder)
    record_draft(settings, learner="learner01", text="다시 저장한 초안")
    assert [e["text"] for e in read_history(settings, "learner01")] == ["첫 초안입니다.", "다시 저장한 초안"]


def test_disk_full_errors_are_recognised():
    from civiclab.storage import is_disk_full

    assert is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert is_disk_full(sqlite3.OperationalError("database or disk is full"))
    assert not is_disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not is_disk_full(sqlite3.OperationalError("database is locked"))


def test_cli_says_it_in_korean_without_a_traceback(tmp_path, monkeypatch, capsys):
    from civiclab.cli import main

    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr("civiclab.storage.free_bytes", lambda _folder: 0)
    code = main(["generate", "--system", "보도자료를 씁니다", "--user", "제목을 제안해 주세요"])
    err = capsys.readouterr().err
    assert code == 1 and "문제: 저장 공간이 모자랍니다" in err and "Traceback" not in err, err


def _ledger_full(monkeypatch):
    from civiclab.llm.ledger import Ledger

    real = Ledger.record
    calls = []

    def record(self, row):
        calls.append(row)
        if len(calls) > 1:  # the first call's row fits, then the disk is full
            raise sqlite3.OperationalError("database or disk is full")
        real(self, row)

    monkeypatch.setattr(Ledger, "record", record)


def test_cli_warns_in_korean_and_keeps_the_row_for_exit(tmp_path, monkeypatch, capsys):
    from civiclab.cli import main

    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CIVICLAB_CACHE", "false")
    _ledger_full(monkeypatch)
    hooks = []
    monkeypatch.setattr("atexit.register", hooks.append)
    assert main(["generate", "--system", "보도자료를 씁니다", "--user", "첫 질문"]) == 0
    assert main(["generate", "--system", "보도자료를 씁니다", "--user", "둘째 질문"]) == 0
    out, err = capsys.readouterr()
    assert out.strip()  # both answers are printed
    assert "주의: 저장 공간이 모자라 사용 기록 1건을 아직 적지 못했습니다" in err and "Traceback" not in err, err
    assert len(hooks) == 1
    with pytest.warns(StorageWarning):
        hooks[0]()  # what the interpreter does at exit: the row goes to the screen as JSON
    err = capsys.readouterr().err
    assert "원장(ledger)에 적지 못했습니다" in err
    row = json.loads(err.strip().splitlines()[-1])
    assert row["status"] == "ok" and row["user"] and row["backend"] == "offline"


def test_rows_still_unwritten_at_exit_are_printed_by_a_real_process(tmp_path):
    import os
    import sys

    from support import ROOT

    script = f"""
import sqlite3
from pathlib import Path
from civiclab.llm import Gateway
from civiclab.llm.ledger import Ledger
from civiclab.settings import load_settings
gw = Gateway(load_settings(env={{}}, cwd=Path({str(tmp_path)!r}), root=Path({str(ROOT)!r}),
                           state_dir=Path({str(tmp_path / 'state')!r}), user='learner07', cohort='2026-04-A'))
gw.generate([{{"role": "user", "content": "첫 질문"}}])
def full(self, row):
    raise sqlite3.OperationalError("database or disk is full")
Ledger.record = full
print(gw.generate([{{"role": "user", "content": "둘째 질문"}}]).text[:20])
"""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip()  # the learner got the answer
    lines = res.stderr.strip().splitlines()
    assert any("원장(ledger)에 적지 못했습니다" in line for line in lines), res.stderr
    row = json.loads(lines[-1])
    assert row["user"] == "learner07" and row["status"] == "ok" and row["prompt_tokens"] > 0
