"""Grades as pandas DataFrames and CSV: one row per learner and assignment, and one per
learner, assignment and criterion (``grades_by_criterion.csv``).

Columns (the contract the metrics read): student_id, cohort, department,
assignment, score, max_score; then ``status`` so no score is silently zero:
``graded``, ``needs_manual_grade`` (written answers still to mark),
``needs_review`` (the autograder could not process the submission: score
left empty), ``not_submitted`` (score 0, as nbgrader counts it).

The per-criterion table adds ``criterion`` and ``criterion_ko`` (from the course's
``criteria.yaml``, which maps nbgrader grade cell ids to criteria) and keeps the
same status values; the per-assignment CSV is unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

from civiclab.errors import InputError
from civiclab.grading.course import Course, read_roster
from civiclab.grading.journal import STATUS_FAILED, read_journal

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
        _write_atomic(df, Path(out))
    return df


# --- per criterion ---------------------------------------------------------------------

CRITERIA_FILE = "criteria.yaml"
CRITERION_COLUMNS = ["student_id", "cohort", "department", "assignment", "criterion", "criterion_ko",
                     "score", "max_score", "status"]


def criteria_csv_path(grades_csv: Path | str) -> Path:
    """Where the per-criterion table sits beside a grades CSV: ``grades.csv`` -> ``grades_by_criterion.csv``."""
    p = Path(grades_csv)
    return p.with_name(f"{p.stem}_by_criterion{p.suffix or '.csv'}")


def load_criteria_map(path: Path | str | None) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``(labels, cells)`` from a course's ``criteria.yaml``: criterion id -> Korean label, and
    assignment -> {grade cell id -> criterion id}.  No file: both empty (cells keep their own id)."""
    if path is None or not Path(path).is_file():
        return {}, {}
    import yaml

    path = Path(path)
    fix = "grading/criteria.yaml 의 모양(criteria: {기준: {label_ko: …}}, cells: {과제: {채점 셀: 기준}})을 확인하세요."
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"채점 기준 대응표 '{path.name}'을 읽을 수 없습니다.", fix, detail=str(exc)) from None
    if not isinstance(data, dict):
        raise InputError(f"채점 기준 대응표 '{path.name}'의 모양이 맞지 않습니다.", fix)
    crit, cells = data.get("criteria") or {}, data.get("cells") or {}
    if not isinstance(crit, dict) or not isinstance(cells, dict) or \
            not all(isinstance(v, dict) for v in list(crit.values()) + list(cells.values())):
        raise InputError(f"채점 기준 대응표 '{path.name}'의 모양이 맞지 않습니다.", fix)
    labels = {str(k): str(v.get("label_ko") or k) for k, v in crit.items()}
    unknown = sorted({f"{a}/{g}: {c}" for a, m in cells.items() for g, c in m.items() if str(c) not in labels})
    if unknown:
        raise InputError(f"채점 기준 대응표 '{path.name}'에 정의되지 않은 기준이 있습니다: {', '.join(unknown[:5])}",
                         "criteria: 아래에 그 기준을 정의하거나 셀의 기준 이름을 고치세요.")
    return labels, {str(a): {str(g): str(c) for g, c in m.items()} for a, m in cells.items()}


def criteria_frame(course: Course, criteria_file: Path | str | None = None):
    """One row per learner, assignment and criterion: the sum of that criterion's grade cells.

    Scores come from nbgrader's per-cell grades (``Grade.score``: manual score if given,
    else the autograder's), so the criteria of one submission add up to its assignment
    score.  ``status`` follows :func:`grades_frame` per submission; within a graded
    submission a criterion whose cells still wait for the instructor is
    ``needs_manual_grade``.
    """
    import pandas as pd
    from nbgrader.api import (
        Assignment,
        BaseCell,
        Grade,
        SubmittedAssignment,
        SubmittedNotebook,
    )

    labels, cells_map = load_criteria_map(criteria_file if criteria_file is not None
                                          else course.root / CRITERIA_FILE)
    roster = {r["id"]: r for r in read_roster(course.roster_path)} if course.roster_path.is_file() else {}
    rows = []
    with course.gradebook() as gb:
        students = sorted(s.id for s in gb.students)
        # every submitted grade in one query: (student, assignment, cell) -> (score, needs manual grade)
        q = (gb.db.query(SubmittedAssignment.student_id, Assignment.name, BaseCell.name, Grade.score,
                         Grade.needs_manual_grade)
             .select_from(Grade)
             .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
             .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
             .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
             .join(BaseCell, Grade.cell_id == BaseCell.id))
        graded: dict[tuple[str, str], dict[str, list]] = {}
        for sid, aname, cell, score, manual in q:
            entry = graded.setdefault((sid, aname), {}).setdefault(cell, [0.0, False])
            entry[0] += float(score or 0.0)
            entry[1] = entry[1] or bool(manual)
        for a in sorted(gb.assignments, key=lambda a: a.name):
            journal = read_journal(course, a.name)
            mapping = cells_map.get(a.name, {})
            # the criteria of this assignment, in notebook order, with their points
            crit_max: dict[str, float] = {}
            crit_cells: dict[str, list[str]] = {}
            for nb in sorted(a.notebooks, key=lambda n: n.name):
                for cell in list(nb.grade_cells) + list(getattr(nb, "task_cells", [])):
                    c = mapping.get(cell.name, cell.name)
                    crit_max[c] = crit_max.get(c, 0.0) + float(cell.max_score or 0.0)
                    crit_cells.setdefault(c, []).append(cell.name)
            for sid in students:
                info = roster.get(sid, {})
                failed = journal.get(sid, {}).get("status") == STATUS_FAILED
                got = graded.get((sid, a.name))
                for c, max_score in crit_max.items():
                    row = {"student_id": sid, "cohort": info.get("cohort", ""),
                           "department": info.get("department", ""), "assignment": a.name,
                           "criterion": c, "criterion_ko": labels.get(c, c), "max_score": max_score}
                    if failed:
                        row.update(score=None, status="needs_review")
                    elif got is None:
                        row.update(score=0.0, status="not_submitted")
                    else:
                        parts = [got.get(name, [0.0, False]) for name in crit_cells[c]]
                        row.update(score=sum(p[0] for p in parts),
                                   status="needs_manual_grade" if any(p[1] for p in parts) else "graded")
                    rows.append(row)
    df = pd.DataFrame(rows, columns=CRITERION_COLUMNS)
    df["score"] = df["score"].astype("Float64")
    return df


def export_criteria(course: Course, out: Path | str | None = None, criteria_file: Path | str | None = None):
    """The per-criterion DataFrame; also written to ``out`` (CSV, UTF-8) if given, atomically."""
    df = criteria_frame(course, criteria_file)
    if out is not None:
        _write_atomic(df, Path(out))
    return df


def _write_atomic(df, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    df.to_csv(tmp, index=False, encoding="utf-8")
    os.replace(tmp, out)
