"""The playground's callbacks, driven in Python as a learner drives them with the mouse."""

from __future__ import annotations

import shutil

import pytest
from support import ROOT

SHEET = ROOT / "tests" / "facts" / "data" / "sejong-zero-docs.yaml"


@pytest.fixture
def lab(tmp_path, make_settings):
    (tmp_path / "datasets" / "fact_sheets").mkdir(parents=True)
    shutil.copy(SHEET, tmp_path / "datasets" / "fact_sheets" / SHEET.name)
    (tmp_path / "prompts").symlink_to(ROOT / "prompts")
    return make_settings(root=tmp_path)


@pytest.fixture
def pg(lab):
    from civiclab.widgets import Playground

    return Playground(lab, learner="learner01")


def pick(pg, prompt_id, sheet=True):
    pg.prompt.value = prompt_id
    if sheet:
        pg.sheet.value = str(pg.session.sheet_paths[0])


def test_labels_are_korean_and_practice_model_is_labelled(pg):
    assert pg.generate_button.description == "초안 만들기"
    assert "인공지능이 아니며" in pg.backend_note.value


def test_generate_fills_draft_and_score(pg):
    pick(pg, "press_release.policy_announcement")
    assert "[사실 자료]" in pg.fields["fact_sheet"].value
    pg.generate_button.click()
    assert pg.message.value == ""
    assert "63,000" in pg.draft.value or "6만 3" in pg.draft.value
    assert "<table" in pg.report.value and "점" in pg.report.value
    assert "규칙 기반 연습 모델" in pg.status.value


def test_edit_and_rescore_records_history(pg, lab):
    from civiclab.history import read_history

    pick(pg, "press_release.policy_announcement")
    pg.generate_button.click()
    first = read_history(lab, "learner01")[-1]["total"]
    pg.draft.value = pg.draft.value.replace("63,000명", "7만 명").replace("6만 3000명", "7만 명")
    pg.score_button.click()
    events = read_history(lab, "learner01")
    assert [e["source"] for e in events] == ["generated", "edited"]
    assert events[-1]["total"] < first and any(c.startswith("FACT_") for c in events[-1]["codes"])


def test_search_filters_prompts(pg):
    pg.search.value = "챗봇"
    assert pg.prompt.options and all("chatbot" in v for _, v in pg.prompt.options)
    pg.search.value = ""
    pg.task.value = "speech"
    assert all(v.startswith("speech.") for _, v in pg.prompt.options)


def test_pii_in_a_field_shows_korean_error_and_keeps_inputs(pg):
    pick(pg, "press_release.policy_announcement")
    block = pg.fields["fact_sheet"].value + "\n- 담당자 휴대전화: 010-2345-6789"
    pg.fields["fact_sheet"].value = block
    pg.generate_button.click()
    assert "개인정보" in pg.message.value and "해결 방법" in pg.message.value
    assert pg.fields["fact_sheet"].value == block
    assert not pg.generate_button.disabled


def test_real_model_not_configured_is_said_on_screen(pg):
    pick(pg, "press_release.policy_announcement")
    pg.backend.value = "openai"
    assert "설정되어 있지 않습니다" in pg.backend_note.value
    pg.generate_button.click()
    assert "실제 언어 모델이 설정되어 있지 않습니다" in pg.message.value


def test_compare_side_by_side(pg):
    pick(pg, "press_release.policy_announcement")
    pg.compare_prompt.value = "press_release.service_launch"
    pg.compare_button.click()
    assert pg.message.value == ""
    assert pg.compare_out.value.count("civiclab-compare-col") == 2 and "service_launch@1" in pg.compare_out.value


def test_compare_with_a_version_needing_other_inputs_explains_itself(pg):
    pick(pg, "press_release.policy_announcement")
    pg.compare_prompt.value = "press_release.policy_announcement"
    pg.compare_version.value = 1  # the retired topic-only version
    pg.compare_button.click()
    assert "topic" in pg.message.value and "해결 방법" in pg.message.value


def test_save_prompt_keeps_every_version(pg, lab):
    import yaml

    pick(pg, "press_release.policy_announcement")
    pg.template_boxes["system"].value += "\n문장은 짧게 쓰세요."
    pg.save_id.value = "press_release.my_version"
    pg.save_button.click()
    pg.save_button.click()
    saved = sorted((lab.root / "my_prompts" / "learner01").glob("*.yaml"))
    assert [p.name for p in saved] == ["press_release.my_version.yaml"]
    data = yaml.safe_load(saved[0].read_text(encoding="utf-8"))
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert "문장은 짧게" in data["versions"][0]["messages"][0]["content"]
    from civiclab.prompts import PromptLibrary

    lib = PromptLibrary.load(saved[0].parent)
    assert lib.get("press_release.my_version@staging").version == 2
    assert not lib.errors, [e.format_ko() for e in lib.errors]


def test_bad_save_id_is_a_korean_message(pg):
    pick(pg, "press_release.policy_announcement")
    pg.save_id.value = "../../etc/passwd"
    pg.save_button.click()
    assert "모양이 틀렸습니다" in pg.message.value


def test_export_docx(pg, lab):
    import docx

    pick(pg, "press_release.policy_announcement")
    pg.generate_button.click()
    pg.export_button.click()
    files = list((lab.root / "my_drafts" / "learner01").glob("*.docx"))
    assert len(files) == 1
    text = "\n".join(p.text for p in docx.Document(files[0]).paragraphs)
    assert "구비서류" in text


def test_speech_speaking_time_reaches_the_scorer(pg):
    pick(pg, "speech.opening_ceremony")
    for name, value in {"speaker": "최민호 시장", "event": "구비서류 제로화 선포식", "audience": "시민",
                        "minutes": "1"}.items():
        if name in pg.fields:
            pg.fields[name].value = value
    pg.generate_button.click()
    assert pg.message.value == ""
    too_long = pg.session.score(pg.draft.value, pg.sheet.value, "speech", minutes="10분")
    no_target = pg.session.score(pg.draft.value, pg.sheet.value, "speech", minutes=None)
    extra = set(too_long.codes()) - set(no_target.codes())
    assert extra and all(code.startswith("STRUCTURE_") for code in extra)
