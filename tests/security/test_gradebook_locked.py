"""A gradebook locked by another grader: the run says so in Korean, changes nothing, resumes.

Real nbgrader on the toy course (two learners).  Another connection holds an
exclusive SQLite lock on gradebook.db (as a formgrader save or a second autograde
would); ``autograde_cohort`` must stop with a GradingError, leave the journal and
grades as they were, and a later run must grade what is left -- nothing twice.
"""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "tests" / "grading"))

pytestmark = pytest.mark.slow


@pytest.fixture
def course(tmp_path, monkeypatch):
    from toycourse import make_toy_course

    from civiclab.grading import demo
    from civiclab.grading.course import Course

    monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", "6")
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR"):
        monkeypatch.delenv(var, raising=False)
    src = make_toy_course(tmp_path / "src")
    (src / "demo").mkdir()
    (src / "demo" / "answers.json").write_text(
        json.dumps({"toy": {"toy": {"weak": {"answer": "answer = 41"}}}}), encoding="utf-8")
    monkeypatch.setattr(demo, "COHORT_MIX", [("excellent", 1), ("weak", 1)])
    demo.run_demo(tmp_path / "course", src, jobs=2, n=2, progress=False, timeout=6)
    return Course(tmp_path / "course")


def grades(course):
    with sqlite3.connect(course.root / "gradebook.db") as con:
        return sorted(con.execute("SELECT * FROM grade").fetchall(), key=repr)


def test_locked_gradebook_is_reported_and_the_run_resumes(course):
    from civiclab.grading.autograde import autograde_cohort, read_journal
    from civiclab.grading.course import GradingError

    journal = read_journal(course, "toy")
    assert {v["status"] for v in journal.values()} == {"graded"} and len(journal) == 2
    before = grades(course)
    lock = sqlite3.connect(course.root / "gradebook.db", isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        # jobs=1 and jobs>1 open the main gradebook the same way first; one run covers both.
        with pytest.raises(GradingError) as info:
            autograde_cohort(course, "toy", jobs=2, force=True, progress=False)
        text = info.value.format_ko()
        assert "성적부" in text and "다시 실행" in text
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert read_journal(course, "toy") == journal
    assert grades(course) == before
    # Lock gone: nothing is graded twice, and a forced run grades everyone again.
    out = autograde_cohort(course, "toy", jobs=2, progress=False)
    assert {o.status for o in out} == {"skipped"}
    out = autograde_cohort(course, "toy", jobs=2, force=True, progress=False)
    assert {o.status for o in out} == {"graded"} and len(out) == 2
