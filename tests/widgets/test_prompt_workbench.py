"""Notebook 07's workbench: save, lint and test a learner's YAML prompt offline."""

from __future__ import annotations

import pytest
from support import ROOT


@pytest.fixture
def wb(tmp_path, make_settings):
    from civiclab.widgets.prompt_workbench import PromptWorkbench

    s = make_settings(root=tmp_path / "root", prompts_dir=ROOT / "prompts", datasets_dir=ROOT / "datasets")
    return PromptWorkbench(s, learner="learner01")


def test_template_lints_clean_and_passes_its_test(wb):
    wb.lint_button.click()
    assert "점검 통과" in wb.lint_out.value and "저장했습니다" in wb.message.value
    assert [i for i in wb.issues if i.severity == "error"] == []
    assert (wb.folder() / "writing" / "writing.my_headline.yaml").is_file()
    wb.test_button.click()
    assert wb.report.passed and "통과 1" in wb.test_out.value and "규칙 기반 연습 모델" in wb.test_out.value


def test_lint_finds_a_learners_mistakes(wb):
    wb.yaml.value = wb.yaml.value.replace("    assertions:", "    assertionz:")
    wb.lint_button.click()
    assert "고칠 오류" in wb.lint_out.value and "assertionz" in wb.lint_out.value


def test_failing_case_is_reported(wb):
    wb.yaml.value = wb.yaml.value.replace("value: [축제]", "value: [불꽃놀이]")
    wb.test_button.click()
    assert not wb.report.passed and "실패 1" in wb.test_out.value


def test_bad_yaml_is_a_korean_message_and_earlier_work_is_kept(wb):
    wb.lint_button.click()
    saved = (wb.folder() / "writing" / "writing.my_headline.yaml").read_text(encoding="utf-8")
    good = wb.yaml.value
    wb.yaml.value = "id: [\n"
    wb.lint_button.click()
    assert "YAML 문법 오류" in wb.message.value and "해결 방법" in wb.message.value
    wb.yaml.value = good.replace("title: 행사 안내 보도자료 제목 제안", "title: 바꾼 제목")
    wb.lint_button.click()
    kept = list((wb.settings.state_path / "prompt_drafts" / "learner01").glob("writing.my_headline-*.yaml"))
    assert [p.read_text(encoding="utf-8") for p in kept] == [saved]


def test_bad_id_is_refused(wb):
    wb.yaml.value = wb.yaml.value.replace("id: writing.my_headline", "id: ../../etc")
    wb.lint_button.click()
    assert "id" in wb.message.value and not (wb.settings.root / "etc.yaml").exists()
