"""The shipped library: complete, lint-clean, locked, and its tests pass on the practice model."""

from __future__ import annotations

from pathlib import Path

import pytest

from civiclab.prompts import PromptLibrary
from civiclab.prompts.lint import lint_library
from civiclab.prompts.lock import content_hash, read_lock

ROOT = Path(__file__).resolve().parents[2]
COVERED = {"CERT", "MOVEIN", "PASSPORT", "DADBONUS", "SCHOOLGIFT", "FARMER", "TRANSIT", "PARKING",
           "WASTE", "FACILITY"}


@pytest.fixture(scope="module")
def lib():
    return PromptLibrary.load(ROOT / "prompts")


def test_library_loads_lints_clean_and_is_locked(lib):
    from civiclab.settings import load_settings

    assert lib.errors == []
    assert len(lib) >= 24
    issues, notes = lint_library(lib, load_settings(env={}, root=ROOT))
    assert [i.format_ko() for i in issues] == [] and notes == []
    lock = read_lock(lib.root)
    for spec in lib.specs():
        for v in spec.versions:
            assert lock[v.ref] == content_hash(v), v.ref


def test_library_covers_the_course_and_the_chatbot(lib):
    by_task: dict[str, list[str]] = {}
    for spec in lib.specs():
        by_task.setdefault(spec.task, []).append(spec.id)
    assert len(by_task["press_release"]) >= 6 and len(by_task["speech"]) >= 5
    for task in ("rewrite", "headline", "summary", "fact_extraction", "fact_check"):
        assert by_task[task], task
    chatbot = [lib.spec(i) for i in by_task["chatbot_answer"]]
    single = {c for s in chatbot if len(s.links.categories) == 1 for c in s.links.categories}
    assert single == COVERED  # one answer prompt per covered category
    assert {"chatbot.system", "chatbot.handover"} <= {s.id for s in chatbot}
    for spec in lib.specs():
        production = lib.get(f"{spec.id}@production")
        assert production.status == "approved" and spec.cases_for(production)


def test_fact_sheet_prompts_render_a_real_fact_sheet(lib):
    from civiclab.facts import FactSheet

    sheet = FactSheet.model_validate({
        "id": "render-check", "kind": "press_release", "title": "세종시, 시험 사업 추진",
        "organization": "세종특별자치시", "release_date": "2026-04-02", "facts": ["시험 사실입니다."],
    })
    for spec in lib.specs():
        version = lib.get(spec.id)
        if version.variable("fact_sheet") is None:
            continue
        example = {v.name: (v.example or "예시") for v in version.variables if v.required}
        example["fact_sheet"] = sheet.to_prompt_block()
        text = "\n".join(m["content"] for m in lib.render(version, example))
        assert "[사실 자료]" in text and "세종시, 시험 사업 추진" in text, spec.id


@pytest.mark.slow
def test_every_case_passes_on_the_offline_practice_model(lib, make_settings):
    from civiclab.prompts.testing import run_tests

    report = run_tests(lib, make_settings(root=ROOT))
    failed = [(r.ref, r.case, r.error or [a.message for a in r.results if a.passed is not True])
              for r in report.runs if r.status != "pass"]
    assert failed == []
    assert report.model == "civiclab-practice" and len(report.runs) >= 40


def test_a_bare_prompt_fails_the_checks_a_grounded_one_passes(lib, make_settings):
    """The retired v1 of the policy release (topic only) invents facts; v2 (fact sheet) does not.

    Proves the fact assertions can fail: the same case's fact sheet judges both outputs.
    """
    from civiclab.llm import Gateway
    from civiclab.prompts.assertions import CaseContext, run_assertion
    from civiclab.prompts.testing import _SheetCache, case_variables

    settings = make_settings(root=ROOT)
    spec = lib.spec("press_release.policy_announcement")
    case = spec.tests[0]
    sheet = _SheetCache(ROOT).get(case)
    gw = Gateway(settings)
    bare = lib.generate(spec.version(1), {"topic": "민원 구비서류 제로화 추진"}, gw)
    grounded = lib.generate(spec.version(2), case_variables(spec.version(2), case, sheet), gw)
    checks = [a for a in case.assertions if a.type in ("no_fact_errors", "contains", "min_score")]

    def verdicts(text):
        ctx = CaseContext(output=text, task="press_release", settings=settings, sheet=sheet)
        return [run_assertion(a, ctx).passed for a in checks]

    assert all(verdicts(grounded.text))
    assert not all(verdicts(bare.text))
