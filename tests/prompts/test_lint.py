"""One failing example per lint rule, and a clean library passes."""

from __future__ import annotations

import pytest
from promptkit import GOOD, write

from civiclab.prompts import PromptLibrary
from civiclab.prompts.lint import lint_library
from civiclab.prompts.lock import update_lock

PATH = "prompts/press_release/press_release.sample.yaml"


def lint(project, text=None):
    if text is not None:
        write(project, PATH, text)
    lib = PromptLibrary.load(project / "prompts")
    issues, _ = lint_library(lib, project_root=project)
    return lib, issues


def codes(issues, severity="error"):
    return {i.code for i in issues if i.severity == severity}


@pytest.fixture
def locked(project):
    write(project, "datasets/categories.yaml",
          "categories:\n  - {code: MOVEIN, name: 전입신고}\n  - {code: WASTE, name: 생활폐기물}\n")
    update_lock(PromptLibrary.load(project / "prompts"))
    return project


def test_clean_library_has_no_errors_or_warnings(locked):
    _, issues = lint(locked)
    assert issues == []


@pytest.mark.parametrize("old, new, code, line", [
    ('content: "주제: {{ topic }}"', 'content: "주제: {{ topic }} {{ tone }}"', "VAR_UNDECLARED", 40),
    ('content: "주제: {{ topic }}"', 'content: "주제 없음"', "VAR_UNUSED", 42),
    ("title: 시험용 보도자료", "title: Sample press release", "NOT_KOREAN", 2),
    ("        description: 읽을 사람", "        description: reader", "NOT_KOREAN", 27),
    ("labels:\n  production: 1", "labels:\n  production: 2", "LABEL_NOT_APPROVED", 45),
    ("labels:\n  production: 1", "labels:\n  production: 7", "LABEL_UNKNOWN", 45),
    ("    status: draft", "    status: approved", "APPROVED_NO_TESTS", None),
    ('content: "주제: {{ topic }}"', 'content: "주제: {{ topic.__class__ }}"', "TEMPLATE_UNSAFE", 40),
    ('content: "주제: {{ topic }}"', 'content: "주제: {{ topic }"', "TEMPLATE_SYNTAX", 40),
    ("      topic: 자전거 축제", "      topik: 자전거 축제", "TEST_UNKNOWN_VAR", None),
    ("  categories: []", "  categories: [MOVEIN, PARKNG]", "LINK_CATEGORY", 54),
])
def test_each_rule(locked, old, new, code, line):
    text = GOOD.replace(old, new, 1)
    if code == "APPROVED_NO_TESTS":
        text = text.replace("  - name: 주제가 들어감\n", "  - name: 주제가 들어감\n    versions: [1]\n")
    assert text != GOOD
    _, issues = lint(locked, text)
    found = [i for i in issues if i.code == code]
    assert found, f"{code} not reported; got {[i.code for i in issues]}"
    issue = found[0]
    assert issue.severity == "error" and issue.fix and issue.problem
    assert issue.file.endswith("press_release.sample.yaml")
    if line is not None:
        assert issue.line == line
    assert any("가" <= ch <= "힣" for ch in issue.problem + issue.fix)


def test_missing_required_field_is_reported_by_lint(locked):
    _, issues = lint(locked, GOOD.replace("owner: 대변인실\n", ""))
    (issue,) = [i for i in issues if i.code == "FIELD_MISSING"]
    assert "owner" in issue.problem and issue.line == 1


def test_template_with_personal_data(locked):
    text = GOOD.replace("당신은 세종특별자치시 대변인실 공무원입니다. 문의처를",
                        "담당 홍길동 010-1234-5678, 주민번호 900101-1234567. 문의처를")
    _, issues = lint(locked, text)
    (issue,) = [i for i in issues if i.code == "TEMPLATE_PII"]
    assert "개인정보" in issue.problem and issue.line == 38
    assert "휴대전화" in issue.problem or "주민등록번호" in issue.problem


def test_public_office_numbers_are_not_personal_data(locked):
    from civiclab.settings import load_settings

    text = GOOD.replace("문의처를 꼭 넣으세요.", "문의처(044-300-1234)를 꼭 넣으세요.")
    write(locked, PATH, text)
    lib = PromptLibrary.load(locked / "prompts")
    settings = load_settings(env={}, root=locked)
    issues, _ = lint_library(lib, settings)
    assert "TEMPLATE_PII" not in codes(issues)


def test_changed_approved_template_without_bump(locked):
    text = GOOD.replace("당신은 세종특별자치시 대변인실 공무원입니다.\n", "당신은 세종시 공무원입니다.\n", 1)
    _, issues = lint(locked, text)
    (issue,) = [i for i in issues if i.code == "LOCK_CHANGED"]
    assert issue.severity == "error" and "판 번호를 올리지" in issue.problem
    assert "version: 3" in issue.fix and issue.line == 7


def test_changed_draft_is_only_a_warning(locked):
    _, issues = lint(locked, GOOD.replace("문의처를 꼭 넣으세요.", "문의처를 꼭 적으세요."))
    assert [i.code for i in issues] == ["LOCK_CHANGED"] and issues[0].severity == "warning"


def test_unlocked_new_version_and_removed_version(locked):
    _, issues = lint(locked, GOOD.replace("  - version: 2", "  - version: 3"))
    assert "LOCK_MISSING" in codes(issues, "warning")
    assert "LOCK_REMOVED" in codes(issues)


def test_case_with_fact_check_needs_a_fact_sheet(locked):
    text = GOOD.replace("      - type: contains\n        value: 자전거",
                        "      - type: no_fact_errors")
    _, issues = lint(locked, text)
    assert "TEST_NEEDS_SHEET" in codes(issues)
    _, issues = lint(locked, text.replace("    vars:\n      topic: 자전거 축제",
                                          "    fact_sheet: datasets/none.yaml\n    vars:\n      topic: 자전거 축제"))
    assert "TEST_SHEET_MISSING" in codes(issues)


def test_unknown_assertion_type_is_a_load_error(locked):
    _, issues = lint(locked, GOOD.replace("type: contains", "type: containz"))
    (issue,) = [i for i in issues if i.severity == "error"]
    assert "containz" in issue.problem and "contains" in issue.problem and issue.line == 51


def test_misplaced_file_and_missing_test_variable(locked):
    (locked / PATH).unlink()
    write(locked, "prompts/speech/sample.yaml", GOOD.replace("      topic: 자전거 축제\n", "      other: 값\n"))
    lib = PromptLibrary.load(locked / "prompts")
    issues, _ = lint_library(lib, project_root=locked)
    assert {"FILE_NAME", "FILE_AREA"} <= codes(issues, "warning")
    missing = [i for i in issues if i.code == "TEST_MISSING_VAR"]
    assert missing and "topic" in missing[0].problem and missing[0].file == "prompts/speech/sample.yaml"
