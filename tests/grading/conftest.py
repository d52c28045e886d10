"""Real nbgrader runs in temporary course folders.

One session fixture builds the toy course, submits the whole demo cohort
(one learner of every kind) through the exchange, grades it with two workers,
makes feedback and exports grades (``run_demo``); the tests then read the
result.  A snapshot taken before grading is graded sequentially for the
parallel-equals-sequential check.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from toycourse import make_toy_course

TOY_ANSWERS = {"toy": {"toy": {
    "typical": {"draft": 'draft = "시청은 4월에 교육을 엽니다."'},
    "weak": {"answer": "answer = 41"},
}}}

# grade cell -> criterion for the toy course (the real course's map is grading/criteria.yaml)
TOY_CRITERIA = """
criteria:
  accuracy: {label_ko: 사실 정확성}
  reasoning: {label_ko: 설명과 자기 점검}
cells:
  toy: {test_answer: accuracy, test_draft: accuracy, reflection: reasoning}
"""


@pytest.fixture(scope="session")
def grading_env():
    # Short cell timeout so the learner who loops forever costs seconds, not a minute.
    old = os.environ.get("CIVICLAB_GRADING_TIMEOUT")
    os.environ["CIVICLAB_GRADING_TIMEOUT"] = "6"
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR"):
        os.environ.pop(var, None)
    yield
    if old is None:
        os.environ.pop("CIVICLAB_GRADING_TIMEOUT", None)
    else:
        os.environ["CIVICLAB_GRADING_TIMEOUT"] = old


@pytest.fixture(scope="session")
def toy_source(tmp_path_factory, grading_env):
    src = make_toy_course(tmp_path_factory.mktemp("toy_source"))
    (src / "demo").mkdir()
    import json

    (src / "demo" / "answers.json").write_text(json.dumps(TOY_ANSWERS, ensure_ascii=False), encoding="utf-8")
    (src / "criteria.yaml").write_text(TOY_CRITERIA, encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory, toy_source):
    """The demo pipeline on the toy course: one learner of every kind, graded with --jobs 2."""
    from civiclab.grading import demo

    out = tmp_path_factory.mktemp("demo")
    n = len(demo.KINDS)
    # Mix in every kind exactly once, in KINDS order.
    orig = demo.COHORT_MIX
    demo.COHORT_MIX = [(k, 1) for k in demo.KINDS]
    try:
        summary = demo.run_demo(out / "course", toy_source, jobs=2, n=n, progress=False, timeout=6)
    finally:
        demo.COHORT_MIX = orig
    return summary
