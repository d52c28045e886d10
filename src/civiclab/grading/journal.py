"""The grading journal: one JSON line per learner outcome, written after the grades are committed.

An interrupted run resumes where it stopped (a learner whose latest entry is
``graded`` with the same fingerprint is skipped), and a submission the
autograder could not process is listed for manual review instead of silently
scoring zero.  Lines are appended and fsynced, never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from civiclab.grading.course import Course

STATUS_GRADED = "graded"
STATUS_FAILED = "needs_review"  # the autograder could not process it: a person must look


@dataclass
class Outcome:
    student: str
    status: str  # graded | needs_review | skipped
    seconds: float = 0.0
    reason_ko: str = ""
    fingerprint: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def journal_path(course: Course, assignment: str) -> Path:
    return course.state_dir / "grading" / f"{assignment}.jsonl"


def read_journal(course: Course, assignment: str) -> dict[str, dict]:
    """Latest journal entry per learner."""
    path = journal_path(course, assignment)
    latest: dict[str, dict] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a crash; the learner is simply graded again
            latest[entry["student"]] = entry
    return latest


def append_journal(course: Course, assignment: str, outcome: Outcome) -> None:
    path = journal_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **outcome.to_dict()}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def fingerprint(*folders: Path) -> str:
    """Hash of every file in ``folders``: a new submission or changed tests mean grading again."""
    h = hashlib.sha256()
    for folder in folders:
        for f in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(str(f.relative_to(folder)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


