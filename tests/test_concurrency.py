"""The cache and the ledger shared by many processes, as 50 kernels on one server share them."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import time

from civiclab.llm.cache import ResponseCache
from civiclab.llm.ledger import Ledger, LedgerRow, now_iso


def _writer(path_dir: str, worker: int, rows: int) -> None:
    from pathlib import Path

    ledger = Ledger(Path(path_dir) / "ledger.sqlite")
    cache = ResponseCache(Path(path_dir) / "cache.sqlite")
    for i in range(rows):
        ledger.record(LedgerRow(now_iso(), f"u{worker}", "c", None, "offline", "m", 1, 1, 0, 0, 0.0, "ok"))
        cache.put(f"{worker}-{i}", "m", f"text {worker} {i}", 1, 1)
        cache.put("shared", "m", f"first writer wins {worker}", 1, 1)


def test_many_processes_lose_no_row(tmp_path):
    procs = [mp.get_context("spawn").Process(target=_writer, args=(str(tmp_path), w, 60)) for w in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert Ledger(tmp_path / "ledger.sqlite").count() == 8 * 60
    cache = ResponseCache(tmp_path / "cache.sqlite")
    assert len(cache) == 8 * 60 + 1
    assert cache.get("shared")["text"].startswith("first writer wins")


def _endless_writer(path_dir: str) -> None:
    from pathlib import Path

    ledger = Ledger(Path(path_dir) / "ledger.sqlite")
    while True:
        ledger.record(LedgerRow(now_iso(), "u", "c", None, "offline", "m", 1, 1, 0, 0, 0.0, "ok"))


def test_killed_writer_leaves_a_consistent_ledger(tmp_path):
    proc = mp.get_context("spawn").Process(target=_endless_writer, args=(str(tmp_path),))
    proc.start()
    deadline = time.time() + 30
    while time.time() < deadline and not (tmp_path / "ledger.sqlite").exists():
        time.sleep(0.05)
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join()
    with sqlite3.connect(tmp_path / "ledger.sqlite") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    assert before > 0
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.record(LedgerRow(now_iso(), "u", "c", None, "offline", "m", 1, 1, 0, 0, 0.0, "ok"))
    assert ledger.count() == before + 1
