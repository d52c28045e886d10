"""A built toy course and hand-made submissions, for the grading security tests.

Submissions are written straight into ``submitted/<learner>/toy/`` (autograde
needs nothing else), starting from the released notebook as a learner would.
The baseline learner answers ``answer = 41`` (wrong) and a right ``draft``:
honest grading gives exactly 1.0 of the 3 autograded points, so any tampering
that pays shows up as a score above 1.0.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import sys
from pathlib import Path

import nbformat
from support import ROOT

sys.path.insert(0, str(ROOT / "tests" / "grading"))

BASE_ANSWERS = {"answer": "answer = 41", "draft": 'draft = "세종시는 4월에 교육을 엽니다."'}
HONEST_SCORE = 1.0  # test_draft passes (1 point), test_answer fails (2 points)
AUTO_MAX = 3.0


def build_course(root: Path, monkeypatch, timeout: int = 6):
    """The toy course generated and released (no learners yet)."""
    from toycourse import make_toy_course

    from civiclab.grading.course import Course

    monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", str(timeout))
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR"):
        monkeypatch.delenv(var, raising=False)
    make_toy_course(root)
    course = Course(root)
    built = course.build(validate=False)
    assert built[0].generated, built[0].problems
    return course


def released(course) -> nbformat.NotebookNode:
    return nbformat.read(str(course.root / "release" / "toy" / "toy.ipynb"), as_version=4)


def cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id)


def answered(course, answers: dict | None = None) -> nbformat.NotebookNode:
    """The released notebook with the baseline answers (or ``answers``) written in."""
    nb = copy.deepcopy(released(course))
    for gid, src in {**BASE_ANSWERS, **(answers or {})}.items():
        cell(nb, gid).source = src
    return nb


def submit(course, student: str, nb_or_text) -> Path:
    folder = course.root / "submitted" / student / "toy"
    folder.mkdir(parents=True, exist_ok=True)
    text = nb_or_text if isinstance(nb_or_text, str) else json.dumps(nb_or_text, ensure_ascii=False)
    (folder / "toy.ipynb").write_text(text, encoding="utf-8")
    return folder


def auto_score(course, student: str) -> float:
    with course.gradebook() as gb:
        sub = gb.find_submission("toy", student)
        return sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades
                   if g.cell.cell_type == "code")


def total_score(course, student: str) -> float:
    with course.gradebook() as gb:
        return float(gb.find_submission("toy", student).score)


def max_score(course) -> float:
    with course.gradebook() as gb:
        return float(gb.find_assignment("toy").max_score)


def grade_table(course) -> list[tuple]:
    with sqlite3.connect(course.root / "gradebook.db") as con:
        return sorted(con.execute(
            "SELECT cell_id, notebook_id, auto_score, manual_score, extra_credit, needs_manual_grade FROM grade"
        ).fetchall(), key=repr)
