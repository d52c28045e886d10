"""Guard the main SQLite gradebook against learner code during a grading run.

nbgrader runs a submission's code as the grader's user, so that code can open
``gradebook.db`` (or any private copy) and write it.  What autograde itself
writes during a run is narrow: the automatic columns of the rows of the
learners being graded, for this assignment.  Everything else -- any column a
person sets (``merge.GRADER_OWNED``: manual score, extra credit, manual
comment, flag, extension) and every row of other learners or assignments --
must stay as it was when the run started.

``GradebookGuard`` takes that state at the start and, after each learner,
compares: whatever changed is put back and reported (old and new value, so a
grade a person typed into formgrader during the run is not lost either), and
the learners whose rows were touched are routed to manual review.  Attribution
is to the learner whose rows changed (the one who profits), not necessarily
the one whose code did it.  A process left running after its kernel is shut
down could write after the last check: a sandbox is the real fix (SECURITY.md).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from civiclab.grading.merge import GRADER_OWNED

_OWNER = {
    # table -> SQL giving (id, student, assignment name) for every row
    "grade": "SELECT g.id, sa.student_id, a.name FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id "
             "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN assignment a ON sa.assignment_id = a.id",
    "comment": "SELECT c.id, sa.student_id, a.name FROM comment c JOIN submitted_notebook sn ON c.notebook_id = sn.id "
               "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN assignment a ON sa.assignment_id = a.id",
    "submitted_notebook": "SELECT sn.id, sa.student_id, a.name FROM submitted_notebook sn "
                          "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
                          "JOIN assignment a ON sa.assignment_id = a.id",
    "submitted_assignment": "SELECT sa.id, sa.student_id, a.name FROM submitted_assignment sa "
                            "JOIN assignment a ON sa.assignment_id = a.id",
}


@dataclass(frozen=True)
class Change:
    table: str
    row_id: str
    student: str
    assignment: str
    column: str
    old: object
    new: object

    def describe_ko(self) -> str:
        return f"{self.assignment}/{self.table}.{self.column}: {self.old!r} → {self.new!r} (원래 값으로 되돌림)"


def _state(con: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str, dict]]:
    state = {}
    for table, owner_sql in _OWNER.items():
        owners = {rid: (sid, aname) for rid, sid, aname in con.execute(owner_sql)}
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")]
        for row in con.execute(f"SELECT {', '.join(cols)} FROM {table}"):
            values = dict(zip(cols, row))
            sid, aname = owners.get(values["id"], ("", ""))
            state[(table, values["id"])] = (sid, aname, values)
    return state


class GradebookGuard:
    """See the module docstring.  ``graded`` are the learners this run grades in ``assignment``."""

    def __init__(self, db: Path, assignment: str, graded: list[str]) -> None:
        self.db = Path(db)
        self.assignment = assignment
        self.graded = set(graded)
        con = sqlite3.connect(self.db)
        try:
            self.before = _state(con)
        finally:
            con.close()

    def _allowed(self, table: str, student: str, assignment: str) -> set[str]:
        """Columns this run may change in a row."""
        if assignment != self.assignment or student not in self.graded:
            return set()
        cols = {r for r in ("auto_score", "needs_manual_grade", "auto_comment", "late_submission_penalty",
                            "timestamp")}
        return cols - set(GRADER_OWNED.get(table, {}))

    def check(self, timeout: float = 60.0) -> list[Change]:
        """Put back every change learner code could have made; return them (empty: nothing touched)."""
        con = sqlite3.connect(self.db, timeout=timeout, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                now = _state(con)
                changes = []
                for key, (sid, aname, old) in self.before.items():
                    if key not in now:
                        continue  # a learner's rows replaced by a merge get new ids only for new cells
                    new = now[key][2]
                    allowed = self._allowed(key[0], sid, aname)
                    for col, value in old.items():
                        if col != "id" and col not in allowed and new.get(col) != value:
                            changes.append(Change(key[0], key[1], sid, aname, col, value, new.get(col)))
                for key, (sid, aname, new) in now.items():
                    if key in self.before:
                        continue
                    # a row created during the run: person-set columns start empty
                    for col, default in GRADER_OWNED.get(key[0], {}).items():
                        if col in new and new[col] not in (default, None):
                            changes.append(Change(key[0], key[1], sid, aname, col, default, new[col]))
                for ch in changes:
                    con.execute(f"UPDATE {ch.table} SET {ch.column} = ? WHERE id = ?", (ch.old, ch.row_id))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        finally:
            con.close()
        for ch in changes:  # later checks compare with the restored state
            if ch.row_id and (ch.table, ch.row_id) in self.before:
                self.before[(ch.table, ch.row_id)][2][ch.column] = ch.old
        return changes


class JournalGuard:
    """The grading journals may change only by our own appends during a run.

    ``check()`` before each append puts back anything else written to them
    (learner code forging 'graded' lines, or cutting them); ``accept()`` after
    our append takes the new content as expected.  A write landing between
    the two (microseconds, while another learner's kernel runs) is not caught.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.expected = self._read()

    def _read(self) -> dict[Path, bytes]:
        return {p: p.read_bytes() for p in sorted(self.folder.glob("*.jsonl"))} if self.folder.is_dir() else {}

    def check(self) -> list[str]:
        import os

        now = self._read()
        restored = []
        for path in sorted(set(now) | set(self.expected)):
            want = self.expected.get(path)
            if now.get(path) == want:
                continue
            restored.append(path.name)
            if want is None:
                path.unlink(missing_ok=True)
            else:
                tmp = path.with_name(path.name + ".restore")
                tmp.write_bytes(want)
                os.replace(tmp, path)
        return restored

    def accept(self) -> None:
        self.expected = self._read()


def start_guard(db_url: str, assignment: str, students: list[str]) -> GradebookGuard | None:
    """A guard over a SQLite gradebook for this run, or None for PostgreSQL.

    PostgreSQL is not guarded: the grading kernel is not given its URL (kernel_env);
    see SECURITY.md.  A gradebook that cannot be read is a run fault (Korean message).
    """
    if not db_url.startswith("sqlite:///"):
        return None
    from civiclab.grading.faults import fault_error

    try:
        return GradebookGuard(Path(db_url[len("sqlite:///"):]), assignment, students)
    except sqlite3.Error as exc:
        raise fault_error(f"{type(exc).__name__}: {exc}") from None
