"""PII detectors: a table of expected values and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from civiclab.pii import find_pii, redact

OFFICE = ("044-300-*",)


def _rrn(front: str, gender: str, body: str) -> str:
    digits = front + gender + body
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    check = (11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11) % 10
    return f"{front}-{gender}{body}{check}"


CASES = [
    ("주민번호 900101-1234567 입니다", "rrn"),
    ("주민번호 9001011234567", "rrn"),
    (f"번호 {_rrn('850315', '2', '12345')}", "rrn"),
    ("2021년생 210305-4123456", "rrn"),  # post-2020 numbers: no check digit needed
    ("외국인 900101-5123456", "arn"),
    ("전화 010-2345-6789", "mobile"),
    ("전화 01023456789", "mobile"),
    ("전화 010 2345 6789", "mobile"),
    ("전화 ０１０－２３４５－６７８９", "mobile"),
    ("메일 hong.gildong@example.com 으로", "email"),
    ("여권번호 M12345678", "passport"),
    ("면허 서울 12-345678-90", "driver_license"),
    ("운전면허 번호 123456789012", "driver_license"),
    ("카드 4111-1111-1111-1111", "card"),
    ("농협 계좌 301-0123-4567-81", "bank_account"),
    ("집 전화 031-123-4567", "phone"),
]


@pytest.mark.parametrize("text, kind", CASES)
def test_detects(text, kind):
    kinds = [m.kind for m in find_pii(text, OFFICE)]
    assert kinds == [kind]


NOT_PII = [
    "문의: 민원과 044-300-1234",
    "연간 63,000명이 혜택을 받습니다.",
    "2024-03-28 협력 선언",
    "예산 1,234,567,890원",
    "제22대 국회",
    "전화번호 010-0000-000",  # too short
    "주민번호 901301-1234567",  # month 13: not a date
    "카드 4111-1111-1111-1112",  # fails Luhn
    "버스 1001번, 1002번",
    "예산 148000000000원",
    "연락처 010-0000-0000",  # the placeholder learners are taught to use  # twelve bare digits: an amount, not a driver's licence
]


@pytest.mark.parametrize("text", NOT_PII)
def test_does_not_flag(text):
    assert find_pii(text, OFFICE) == []


def test_redact_uses_typed_placeholders():
    text = "홍길동 900101-1234567 010-2345-6789"
    assert redact(text, find_pii(text)) == "홍길동 [주민등록번호] [휴대전화 번호]"


@given(
    st.dates(min_value=__import__("datetime").date(1900, 1, 1), max_value=__import__("datetime").date(2099, 12, 31)),
    st.integers(0, 999_999),
    st.text(alphabet="가나다라 .,\n", max_size=20),
    st.text(alphabet="가나다라 .,\n", max_size=20),
)
def test_any_valid_rrn_is_found_with_its_span(d, body, before, after):
    gender = ("1", "2") if d.year < 2000 else ("3", "4")
    rrn = f"{d:%y%m%d}-{gender[body % 2]}{body:06d}"
    text = before + rrn + after
    found = find_pii(text)
    assert [(m.kind, text[m.start:m.end]) for m in found] == [("rrn", rrn)]


@hsettings(max_examples=200, deadline=500)
@given(st.text(max_size=2000))
def test_never_crashes_and_spans_are_valid(text):
    for m in find_pii(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
