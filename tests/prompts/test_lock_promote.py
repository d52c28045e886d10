"""The lock file, the test runner with assertions, and promotion rules."""

from __future__ import annotations

import json

import pytest
from promptkit import GOOD, EchoGateway, write

from civiclab.errors import InputError
from civiclab.prompts import PromptLibrary
from civiclab.prompts.assertions import CaseContext, section_present
from civiclab.prompts.lock import content_hash, read_lock, update_lock
from civiclab.prompts.promote import check_promotable, promote, set_label
from civiclab.prompts.testing import run_tests
from civiclab.settings import load_settings

PATH = "prompts/press_release/press_release.sample.yaml"


def load(project):
    return PromptLibrary.load(project / "prompts")


def settings_for(project):
    return load_settings(env={}, root=project, state_dir=project / "state", user="tester")


# --- lock -------------------------------------------------------------------
def test_lock_records_every_version_and_hash_ignores_labels_and_tests(project):
    result = update_lock(load(project))
    assert result.added == ["press_release.sample@1", "press_release.sample@2"]
    lock = read_lock(project / "prompts")
    data = json.loads((project / "prompts/library.lock").read_text(encoding="utf-8"))
    assert data["format"] == 1 and set(data["versions"]) == set(lock)
    before = lock["press_release.sample@1"]
    write(project, PATH, GOOD.replace("value: 자전거", "value: 축제").replace("production: 1", "staging: 1"))
    assert content_hash(load(project).get("press_release.sample@1")) == before
    assert update_lock(load(project)).added == []


def test_relocking_refuses_a_changed_approved_version_but_accepts_a_draft(project):
    update_lock(load(project))
    write(project, PATH, GOOD.replace("문의처를 꼭 넣으세요.", "문의처를 적으세요."))
    assert update_lock(load(project)).relocked_drafts == ["press_release.sample@2"]
    write(project, PATH, GOOD.replace("temperature: 0.2", "temperature: 0.9"))
    before = (project / "prompts/library.lock").read_text(encoding="utf-8")
    with pytest.raises(InputError) as exc:
        update_lock(load(project))
    assert "press_release.sample@1" in exc.value.problem and "새 판" in exc.value.fix
    assert (project / "prompts/library.lock").read_text(encoding="utf-8") == before


def test_a_corrupt_lock_file_is_a_korean_error(project):
    (project / "prompts/library.lock").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_lock(project / "prompts")
    assert "잠금 파일" in exc.value.problem


# --- runner and assertions ----------------------------------------------------
def test_runner_evaluates_assertions_and_records_prompt_refs(project):
    gw = EchoGateway()
    report = run_tests(load(project), settings_for(project), gateway=gw)
    assert [(r.ref, r.status) for r in report.runs] == [
        ("press_release.sample@1", "pass"), ("press_release.sample@2", "pass")]
    assert [r.prompt_ref for r in gw.requests] == ["press_release.sample@1", "press_release.sample@2"]
    assert gw.requests[0].temperature == 0.2 and gw.requests[0].max_tokens == 600
    failing = run_tests(load(project), settings_for(project), "press_release.sample@1",
                        gateway=EchoGateway(lambda m: "다른 이야기"))
    assert not failing.passed and failing.runs[0].status == "fail"
    assert "'자전거'" in failing.runs[0].results[0].message


def test_runner_reports_render_errors_per_case_without_stopping(project):
    text = GOOD.replace("  - name: 주제가 들어감\n    vars:\n      topic: 자전거 축제\n",
                        "  - name: 변수 빠짐\n    vars: {}\n")
    write(project, PATH, text)
    report = run_tests(load(project), settings_for(project), gateway=EchoGateway())
    assert [r.status for r in report.runs] == ["error", "error"]
    assert "topic" in report.runs[0].error and report.counts()["error"] == 2


@pytest.mark.parametrize("kind, value, output, passed", [
    ("contains", ["제목", "문의처"], "제목: 가\n문의처: 나", True),
    ("contains", "문의처", "제목만 있음", False),
    ("not_contains", ["주민등록번호"], "안전한 글", True),
    ("not_contains", "확정", "확정되었습니다", False),
    ("max_length", 5, "다섯 글자", True),
    ("max_length", 4, "다섯 글자다", False),
    ("structure_complete", ["제목", "리드"], "[제목] 가\n리드: 나", True),
    ("structure_complete", ["제목", "문의처"], "■ 제목\n본문만", False),
    ("no_pii", None, "문의: 044-300-1234", True),
    ("no_pii", None, "연락처 010-1234-5678", False),
])
def test_assertions(kind, value, output, passed):
    from civiclab.prompts.assertions import run_assertion
    from civiclab.prompts.model import AssertionSpec

    ctx = CaseContext(output=output, task="press_release", settings=load_settings(env={}))
    result = run_assertion(AssertionSpec(type=kind, value=value), ctx)
    assert result.passed is passed, result.message
    assert any("가" <= ch <= "힣" for ch in result.message)


def test_section_heading_forms():
    for text in ("제목: 가", "[제목]", "## 제목", "■ 제목 ", "【제목】 가", "  ○ 제목"):
        assert section_present(text, "제목"), text
    assert not section_present("이 글의 제목은 없다", "제목")


def test_bad_assertion_values_are_refused_at_load(project):
    write(project, PATH, GOOD.replace("type: contains\n        value: 자전거", "type: max_length\n        value: 많이"))
    lib = load(project)
    assert "정수" in lib.errors[0].problem


# --- promotion ----------------------------------------------------------------
def test_promote_moves_the_label_and_keeps_comments(project):
    write(project, PATH, GOOD.replace("    status: draft", "    status: approved")
          .replace("labels:\n  production: 1\n", "labels:  # 운영 표시\n  production: 1  # 2026-04 반영\n"))
    result = promote(load(project), "press_release.sample@2", "production", settings_for(project),
                     gateway=EchoGateway())
    assert (result.previous, result.version) == (1, 2)
    text = (project / PATH).read_text(encoding="utf-8")
    assert "  production: 2  # 2026-04 반영\n" in text and "labels:  # 운영 표시" in text
    assert load(project).get("press_release.sample@production").version == 2
    # roll back
    promote(load(project), "press_release.sample@1", "production", settings_for(project), gateway=EchoGateway())
    assert load(project).get("press_release.sample").version == 1


@pytest.mark.parametrize("ref, label, words", [
    ("press_release.sample@2", "production", "승인되지 않았습니다"),
    ("press_release.sample", "production", "판 번호가 없습니다"),
    ("press_release.sample@1", "live", "알 수 없습니다"),
])
def test_promotion_refusals(project, ref, label, words):
    with pytest.raises(InputError) as exc:
        check_promotable(load(project), ref, label)
    assert words in exc.value.problem


def test_promotion_refused_without_tests_or_when_tests_fail(project):
    untested = GOOD.replace("  - name: 주제가 들어감\n", "  - name: 주제가 들어감\n    versions: [2]\n")
    write(project, PATH, untested)
    with pytest.raises(InputError) as exc:
        promote(load(project), "press_release.sample@1", "production", settings_for(project),
                gateway=EchoGateway())
    assert "시험 사례" in exc.value.problem
    write(project, PATH, GOOD)
    before = (project / PATH).read_text(encoding="utf-8")
    with pytest.raises(InputError) as exc:
        promote(load(project), "press_release.sample@1", "staging", settings_for(project),
                gateway=EchoGateway(lambda m: "엉뚱한 답"))
    assert "통과하지 못해" in exc.value.problem
    assert (project / PATH).read_text(encoding="utf-8") == before


def test_staging_takes_a_draft_and_labels_block_is_created(project):
    write(project, PATH, GOOD.replace("labels:\n  production: 1\n", ""))
    promote(load(project), "press_release.sample@2", "staging", settings_for(project), gateway=EchoGateway())
    lib = load(project)
    assert lib.errors == [] and lib.spec("press_release.sample").labels.staging == 2


def test_flow_style_labels_are_rewritten(project):
    write(project, PATH, GOOD.replace("labels:\n  production: 1\n", "labels: {production: 1}\n"))
    set_label(project / PATH, "staging", 2)
    labels = load(project).spec("press_release.sample").labels
    assert (labels.production, labels.staging) == (1, 2)
