"""Faults of a grading run itself (not of a learner's work), as Korean errors.

A gradebook locked by another grader, or a full disk under the course folder,
stop the run: the learners already journaled keep their grades, the learner
being recorded is not journaled (so the next run grades it again), and the
instructor is told what happened and that re-running resumes.
"""

from __future__ import annotations

import errno

from civiclab.grading.course import GradingError

_LOCKED = ("database is locked", "database table is locked")
_DISK_FULL = ("No space left on device", f"[Errno {errno.ENOSPC}]", "database or disk is full",
              "Disk quota exceeded", f"[Errno {errno.EDQUOT}]", "File too large", f"[Errno {errno.EFBIG}]")


def is_run_fault(text: str) -> bool:
    return any(m in (text or "") for m in _LOCKED + _DISK_FULL)


def fault_error(text: str, done: int = 0) -> GradingError:
    """The Korean GradingError for a run fault described by ``text`` (an error or log)."""
    kept = f"이번 실행에서 채점을 마친 {done}명의 결과는 저장되어 있습니다. " if done else ""
    if any(m in text for m in _DISK_FULL):
        return GradingError(
            "과정 폴더가 있는 디스크에 공간이 없어 채점을 멈췄습니다.",
            kept + "디스크 공간을 확보한 뒤 같은 명령을 다시 실행하세요. "
            "이미 채점한 학습자는 다시 채점하지 않고 남은 학습자만 채점합니다.",
            detail=text[-2000:],
        )
    if any(m in text for m in _LOCKED):
        return GradingError(
            "채점 도중 다른 채점 작업이 성적부(gradebook)를 잠가 채점을 멈췄습니다.",
            kept + "다른 채점(formgrader, 자동 채점)이 끝난 뒤 같은 명령을 다시 실행하세요. "
            "이미 채점한 학습자는 다시 채점하지 않습니다.",
            detail=text[-2000:],
        )
    return GradingError(
        "채점 기록을 저장하지 못해 채점을 멈췄습니다.",
        kept + "아래 자세한 내용을 확인하고 문제를 고친 뒤 같은 명령을 다시 실행하세요.",
        detail=text[-2000:],
    )
