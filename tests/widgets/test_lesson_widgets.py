"""The lesson widgets, driven in Python as a learner drives them with the mouse."""

from __future__ import annotations

import pytest
from support import ROOT

FLAWED = (ROOT / "notebooks" / "data" / "05_고칠_보도자료.txt").read_text(encoding="utf-8")


@pytest.fixture
def lab(tmp_path, make_settings):
    return make_settings(root=tmp_path / "root", prompts_dir=ROOT / "prompts", datasets_dir=ROOT / "datasets")


# -- notebook 00 ---------------------------------------------------------------
def test_checks_table_labels_each_status_in_korean():
    from civiclab.doctor import Check
    from civiclab.widgets.checks_table import ChecksTable

    t = ChecksTable([Check("파이썬", True, "3.11"), Check("채점 과정", False, "없음", "폴더 확인", warn=True)])
    html = t._repr_html_()
    assert "정상" in html and "주의" in html and "문제" not in html.split("</table>")[0]
    assert "지장이 없습니다" in t.summary_ko()
    bad = ChecksTable([Check("모델 연결", False, "실패", "make install")])
    assert "문제 1건" in bad.summary_ko() and "make install" in bad._repr_html_()


def test_backend_info_never_shows_the_key(make_settings):
    from civiclab.widgets.checks_table import BackendInfo

    assert "규칙 기반 연습 모델" in BackendInfo(make_settings())._repr_html_()
    secret = "sk-test-" + "x" * 30
    real = BackendInfo(make_settings(backend="openai", api_key=secret, base_url="http://127.0.0.1:9/v1"))
    html = real._repr_html_()
    assert secret not in html and "설정됨" in html and "실제 언어 모델" in html
    assert "열쇠(API 키)를 쓰지 마세요" in html


# -- notebook 01 ---------------------------------------------------------------
def test_prompt_box_pii_blocked_then_sent_after_fix(lab):
    from civiclab.widgets.prompt_box import PromptBox

    text = '다음 민원을 요약해 주세요.\n"""\n김민수(휴대전화 010-2345-6789)가 전입신고 처리를 물었습니다.\n"""'
    box = PromptBox(text, settings=lab)
    box.send_button.click()
    assert "개인정보" in box.message.value and "해결 방법" in box.message.value
    assert box.prompt.value == text and box.answer.value == ""  # the learner's text stays
    box.prompt.value = text.replace("김민수", "홍길동").replace("010-2345-6789", "[전화번호]")
    box.send_button.click()
    assert box.message.value == "" and box.last_text and "규칙 기반 연습 모델" in box.status.value


def test_prompt_box_bare_prompt_invents_figures_and_is_scored(lab):
    from civiclab.widgets.prompt_box import PromptBox

    box = PromptBox("세종시가 민원 구비서류 제로화를 추진한다는 보도자료를 써 주세요.",
                    sheet="sejong-zero-docs", settings=lab)
    box.send_button.click()
    assert any(f.code.startswith("FACT_UNSUPPORTED") for f in box.last_report.findings)
    assert "총점" in box.report.value


def test_pii_table_masks_what_it_found(lab):
    from civiclab.widgets.pii_table import PiiTable

    t = PiiTable("주민등록번호 900101-1234567, 전화 044-300-2431", lab)
    html = t._repr_html_()
    assert len(t.matches) == 1 and "주민등록번호" in html and "900101-1234567" not in html
    assert "찾은 개인정보가 없습니다" in PiiTable("홍길동 [전화번호]", lab)._repr_html_()


# -- notebooks 02, 03 ---------------------------------------------------------
def test_report_comparison_and_history(lab):
    from civiclab.scoring import score_draft
    from civiclab.widgets._common import load_sheet
    from civiclab.widgets.compare import HistorySummary, ReportComparison
    from civiclab.widgets.draft_editor import DraftEditor

    sheet = load_sheet(lab, "sejong-zero-docs")
    r = score_draft(FLAWED, sheet, kind="press_release", settings=lab)
    html = ReportComparison({"가": r, "나": None})._repr_html_()
    assert f"{r.total:.1f}점" in html and "아직 없음" in html and "4건" in html  # four FACT_ errors
    assert "아직 채점한 초안이 없습니다" in HistorySummary(lab, "learner01")._repr_html_()
    ed = DraftEditor(FLAWED, sheet=sheet, settings=lab, learner="learner01")
    ed.score_button.click()
    ed.text.value = FLAWED.replace("3만 6000명", "6만 3000명")
    ed.score_button.click()
    rows = HistorySummary(lab, "learner01").by_sheet()
    assert rows["sejong-zero-docs"]["drafts"] == 2
    assert rows["sejong-zero-docs"]["last"] > rows["sejong-zero-docs"]["first"]


def test_open_playground_preselects_prompt_sheet_and_variables(lab):
    from civiclab.errors import InputError
    from civiclab.widgets.lesson import open_playground

    pg = open_playground("speech.opening_ceremony", "speech-festival-opening", settings=lab,
                         learner="learner01", variables={"minutes": "3", "unknown": "x"})
    assert pg.prompt.value == "speech.opening_ceremony"
    assert pg.sheet.value.endswith("speech-festival-opening.yaml")
    assert "[사실 자료]" in pg.fields["fact_sheet"].value and pg.fields["minutes"].value == "3"
    with pytest.raises(InputError, match="사실 자료"):
        open_playground("speech.opening_ceremony", "no-such-sheet", settings=lab, learner="learner01")


# -- notebook 05 ---------------------------------------------------------------
def test_draft_editor_flags_planted_errors_and_rewards_fixes(lab):
    from civiclab.history import read_history
    from civiclab.widgets.draft_editor import DraftEditor

    ed = DraftEditor(FLAWED, sheet="sejong-zero-docs", settings=lab, learner="learner01", record_as="nb:05")
    ed.score_button.click()
    codes = ed.last_report.codes if isinstance(ed.last_report.codes, list) else ed.last_report.codes()
    for code in ("FACT_WRONG_VALUE", "FACT_WRONG_TITLE", "STYLE_FOREIGN_TERM", "STYLE_DOUBLE_PASSIVE"):
        assert code in codes
    first = ed.last_report.total
    for bad, good in [("원스톱 서비스", "한자리 서비스"), ("3만 6000명", "6만 3000명"), ("21종", "12종"),
                      ("3월 18일", "3월 28일"), ("테스트베드", "시험대"), ("기대되어진다", "기대된다"),
                      ("민원여권국장", "민원여권과장")]:
        ed.text.value = ed.text.value.replace(bad, good)
    ed.score_button.click()
    assert ed.last_report.total > first + 30
    assert not [f for f in ed.last_report.findings if f.code.startswith(("FACT_", "STYLE_"))]
    events = read_history(lab, "learner01")
    assert [e["source"] for e in events] == ["edited", "edited"] and events[0]["prompt_ref"] == "nb:05"


def test_draft_editor_empty_text_is_a_korean_message(lab):
    from civiclab.widgets.draft_editor import DraftEditor

    ed = DraftEditor("   ", sheet="sejong-zero-docs", settings=lab, learner="learner01")
    ed.score_button.click()
    assert "비어 있습니다" in ed.message.value and ed.report.value == ""


@pytest.mark.parametrize("syllables,target,expected", [
    (900, "3", "알맞습니다"), (1500, "3", "약 2.0분 깁니다"), (300, "3", "약 2.0분 짧습니다"),
    (900, "", "목표 시간(분)을 입력"), (900, "세 분", "목표 시간(분)을 입력"), (0, "3", "아직 초안이 없습니다"),
])
def test_speech_timer(syllables, target, expected):
    from civiclab.widgets.compare import SpeechTimer

    t = SpeechTimer("가" * syllables + " A, B.", target)
    assert t.syllables == syllables and expected in t.verdict() and expected in t._repr_html_()
