"""Personal data in a graded notebook never reaches the model endpoint during autograde.

A real nbgrader run of the smallest real assignment (a1_press_prompt) in a temp
course folder.  The grader is configured with a real model endpoint (a local
OpenAI-speaking server, through the environment the grading kernels inherit, as on
the hub; the key itself is withheld from kernels by ``grading.screening.kernel_env``, the
endpoint is not).  Two learners' answer cells call the model the way a learner experimenting
would (``Gateway(load_settings()).generate(...)`` with their prompt and draft):

- learner01's draft holds a resident-registration number and a mobile number;
- learner02's draft is clean (so the path is shown to reach the server at all).

Under ``pii_policy=block`` nothing from learner01 is sent; under ``redact`` only
placeholders are.  Either way learner01 loses the draft-score test's points for the
personal data (the grade reflects the finding) and learner02 gets them.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from support import ROOT

pytestmark = pytest.mark.slow

ASSIGNMENT = "a1_press_prompt"
RRN = "900101-1234567"
MOBILE = "010-2345-6789"
PERSONAL = (RRN, RRN.replace("-", ""), MOBILE, MOBILE.replace("-", ""), "1234567", "2345-6789")

CALL_MODEL = '''
from civiclab.llm import Gateway
from civiclab.settings import load_settings

reply = Gateway(load_settings()).generate([{"role": "user", "content": PROMPT + "\\n\\n" + DRAFT}])
'''


def _submission(release_nb, source_nb, pii: bool) -> str:
    from civiclab.grading.demo import make_submission, solution_text

    draft = next(solution_text(c.source) for c in source_nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade_id") == "a1_draft")
    if pii:
        end = draft.rstrip().rfind('"""')  # before the closing quotes of DRAFT
        draft = (draft[:end] + f"민원인 홍길동(주민등록번호 {RRN}, 휴대전화 {MOBILE})의 요청을 반영했다.\n"
                 + draft[end:])
    # The learner asks the model from inside the answer cell, after setting DRAFT.
    answers = {"typical": {"a1_draft": draft.rstrip() + "\n" + CALL_MODEL}}
    return make_submission(release_nb, source_nb, "typical", answers)


def _grade(gb, cell: str, sid: str) -> float:
    return float(gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, sid).score)


@pytest.mark.parametrize("policy", ["block", "redact"])
def test_autograde_sends_no_personal_data_and_grades_the_finding(policy, tmp_path, monkeypatch, fake_openai):
    from civiclab.grading.autograde import autograde_cohort
    from civiclab.grading.course import Course, copy_course
    from civiclab.grading.demo import synthetic_roster

    monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", "60")
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR", "OPENAI_API_KEY",
                "OPENAI_BASE_URL", "CIVICLAB_CONFIG", "CIVICLAB_TRUSTED_ENDPOINTS"):
        monkeypatch.delenv(var, raising=False)
    # The course's model endpoint, as the grading kernels inherit it.
    for var, value in {"CIVICLAB_BACKEND": "openai", "CIVICLAB_BASE_URL": fake_openai.base_url,
                       "CIVICLAB_API_KEY": "sk-course-test", "CIVICLAB_MODEL": "fake-model",
                       "CIVICLAB_PII_POLICY": policy, "CIVICLAB_MAX_RETRIES": "0", "CIVICLAB_TIMEOUT": "10",
                       "CIVICLAB_STATE_DIR": str(tmp_path / "state"), "CIVICLAB_CACHE": "off"}.items():
        monkeypatch.setenv(var, value)

    course = Course(copy_course(ROOT / "grading", tmp_path / "course"))
    plan = [("learner01", "typical"), ("learner02", "typical")]
    course.import_roster(synthetic_roster(tmp_path / "roster.csv", plan))
    built = course.build([ASSIGNMENT], validate=False)
    assert all(b.generated for b in built), [b.problems for b in built]
    course.release(ASSIGNMENT)
    release = course.root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    source = course.root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    rel_nb, src_nb = (nbformat.read(str(p), as_version=4) for p in (release, source))
    for sid, pii in (("learner01", True), ("learner02", False)):
        work = tmp_path / "homes" / sid / course.course_id / ASSIGNMENT
        work.mkdir(parents=True)
        for f in (course.root / "release" / ASSIGNMENT).iterdir():
            if f.is_file():
                (work / f.name).write_bytes(f.read_bytes())
        (work / release.name).write_text(_submission(rel_nb, src_nb, pii), encoding="utf-8")
        course.submit(ASSIGNMENT, sid, tmp_path / "homes" / sid)
    course.collect(ASSIGNMENT)

    outcomes = autograde_cohort(course, ASSIGNMENT, jobs=1, progress=False, force=True)
    assert {o.student: o.status for o in outcomes} == {"learner01": "graded", "learner02": "graded"}, \
        [o.to_dict() for o in outcomes]

    # What reached the server: learner02's clean draft (so the path is live), nothing personal.
    sent = json.dumps(fake_openai.chat_requests, ensure_ascii=False)
    assert "세종특별자치시는 4월 6일부터" in sent
    for needle in PERSONAL:
        assert needle not in sent, needle
    chats = fake_openai.chat_requests
    if policy == "block":
        assert len(chats) == 1  # learner01's call was refused before the network
    else:
        assert len(chats) == 2 and "[주민등록번호]" in sent

    # The grade reflects the finding: learner01 loses the draft-score test, learner02 keeps it.
    with course.gradebook() as gb:
        assert _grade(gb, "a1_draft_score", "learner01") == 0.0
        assert _grade(gb, "a1_draft_score", "learner02") > 0.0
        assert _grade(gb, "a1_draft_facts", "learner01") == _grade(gb, "a1_draft_facts", "learner02")
    autograded = (course.root / "autograded" / "learner01" / ASSIGNMENT / release.name).read_text(encoding="utf-8")
    assert ("PiiBlockedError" in autograded) == (policy == "block")
