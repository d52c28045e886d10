"""Hypothesis round trips for the number and date parsers, and fuzzing of the
whole fact check (no crash, valid spans, bounded time via hypothesis deadlines)."""

import unicodedata
from datetime import date, timedelta

from facts_data import load_sejong
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civiclab.facts import parse_fact_sheet
from civiclab.facts.dates import find_dates
from civiclab.facts.numbers import find_numbers
from civiclab.scoring.checks.facts import check_facts

SEJONG = load_sejong()

FULL_WIDTH = str.maketrans("0123456789,.%", "０１２３４５６７８９，．％")


# --- independent renderers (not the library's own formatting) ---------------
def groups(n: int) -> list[tuple[int, str]]:
    """63000 -> [(6, '만'), (3000, '')]: four-digit groups under 조/억/만."""
    out = []
    for unit, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        g, n = divmod(n, size)
        if g:
            out.append((g, unit))
    if n:
        out.append((n, ""))
    return out


def with_small_units(g: int) -> str:
    """3500 -> '3천5백', 3050 -> '3천50', 12 -> '12'."""
    s = ""
    for unit, size in (("천", 1000), ("백", 100)):
        d, g = divmod(g, size)
        if d:
            s += f"{d}{unit}"
    return s + (str(g) if g else "")


def korean_forms(n: int) -> list[str]:
    gs = groups(n)
    forms = [
        f"{n:,}",
        str(n),
        " ".join(f"{g}{u}" for g, u in gs),  # 6만 3000
        "".join(f"{g}{u}" for g, u in gs),  # 6만3000
        " ".join(f"{with_small_units(g)}{u}" for g, u in gs),  # 6만 3천
        "".join(f"{with_small_units(g)}{u}" for g, u in gs),  # 6만3천
        " ".join(f"{g:,}{u}" for g, u in gs),  # 6만 3,000
    ]
    if n % 1000 == 0 and 10**4 <= n < 10**8 and n % 10**4:
        forms.append(f"{n / 10**4:g}만")  # 6.3만
    return forms


@settings(max_examples=300, deadline=1000)
@given(
    n=st.integers(min_value=1, max_value=10**15 - 1),
    which=st.integers(min_value=0, max_value=7),
    space=st.booleans(),
    unit=st.sampled_from(["명", "원", "건", "종", "곳", "개"]),
    full_width=st.booleans(),
)
def test_number_round_trip(n, which, space, unit, full_width):
    forms = korean_forms(n)
    form = forms[which % len(forms)]
    text = f"연간 {form}{' ' if space else ''}{unit}이 늘었다"
    if full_width:
        text = text.translate(FULL_WIDTH)
    found = [m for m in find_numbers(text) if m.kind != "bare"]
    assert len(found) == 1, (text, found)
    m = found[0]
    assert m.value == n, (text, m)
    assert m.unit == {"개": "개"}.get(unit, unit)
    assert text[m.start : m.end] == m.text and m.text.endswith(unit)


TENS = ["", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"]
ONES = ["", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"]


def native(n: int) -> str:
    """23 -> '스물세', 20 -> '스무' (attributive forms, as before a counter)."""
    tens, ones = divmod(n, 10)
    return "스무" if n == 20 else TENS[tens] + ONES[ones]


@settings(max_examples=200, deadline=1000)
@given(n=st.integers(2, 99), unit=st.sampled_from(["명", "곳", "개", "가지", "배"]))
def test_native_numeral_round_trip(n, unit):
    text = f"모두 {native(n)} {unit}에서"
    found = find_numbers(text)
    assert len(found) == 1, (text, found)
    assert found[0].value == n and found[0].text == f"{native(n)} {unit}"


@settings(max_examples=200, deadline=1000)
@given(low=st.integers(1, 10**6), span=st.integers(1, 10**6))
def test_range_round_trip(low, span):
    high = low + span
    m = find_numbers(f"{low:,}~{high:,}명")[0]
    assert (m.value, m.high, m.unit) == (low, high, "명")


def date_forms(d: date, r: date) -> list[str]:
    """Ways a release dated ``r`` can name ``d`` unambiguously."""
    forms = [
        f"{d.year}년 {d.month}월 {d.day}일",
        f"{d.year}. {d.month}. {d.day}.",
        f"{d.year}.{d.month}.{d.day}.",
        d.isoformat(),
    ]
    delta = (d - r).days
    # the anchor's year wins unless another year is nearer by SAME_YEAR_BIAS_DAYS (200)
    if (d.year == r.year and abs(delta) < 280) or abs(delta) < 80:
        forms.append(f"{d.month}월 {d.day}일")
    if -27 <= delta < 0:
        forms.append(f"지난 {d.day}일")
    if 0 < delta <= 27:
        forms.append(f"오는 {d.day}일")
    if abs(delta) <= 13:
        forms.append(f"{d.day}일")
    rel_day = {-1: "어제", 0: "오늘", 1: "내일"}
    if delta in rel_day:
        forms.append(rel_day[delta])
    months = (d.year * 12 + d.month) - (r.year * 12 + r.month)
    if months == -1:
        forms.append(f"지난달 {d.day}일")
    if months == 1:
        forms.append(f"다음 달 {d.day}일")
    years = {-1: "지난해", 0: "올해", 1: "내년"}
    if d.year - r.year in years:
        forms.append(f"{years[d.year - r.year]} {d.month}월 {d.day}일")
    return forms


@settings(max_examples=400, deadline=1000)
@given(
    d=st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)),
    offset=st.integers(-400, 400),
    pick=st.integers(0, 20),
    weekday=st.booleans(),
)
def test_date_round_trip(d, offset, pick, weekday):
    r = d + timedelta(days=offset)
    forms = date_forms(d, r)
    form = forms[pick % len(forms)]
    if weekday and form[-1] in "일.0123456789":
        form += f"({'월화수목금토일'[d.weekday()]})"
    text = f"시는 {form} 협약을 맺었다."
    found = find_dates(text, r)
    assert len(found) == 1, (text, r, found)
    m = found[0]
    assert m.first == d == m.last, (text, r, m)
    assert m.weekday_matches in (None, True)
    assert text[m.start : m.end] == m.text


# Text built from pieces the parsers care about, so fuzzing reaches deep branches.
NOISY = st.lists(
    st.sampled_from(
        list("0123456789０１２３만억조천백십명원종곳%％~～.,· 일월년(목)“”\"-")
        + ["\u200b", "\u3000", "\ufeff", "제", "대", "두", "세", "배", "이틀", "하루", "최민호",
           "시장", "부", "김영희 국장", "\n", "다.", "지난", "오는", "올해", "내년", "하반기"]
    ),
    max_size=120,
).map("".join)


def _spans_ok(text, items):
    for m in items:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text


BARE = parse_fact_sheet(
    "id: bare\nkind: chatbot_answer\ntitle: 안내\norganization: 세종시\nrelease_date: 2024-12-31\n"
)


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=400), NOISY, NOISY.map(lambda s: unicodedata.normalize("NFD", s))),
    sheet=st.sampled_from([SEJONG, BARE]),
)
def test_fuzz_never_crashes(text, sheet):
    _spans_ok(text, find_numbers(text))
    _spans_ok(text, find_dates(text, sheet.release_date))
    for f in check_facts(text, sheet):
        assert 0 <= f.start <= f.end <= len(text)
        assert f.code.startswith("FACT_")


# A 100,000-character paste (about 50 press releases) must finish in seconds;
# the deadline is generous because two cores are shared, but a quadratic or
# backtracking blow-up takes minutes and fails it.
@settings(max_examples=8, deadline=20_000, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(st.text(max_size=30), NOISY), min_size=1, max_size=8))
def test_fuzz_long_inputs(pieces):
    unit = "".join(pieces) or "가"
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    _spans_ok(text, find_numbers(text))
    _spans_ok(text, find_dates(text, SEJONG.release_date))
    check_facts(text, SEJONG)


@settings(max_examples=200, deadline=1000)
@given(text=NOISY, anchor=st.dates())
def test_any_anchor_date(text, anchor):
    # year 1 and year 9999 anchors: shifting months or years must not escape as an error
    text += " 내년 오늘 다음 주 지난달 28일 오는 5일 12월 31일 지난 31일"
    _spans_ok(text, find_dates(text, anchor))
