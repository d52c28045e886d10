"""The fact check: clean drafts and equivalent rewrites give no FACT_ finding;
each planted error gives the right code on the right span."""

import pytest
from facts_data import SEJONG_PATH, load_sejong

from civiclab.facts import parse_fact_sheet
from civiclab.scoring.checks.facts import check_facts
from civiclab.scoring.findings import Finding

SEJONG = load_sejong()

CLEAN = """세종시, 구비서류 제로화 추진

세종특별자치시는 민원인이 종이 증명서를 내지 않아도 되는 '구비서류 제로화'를 추진한다고 2일 밝혔다. \
이에 따라 연간 6만 3000명의 민원인이 서류를 떼러 다니지 않아도 된다.

시는 지난달 28일 행정안전부와 구비서류 제로화 협력을 선언했다. 민원 담당 공무원이 행정정보 공동이용으로 \
주민등록등본 등 전자증명서 56종을 직접 확인한다. 시는 올해 하반기까지 모든 읍면동 주민센터로 넓힐 계획이다.

최민호 시장은 “시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 낮추겠습니다”라고 말했다.

문의: 민원과 김담당(044-300-1234)
"""

# Equivalent rewrites: other spellings of the same facts.
EQUIVALENT = [
    ("6만 3000명", "63,000명"),
    ("6만 3000명", "6만3천 명"),
    ("6만 3000명", "6.3만 명"),
    ("6만 3000명", "약 6만 명"),
    ("지난달 28일", "2024년 3월 28일"),
    ("지난달 28일", "3월 28일(목)"),
    ("지난달 28일", "지난 28일"),
    ("지난달 28일", "2024. 3. 28."),
    ("2일 밝혔다", "오늘 밝혔다"),
    ("2일 밝혔다", "2024년 4월 2일 밝혔다"),
    ("56종", "56가지"),
    ("올해 하반기까지", "하반기까지"),
    ("최민호 시장은", "최민호 세종특별자치시장은"),
    ("최민호 시장은", "세종시장 최민호는"),
    ("낮추겠습니다”", "낮추겠습니다.”"),
    ("“시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 낮추겠습니다”",
     "“시민이  서류를 떼러 다니는 불편을 없애, 행정의 문턱을 낮추겠습니다!”"),
    ("“시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 낮추겠습니다”",
     "“행정의 문턱을 낮추겠습니다”"),
    ("라고 말했다.", "라고 말했다. 한 번 더 강조했다."),
    ("협력을 선언했다.", "협력을 선언했다. 올해 안에 시행한다."),
    ("56종", "56개"),
    ("올해 하반기까지", "연말까지"),
    ("올해 하반기까지", "12월까지"),
    ("지난달 28일", "지난 3월 28일"),
    ("시는 올해", "시는 4월부터 시작해 올해"),
    ("계획이다.", "계획이다. 1인 가구도 혜택을 본다."),
    ("계획이다.", "계획이다. 이른바 “서류 없는 민원 창구 만들기 사업”이다."),
    ("문의:", "김담당 주무관이 안내한다.\n\n문의:"),
    ("시는 지난달", "세종시(시장 최민호)는 지난달"),
]


def fact_codes(text, sheet):
    return [f.code for f in check_facts(text, sheet) if f.code.startswith("FACT_")]


def test_clean_draft_has_no_fact_finding():
    assert check_facts(CLEAN, SEJONG) == []


@pytest.mark.parametrize(("old", "new"), EQUIVALENT)
def test_equivalent_rewrites_are_not_flagged(old, new):
    assert old in CLEAN
    draft = CLEAN.replace(old, new, 1)
    assert check_facts(draft, SEJONG) == [], [f.message for f in check_facts(draft, SEJONG)]


# (old, new, expected code, expected span text)
PLANTED = [
    ("6만 3000명", "6만 5000명", "FACT_WRONG_VALUE", "6만 5000명"),
    ("6만 3000명", "63,500명", "FACT_WRONG_VALUE", "63,500명"),
    ("56종", "58종", "FACT_WRONG_VALUE", "58종"),
    ("지난달 28일", "지난달 27일", "FACT_WRONG_VALUE", "지난달 27일"),
    ("읍면동 주민센터로", "읍면동 주민센터 25곳으로", "FACT_UNSUPPORTED_NUMBER", "25곳"),
    ("계획이다.", "계획이며 예산 3억 원을 들인다.", "FACT_UNSUPPORTED_NUMBER", "3억 원"),
    ("계획이다.", "계획이다. 처리 시간은 30% 줄어든다.", "FACT_UNSUPPORTED_NUMBER", "30%"),
    ("계획이다.", "계획이다. 처리 기간은 이틀 줄어든다.", "FACT_UNSUPPORTED_NUMBER", "이틀"),
    ("계획이다.", "계획이다. 효과는 두 배다.", "FACT_UNSUPPORTED_NUMBER", "두 배"),
    ("올해 하반기까지", "내년 상반기까지", "FACT_UNSUPPORTED_DATE", "내년 상반기"),
    ("올해 하반기까지", "올해 10월까지", "FACT_UNSUPPORTED_DATE", "올해 10월"),
    ("계획이다.", "계획이다. 설명회는 오는 15일 열린다.", "FACT_UNSUPPORTED_DATE", "오는 15일"),
    ("지난달 28일", "3월 28일(금)", "FACT_WRONG_WEEKDAY", "3월 28일(금)"),
    ("최민호 시장은", "최민호 부시장은", "FACT_WRONG_TITLE", "최민호 부시장"),
    ("최민호 시장은", "최민호 전 시장은", "FACT_WRONG_TITLE", "최민호 전 시장"),
    ("문의:", "김영희 국장도 참석했다.\n\n문의:", "FACT_UNKNOWN_PERSON", "김영희 국장"),
    ("계획이다.", "계획이다. 대상은 60세 이상이다.", "FACT_UNSUPPORTED_NUMBER", "60세"),
    ("계획이다.", "계획이다. 증명서는 1년 안에 뗀 것이어야 한다.", "FACT_UNSUPPORTED_NUMBER", "1년"),
    ("문턱을 낮추겠습니다", "문턱을 크게 낮추겠습니다", "FACT_QUOTE_ALTERED",
     "“시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 크게 낮추겠습니다”"),
    ("라고 말했다.", "라고 말했다. 또 “모든 증명서를 무료로 발급해 드리겠습니다”라고 했다.",
     "FACT_QUOTE_UNSUPPORTED", "“모든 증명서를 무료로 발급해 드리겠습니다”"),
]


@pytest.mark.parametrize(("old", "new", "code", "span"), PLANTED)
def test_planted_errors(old, new, code, span):
    assert old in CLEAN
    draft = CLEAN.replace(old, new, 1)
    findings = check_facts(draft, SEJONG)
    hits = [f for f in findings if f.code == code]
    assert hits, [(f.code, draft[f.start : f.end]) for f in findings]
    assert draft[hits[0].start : hits[0].end] == span
    assert hits[0].message and hits[0].suggestion
    assert all(isinstance(f, Finding) and f.severity in ("error", "warning") for f in findings)


def test_wrong_value_message_gives_the_sheet_value():
    draft = CLEAN.replace("6만 3000명", "6만 5000명")
    f = next(f for f in check_facts(draft, SEJONG) if f.code == "FACT_WRONG_VALUE")
    assert "사실 자료에 63,000명으로 되어 있습니다" in f.message
    assert "63,000명" in f.suggestion
    # the wrong value is reported once, not again as a missing figure
    assert "FACT_MISSING_FIGURE" not in fact_codes(draft, SEJONG)


def test_misattributed_quote():
    sheet = parse_fact_sheet(
        SHEET_TWO_PEOPLE, source="two.yaml"
    )
    draft = "이영수 국장은 “시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 낮추겠습니다”라고 말했다."
    findings = check_facts(draft, sheet)
    mis = [f for f in findings if f.code == "FACT_QUOTE_MISATTRIBUTED"]
    assert mis and "최민호 시장" in mis[0].message
    ok = draft.replace("이영수 국장은", "최민호 시장은")
    assert not [f for f in check_facts(ok, sheet) if f.code == "FACT_QUOTE_MISATTRIBUTED"]


def test_speaker_is_the_subject_not_a_bystander():
    sheet = parse_fact_sheet(SHEET_TWO_PEOPLE, source="two.yaml")
    draft = ("최민호 시장은 이영수 국장과 함께 “시민이 서류를 떼러 다니는 불편을 없애 "
             "행정의 문턱을 낮추겠습니다”라고 말했다.")
    assert not [f for f in check_facts(draft, sheet) if f.code == "FACT_QUOTE_MISATTRIBUTED"]


def test_missing_figure_for_press_release():
    draft = CLEAN.replace("이에 따라 연간 6만 3000명의 민원인이 서류를 떼러 다니지 않아도 된다.", "")
    missing = [f for f in check_facts(draft, SEJONG) if f.code == "FACT_MISSING_FIGURE"]
    assert len(missing) == 1 and "63,000명" in missing[0].message
    assert missing[0].severity == "warning"


def test_speech_requires_no_figure():
    text = SEJONG_PATH.read_text(encoding="utf-8").replace("kind: press_release", "kind: speech")
    sheet = parse_fact_sheet(text)
    assert check_facts("존경하는 시민 여러분, 반갑습니다.", sheet) == []


def test_contact_phone_and_release_date_are_not_flagged():
    draft = "2024년 4월 2일 배포. 문의: 민원과 044-300-1234"
    assert [f for f in check_facts(draft, SEJONG) if f.code != "FACT_MISSING_FIGURE"] == []


def test_findings_are_sorted_and_spans_valid():
    draft = CLEAN.replace("6만 3000명", "7만 명").replace("56종", "60종")
    findings = check_facts(draft, SEJONG)
    assert findings == sorted(findings, key=lambda f: (f.start, f.end, f.code))
    assert all(0 <= f.start <= f.end <= len(draft) for f in findings)


def test_range_supported_by_fact_statement():
    text = SEJONG_PATH.read_text(encoding="utf-8").replace(
        "facts:\n", "facts:\n  - 처리에는 3~5일이 걸린다.\n  - 수수료는 1만~2만 원이다.\n"
    )
    sheet = parse_fact_sheet(text)
    assert fact_codes("처리에는 3~5일, 수수료 1만~2만 원.", sheet) == ["FACT_MISSING_FIGURE"] * 2
    assert "FACT_UNSUPPORTED_NUMBER" in fact_codes("처리에는 3~7일이 걸린다.", sheet)


SHEET_TWO_PEOPLE = """
id: two-people
kind: chatbot_answer
title: 구비서류 제로화 안내
organization: 세종특별자치시
release_date: 2024-04-02
people:
  - {name: 최민호, title: 시장}
  - {name: 이영수, title: 국장}
quotes:
  - {speaker: 최민호, text: 시민이 서류를 떼러 다니는 불편을 없애 행정의 문턱을 낮추겠습니다.}
"""


def test_title_with_department():
    text = SEJONG_PATH.read_text(encoding="utf-8").replace(
        "  - {name: 최민호, title: 시장}", "  - {name: 최민호, title: 시장}\n  - {name: 박서연, title: 대중교통과장}"
    )
    sheet = parse_fact_sheet(text)
    assert "FACT_WRONG_TITLE" in fact_codes("박서연 교통정책과장은 설명했다.", sheet)
    assert "FACT_WRONG_TITLE" not in fact_codes("박서연 과장은 설명했다.", sheet)
    assert "FACT_WRONG_TITLE" not in fact_codes("박서연 대중교통과장은 설명했다.", sheet)


def test_bound_must_match_exactly():
    text = SEJONG_PATH.read_text(encoding="utf-8").replace(
        "facts:\n", "facts:\n  - 참여 대상은 만 65세 이상이다.\n"
    )
    sheet = parse_fact_sheet(text)
    assert "FACT_UNSUPPORTED_NUMBER" in fact_codes("대상은 만 60세 이상이다.", sheet)
    assert "FACT_UNSUPPORTED_NUMBER" not in fact_codes("대상은 만 65세 이상이다.", sheet)


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("63,000명", ("으로", "로"), "63,000명으로"),
        ("30%", ("으로", "로"), "30%로"),
        ("시장", ("으로", "로"), "시장으로"),
        ("2024년 3월 28일", ("으로", "로"), "2024년 3월 28일로"),
        ("56종", ("은", "는"), "56종은"),
        ("두 배", ("은", "는"), "두 배는"),
        ("15", ("을", "를"), "15를"),
        ("10", ("을", "를"), "10을"),
    ],
)
def test_particles_follow_the_last_sound(word, pair, expected):
    from civiclab.scoring.checks._josa import josa

    assert josa(word, *pair) == expected


def test_pasted_text_quirks_keep_original_spans():
    import unicodedata

    draft = CLEAN.replace("6만 3000명", "６만\u200b５０００명").replace("최민호 시장은", "최민호 부시장은")
    draft = unicodedata.normalize("NFD", draft)
    findings = check_facts(draft, SEJONG)
    got = {f.code: unicodedata.normalize("NFC", draft[f.start : f.end]) for f in findings}
    assert got["FACT_WRONG_VALUE"] == "６만\u200b５０００명"
    assert got["FACT_WRONG_TITLE"] == "최민호 부시장"
    assert check_facts(unicodedata.normalize("NFD", CLEAN), SEJONG) == []
