"""Merge one learner's autograded rows from a private gradebook into the main one.

The private gradebook is a copy of the main one taken before the run, so both
share the assignment, notebook and cell rows (same ids) and the same schema.
A learner's submission lives in four tables: ``submitted_assignment`` →
``submitted_notebook`` → ``grade`` and ``comment``.  The merge replaces the
learner's rows in one transaction; nothing else in the main gradebook changes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Children first when deleting, parents first when inserting.
_SUB_A = ("SELECT sa.id FROM {db}submitted_assignment sa JOIN {db}assignment a ON sa.assignment_id = a.id "
          "WHERE a.name = :assignment AND sa.student_id = :student")
_SUB_NB = "SELECT id FROM {db}submitted_notebook WHERE assignment_id IN (" + _SUB_A + ")"
_ROWS = [
    ("comment", "notebook_id IN (" + _SUB_NB + ")"),
    ("grade", "notebook_id IN (" + _SUB_NB + ")"),
    ("submitted_notebook", "assignment_id IN (" + _SUB_A + ")"),
    ("submitted_assignment", "id IN (" + _SUB_A + ")"),
]


def _columns(con: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA {schema}.table_info({table})")]


# Columns only a person sets (formgrader), never autograde.  The private copy is
# a snapshot from before the run, and the learner's own code ran beside it with
# the grader's rights: these always come from the main gradebook (``None``:
# the column's default for a submission graded for the first time).
GRADER_OWNED = {
    "grade": {"manual_score": None, "extra_credit": None},
    "comment": {"manual_comment": None},
    "submitted_notebook": {"flagged": 0},
    "submitted_assignment": {"extension": None},
}


def merge_submission(main_db: Path, private_db: Path, assignment: str, student: str,
                     timeout: float = 60.0) -> int:
    """Replace ``student``'s submission of ``assignment`` in ``main_db`` by the private one.

    Returns the number of rows copied.  Raises ``sqlite3.Error`` (and leaves the
    main gradebook untouched) if anything fails, e.g. another grader holds the
    lock for longer than ``timeout`` seconds.
    """
    params = {"assignment": assignment, "student": student}
    con = sqlite3.connect(main_db, timeout=timeout, isolation_level=None)
    try:
        con.execute("ATTACH DATABASE ? AS w", (str(private_db),))
        con.execute("BEGIN IMMEDIATE")
        try:
            owned = _keep_grader_owned(con, params)
            for table, where in _ROWS:
                con.execute(f"DELETE FROM main.{table} WHERE " + where.format(db="main."), params)
            copied = 0
            for table, where in reversed(_ROWS):
                cols = _columns(con, "main", table)
                if cols != _columns(con, "w", table):
                    raise sqlite3.DatabaseError(f"schema of {table} differs between gradebooks")
                col_list = ", ".join(f'"{c}"' for c in cols)
                cur = con.execute(
                    f"INSERT INTO main.{table} ({col_list}) SELECT {col_list} FROM w.{table} WHERE "
                    + where.format(db="w."),
                    params,
                )
                copied += cur.rowcount
            _restore_grader_owned(con, params, owned)
            # A learner created by autograde in the private copy (names stay as imported).
            con.execute(
                "INSERT OR IGNORE INTO main.student SELECT * FROM w.student WHERE id = :student", params
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("DETACH DATABASE w")
        return copied
    finally:
        con.close()


def _keep_grader_owned(con: sqlite3.Connection, params: dict) -> dict[str, list[str]]:
    """Copy the person-set columns of the learner's rows in main into temp tables."""
    kept = {}
    wheres = dict(_ROWS)
    for table, defaults in GRADER_OWNED.items():
        cols = [c for c in defaults if c in _columns(con, "main", table)]
        if not cols:
            continue
        con.execute(f"DROP TABLE IF EXISTS temp.keep_{table}")
        con.execute(f"CREATE TEMP TABLE keep_{table} AS SELECT id, {', '.join(cols)} FROM main.{table} WHERE "
                    + wheres[table].format(db="main."), params)
        kept[table] = cols
    return kept


def _restore_grader_owned(con: sqlite3.Connection, params: dict, kept: dict[str, list[str]]) -> None:
    wheres = dict(_ROWS)
    for table, cols in kept.items():
        named = {**params, **{f"d{i}": GRADER_OWNED[table][c] for i, c in enumerate(cols)}}
        sets = ", ".join(
            f"{c} = COALESCE((SELECT k.{c} FROM temp.keep_{table} k WHERE k.id = main.{table}.id), :d{i})"
            for i, c in enumerate(cols))
        con.execute(f"UPDATE main.{table} SET {sets} WHERE " + wheres[table].format(db="main."), named)
        con.execute(f"DROP TABLE temp.keep_{table}")


def grade_rows(db: Path, assignment: str, students: list[str] | None = None) -> list[tuple]:
    """Every grade and comment of ``assignment`` as plain tuples, without ids.

    Two gradebooks graded the same way give equal lists; used to check that
    parallel grading equals sequential grading and that re-grading is stable.
    """
    con = sqlite3.connect(db)
    try:
        q = """
        SELECT sa.student_id, n.name, c.name, 'grade', g.auto_score, g.manual_score, g.extra_credit,
               g.needs_manual_grade, sa.timestamp, sn.flagged, sn.late_submission_penalty
        FROM grade g JOIN submitted_notebook sn ON g.notebook_id = sn.id
        JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN assignment a ON sa.assignment_id = a.id
        JOIN notebook n ON sn.notebook_id = n.id JOIN base_cell c ON g.cell_id = c.id
        WHERE a.name = ?
        UNION ALL
        SELECT sa.student_id, n.name, c.name, 'comment', cm.auto_comment, cm.manual_comment, NULL,
               NULL, sa.timestamp, sn.flagged, sn.late_submission_penalty
        FROM comment cm JOIN submitted_notebook sn ON cm.notebook_id = sn.id
        JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN assignment a ON sa.assignment_id = a.id
        JOIN notebook n ON sn.notebook_id = n.id JOIN base_cell c ON cm.cell_id = c.id
        WHERE a.name = ?
        """
        rows = con.execute(q, (assignment, assignment)).fetchall()
    finally:
        con.close()
    if students is not None:
        rows = [r for r in rows if r[0] in students]
    return sorted(rows, key=lambda r: tuple("" if v is None else str(v) for v in r))
