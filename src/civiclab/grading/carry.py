"""Usage rows written inside a grading sandbox, carried to the grader's ledger.

A sandboxed kernel gets its own state folder (inside its private connection
folder), so learner code cannot read other learners' cached answers, history or
the ledger.  Its model calls still count: when the kernel ends, the rows of its
ledger are appended to the ledger the kernel would have used without the sandbox
(no usage row is ever dropped).  Learner code can write that inner file, so only
rows of the kernel's own user, with sane values, are carried: a forged row must
not charge anyone else's budget.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from civiclab.llm.ledger import COLUMNS, Ledger, LedgerRow

MAX_ROWS = 10_000  # a grading kernel makes a handful of calls; more is learner code writing rows
_STATUSES = {"ok", "error", "blocked"}


def outside_state(env: dict[str, str], workdir: str) -> tuple[str, str] | None:
    """(state folder, user) the kernel's own settings name without the sandbox, or None."""
    from civiclab.settings import load_settings

    try:
        settings = load_settings(env=env, cwd=Path(workdir))
    except Exception:  # noqa: BLE001 - a kernel with broken settings makes no model call
        return None
    return str(settings.state_path), settings.user


def _clean(raw: tuple) -> LedgerRow | None:
    """The row with every field of its declared type, or None when a value does not fit."""
    (ts, user, cohort, prompt_ref, backend, model, p_tok, c_tok, latency, cache_hit, cost, status,
     error) = raw
    try:
        row = LedgerRow(str(ts), str(user), str(cohort), None if prompt_ref is None else str(prompt_ref),
                        str(backend), str(model), int(p_tok), int(c_tok), int(latency), int(bool(cache_hit)),
                        float(cost), str(status), None if error is None else str(error))
    except (TypeError, ValueError):
        return None
    if row.status not in _STATUSES or min(row.prompt_tokens, row.completion_tokens, row.latency_ms) < 0 \
            or not 0 <= row.cost_krw < 1e9:
        return None
    return row


def carry_ledger(inner_state: str | Path, outside: str | Path, user: str) -> tuple[int, int]:
    """Append the inner ledger's rows of ``user`` to ``outside``'s ledger; (carried, refused)."""
    db = Path(inner_state) / "ledger.sqlite"
    if not db.is_file():
        return 0, 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            raw = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM calls ORDER BY id LIMIT ?",
                               (MAX_ROWS + 1,)).fetchall()
    except sqlite3.Error:
        return 0, 1  # learner code broke the file: nothing trustworthy to carry
    rows = [r for r in map(_clean, raw[:MAX_ROWS]) if r is not None and r.user == user]
    refused = len(raw) - len(rows)
    if rows:
        ledger = Ledger(Path(outside) / "ledger.sqlite")
        try:
            for row in rows:
                ledger.record(row)
        finally:
            ledger.close()
    return len(rows), refused
