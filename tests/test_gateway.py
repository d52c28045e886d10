"""The gateway against a real local HTTP server speaking the OpenAI API."""

from __future__ import annotations

import pytest

from civiclab.errors import BackendError, BudgetExceededError, ConfigError, PiiBlockedError
from civiclab.llm import ChatRequest, Gateway
from civiclab.llm.ledger import read_ledger

MSG = [{"role": "system", "content": "보도자료를 씁니다."}, {"role": "user", "content": "제목을 제안해 주세요."}]
RRN = "900101-1234567"


def remote(make_settings, server, **kw):
    kw.setdefault("max_retries", 2)
    kw.setdefault("timeout", 5)
    return make_settings(backend="openai", base_url=server.base_url, api_key="sk-test-secret-000", model="fake-model", **kw)


def test_generate_goes_through_the_openai_client(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai))
    gen = gw.generate(MSG, temperature=0.2, max_tokens=50, prompt_ref="press_release.headline@2")
    assert gen.text.startswith("모의 답변")
    assert (gen.prompt_tokens, gen.completion_tokens) == (11, 7)
    assert not gen.cached and gen.backend == "openai"
    sent = fake_openai.chat_requests[0]
    assert sent["model"] == "fake-model" and sent["temperature"] == 0.2 and sent["max_tokens"] == 50
    assert sent["_auth"] == "Bearer sk-test-secret-000"


def test_second_identical_call_is_served_by_the_cache(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai))
    first = gw.generate(MSG)
    second = gw.generate(MSG)
    assert second.cached and second.text == first.text
    assert len(fake_openai.chat_requests) == 1
    frame = read_ledger(gw.settings)
    assert list(frame["cache_hit"]) == [False, True]


def test_cache_off_calls_every_time(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai, cache=False))
    gw.generate(MSG)
    gw.generate(MSG)
    assert len(fake_openai.chat_requests) == 2


def test_429_then_200_is_retried(make_settings, fake_openai):
    fake_openai.script.extend(["429", "ok"])
    gen = Gateway(remote(make_settings, fake_openai)).generate(MSG)
    assert gen.text.startswith("모의 답변")
    assert len(fake_openai.chat_requests) == 2


def test_500_exhausts_retries_with_korean_message_and_is_not_cached(make_settings, fake_openai):
    fake_openai.script.extend(["500", "500", "500"])
    gw = Gateway(remote(make_settings, fake_openai))
    with pytest.raises(BackendError) as info:
        gw.generate(MSG)
    assert "오류" in info.value.problem and info.value.fix
    assert info.value.request.messages == MSG  # the learner's input is kept
    assert len(fake_openai.chat_requests) == 3  # first try + 2 retries
    gen = gw.generate(MSG)  # the failure was not cached
    assert not gen.cached and gen.text.startswith("모의 답변")
    frame = read_ledger(gw.settings)
    assert list(frame["status"]) == ["error", "ok"]


@pytest.mark.parametrize(
    "action, words",
    [("401", "인증"), ("404", "찾을 수 없습니다"), ("malformed", "알아볼 수 없는"), ("empty", "빈 답변"),
     ("truncated", "답변이 없습니다")],
)
def test_faults_give_korean_messages(make_settings, fake_openai, action, words):
    fake_openai.script.append(action)
    with pytest.raises(BackendError) as info:
        Gateway(remote(make_settings, fake_openai, max_retries=0)).generate(MSG)
    assert words in info.value.problem
    assert "sk-test-secret" not in info.value.format_ko()


def test_slow_server_times_out(make_settings, fake_openai):
    fake_openai.script.append("slow:3")
    with pytest.raises(BackendError) as info:
        Gateway(remote(make_settings, fake_openai, timeout=0.5, max_retries=0)).generate(MSG)
    assert "답하지 않았습니다" in info.value.problem


def test_refused_connection(make_settings):
    settings = make_settings(backend="openai", base_url="http://127.0.0.1:9/v1", api_key="k", max_retries=0)
    with pytest.raises(BackendError) as info:
        Gateway(settings).generate(MSG)
    assert "연결할 수 없습니다" in info.value.problem


def test_pii_block_sends_nothing(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai))
    msg = [{"role": "user", "content": f"민원인 주민등록번호 {RRN}, 연락처 010-2345-6789 입니다."}]
    with pytest.raises(PiiBlockedError) as info:
        gw.generate(msg)
    assert "주민등록번호" in info.value.problem and "휴대전화 번호" in info.value.problem
    assert fake_openai.received == []
    assert list(read_ledger(gw.settings)["status"]) == ["blocked"]


def test_pii_redact_sends_placeholders_only(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai, pii_policy="redact"))
    gen = gw.generate([{"role": "user", "content": f"주민등록번호 {RRN} 확인"}])
    body = str(fake_openai.received)
    assert RRN not in body and "[주민등록번호]" in body
    assert gen.redactions[0]["kind"] == "rrn"


def test_office_numbers_are_allowed(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai))
    gw.generate([{"role": "user", "content": "문의: 민원과 044-300-1234"}])
    assert len(fake_openai.chat_requests) == 1


def test_untrusted_endpoint_is_refused(make_settings, fake_openai):
    settings = remote(make_settings, fake_openai, trusted_endpoints=["https://gateway.example.go.kr/v1"])
    with pytest.raises(ConfigError):
        Gateway(settings).generate(MSG)
    assert fake_openai.received == []


def test_budget_refuses_before_sending(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai, budget_tokens_per_learner=200))
    gw.generate(MSG, max_tokens=20)
    with pytest.raises(BudgetExceededError) as info:
        gw.generate([{"role": "user", "content": "다른 질문"}], max_tokens=190)
    assert "learner01" in info.value.problem and "다시 채워집니다" in info.value.fix
    assert len(fake_openai.chat_requests) == 1


def test_cohort_budget_in_krw(make_settings, fake_openai):
    prices = {"fake-model": {"input_per_1k": 1000.0, "output_per_1k": 1000.0}}
    gw = Gateway(remote(make_settings, fake_openai, prices=prices, budget_krw_per_cohort=40.0))
    gen = gw.generate(MSG, max_tokens=1)
    assert gen.cost_krw == pytest.approx(18.0)
    with pytest.raises(BudgetExceededError) as info:
        gw.generate([{"role": "user", "content": "또"}], max_tokens=30)
    assert "2025-04-A" in info.value.problem


def test_batch_keeps_order_and_reports_item_errors(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai))
    reqs = [ChatRequest([{"role": "user", "content": f"질문 {i}"}]) for i in range(6)]
    reqs.insert(3, {"messages": [{"role": "user", "content": f"번호 {RRN}"}]})
    results = gw.generate_many(reqs, concurrency=4, progress=False)
    assert isinstance(results[3], PiiBlockedError)
    texts = [r.text for i, r in enumerate(results) if i != 3]
    assert texts == [f"모의 답변: 질문 {i}" for i in range(6)]


def test_api_key_never_stored(make_settings, fake_openai):
    gw = Gateway(remote(make_settings, fake_openai))
    gw.generate(MSG)
    for name in ("cache.sqlite", "ledger.sqlite"):
        for f in gw.settings.state_path.glob(name + "*"):
            assert b"sk-test-secret" not in f.read_bytes()
    assert "sk-test-secret" not in str(gw.settings.redacted())


def test_bad_messages_are_input_errors():
    from civiclab.errors import InputError

    for bad in ([], [{"role": "boss", "content": "x"}], [{"content": "x"}], [{"role": "user", "content": 3}]):
        with pytest.raises(InputError):
            ChatRequest(bad)
