"""The scorer-based assertions against a real fact sheet: they pass good text and fail bad text."""

from __future__ import annotations

import pytest

from civiclab.facts import FactSheet
from civiclab.prompts.assertions import CaseContext, run_assertion
from civiclab.prompts.model import AssertionSpec
from civiclab.settings import load_settings

SHEET = FactSheet.model_validate({
    "id": "assert-check", "kind": "press_release", "title": "세종시, 민원 구비서류 제로화 추진",
    "organization": "세종특별자치시", "release_date": "2026-04-02",
    "contact": {"department": "민원과", "phone": "044-300-1234"},
    "facts": ["공무원이 행정정보 공동이용으로 서류를 직접 확인합니다."],
    "figures": [{"label": "대상 민원 사무", "value": 120, "unit": "종"}],
    "dates": [{"label": "시행일", "value": "2026-05-01"}],
})
GOOD = ("제목: 세종시, 민원 구비서류 제로화 추진\n\n"
        "리드: 세종특별자치시는 5월 1일부터 민원 120종의 구비서류를 받지 않는다고 밝혔다.\n\n"
        "본문: 공무원이 행정정보 공동이용으로 서류를 직접 확인한다.\n\n문의처: 민원과 044-300-1234")
BAD = GOOD.replace("5월 1일", "5월 10일").replace("120종", "150종")


def ctx(text):
    return CaseContext(output=text, task="press_release", settings=load_settings(env={}), sheet=SHEET)


def test_no_fact_errors_tells_good_from_bad():
    spec = AssertionSpec(type="no_fact_errors")
    assert run_assertion(spec, ctx(GOOD)).passed is True
    bad = run_assertion(spec, ctx(BAD))
    assert bad.passed is False and "FACT_" in bad.message


def test_no_fact_errors_without_a_sheet_fails_visibly():
    c = ctx(GOOD)
    c.sheet = None
    result = run_assertion(AssertionSpec(type="no_fact_errors"), c)
    assert result.passed is False and "사실 자료" in result.message


@pytest.mark.slow
def test_min_score_uses_the_scorer():
    good = run_assertion(AssertionSpec(type="min_score", value=80), ctx(GOOD))
    bad = run_assertion(AssertionSpec(type="min_score", value=99), ctx(BAD))
    assert good.passed is True and "점" in good.message
    assert bad.passed is False
