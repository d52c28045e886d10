"""Issue 2's promise: with the practice model, a grounded, structured prompt scores higher than a bare one."""

from __future__ import annotations

from support import ROOT

from civiclab.facts import load_fact_sheet
from civiclab.llm import Gateway
from civiclab.scoring import score_draft

SHEET = ROOT / "tests" / "facts" / "data" / "sejong-zero-docs.yaml"


def test_grounded_prompt_beats_bare_prompt(make_settings):
    sheet = load_fact_sheet(SHEET)
    gw = Gateway(make_settings())
    bare = gw.generate([{"role": "user", "content": "세종시 구비서류 제로화 보도자료 써 줘"}])
    grounded = gw.generate([
        {"role": "system", "content": "당신은 세종특별자치시 대변인실의 보도자료 담당자입니다. 사실 자료에 없는 수치와 날짜는 쓰지 않습니다."},
        {"role": "user", "content": "아래 사실 자료로 보도자료를 쓰세요. 제목, 부제, 리드, 본문, 인용, 문의처 순서로, "
                                    "1,200자 이내로 쓰세요. 인용은 최민호 시장의 말을 그대로 쓰세요.\n\n" + sheet.to_prompt_block()},
    ])
    bare_report = score_draft(bare.text, sheet, kind="press_release")
    grounded_report = score_draft(grounded.text, sheet, kind="press_release")
    bare_facts = [f for f in bare_report.findings if f.code.startswith("FACT_")]
    grounded_facts = [f for f in grounded_report.findings if f.code.startswith("FACT_") and f.severity == "error"]
    assert bare_facts, "the bare prompt should yield unsupported figures"
    assert grounded_facts == []
    assert grounded_report.total > bare_report.total + 10


def test_practice_model_with_inventions_off_writes_placeholders(make_settings):
    gw = Gateway(make_settings(practice_invents=False))
    text = gw.generate([{"role": "user", "content": "세종시 구비서류 제로화 보도자료 써 줘"}]).text
    assert "확인 필요" in text
