"""The graded course end to end on a toy assignment (real nbgrader, real kernels)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from civiclab.grading.autograde import autograde_cohort, read_journal
from civiclab.grading.course import Course
from civiclab.grading.demo import solution_text
from civiclab.grading.export import COLUMNS, export_grades
from civiclab.grading.merge import grade_rows, merge_submission

pytestmark = pytest.mark.slow

AUTO_MAX = 3.0  # test_answer 2 + test_draft 1 in the toy notebook


def _by_kind(summary):
    df = pd.read_csv(summary["grades_csv"])
    kinds = summary["kinds"]
    df["kind"] = df["student_id"].map(kinds)
    return df.set_index("kind")


def _auto_score(course: Course, student: str) -> float:
    with course.gradebook() as gb:
        sub = gb.find_submission("toy", student)
        return sum(g.auto_score or 0 for nb in sub.notebooks for g in nb.grades
                   if g.cell.cell_type == "code")


def test_build_checks_instructor_passes_and_student_fails(demo_run):
    assert demo_run["build_problems"] == []


def test_release_holds_no_solution_and_no_hidden_test(demo_run):
    root = Path(demo_run["course"])
    src = nbformat.read(str(root / "source/toy/toy.ipynb"), as_version=4)
    rel = nbformat.read(str(root / "release/toy/toy.ipynb"), as_version=4)
    solutions = [solution_text(c.source) for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for cell in rel.cells:
        text = cell.source
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert "SECRET_HIDDEN_CHECK" not in text
        for sol in solutions:
            assert sol not in text
    assert "여기에 답을 쓰세요" in "".join(c.source for c in rel.cells)


def test_every_learner_graded_or_marked_for_review(demo_run):
    df = _by_kind(demo_run)
    assert set(df.columns) >= set(COLUMNS) - {"kind"}
    assert len(df) == len(demo_run["kinds"])
    # Nobody is silently zero: a zero comes with status graded only for blank work or gutted tests.
    assert df.loc["broken_file", "status"] == "needs_review"
    assert pd.isna(df.loc["broken_file", "score"])
    zero = set(df[(df["score"] == 0)].index)
    assert zero <= {"blank", "edit_test"}, zero
    assert (df.drop(index="broken_file")["status"].isin(["graded", "needs_manual_grade"])).all()
    reasons = {o["student"]: o["reason_ko"] for o in demo_run["outcomes"]["toy"]}
    broken_id = next(s for s, k in demo_run["kinds"].items() if k == "broken_file")
    assert "손상" in reasons[broken_id]


def test_scores_by_kind(demo_run):
    course = Course(demo_run["course"])
    ids = {k: s for s, k in demo_run["kinds"].items()}
    assert _auto_score(course, ids["excellent"]) == AUTO_MAX  # instructor answers: full marks
    assert _auto_score(course, ids["blank"]) == 0
    assert _auto_score(course, ids["weak"]) == 1.0  # wrong answer, right draft
    assert _auto_score(course, ids["typical"]) == 2.0  # right answer, draft without 세종
    assert _auto_score(course, ids["loop"]) == 1.0  # timed out cell fails, the rest is graded
    assert _auto_score(course, ids["edit_test"]) == 0  # the learner's 'pass' tests were restored
    assert _auto_score(course, ids["delete_cell"]) == AUTO_MAX  # deleted test cell put back and run
    assert _auto_score(course, ids["duplicate_cell"]) == AUTO_MAX
    assert _auto_score(course, ids["error"]) == AUTO_MAX  # error after the answer was set
    assert _auto_score(course, ids["injection"]) == AUTO_MAX  # toy has no injection check; graded anyway


def test_feedback_is_korean_and_hides_hidden_tests(demo_run):
    root = Path(demo_run["course"])
    pages = sorted(root.glob("feedback/*/toy/toy.html"))
    assert len(pages) == len(demo_run["kinds"]) - 1  # the broken file has no autograded notebook
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "SECRET_HIDDEN_CHECK" not in html and "HIDDEN TESTS" not in html
        assert "점수" in html and "Student&#39;s answer" not in html
    weak = next(s for s, k in demo_run["kinds"].items() if k == "weak")
    html = (root / "feedback" / weak / "toy" / "toy.html").read_text(encoding="utf-8")
    assert "42가 되도록 고치세요" in html  # the Korean reason reaches the learner


def test_regrading_gives_identical_grades(demo_run):
    course = Course(demo_run["course"])
    db = Path(course.db_url[len("sqlite:///"):])
    before = grade_rows(db, "toy")
    ids = {k: s for s, k in demo_run["kinds"].items()}
    again = [ids[k] for k in ("excellent", "weak", "duplicate_cell")]
    autograde_cohort(course, "toy", jobs=2, students=again, force=True, progress=False)
    assert grade_rows(db, "toy") == before


def test_parallel_equals_sequential(demo_run, tmp_path):
    """Grade the same submissions with plain sequential nbgrader (jobs=1) in a copy."""
    src = Path(demo_run["course"])
    ids = {k: s for s, k in demo_run["kinds"].items()}
    subset = [ids[k] for k in ("excellent", "typical", "blank", "delete_cell", "edit_test")]
    copy = tmp_path / "seq"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("autograded", "feedback", ".civiclab"))
    with sqlite3.connect(copy / "gradebook.db") as con:  # forget the parallel results
        con.execute("DELETE FROM comment")
        con.execute("DELETE FROM grade")
        con.execute("DELETE FROM submitted_notebook")
        con.execute("DELETE FROM submitted_assignment")
    seq = Course(copy)
    out = autograde_cohort(seq, "toy", jobs=1, students=subset, progress=False)
    assert {o.status for o in out} == {"graded"}
    par_rows = grade_rows(src / "gradebook.db", "toy", subset)
    seq_rows = grade_rows(copy / "gradebook.db", "toy", subset)
    assert par_rows and par_rows == seq_rows


def test_resume_skips_what_is_graded_and_regrades_new_submissions(demo_run):
    course = Course(demo_run["course"])
    out = autograde_cohort(course, "toy", jobs=2, progress=False)
    by = {o.student: o.status for o in out}
    broken = next(s for s, k in demo_run["kinds"].items() if k == "broken_file")
    assert by.pop(broken) == "needs_review"  # still broken: tried again, still listed for review
    assert set(by.values()) == {"skipped"}
    # A learner resubmits: only that learner is graded again.
    weak = next(s for s, k in demo_run["kinds"].items() if k == "weak")
    nb_path = course.root / "submitted" / weak / "toy" / "toy.ipynb"
    nb = nbformat.read(str(nb_path), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "answer":
            cell.source = "answer = 42"
    nbformat.write(nb, str(nb_path))
    out = autograde_cohort(course, "toy", jobs=1, progress=False)
    graded = {o.student for o in out if o.status == "graded"}
    assert graded == {weak}
    assert _auto_score(course, weak) == AUTO_MAX
    assert read_journal(course, "toy")[weak]["status"] == "graded"


def test_export_csv_contract(demo_run, tmp_path):
    course = Course(demo_run["course"])
    df = export_grades(course, tmp_path / "g.csv")
    back = pd.read_csv(tmp_path / "g.csv")
    assert list(back.columns) == COLUMNS
    assert len(back) == len(df) == len(demo_run["kinds"])
    assert set(back["cohort"]) == {"2026-04-demo"}
    assert (back["max_score"] == 4.0).all()


def test_failed_merge_leaves_main_gradebook_untouched(demo_run, tmp_path):
    course = Course(demo_run["course"])
    main = tmp_path / "main.db"
    shutil.copy(course.root / "gradebook.db", main)
    before = grade_rows(main, "toy")
    private = tmp_path / "private.db"
    shutil.copy(main, private)
    with sqlite3.connect(private) as con:
        con.execute("ALTER TABLE grade ADD COLUMN extra TEXT")  # schemas now differ
    student = next(iter(demo_run["kinds"]))
    with pytest.raises(sqlite3.DatabaseError):
        merge_submission(main, private, "toy", student)
    assert grade_rows(main, "toy") == before


def test_missing_grading_engine_is_not_a_zero(tmp_path, grading_env):
    """If the tests cannot import the engine, the learner is listed for review, not scored 0."""
    from toycourse import make_toy_course, toy_notebook

    from civiclab.grading import demo
    from civiclab.grading import nbbuild as b
    from civiclab.grading.export import grades_frame

    root = make_toy_course(tmp_path / "c")
    nb = toy_notebook()
    nb.cells.insert(3, b.tests("engine", 1, "from civiclab.no_such_engine import score_draft"))
    b.write(nb, root / "source" / "toy" / "toy.ipynb")
    course = Course(root)
    assert course.build(validate=False)[0].generated
    course.release("toy")
    demo.submit_cohort(course, "toy", [("s1", "excellent")], tmp_path / "homes")
    course.collect("toy")
    out = autograde_cohort(course, "toy", jobs=1, progress=False)
    assert out[0].status == "needs_review" and "채점 환경" in out[0].reason_ko
    row = grades_frame(course).iloc[0]
    assert row["status"] == "needs_review" and pd.isna(row["score"])
