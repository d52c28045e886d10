"""Grades as a pandas DataFrame and CSV: one row per learner and assignment.

Columns (the contract the metrics read): student_id, cohort, department,
assignment, score, max_score; then ``status`` so no score is silently zero:
``graded``, ``needs_manual_grade`` (written answers still to mark),
``needs_review`` (the autograder could not process the submission: score
left empty), ``not_submitted`` (score 0, as nbgrader counts it).
"""

from __future__ import annotations

import os
from pathlib import Path

from civiclab.grading.autograde import STATUS_FAILED, read_journal
from civiclab.grading.course import Course, read_roster

COLUMNS = ["student_id", "cohort", "department", "assignment", "score", "max_score", "status"]


def grades_frame(course: Course):
    import pandas as pd
    from nbgrader.api import MissingEntry

    roster = {r["id"]: r for r in read_roster(course.roster_path)} if course.roster_path.is_file() else {}
    rows = []
    with course.gradebook() as gb:
        students = sorted(s.id for s in gb.students)
        for a in sorted(gb.assignments, key=lambda a: a.name):
            journal = read_journal(course, a.name)
            max_score = float(a.max_score)
            for sid in students:
                info = roster.get(sid, {})
                row = {"student_id": sid, "cohort": info.get("cohort", ""),
                       "department": info.get("department", ""), "assignment": a.name,
                       "max_score": max_score}
                try:
                    sub = gb.find_submission(a.name, sid)
                except MissingEntry:
                    sub = None
                if journal.get(sid, {}).get("status") == STATUS_FAILED:
                    row.update(score=None, status="needs_review")
                elif sub is None:
                    row.update(score=0.0, status="not_submitted")
                else:
                    row.update(score=float(sub.score),
                               status="needs_manual_grade" if sub.needs_manual_grade else "graded")
                rows.append(row)
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["score"] = df["score"].astype("Float64")
    return df


def export_grades(course: Course, out: Path | str | None = None):
    """The grades DataFrame; also written to ``out`` (CSV, UTF-8) if given, atomically."""
    df = grades_frame(course)
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        df.to_csv(tmp, index=False, encoding="utf-8")
        os.replace(tmp, out)
    return df
