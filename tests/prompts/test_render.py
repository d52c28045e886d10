"""Rendering: strict variables, optional defaults, few-shot examples, and the sandbox."""

from __future__ import annotations

import pytest
from promptkit import GOOD, write

from civiclab.errors import InputError
from civiclab.prompts import PromptLibrary


@pytest.fixture
def lib(project):
    return PromptLibrary.load(project / "prompts")


def test_render_fills_variables_and_optional_defaults(lib):
    messages = lib.render("press_release.sample@1", {"topic": "자전거 축제"})
    assert messages[0] == {"role": "system", "content": "당신은 세종특별자치시 대변인실 공무원입니다."}
    assert "주제: 자전거 축제" in messages[1]["content"]
    assert "독자" not in messages[1]["content"]  # optional and not given: {% if %} is false
    with_audience = lib.render("press_release.sample@1", {"topic": "축제", "audience": "학부모"})
    assert "독자: 학부모" in with_audience[1]["content"]


def test_missing_required_variable_is_a_korean_input_error(lib):
    with pytest.raises(InputError) as exc:
        lib.render("press_release.sample@1", {})
    assert "topic" in exc.value.problem and "빠졌습니다" in exc.value.problem
    assert '--var topic="세종 자전거 축제"' in exc.value.fix
    assert exc.value.exit_code == 2


def test_unknown_variable_is_refused(lib):
    with pytest.raises(InputError) as exc:
        lib.render("press_release.sample@1", {"topic": "x", "tpoic": "y"})
    assert "tpoic" in exc.value.problem and "topic" in exc.value.fix


def test_values_are_data_not_templates(lib):
    payload = "{{ ''.__class__.__mro__ }} {% for x in range(3) %}x{% endfor %}"
    (_, user) = lib.render("press_release.sample@1", {"topic": payload})
    assert payload in user["content"]


@pytest.mark.parametrize("payload", [
    "{{ ''.__class__.__mro__ }}",
    "{{ topic.__class__.__base__.__subclasses__() }}",
    "{{ topic['__class__'] }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__ }}",
    "{% for i in range(10**9) %}{% endfor %}",
])
def test_template_injection_is_refused(project, payload):
    text = GOOD.replace('content: "주제: {{ topic }}"', "content: " + repr(payload + " {{ topic }}"))
    write(project, "prompts/press_release/press_release.sample.yaml", text)
    lib = PromptLibrary.load(project / "prompts")
    assert lib.errors == []
    with pytest.raises(InputError) as exc:
        lib.render("press_release.sample@2", {"topic": "축제"})
    assert exc.value.exit_code == 2
    assert any(word in exc.value.problem for word in ("보안", "변수", "오류", "큰 결과"))


def test_examples_go_between_system_and_user(project):
    text = GOOD.replace("    variables:\n      - name: topic\n        description: 보도자료 주제\nlabels",
                        "    variables:\n      - name: topic\n        description: 보도자료 주제\n"
                        "    examples:\n      - user: 예시 요청\n        assistant: 예시 답변\nlabels")
    write(project, "prompts/press_release/press_release.sample.yaml", text)
    lib = PromptLibrary.load(project / "prompts")
    roles = [m["role"] for m in lib.render("press_release.sample@2", {"topic": "축제"})]
    assert roles == ["system", "user", "assistant", "user"]
