"""Faults during a grading run: a gradebook lock or a full disk appearing mid-run, kernels that die or hang.

Real nbgrader on the toy course with three learners.  The fault is switched on
right after the first learner is recorded in the journal, so it hits the
second.  The run must stop with a Korean GradingError naming the fault and
saying that a re-run resumes; the first learner's grades and journal entry
stay; after the fault is gone a plain re-run grades the other two and does not
grade the first again.

The full disk is real when the tests run as root (a 24 MB tmpfs mounted for the
course folder, then filled: SQLite and file writes get ENOSPC from the kernel);
otherwise the journal write raises an injected ``OSError(ENOSPC)``.
"""

from __future__ import annotations

import errno
import sqlite3
import subprocess

import pytest
from gradingkit import HONEST_SCORE, answered, auto_score, build_course, submit
from support import fill_disk, mount_tmpfs

pytestmark = pytest.mark.slow

LEARNERS = ["a1", "a2", "a3"]


def _course(root, mp):
    course = build_course(root, mp)
    for sid in LEARNERS:
        submit(course, sid, answered(course))
    return course


def _after_first_record(mp, action):
    """Run ``action`` once, right after the first learner is journaled."""
    from civiclab.grading import autograde

    real = autograde._append_journal
    calls = []

    def wrapped(*args, **kwargs):
        real(*args, **kwargs)
        calls.append(args[2].student)
        if len(calls) == 1:
            action()

    mp.setattr(autograde, "_append_journal", wrapped)
    return calls


def _check_resumes(course, first: str, jobs: int):
    from civiclab.grading.autograde import autograde_cohort, read_journal

    journal = read_journal(course, "toy")
    assert list(journal) == [first] and journal[first]["status"] == "graded"
    assert auto_score(course, first) == HONEST_SCORE
    with sqlite3.connect(course.root / "gradebook.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    out = {o.student: o.status for o in autograde_cohort(course, "toy", jobs=jobs, progress=False)}
    assert out == {sid: ("skipped" if sid == first else "graded") for sid in LEARNERS}
    for sid in LEARNERS:
        assert auto_score(course, sid) == HONEST_SCORE


@pytest.mark.parametrize("jobs", [1, 2])
def test_gradebook_locked_mid_run(tmp_path, monkeypatch, jobs):
    from civiclab.grading import autograde
    from civiclab.grading.course import GradingError

    course = _course(tmp_path / "course", monkeypatch)
    monkeypatch.setattr(autograde, "MERGE_LOCK_WAIT", 0.5)
    lock = sqlite3.connect(course.root / "gradebook.db", isolation_level=None)
    calls = _after_first_record(monkeypatch, lambda: lock.execute("BEGIN EXCLUSIVE"))
    try:
        with pytest.raises(GradingError) as info:
            autograde.autograde_cohort(course, "toy", jobs=jobs, progress=False)
        text = info.value.format_ko()
        assert "채점 도중" in text and "성적부" in text and "다시 실행" in text, text
        assert "1명" in text  # what was kept is said
    finally:
        lock.execute("ROLLBACK") if lock.in_transaction else None
        lock.close()
    monkeypatch.undo()  # the journal works normally again
    monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", "6")
    _check_resumes(course, calls[0], jobs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_disk_full_mid_run(tmp_path, monkeypatch, jobs):
    from civiclab.grading.autograde import autograde_cohort
    from civiclab.grading.course import GradingError

    disk = tmp_path / "disk"
    real = mount_tmpfs(disk)
    try:
        course = _course(disk / "course", monkeypatch)
        if real:
            calls = _after_first_record(monkeypatch, lambda: fill_disk(disk))
        else:
            from civiclab.grading import autograde

            orig = autograde._append_journal
            calls = []

            def full(*args, **kwargs):
                if calls:
                    raise OSError(errno.ENOSPC, "No space left on device")
                orig(*args, **kwargs)
                calls.append(args[2].student)

            monkeypatch.setattr(autograde, "_append_journal", full)
        with pytest.raises(GradingError) as info:
            autograde_cohort(course, "toy", jobs=jobs, progress=False)
        text = info.value.format_ko()
        assert "디스크에 공간이 없어" in text and "다시 실행" in text, text
        for name in ("filler.bin", "filler2.bin"):
            (disk / name).unlink(missing_ok=True)
        monkeypatch.undo()
        monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", "6")
        _check_resumes(course, calls[0], jobs)
    finally:
        if real:
            subprocess.run(["umount", "-l", str(disk)], check=False)


DIES = "import os\nanswer = 42\nos._exit(3)"
DEAF_LOOP = ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nanswer = 42\n"
             "while True:\n    pass")


def test_kernel_that_dies_or_ignores_interrupts(tmp_path, monkeypatch):
    from civiclab.grading.autograde import autograde_cohort

    course = build_course(tmp_path / "course", monkeypatch, timeout=3)
    submit(course, "dies", answered(course, {"answer": DIES}))
    submit(course, "deaf", answered(course, {"answer": DEAF_LOOP}))
    submit(course, "fine", answered(course))
    out = {o.student: o for o in autograde_cohort(course, "toy", jobs=2, progress=False, retries=0)}
    assert out["fine"].status == "graded" and auto_score(course, "fine") == HONEST_SCORE
    assert out["dies"].status == "needs_review" and "커널" in out["dies"].reason_ko, out["dies"]
    # nbclient raises CellTimeoutError when the interrupt is ignored: nbgrader gives up on it
    assert out["deaf"].status == "needs_review" and "멈추지 않았습니다" in out["deaf"].reason_ko, out["deaf"]
