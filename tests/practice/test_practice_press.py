"""Press releases: sections, limits, facts, quotes, tone, grounding."""

import re

import pytest
from practice_fixtures import CONTACT, DATES_KO, FACT_BLOCK, FIGURES, QUOTE, grounded, user

from civiclab.llm.practice.model import generate, respond

SECTION_ORDERS = [
    ["제목", "부제", "리드", "본문", "인용", "문의처"],
    ["제목", "리드", "본문"],
    ["제목", "본문", "문의처"],
    ["리드", "제목", "인용"],  # unusual order: still followed
    ["제목", "부제", "본문", "인용"],
]


@pytest.mark.parametrize("order", SECTION_ORDERS)
def test_sections_present_and_in_the_order_asked(order):
    text = respond(grounded(f"보도자료를 작성하세요. {', '.join(order)} 순서로 쓰세요."))
    starts = [re.search(rf"^{name}:", text, re.MULTILINE) for name in order]
    assert all(starts), text
    positions = [m.start() for m in starts]
    assert positions == sorted(positions), text
    others = {"제목", "부제", "리드", "본문", "인용", "문의처"} - set(order)
    for name in others:
        assert not re.search(rf"^{name}:", text, re.MULTILINE), f"{name} was not asked for"


@pytest.mark.parametrize("limit", [120, 200, 300, 450, 800])
@pytest.mark.parametrize("word", ["이내", "이하"])
def test_length_limit_is_strict(limit, word):
    text = respond(grounded(f"보도자료를 {limit}자 {word}로 쓰세요."))
    assert len(text) <= limit
    assert len(text) >= min(limit, 300) * 0.5  # cut to fit, not emptied


def test_limit_keeps_title_and_lead_first():
    text = respond(grounded("보도자료를 150자 이내로 쓰세요."))
    assert text.startswith("세종시, 2024 세종 벚꽃축제 개최")
    assert "세종특별자치시는" in text


def test_title_limit_applies_to_the_title_only():
    text = respond(grounded("보도자료를 작성하세요. 제목, 리드, 본문 순서로 쓰고 제목은 15자 이내로 하세요."))
    title = re.search(r"^제목: (.*)$", text, re.MULTILINE).group(1)
    assert 0 < len(title) <= 15
    assert all(f in text for f in FIGURES)  # the body is not cut


def test_every_figure_and_date_of_the_fact_block_appears():
    text = respond(grounded("보도자료를 작성하세요."))
    for value in FIGURES:
        assert value in text
    for day in DATES_KO:
        assert day in text
    assert CONTACT in text


def test_quote_is_verbatim_and_attributed():
    text = respond(grounded("보도자료를 작성하세요. 최민호 시장의 말을 인용하세요."))
    assert f'최민호 시장은 "{QUOTE}"라고 말했다.' in text


def test_missing_quote_is_a_placeholder_not_an_invention():
    block = FACT_BLOCK.split("인용:")[0] + "문의처: 문화관광과 044-300-1234\n"
    text = respond(user(block + "\n보도자료를 제목, 리드, 본문, 인용 순서로 쓰세요."))
    assert re.search(r"^인용: \[발언 내용 확인 필요\]$", text, re.MULTILINE), text


@pytest.mark.parametrize(
    "tone, must, must_not",
    [
        ("", r"(한다|이다|밝혔다)\.", r"(요|습니다)\."),
        ("격식체로", r"(한다|이다|밝혔다)\.", r"요\."),
        ("시민에게 친근한 말투로", r"(해요|예요|이에요|어요)\.", r"(한다|습니다)\."),
        ("어린이들이 읽을 수 있게", r"(해요|예요|이에요|어요)\.", r"(한다|습니다)\."),
    ],
)
def test_tone_and_audience_change_the_endings(tone, must, must_not):
    text = respond(grounded(f"보도자료를 {tone} 작성하세요.".replace("  ", " ")))
    prose = "\n".join(ln for ln in text.split("\n")[1:] if '"' not in ln)  # not title, not quote
    assert re.search(must, prose), text
    assert not re.search(must_not, prose), text


def test_grounded_draft_has_all_figures_bare_draft_has_unsupported_ones():
    good = generate(grounded("보도자료를 제목, 부제, 리드, 본문, 인용, 문의처 순서로 쓰세요."))
    bare = generate(user("세종시 벚꽃 축제에 대한 보도자료를 써 줘"))
    assert all(v in good.text for v in FIGURES)
    assert good.invented == ()
    assert bare.invented, "a bare prompt must get made-up figures"
    prompt = "세종시 벚꽃 축제에 대한 보도자료를 써 줘"
    for made_up in bare.invented:
        assert made_up in bare.text and made_up not in prompt
    numbers = re.findall(r"\d[\d,]*", bare.text)
    assert len(numbers) >= 4  # fluent, confident, unsupported


def test_invent_false_gives_placeholders_and_no_numbers():
    text = respond(user("세종시 벚꽃 축제에 대한 보도자료를 써 줘"), invent=False)
    assert "[수치 확인 필요]" in text and "[날짜 확인 필요]" in text
    assert not re.search(r"\d", text), text


def test_bare_drafts_differ_by_prompt_but_not_by_run():
    a = respond(user("세종시 벚꽃 축제에 대한 보도자료를 써 줘"))
    b = respond(user("세종시 야간 버스 노선 신설에 대한 보도자료를 써 줘"))
    assert a == respond(user("세종시 벚꽃 축제에 대한 보도자료를 써 줘"))
    assert re.findall(r"\d[\d,]*", a) != re.findall(r"\d[\d,]*", b)
    assert "야간 버스 노선 신설" in b


def test_loose_bullets_and_key_value_lines_are_used_as_facts():
    prompt = ("다음 내용으로 보도자료를 써 주세요.\n- 세종시는 4월부터 심야 버스 2개 노선을 새로 운영한다\n"
              "- 배차 간격은 30분이다\n운행 대수: 12대\n요금: 1,500원\n500자 이내로 쓰세요.")
    r = generate(user(prompt))
    for value in ("2개 노선", "30분", "12대", "1,500원"):
        assert value in r.text
    assert r.invented == ()
    assert len(r.text) <= 500
    assert "500자" not in r.text  # an instruction is not a fact


def test_no_double_passive_or_unexplained_foreign_terms():
    for text in (respond(grounded("보도자료를 작성하세요.")),
                 respond(user("세종시 벚꽃 축제에 대한 보도자료를 써 줘"))):
        assert "되어지" not in text and "되어진" not in text
        assert not re.search(r"[A-Za-z]{2,}", text)


def test_fact_sheet_block_as_the_facts_package_writes_it():
    from practice_fixtures import SHEET_BLOCK

    r = generate(user(SHEET_BLOCK + "\n위 자료로 보도자료를 작성하세요."))
    assert r.task == "press" and r.invented == ()
    lines = r.text.split("\n")
    assert lines[0] == "세종시 공공시설, 한 누리집에서 예약"
    assert "세종특별자치시는 체육관, 회의실, 캠핑장 등 공공시설 예약을" in r.text  # lead names the org
    for value in ("240곳", "3일", "2025년 3월 17일(월)", "정보통신과 장예약 044-300-2874"):
        assert value in r.text
    quote = "여러 누리집을 돌아다니지 않고 한 곳에서 예약하실 수 있게 됐습니다."
    assert f'최민호 시장은 "{quote}"라고 말했다.' in r.text
    assert "보도자료" not in r.text and "자료 종류" not in r.text  # about the document, not news


def test_fact_sheet_kind_sets_the_task_when_the_prompt_does_not():
    from practice_fixtures import SHEET_BLOCK, SPEECH_SHEET

    assert generate(user(SHEET_BLOCK + "\n위 자료로 초안을 써 주세요.")).task == "press"
    assert generate(user(SPEECH_SHEET + "\n위 자료로 초안을 써 주세요.")).task == "speech"
