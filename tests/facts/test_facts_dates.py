"""Table tests for the Korean date finder (anchor: release date 2024-04-02, a Tuesday)."""

from datetime import date

import pytest

from civiclab.facts.dates import find_dates

A = date(2024, 4, 2)
D = date


def one(text, anchor=A):
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


# (text, first, last, granularity, matched text)
CASES = [
    ("2024년 3월 28일 협약", D(2024, 3, 28), D(2024, 3, 28), "day", "2024년 3월 28일"),
    ("2024. 3. 28. 선언", D(2024, 3, 28), D(2024, 3, 28), "day", "2024. 3. 28."),
    ("2024.3.28", D(2024, 3, 28), D(2024, 3, 28), "day", "2024.3.28"),
    ("2024-03-28", D(2024, 3, 28), D(2024, 3, 28), "day", "2024-03-28"),
    ("3월 28일", D(2024, 3, 28), D(2024, 3, 28), "day", "3월 28일"),
    ("지난달 28일", D(2024, 3, 28), D(2024, 3, 28), "day", "지난달 28일"),
    ("지난 28일", D(2024, 3, 28), D(2024, 3, 28), "day", "지난 28일"),
    ("지난 1일", D(2024, 4, 1), D(2024, 4, 1), "day", "지난 1일"),
    ("오는 5일", D(2024, 4, 5), D(2024, 4, 5), "day", "오는 5일"),
    ("오는 1일", D(2024, 5, 1), D(2024, 5, 1), "day", "오는 1일"),
    ("오는 5월 1일", D(2024, 5, 1), D(2024, 5, 1), "day", "오는 5월 1일"),
    ("28일 밝혔다", D(2024, 3, 28), D(2024, 3, 28), "day", "28일"),
    ("5일 개최", D(2024, 4, 5), D(2024, 4, 5), "day", "5일"),
    ("어제", D(2024, 4, 1), D(2024, 4, 1), "day", "어제"),
    ("오늘", D(2024, 4, 2), D(2024, 4, 2), "day", "오늘"),
    ("내일부터", D(2024, 4, 3), D(2024, 4, 3), "day", "내일"),
    ("내년", D(2025, 1, 1), D(2025, 12, 31), "year", "내년"),
    ("지난해", D(2023, 1, 1), D(2023, 12, 31), "year", "지난해"),
    ("올해 하반기", D(2024, 7, 1), D(2024, 12, 31), "half", "올해 하반기"),
    ("하반기", D(2024, 7, 1), D(2024, 12, 31), "half", "하반기"),
    ("상반기", D(2024, 1, 1), D(2024, 6, 30), "half", "상반기"),
    ("내년 상반기", D(2025, 1, 1), D(2025, 6, 30), "half", "내년 상반기"),
    ("2025년 3분기", D(2025, 7, 1), D(2025, 9, 30), "quarter", "2025년 3분기"),
    ("다음 달", D(2024, 5, 1), D(2024, 5, 31), "month", "다음 달"),
    ("다음 달 10일", D(2024, 5, 10), D(2024, 5, 10), "day", "다음 달 10일"),
    ("이달 말", D(2024, 4, 21), D(2024, 4, 30), "range", "이달 말"),
    ("4월", D(2024, 4, 1), D(2024, 4, 30), "month", "4월"),
    ("2024년 5월", D(2024, 5, 1), D(2024, 5, 31), "month", "2024년 5월"),
    ("지난해 12월 1일", D(2023, 12, 1), D(2023, 12, 1), "day", "지난해 12월 1일"),
    ("2024년", D(2024, 1, 1), D(2024, 12, 31), "year", "2024년"),
    ("다음 주", D(2024, 4, 8), D(2024, 4, 14), "week", "다음 주"),
    ("다음 주 월요일", D(2024, 4, 8), D(2024, 4, 8), "day", "다음 주 월요일"),
    ("이번 주 금요일", D(2024, 4, 5), D(2024, 4, 5), "day", "이번 주 금요일"),
    ("4월 3~5일", D(2024, 4, 3), D(2024, 4, 5), "range", "4월 3~5일"),
    ("3월 28일~4월 2일", D(2024, 3, 28), D(2024, 4, 2), "range", "3월 28일~4월 2일"),
    ("1~3월", D(2024, 1, 1), D(2024, 3, 31), "range", "1~3월"),
    ("２０２４년 ３월 ２８일", D(2024, 3, 28), D(2024, 3, 28), "day", "２０２４년 ３월 ２８일"),
]


@pytest.mark.parametrize(("text", "first", "last", "gran", "span"), CASES)
def test_date_table(text, first, last, gran, span):
    m = one(text)
    assert (m.first, m.last, m.granularity) == (first, last, gran)
    assert m.text == span and text[m.start : m.end] == span


def test_year_of_month_day():
    assert one("12월 28일", date(2024, 1, 5)).first == date(2023, 12, 28)
    assert one("1월 3일", date(2023, 12, 20)).first == date(2024, 1, 3)
    # the release year wins unless another year is much nearer
    assert one("12월까지", date(2024, 4, 2)).first == date(2024, 12, 1)
    assert one("12월 28일", date(2024, 4, 2)).first == date(2024, 12, 28)
    assert one("2월 1일", date(2024, 10, 1)).first == date(2024, 2, 1)


def test_weekday_in_parentheses():
    ok = one("2024년 3월 28일(목)")
    assert ok.weekday == 3 and ok.weekday_matches is True and ok.text.endswith("(목)")
    bad = one("3월 28일(금)")
    assert bad.weekday_matches is False
    assert one("3월 28일 목요일").weekday_matches is True
    assert one("3월 28일").weekday_matches is None


@pytest.mark.parametrize("text", ["2월 30일", "2023년 2월 29일", "13월 1일은 없다"])
def test_impossible_dates_are_reported_invalid(text):
    m = one(text)
    assert m.granularity == "invalid" and m.value is None


def test_invalid_february():
    m = one("2월 30일")
    assert m.granularity == "invalid" and m.first is None


@pytest.mark.parametrize(
    "text",
    ["28일간", "3~5일 소요", "주 5일 근무", "매월 5일마다", "3일 전까지", "세종의 내일을 열겠습니다", "내일의 행정", "7일 이내", "12개월", "5년간", "오늘날", "내일배움카드", "044-300-1234"],
)
def test_not_dates(text):
    assert find_dates(text, A) == []


def test_value_property():
    assert one("3월 28일").value == date(2024, 3, 28)
    assert one("하반기").value == (date(2024, 7, 1), date(2024, 12, 31))
