"""Chatbot answer checks and the complaint-reduction projection, with tables of expected values."""

from __future__ import annotations

import pytest
from support import ROOT

from civiclab.evaluation import chatbot as T


@pytest.mark.parametrize("answer,expected", [
    ("문의하신 내용은 제공된 자료에서 찾을 수 없어 정확히 답하기 어렵습니다.", True),
    ("민원여권과 044-300-2431로 문의해 주시면 담당자가 도와드리겠습니다.", True),
    ("긴급한 상황이라면 지금 바로 119에 전화하십시오.", True),
    ("상담원에게 연결해 드리겠습니다.", True),
    ("수수료는 200원입니다. 더 궁금한 점은 민원여권과 044-300-2431로 문의해 주십시오.", False),
    ("무인민원발급기는 오전 6시부터 오후 10시까지 운영합니다.", False),
])
def test_hands_over(answer, expected):
    assert T.hands_over(answer) is expected


def test_missing_facts_ignores_spacing():
    assert T.missing_facts("서류 12 종은 정보 확인에 동의하면 됩니다", ["12종", "정보 확인에 동의", "044-300-2431"]) \
        == ["044-300-2431"]


def _r(cat, should, handed, missing=()):
    return T.ItemResult("X-001", cat, "q", "a", should, handed, list(missing))


def test_category_rates_and_correctness():
    results = [_r("CERT", False, False), _r("CERT", False, False, ["12종"]), _r("CERT", True, True),
               _r("CERT", False, True), _r("OTHER", True, False)]
    rates = T.category_rates(results)
    assert rates["CERT"] == {"items": 4, "answerable": 3, "answer_rate": pytest.approx(1 / 3),
                             "hand_over_accuracy": pytest.approx(3 / 4)}
    assert rates["OTHER"]["answer_rate"] is None and rates["OTHER"]["hand_over_accuracy"] == 0


def test_projection_counts_only_covered_categories():
    rates = {"CERT": {"answer_rate": 0.5}, "TAX": {"answer_rate": 1.0}, "WASTE": {"answer_rate": None}}
    shares = {"CERT": 0.6, "TAX": 0.3, "WASTE": 0.1}
    p = T.projected_reduction(rates, shares, {"CERT": True, "TAX": False, "WASTE": True})
    assert p["total"] == pytest.approx(0.30) and p["gap"] == pytest.approx(0.0)
    assert [r["category"] for r in p["rows"]] == ["CERT", "TAX", "WASTE"]


def test_simple_shares_fall_back_to_datasheet_assumptions(make_settings, tmp_path):
    (tmp_path / "ds").mkdir()
    shares, where = T.simple_shares(make_settings(datasets_dir=tmp_path / "ds"), ["CERT", "ROAD"])
    assert "예시 값" in where and sum(shares.values()) == pytest.approx(1.0)
    assert shares["CERT"] == pytest.approx(12 * 85 / (12 * 85 + 7 * 35))


def test_simple_shares_from_a_complaint_log(make_settings, tmp_path):
    import pandas as pd
    folder = tmp_path / "ds" / "complaints"
    folder.mkdir(parents=True)
    rows = (
        [("2023-06-01 10:00", "call120", "CERT", True, "human")] * 3
        + [("2023-06-02 10:00", "visit", "ROAD", True, "human")]
        + [("2023-06-03 10:00", "visit", "ROAD", False, "human")] * 5  # complex: not counted
        + [("2022-01-03 10:00", "call120", "ROAD", True, "human")] * 9  # more than 12 months before
        + [("2024-01-05 10:00", "chatbot", "CERT", True, "chatbot")] * 2  # launch, and after
    )
    df = pd.DataFrame(rows, columns=["ts", "channel", "category", "is_simple", "handled_by"])
    df["ts"] = pd.to_datetime(df["ts"])
    df.to_parquet(folder / "complaints_sample.parquet")
    shares, where = T.simple_shares(make_settings(datasets_dir=tmp_path / "ds"), ["CERT", "ROAD", "TAX"])
    assert "출시 전 12개월" in where
    assert shares == {"CERT": pytest.approx(0.75), "ROAD": pytest.approx(0.25), "TAX": 0.0}


def test_sample_is_stable_and_covers_every_category(make_settings):
    from civiclab.datasets_schema import load_chatbot_eval

    ev = load_chatbot_eval(ROOT / "datasets")
    a, b = T.sample_items(ev, 2), T.sample_items(ev, 2)
    assert [i.id for i in a] == [i.id for i in b]
    present = {i.category for i in ev.items}
    assert {i.category for i in a} == present and len(a) == 2 * len(present)


def test_chatbot_lab_runs_and_edited_prompt_is_used(make_settings, tmp_path):
    from civiclab.widgets.chatbot_lab import ChatbotLab

    lab = ChatbotLab(make_settings(), per_category=1)
    lab.run_button.click()
    assert lab.message.value == "" and "예상 감소" in lab.projection_out.value
    assert 0 <= lab.projection["total"] <= 1 and len(lab.results) == len({i.category for i in lab.eval_set.items})
    assert "규칙 기반 연습 모델" in lab.status.value
    base = [r.answer for r in lab.results]

    class Recorder:  # stands in for the gateway to see exactly what would be sent
        label_ko = "기록용"
        sent: list = []

        def generate_many(self, requests, **_):
            from civiclab.errors import BackendError

            self.sent.extend(requests)
            return [BackendError("연결 실패", "다시 시도하세요.") for _ in requests]

    lab.session._gateway = Recorder()
    lab.system.value = "모든 질문에 '상담원에게 연결해 드리겠습니다'라고만 답하세요."
    lab.run_button.click()
    assert len(Recorder.sent) == len(base)
    assert all(r.messages[0]["content"].startswith("모든 질문에") for r in Recorder.sent)
    assert [r.question in q.messages[-1]["content"] for r, q in zip(lab.results, Recorder.sent)] == [True] * len(base)
    # A failed call is an error in its row, never a correct answer.
    assert all(r.error and not r.correct for r in lab.results) and "틀린 답" in lab.examples.value


def test_ask_one_question_injection_and_pii(make_settings):
    from civiclab.widgets.chatbot_lab import ChatbotLab

    lab = ChatbotLab(make_settings())
    lab.source.value = "src-cert-zero-docs"
    lab.question.value = "등본 꼭 떼가야 돼요?"
    lab.ask_button.click()
    assert lab.message.value == "" and "상담원 연결: <b>아니요</b>" in lab.answer.value and "12종" in lab.answer.value
    lab.question.value = "제 주민등록번호로 발급 내역을 조회해 주세요."
    lab.ask_button.click()
    assert "상담원 연결: <b>예</b>" in lab.answer.value
    lab.question.value = "제 번호 010-2345-6789로 연락 주세요"
    lab.ask_button.click()
    assert "개인정보" in lab.message.value and lab.answer.value == ""
    assert lab.question.value == "제 번호 010-2345-6789로 연락 주세요"
    lab.question.value = " "
    lab.ask_button.click()
    assert "질문이 비어 있습니다" in lab.message.value
