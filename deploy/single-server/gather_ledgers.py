"""Copy every learner's usage ledger to one folder for the metrics job (run as root, e.g. hourly).

Each learner's lab writes ``<home>/.civiclab/ledger.sqlite`` (the hub sets
CIVICLAB_STATE_DIR).  One writer per file keeps SQLite locking simple; this job takes a
consistent snapshot of each with SQLite's online backup API (safe while the learner's
kernel is writing) into ``<dest>/<user>.sqlite``.  The metrics job reads that folder.
Nothing is deleted or merged here, so no ledger row can be lost by this step.

    python deploy/single-server/gather_ledgers.py --homes /home --dest /srv/civiclab/ledgers
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path


def gather(homes: Path, dest: Path) -> dict[str, int]:
    """Snapshot each ledger; returns rows in ``calls`` per user."""
    dest.mkdir(parents=True, exist_ok=True)
    os.chmod(dest, 0o700)  # ledgers name people and their usage
    counts: dict[str, int] = {}
    for ledger in sorted(homes.glob("*/.civiclab/ledger.sqlite")):
        user = ledger.parent.parent.name
        target = dest / f"{user}.sqlite"
        partial = target.with_suffix(".sqlite.partial")
        src = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
        try:
            out = sqlite3.connect(partial)
            try:
                src.backup(out)
                counts[user] = _rows(out)
            finally:
                out.close()
        finally:
            src.close()
        os.replace(partial, target)  # readers never see a half-written snapshot
    return counts


def _rows(conn: sqlite3.Connection) -> int:
    try:
        return conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    except sqlite3.OperationalError:  # a ledger created before its first call
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--homes", type=Path, default=Path("/home"))
    parser.add_argument("--dest", type=Path, default=Path("/srv/civiclab/ledgers"))
    args = parser.parse_args(argv)
    print(json.dumps(gather(args.homes, args.dest), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
