"""SQLite connections that several processes (50 kernels on one server) can share.

WAL lets readers and one writer work at once; a long busy timeout makes writers
wait for each other instead of failing; every write is its own short
transaction, so a process killed mid-write leaves the file consistent.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: Path, schema: str) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=60000")
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # e.g. a network file system; rollback journal still keeps it safe
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(schema)
    return conn
