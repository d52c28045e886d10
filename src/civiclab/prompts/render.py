"""Rendering prompt templates in a sandbox.

Prompt files are edited by learners in class, so templates are untrusted: they
run in Jinja2's ``SandboxedEnvironment`` (no dunder attributes, no unsafe
calls, bounded ``range``) with ``StrictUndefined`` (a missing variable is an
error, never an empty string) and no globals at all.  Values passed in are
data: a value that itself contains ``{{ … }}`` is inserted as text.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from civiclab.errors import InputError

MAX_RENDERED_CHARS = 200_000


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )
    env.globals.clear()  # range, lipsum, cycler…: prompts need none of them
    return env


@lru_cache(maxsize=1024)
def _compiled(source: str):
    # Compiling is most of the cost of a render; library templates repeat, so keep them.
    return environment().from_string(source)


def template_variables(source: str) -> set[str]:
    """Names a template reads from its variables (raises TemplateSyntaxError)."""
    return set(meta.find_undeclared_variables(environment().parse(source)))


def unsafe_attributes(source: str) -> list[str]:
    """Attribute names starting with '_' used in a template (the sandbox refuses them)."""
    ast = environment().parse(source)
    found = [n.attr for n in ast.find_all(nodes.Getattr) if n.attr.startswith("_")]
    found += [
        n.arg.value
        for n in ast.find_all(nodes.Getitem)
        if isinstance(n.arg, nodes.Const) and str(n.arg.value).startswith("_")
    ]
    return found


def render_text(source: str, variables: dict[str, str], *, where: str) -> str:
    """Render one template; every failure becomes an InputError in Korean."""
    try:
        text = _compiled(source).render(**variables)
    except UndefinedError as exc:
        name = _undefined_name(str(exc))
        raise InputError(
            f"{where}: 변수 '{name}'의 값이 주어지지 않았습니다.",
            f"--var {name}=값 처럼 값을 넣거나, 프롬프트 파일의 variables에 '{name}'을(를) 선언하세요.",
            detail=str(exc),
        ) from None
    except SecurityError as exc:
        raise InputError(
            f"{where}: 템플릿이 허용되지 않은 기능에 접근하려고 했습니다 (보안상 차단).",
            "템플릿에는 {{ 변수이름 }} 과 간단한 {% if %}/{% for %} 만 쓰세요.",
            detail=str(exc),
        ) from None
    except TemplateSyntaxError as exc:
        raise InputError(
            f"{where}: 템플릿 문법 오류입니다 ({exc.message}, {exc.lineno}번째 줄).",
            "{{ }} 와 {% %} 의 짝이 맞는지 확인하세요.",
            detail=str(exc),
        ) from None
    except (OverflowError, RecursionError, MemoryError) as exc:
        raise InputError(
            f"{where}: 템플릿이 지나치게 큰 결과를 만들려고 했습니다.",
            "반복문(for)의 범위를 줄이세요.",
            detail=str(exc),
        ) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"{where}: 템플릿을 채우다가 오류가 났습니다 ({exc}).",
            "템플릿의 필터와 변수 사용을 확인하세요.",
            detail=repr(exc),
        ) from None
    if len(text) > MAX_RENDERED_CHARS:
        raise InputError(
            f"{where}: 채운 결과가 너무 깁니다 ({len(text):,}자).",
            f"변수 값이나 템플릿을 {MAX_RENDERED_CHARS:,}자 이하로 줄이세요.",
        )
    return text


def _undefined_name(message: str) -> str:
    # Jinja says "'name' is undefined"
    if message.startswith("'") and "'" in message[1:]:
        return message[1 : message.index("'", 1)]
    return message
