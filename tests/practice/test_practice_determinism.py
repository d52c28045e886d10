"""Determinism, token estimates, robustness, and the Korean ending rules."""

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from practice_fixtures import chat, grounded, user

from civiclab.llm.practice import korean
from civiclab.llm.practice.model import (
    count_message_tokens,
    count_tokens,
    generate,
    respond,
    truncate_tokens,
)

PROMPTS = [
    grounded("보도자료를 작성하세요."),
    grounded("최민호 시장의 축사를 3분 분량으로 써 주세요."),
    user("세종시 벚꽃 축제에 대한 보도자료를 써 줘"),
    user("세종시 어르신 체육대회 축사를 2분 분량으로 써 줘"),
    chat("아빠장려금은 얼마나 받을 수 있나요?"),
    user("AI충녕으로서 답하세요. 질문: 농업인수당은 언제 신청하나요?"),
    grounded("이 보도자료의 제목을 3개 제안해 주세요."),
]
SRC = pathlib.Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize("messages", PROMPTS)
def test_same_messages_same_output(messages):
    first = respond(messages)
    assert first == respond(json.loads(json.dumps(messages)))
    assert respond(messages, invent=False) == respond(messages, invent=False)


def test_same_output_across_processes_with_different_hash_seeds():
    code = ("import json,sys; from civiclab.llm.practice.model import respond; "
            "print(json.dumps([respond(m) for m in json.load(sys.stdin)], ensure_ascii=False))")
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(SRC))
        run = subprocess.run([sys.executable, "-c", code], input=json.dumps(PROMPTS),
                             capture_output=True, text=True, env=env, check=True)
        outs.append(run.stdout)
    assert outs[0] == outs[1]
    assert json.loads(outs[0]) == [respond(m) for m in PROMPTS]


def test_no_builtin_hash_or_unseeded_random_in_the_model():
    for path in (SRC / "civiclab/llm/practice").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.`])hash\(", source), path
        assert "import random" not in source, path


def test_content_parts_are_read_like_strings():
    text = "세종시 벚꽃 축제에 대한 보도자료를 써 줘"
    parts = [{"role": "user", "content": [{"type": "text", "text": text}]}]
    assert respond(parts) == respond(user(text))


def test_max_tokens_cuts_like_a_model_and_reports_length():
    full = generate(grounded("보도자료를 작성하세요."))
    cut = generate(grounded("보도자료를 작성하세요."), max_tokens=40)
    assert cut.finish_reason == "length" and full.finish_reason == "stop"
    assert cut.completion_tokens <= 40 and full.text.startswith(cut.text)
    assert cut.prompt_tokens == full.prompt_tokens == count_message_tokens(grounded("보도자료를 작성하세요."))


@pytest.mark.parametrize(
    "text, tokens",
    [("", 0), ("   ", 0), ("가나다", 3), ("hello", 2), ("12345", 2), ("세종시 63,000명!", 3 + 1 + 1 + 1 + 1 + 1)],
)
def test_count_tokens_table(text, tokens):
    assert count_tokens(text) == tokens


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_count_tokens_is_subadditive_and_truncation_fits(a, b):
    assert count_tokens(a + b) <= count_tokens(a) + count_tokens(b)
    assert count_tokens(a) >= 0
    for limit in (0, 3, 10):
        assert count_tokens(truncate_tokens(a, limit)) <= limit


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["system", "user", "assistant"]), min_size=1, max_size=3),
       st.lists(st.text(alphabet=st.sampled_from(list("보도자료연설축사요약제목[]-:\"`\n 0123456789자이내분")),
                        max_size=80), min_size=3, max_size=3))
def test_any_prompt_gets_a_string_without_error(roles, texts):
    messages = [{"role": r, "content": t} for r, t in zip(roles, texts)]
    out = respond(messages)
    assert isinstance(out, str) and out == respond(messages)


ENDINGS = [
    # (input, 합쇼체, 해라체, 해요체)
    ("시는 축제를 개최한다.", "시는 축제를 개최합니다.", "시는 축제를 개최한다.", "시는 축제를 개최해요."),
    ("행사에 3만 명이 참여했다.", "행사에 3만 명이 참여했습니다.", "행사에 3만 명이 참여했다.", "행사에 3만 명이 참여했어요."),
    ("참가비 무료", "참가비 무료입니다.", "참가비 무료다.", "참가비 무료예요."),
    ("예산은 12억 원임", "예산은 12억 원입니다.", "예산은 12억 원이다.", "예산은 12억 원이에요."),
    ("신청은 온라인으로 받음", "신청은 온라인으로 받습니다.", "신청은 온라인으로 받는다.", "신청은 온라인으로 받아요."),
    ("행사가 열립니다.", "행사가 열립니다.", "행사가 열린다.", "행사가 열려요."),
    ("자료가 많다.", "자료가 많습니다.", "자료가 많다.", "자료가 많아요."),
    ("정말 반갑습니다.", "정말 반갑습니다.", "정말 반갑다.", "정말 반가워요."),
    ("함께해 주십시오.", "함께해 주십시오.", "함께해 주기 바란다.", "함께해 주세요."),
    ("다음 달부터 바뀝니다.", "다음 달부터 바뀝니다.", "다음 달부터 바뀐다.", "다음 달부터 바뀌어요."),
    ("그것은 사실이 아닙니다.", "그것은 사실이 아닙니다.", "그것은 사실이 아니다.", "그것은 사실이 아니에요."),
    ("상담 서비스다.", "상담 서비스입니다.", "상담 서비스다.", "상담 서비스예요."),
    ("속도가 빠르다.", "속도가 빠릅니다.", "속도가 빠르다.", "속도가 빨라요."),
    ("통합 예약 누리집은 문을 연다.", "통합 예약 누리집은 문을 엽니다.", "통합 예약 누리집은 문을 연다.",
     "통합 예약 누리집은 문을 열어요."),
    ("어디에서 신청합니까?", "어디에서 신청합니까?", "어디에서 신청합니까?", "어디에서 신청하나요?"),
]


@pytest.mark.parametrize("text, formal, plain, polite", ENDINGS)
def test_sentence_endings(text, formal, plain, polite):
    f = korean.to_formal(text)
    assert f == formal
    assert korean.formal_to(f, "plain") == plain
    assert korean.formal_to(f, "polite") == polite


@pytest.mark.parametrize(
    "word, particle, out",
    [("세종특별자치시", "은", "세종특별자치시는"), ("63,000명", "이", "63,000명이"), ("2", "을", "2를"),
     ("서울", "으로", "서울로"), ("학교", "으로", "학교로"), ("집", "로", "집으로"), ("43%", "은", "43%는")],
)
def test_particles(word, particle, out):
    assert korean.josa(word, particle) == out


def test_dates_in_korean_with_weekday():
    assert korean.date_ko("2024-03-28") == "2024년 3월 28일(목)"
    assert korean.date_ko("2024. 3. 31.", year=False, weekday=False) == "3월 31일"
    assert korean.date_ko("미정") == "미정"


@pytest.mark.parametrize(
    "text, spoken",
    [("2,300,000,000원", "23억 원"), ("63,000명", "6만 3,000명"), ("2,435,000,000,000원", "2조 4,350억 원"),
     ("1,500원", "1,500원"), ("044-300-1234", "044-300-1234"), ("3.5%", "3.5%"), ("100000명", "10만 명")],
)
def test_speakable_numbers(text, spoken):
    assert korean.speakable_numbers(text) == spoken
