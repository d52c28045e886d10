"""Table tests for the Korean number finder."""

import itertools

import pytest

from civiclab.facts.numbers import (
    canonical_unit,
    find_numbers,
    format_number,
    normalize_figure,
    parse_korean_number,
)


def one(text):
    found = [m for m in find_numbers(text) if m.kind != "bare"]
    assert len(found) == 1, found
    return found[0]


# (text, value, unit, kind, matched text)
CASES = [
    ("연간 6만 3000명이 혜택", 63000, "명", "count", "6만 3000명"),
    ("63,000명", 63000, "명", "count", "63,000명"),
    ("6만3천명", 63000, "명", "count", "6만3천명"),
    ("6만 3천 명", 63000, "명", "count", "6만 3천 명"),
    ("6.3만 명", 63000, "명", "count", "6.3만 명"),
    ("예산 1억 2천만 원", 120_000_000, "원", "count", "1억 2천만 원"),
    ("1억2000만원", 120_000_000, "원", "count", "1억2000만원"),
    ("총 3조 원 규모", 3_000_000_000_000, "원", "count", "3조 원"),
    ("국비 3조를", 3_000_000_000_000, "", "count", "3조"),
    ("천만 원", 10_000_000, "원", "count", "천만 원"),
    ("30%", 30, "%", "percent", "30%"),
    ("30 %", 30, "%", "percent", "30 %"),
    ("30퍼센트", 30, "%", "percent", "30퍼센트"),
    ("30프로", 30, "%", "percent", "30프로"),
    ("3%p 올랐다", 3, "%p", "percent", "3%p"),
    ("0.5%", 0.5, "%", "percent", "0.5%"),
    ("전자증명서 56종을", 56, "종", "count", "56종"),
    ("56가지", 56, "종", "count", "56가지"),
    ("제22대 국회", 22, "대", "ordinal", "제22대"),
    ("국어기본법 제14조", 14, "조", "ordinal", "제14조"),
    ("3번째", 3, "번째", "ordinal", "3번째"),
    ("두 번째", 2, "번째", "ordinal", "두 번째"),
    ("이틀 만에", 2, "일", "duration", "이틀"),
    ("사흘간", 3, "일", "duration", "사흘"),
    ("열흘", 10, "일", "duration", "열흘"),
    ("28일간", 28, "일", "duration", "28일간"),
    ("7일 이내", 7, "일", "duration", "7일"),
    ("5개월", 5, "개월", "duration", "5개월"),
    ("3년 만에", 3, "년", "duration", "3년"),
    ("두 배로", 2, "배", "multiple", "두 배"),
    ("1.5배", 1.5, "배", "multiple", "1.5배"),
    ("세 곳에", 3, "곳", "count", "세 곳"),
    ("열두 명", 12, "명", "count", "열두 명"),
    ("스무 명", 20, "명", "count", "스무 명"),
    ("다섯 가지", 5, "종", "count", "다섯 가지"),
    ("석 달", 3, "개월", "duration", "석 달"),
    ("12개소", 12, "곳", "count", "12개소"),
    ("１２３명", 123, "명", "count", "１２３명"),
    ("３０％", 30, "%", "percent", "３０％"),
    ("6만\u200b3000명", 63000, "명", "count", "6만\u200b3000명"),
    ("오후 2시", 14, "시", "time", "2시"),
    ("오후 2시 30분", 14.5, "시", "time", "2시 30분"),
    ("밤 9시", 21, "시", "time", "9시"),
    ("20분 간격", 20, "분", "duration", "20분"),
    ("1호선", 1, "호선", "ordinal", "1호선"),
    ("10주년", 10, "주년", "count", "10주년"),
    ("주 5일 근무", 5, "일", "duration", "5일"),
    ("1.5일로 줄였다", 1.5, "일", "duration", "1.5일"),
    ("이용일 3일 전까지", 3, "일", "duration", "3일"),
    ("매일 8000보 이상", 8000, "보", "count", "8000보"),
    ("최고 36도 안팎", 36, "도", "count", "36도"),
    ("36℃", 36, "도", "count", "36℃"),
    ("2.4킬로미터", 2.4, "km", "count", "2.4킬로미터"),
    ("150밀리미터의 비", 150, "mm", "count", "150밀리미터"),
    ("6기수에 걸쳐", 6, "기", "count", "6기수"),
]


@pytest.mark.parametrize(("text", "value", "unit", "kind", "span"), CASES)
def test_number_table(text, value, unit, kind, span):
    m = one(text)
    assert (m.value, m.unit, m.kind) == (value, unit, kind)
    assert m.text == span
    assert text[m.start : m.end] == span


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "kind"),
    [
        ("3~5일 소요", 3, 5, "일", "duration"),
        ("10만~20만 원", 100_000, 200_000, "원", "count"),
        ("3만 원~5만 원", 30_000, 50_000, "원", "count"),
        ("20～30%", 20, 30, "%", "percent"),
    ],
)
def test_ranges(text, low, high, unit, kind):
    m = one(text)
    assert (m.value, m.high, m.unit, m.kind, m.is_range) == (low, high, unit, kind, True)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("4월", "date_part"),
        ("28일", "date_part"),
        ("4월 28일", "date_part"),
        ("지난 5일", "date_part"),
        ("2024년", "date_part"),
        ("4월 3~5일", "date_part"),
    ],
)
def test_month_and_day_are_not_counts(text, kind):
    found = find_numbers(text)
    assert found and all(m.kind == kind for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "세종시",  # 세 + 종 must not read as "3 kinds"
        "천안시와 백화점",
        "3원칙",
        "3프로젝트",
        "수천만 원",
        "한글",
        "네, 알겠습니다",
        "보름달",
        "오늘날",
    ],
)
def test_no_counted_number(text):
    assert [m for m in find_numbers(text) if m.kind not in ("bare",)] == []


def test_decomposed_hangul_from_macos():
    import unicodedata

    text = unicodedata.normalize("NFD", "연간 6만 3000명이 혜택, 전자증명서 56종")
    found = [m for m in find_numbers(text) if m.kind != "bare"]
    assert [(m.value, m.unit) for m in found] == [(63000, "명"), (56, "종")]
    assert [unicodedata.normalize("NFC", m.text) for m in found] == ["6만 3000명", "56종"]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_phone_number_is_bare():
    assert all(m.kind == "bare" for m in find_numbers("문의 044-300-1234"))


def test_interval_after_a_clock_time_is_not_its_minutes():
    found = find_numbers("새벽 2시 20분 간격으로 운행")
    assert [(m.text, m.kind) for m in found] == [("2시", "time"), ("20분", "duration")]


def test_approx_markers():
    assert one("약 6만 명").approx
    assert one("6만여 명").approx and one("6만여 명").value == 60000
    assert one("6만 명이 넘는 민원인").approx
    assert one("39만 명을 넘어섰다").approx
    assert one("36도 안팎").approx
    # bounds are exact claims: 60세 이상 is not 65세 이상
    assert not one("63,000명 이상").approx and not one("최대 50명").approx
    assert not one("63,000명").approx


def test_spans_are_in_order_and_disjoint():
    text = "연간 6만 3000명, 56종, 30%, 두 배, 이틀, 제22대, 3~5일"
    found = find_numbers(text)
    assert [m.text for m in found] == [
        "6만 3000명", "56종", "30%", "두 배", "이틀", "제22대", "3~5일",
    ]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("6만 3000", 63000), ("63,000", 63000), ("6만3천", 63000), ("1억 2천만", 120_000_000),
        ("천만", 10_000_000), ("3조", 3 * 10**12), ("6.3만", 63000), ("1.5", 1.5),
        ("2억 5천", 200_005_000), ("3만 2억", None), ("천천", None), ("", None),
    ],
)
def test_parse_korean_number(s, value):
    assert parse_korean_number(s) == value


def test_units_and_formatting():
    assert canonical_unit("퍼센트") == "%"
    assert canonical_unit("개소") == "곳"
    assert normalize_figure(12, "억 원") == (1_200_000_000, "원")
    assert normalize_figure(63000, "명") == (63000, "명")
    assert format_number(63000, "명") == "63,000명"
    assert format_number(63000.0, "명") == "63,000명"
    assert format_number(1.5, "배") == "1.5배"
    assert format_number(2_200_000_000_000, "원") == "2조 2,000억 원"
    assert format_number(120_000_000, "원") == "1억 2,000만 원"
    assert format_number(300_000_000) == "3억"
    for v in (2_200_000_000_000, 120_003_500, 10**8):
        assert parse_korean_number(format_number(v)) == v
