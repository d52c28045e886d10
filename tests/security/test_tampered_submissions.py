"""Submissions that tamper with nbgrader's own data: never a free score.

Real nbgrader on the toy course: every learner starts from the released
notebook with the same wrong answer (honest score 1.0 of 3 autograded points)
and then tampers with one thing nbgrader trusts in the file: grade ids, points,
cell kinds, the ``locked`` flag, checksums, outputs and execution counts, extra
fake grade cells, or the file is JSON but not a notebook.  The whole cohort is
graded once (two workers); each learner must score exactly the honest 1.0
(graded from the instructor's tests in the gradebook) or be routed to manual
review with a Korean reason.  The assignment's maximum never changes.
"""

from __future__ import annotations

import json

import pytest
from gradingkit import (
    HONEST_SCORE,
    answered,
    auto_score,
    build_course,
    cell,
    max_score,
    submit,
    total_score,
)

pytestmark = pytest.mark.slow

PASS = "pass  # 검사를 바꿈"


def _meta(nb, gid):
    return cell(nb, gid).metadata["nbgrader"]


def honest(nb):
    return nb


def rename_ids(nb):
    # the real test gets a new id (so nbgrader would not find it) and always passes
    _meta(nb, "test_answer")["grade_id"] = "test_answer_mine"
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == "test_answer_mine":
            c.source = PASS
    return nb


def raise_points(nb):
    _meta(nb, "test_draft")["points"] = 100
    _meta(nb, "test_answer")["points"] = 0
    return nb


def solution_to_grade(nb):
    # the answer cell claims to be a passing test worth 50 points
    meta = _meta(nb, "answer")
    meta.update(grade=True, points=50, locked=True, solution=False)
    return nb


def flip_test_to_solution(nb):
    # a test cell that claims to be a written answer: no auto zero, waits for a person
    meta = _meta(nb, "test_answer")
    meta.update(solution=True)
    return nb


def unlock_and_edit(nb):
    meta = _meta(nb, "test_answer")
    meta["locked"] = False
    cell(nb, "test_answer").metadata.pop("editable", None)
    cell(nb, "test_answer").source = PASS
    return nb


def forged_checksum(nb):
    from nbgrader.utils import compute_checksum

    c = cell(nb, "test_answer")
    c.source = PASS
    c.metadata["nbgrader"]["checksum"] = compute_checksum(c)  # the checksum of the edited cell
    return nb


def forged_outputs(nb):
    # outputs pasted as if the tests had passed; the answer claims an execute_result
    for gid in ("answer", "test_answer", "test_draft"):
        c = cell(nb, gid)
        c.execution_count = 7
        c.outputs = [{"output_type": "stream", "name": "stdout", "text": "모든 검사 통과\n"}]
    cell(nb, "test_answer").outputs.append(
        {"output_type": "execute_result", "execution_count": 7, "metadata": {},
         "data": {"text/plain": "2.0"}})
    return nb


def fake_grade_cells(nb):
    import copy

    for i, gid in enumerate(("bonus_1", "bonus_2")):
        fake = copy.deepcopy(cell(nb, "test_draft"))
        fake["id"] = f"fake{i}"
        fake.source = "pass"
        fake.metadata["nbgrader"].update(grade_id=gid, points=50)
        nb.cells.append(fake)
    return nb


def flip_test_to_markdown(nb):
    c = cell(nb, "test_answer")
    c.cell_type = "markdown"
    c.pop("outputs", None)
    c.pop("execution_count", None)
    c.metadata["nbgrader"]["cell_type"] = "markdown"
    c.metadata["nbgrader"]["solution"] = True  # a markdown grade cell must be a solution
    return nb


def not_a_notebook(nb):
    return json.dumps({"cells": "모두 통과", "score": 100})


def json_list(nb):
    return json.dumps([{"cell_type": "code", "source": "answer = 42"}])


def wrong_nbformat(nb):
    d = json.loads(json.dumps(nb))
    d["nbformat"] = 99
    return json.dumps(d)


TAMPERS = [honest, rename_ids, raise_points, solution_to_grade, flip_test_to_solution, unlock_and_edit,
           forged_checksum, forged_outputs, fake_grade_cells, flip_test_to_markdown,
           not_a_notebook, json_list, wrong_nbformat]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from civiclab.grading.autograde import autograde_cohort

    root = tmp_path_factory.mktemp("tamper") / "course"
    with pytest.MonkeyPatch.context() as mp:
        course = build_course(root, mp)
        for fn in TAMPERS:
            submit(course, fn.__name__, fn(answered(course)))
        out = autograde_cohort(course, "toy", jobs=2, progress=False, retries=0)
    return course, {o.student: o for o in out}


@pytest.mark.parametrize("tamper", [f.__name__ for f in TAMPERS])
def test_tampering_never_pays(graded, tamper):
    course, outcomes = graded
    oc = outcomes[tamper]
    assert oc.status in ("graded", "needs_review"), oc
    if oc.status == "needs_review":
        assert oc.reason_ko and any("\uac00" <= ch <= "\ud7a3" for ch in oc.reason_ko)
        return
    assert auto_score(course, tamper) == HONEST_SCORE, oc
    assert total_score(course, tamper) <= HONEST_SCORE
    assert max_score(course) == 4.0


def test_honest_and_metadata_tampering_are_graded_not_dodged(graded):
    """Metadata tampering is undone and graded from the source; only non-notebooks need a person."""
    course, outcomes = graded
    graded_ok = {"honest", "rename_ids", "raise_points", "solution_to_grade", "flip_test_to_solution",
                 "unlock_and_edit", "forged_checksum", "forged_outputs", "fake_grade_cells",
                 "flip_test_to_markdown"}
    assert {s for s, o in outcomes.items() if o.status == "graded"} == graded_ok
    for name in ("not_a_notebook", "json_list", "wrong_nbformat"):
        assert "노트북" in outcomes[name].reason_ko, outcomes[name]
    # The instructor is told which submissions were tampered with (graded anyway).
    assert outcomes["honest"].reason_ko == ""
    for name in graded_ok - {"honest", "forged_outputs"}:
        assert "바꾼 흔적" in outcomes[name].reason_ko, (name, outcomes[name].reason_ko)
