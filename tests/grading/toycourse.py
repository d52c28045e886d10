"""A tiny nbgrader course with plain-Python tests, for testing the grading machinery.

The real course's tests call the scoring engine (Kiwi: seconds per kernel);
the machinery (parallel merge, journal, malformed submissions, feedback) is the
same for any course, so most tests grade this one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from civiclab.grading import nbbuild as b

REPO = Path(__file__).resolve().parents[2]


def toy_notebook():
    return b.notebook([
        b.md("# 연습 과제\n`answer`에 42를 넣으세요."),
        b.answer("answer", '### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION'),
        b.tests("test_answer", 2, '''
assert "answer" in globals(), "answer 변수가 없습니다. 위 셀에서 answer = ... 를 쓰세요."
assert answer == 42, f"answer가 {answer!r}입니다. 42가 되도록 고치세요."
### BEGIN HIDDEN TESTS
assert isinstance(answer, int), "SECRET_HIDDEN_CHECK: answer는 정수여야 합니다."
### END HIDDEN TESTS
'''),
        b.answer("draft", '### BEGIN SOLUTION\ndraft = "세종시는 2026년 4월 1일 시민 교육을 엽니다."\n### END SOLUTION'),
        b.tests("test_draft", 1, '''
assert isinstance(draft, str) and "세종" in draft, "draft 문자열에 '세종'을 넣으세요."
'''),
        b.written("reflection", 1, "### BEGIN SOLUTION\n모범 답: 사실을 먼저 확인합니다.\n### END SOLUTION"),
    ])


def make_toy_course(dest: Path, timeout: int = 8) -> Path:
    """Course folder with one assignment ``toy``; config copied from the real course."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "grading" / "nbgrader_config.py", dest / "nbgrader_config.py")
    b.write(toy_notebook(), dest / "source" / "toy" / "toy.ipynb")
    return dest
