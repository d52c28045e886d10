"""The usage ledger: one row per model call, for budgets, cost and the metrics.

Rows are only ever inserted.  The ledger holds no message text and no key.
"""

from __future__ import annotations

import threading
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

from civiclab.llm._sqlite import connect
from civiclab.settings import Settings

KST = timezone(timedelta(hours=9))  # budgets reset at midnight in Korea

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    user TEXT NOT NULL,
    cohort TEXT NOT NULL,
    prompt_ref TEXT,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    cache_hit INTEGER NOT NULL,
    cost_krw REAL NOT NULL,
    status TEXT NOT NULL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS calls_user_ts ON calls (user, ts);
CREATE INDEX IF NOT EXISTS calls_cohort_ts ON calls (cohort, ts);
"""

COLUMNS = [
    "ts", "user", "cohort", "prompt_ref", "backend", "model", "prompt_tokens",
    "completion_tokens", "latency_ms", "cache_hit", "cost_krw", "status", "error",
]


@dataclass
class LedgerRow:
    ts: str
    user: str
    cohort: str
    prompt_ref: str | None
    backend: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int
    cache_hit: int
    cost_krw: float
    status: str  # ok | error | blocked
    error: str | None = None


def ledger_path(settings: Settings) -> Path:
    return settings.state_path / "ledger.sqlite"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def next_reset(now: datetime | None = None) -> datetime:
    now = (now or datetime.now(UTC)).astimezone(KST)
    return datetime.combine(now.date() + timedelta(days=1), dtime(0, 0), tzinfo=KST)


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path, _SCHEMA)
        self._lock = threading.Lock()

    def record(self, row: LedgerRow) -> None:
        with self._lock:
            self._conn.execute(
                f"INSERT INTO calls ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                astuple(row),
            )

    def spent_today(self, *, user: str | None = None, cohort: str | None = None) -> tuple[int, float]:
        """Tokens and KRW actually sent to a model today (KST); cache hits cost nothing."""
        start = datetime.combine(datetime.now(KST).date(), dtime(0, 0), tzinfo=KST)
        where, args = ["ts >= ?", "cache_hit = 0", "status = 'ok'"], [start.astimezone(UTC).isoformat()]
        if user is not None:
            where.append("user = ?")
            args.append(user)
        if cohort is not None:
            where.append("cohort = ?")
            args.append(cohort)
        with self._lock:
            tokens, krw = self._conn.execute(
                "SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0), COALESCE(SUM(cost_krw), 0) "
                f"FROM calls WHERE {' AND '.join(where)}",
                args,
            ).fetchone()
        return int(tokens), float(krw)

    def count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]

    def close(self) -> None:
        self._conn.close()


def read_ledger(settings: Settings | None = None, path: Path | None = None):
    """The ledger as a pandas DataFrame (empty, with the columns, if there is none)."""
    import sqlite3

    import pandas as pd

    path = path or ledger_path(settings)
    if not Path(path).exists():
        return pd.DataFrame(columns=["id", *COLUMNS])
    with sqlite3.connect(path) as conn:
        frame = pd.read_sql_query("SELECT * FROM calls ORDER BY id", conn)
    frame["ts"] = pd.to_datetime(frame["ts"], utc=True, format="ISO8601")
    frame["cache_hit"] = frame["cache_hit"].astype(bool)
    return frame
