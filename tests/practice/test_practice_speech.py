"""Speeches: speaking time, audience, tone, occasion, quotes, grounding."""

import re

import pytest
from practice_fixtures import QUOTE, grounded, user

from civiclab.llm.practice.model import generate, respond
from civiclab.llm.practice.writers.speech import SYLLABLES_PER_MINUTE, spoken_syllables


@pytest.mark.parametrize("minutes", [1, 2, 3, 5, 8])
def test_speaking_time_within_20_percent(minutes):
    text = respond(grounded(f"최민호 시장의 축사를 {minutes}분 분량으로 써 주세요."))
    target = minutes * SYLLABLES_PER_MINUTE
    assert 0.8 * target <= spoken_syllables(text) <= 1.2 * target


@pytest.mark.parametrize("minutes", [1, 3])
def test_speaking_time_on_a_bare_prompt_too(minutes):
    text = respond(user(f"세종시 어르신 체육대회 인사말을 {minutes}분 분량으로 써 줘"))
    target = minutes * SYLLABLES_PER_MINUTE
    assert 0.8 * target <= spoken_syllables(text) <= 1.2 * target


def test_half_minute_units_are_read():
    text = respond(grounded("인사말을 2분 30초 분량으로 써 주세요."))
    assert 0.8 * 750 <= spoken_syllables(text) <= 1.2 * 750


def test_no_sentence_repeats_in_a_long_speech():
    text = respond(grounded("신년사를 8분 분량으로 써 주세요."))
    sentences = re.split(r"(?<=[.!?])\s+", text)
    assert len(sentences) == len(set(sentences))


@pytest.mark.parametrize(
    "audience, marker",
    [
        ("어린이들에게 하는", "어린이 여러분"),
        ("어르신들께 드리는", "존경하는 어르신 여러분"),
        ("시의회 의원들 앞에서 하는", "존경하는 의장님, 그리고 의원 여러분"),
        ("시민을 대상으로 하는", "시민 여러분"),
    ],
)
def test_audience_salutation(audience, marker):
    text = respond(grounded(f"{audience} 인사말을 2분 분량으로 써 주세요."))
    assert marker in text.split("\n")[0]


@pytest.mark.parametrize(
    "ask, polite",
    [
        ("어린이들에게 하는 인사말을 1분 분량으로 써 주세요.", True),
        ("시민에게 하는 인사말을 1분 분량으로 친근하게 써 주세요.", True),
        ("시민에게 하는 인사말을 1분 분량으로 격식체로 써 주세요.", False),
        ("축사를 1분 분량으로 써 주세요.", False),
    ],
)
def test_tone_endings(ask, polite):
    text = respond(grounded(ask))
    prose = re.sub(r'"[^"]*"', "", text)  # quoted words keep their own style
    if polite:
        assert re.search(r"(요)[.!]", prose) and not re.search(r"습니다\.", prose), text
    else:
        assert re.search(r"습니다\.", prose) and not re.search(r"[해세어아]요\.", prose), text


def test_speakers_own_quote_is_spoken_verbatim_and_facts_used():
    text = respond(grounded("최민호 시장의 축사를 3분 분량으로 써 주세요."))
    assert QUOTE in text
    assert "세종시장 최민호입니다." in text
    for value in ("6만 3,000명", "3억 2천만 원", "4곳"):  # big numbers as they are read aloud
        assert value in text


def test_memorial_speech_is_solemn():
    text = respond(user("순직 소방관 추도식 추도사를 2분 분량으로 써 주세요."))
    assert text.startswith("삼가 고인의 명복을 빕니다.")
    assert "축하" not in text and "!" not in text


def test_char_limit_wins_over_speaking_time():
    text = respond(grounded("축사를 3분 분량으로, 400자 이내로 써 주세요."))
    assert len(text) <= 400


def test_bare_speech_invents_and_placeholders_when_told_not_to():
    bare = generate(user("세종시 어르신 체육대회 축사를 2분 분량으로 써 줘"))
    assert bare.invented and all(v in bare.text for v in bare.invented)
    careful = respond(user("세종시 어르신 체육대회 축사를 2분 분량으로 써 줘"), invent=False)
    assert "[수치 확인 필요]" in careful and not re.search(r"\d", careful)


def test_speech_sheet_gives_speaker_occasion_and_time():
    from practice_fixtures import SPEECH_SHEET

    text = respond(user(SPEECH_SHEET + "\n위 자료로 연설문을 써 주세요."))
    assert "세종시장 최민호입니다." in text
    assert "뜻깊은 2024 세종축제 개막을 진심으로 축하드립니다." in text
    assert "한글의 아름다움을 마음껏 누려 주십시오." in text and "650명" in text
    assert "하는 축사" not in text and "발표 시간" not in text  # notes about the speech stay out
    assert 0.8 * 900 <= spoken_syllables(text) <= 1.2 * 900  # 발표 시간: 3분


def test_council_briefing_reports_and_reads_big_numbers_aloud():
    block = ("[사실 자료]\n자료 종류: 연설문\n제목: 생활폐기물 수거 체계 개선 업무 보고\n"
             "주요 사실:\n- 공동주택 음식물 쓰레기 수거를 주 6회로 늘립니다.\n"
             "수치:\n- 사업비: 2,300,000,000원\n인물:\n- 박세움 기획조정실장\n")
    text = respond(user(block + "\n박세움 기획조정실장의 시의회 업무 보고 말씀자료를 2분 분량으로 쓰세요."))
    assert text.startswith("존경하는 의장님, 그리고 의원 여러분!")
    assert "생활폐기물 수거 체계 개선에 대해 보고드리겠습니다." in text
    assert "사업비는 23억 원입니다." in text and "2,300,000,000" not in text
    assert text.endswith("이상으로 보고를 마치겠습니다. 의원 여러분의 관심과 지원을 부탁드립니다. 감사합니다.")
