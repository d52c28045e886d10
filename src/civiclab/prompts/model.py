"""The prompt file format: one ``PromptSpec`` per YAML file, all versions in it.

Shape checks live here (pydantic); checks that need the whole library or the
lock file live in :mod:`civiclab.prompts.lint`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from civiclab.prompts.assertions import ASSERTIONS, check_value

Task = Literal[
    "press_release", "speech", "chatbot_answer", "rewrite", "summary", "headline", "fact_extraction",
    "fact_check",
]
Status = Literal["draft", "approved", "retired"]
ID_RE = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"
VAR_RE = r"^[a-z_][a-z0-9_]*$"
TASKS_KO = {
    "press_release": "보도자료",
    "speech": "연설문·말씀자료",
    "chatbot_answer": "챗봇 답변",
    "rewrite": "문장 다듬기",
    "summary": "요약",
    "headline": "제목 제안",
    "fact_extraction": "사실 자료 추출",
    "fact_check": "사실 확인",
}
STATUS_KO = {"draft": "초안", "approved": "승인", "retired": "폐기"}


def _repeated(values) -> str:
    """Values that occur more than once, comma-joined ('' if none)."""
    seen, dup = set(), []
    for value in values:
        if value in seen and value not in dup:
            dup.append(value)
        seen.add(value)
    return ", ".join(map(str, dup))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class Message(_Strict):
    role: Literal["system", "user", "assistant"]
    content: str = Field(min_length=1, max_length=20_000)


class Variable(_Strict):
    name: str = Field(pattern=VAR_RE)
    description: str = Field(min_length=1)
    required: bool = True
    example: str | None = None
    # Used when an optional variable is not given (templates can test it with {% if %}).
    default: str = ""


class Example(_Strict):
    """A few-shot pair placed before the user message."""

    user: str = Field(min_length=1)
    assistant: str = Field(min_length=1)


class PromptVersion(_Strict):
    version: int = Field(ge=1)
    status: Status
    created: dt.date
    author: str = Field(min_length=1)
    changelog: str = Field(min_length=1)
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_tokens: int = Field(default=800, ge=1, le=16_000)
    messages: list[Message] = Field(min_length=1)
    variables: list[Variable] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)

    _prompt_id: str = PrivateAttr(default="")
    _task: str = PrivateAttr(default="")

    @property
    def prompt_id(self) -> str:
        return self._prompt_id

    @property
    def task(self) -> str:
        return self._task

    @property
    def ref(self) -> str:
        """``id@version``: what the usage ledger records."""
        return f"{self._prompt_id}@{self.version}"

    def variable(self, name: str) -> Variable | None:
        return next((v for v in self.variables if v.name == name), None)

    @field_validator("variables")
    @classmethod
    def _unique_vars(cls, v: list[Variable]) -> list[Variable]:
        if dup := _repeated(x.name for x in v):
            raise ValueError(f"변수 이름이 겹칩니다: {dup}")
        return v


class AssertionSpec(_Strict):
    type: str
    value: Any = None

    @model_validator(mode="after")
    def _known(self) -> AssertionSpec:
        if self.type not in ASSERTIONS:
            raise ValueError(
                f"알 수 없는 검사 종류 '{self.type}' (쓸 수 있는 것: {', '.join(ASSERTIONS)})"
            )
        problem = check_value(self.type, self.value)
        if problem:
            raise ValueError(f"검사 '{self.type}': {problem}")
        return self


class TestCase(_Strict):
    __test__ = False  # not a pytest class

    name: str = Field(min_length=1)
    vars: dict[str, str | int | float] = Field(default_factory=dict)
    # A fact sheet path (relative to the project root) or an inline fact sheet.
    fact_sheet: str | dict | None = None
    # Versions this case applies to; empty means every version that is not retired.
    versions: list[int] = Field(default_factory=list)
    assertions: list[AssertionSpec] = Field(min_length=1)

    def applies_to(self, version: PromptVersion) -> bool:
        if self.versions:
            return version.version in self.versions
        return version.status != "retired"

    def string_vars(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.vars.items()}


class Labels(_Strict):
    production: int | None = None
    staging: int | None = None


class Links(_Strict):
    categories: list[str] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)


LABELS = ("production", "staging")


class PromptSpec(_Strict):
    id: str = Field(pattern=ID_RE)
    title: str = Field(min_length=1)
    task: Task
    owner: str = Field(min_length=1)
    tags: list[str] = Field(default_factory=list)
    versions: list[PromptVersion] = Field(min_length=1)
    labels: Labels = Field(default_factory=Labels)
    tests: list[TestCase] = Field(default_factory=list)
    links: Links = Field(default_factory=Links)

    @field_validator("versions")
    @classmethod
    def _unique_versions(cls, v: list[PromptVersion]) -> list[PromptVersion]:
        if dup := _repeated(x.version for x in v):
            raise ValueError(f"판 번호가 겹칩니다: {dup} (새 판은 새 번호로 추가하세요)")
        return v

    @model_validator(mode="after")
    def _attach(self) -> PromptSpec:
        for v in self.versions:
            v._prompt_id = self.id
            v._task = self.task
        return self

    @property
    def area(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def latest(self) -> PromptVersion:
        return max(self.versions, key=lambda v: v.version)

    def version(self, number: int) -> PromptVersion | None:
        return next((v for v in self.versions if v.version == number), None)

    def label_of(self, number: int) -> list[str]:
        return [name for name in LABELS if getattr(self.labels, name) == number]

    def cases_for(self, version: PromptVersion) -> list[TestCase]:
        return [c for c in self.tests if c.applies_to(version)]

    def default_version(self) -> PromptVersion:
        """``id`` alone: the production version, else the newest one not retired."""
        if self.labels.production is not None:
            found = self.version(self.labels.production)
            if found is not None:
                return found
        live = [v for v in self.versions if v.status != "retired"] or self.versions
        return max(live, key=lambda v: v.version)


def has_hangul(text: str) -> bool:
    return re.search(r"[가-힣]", text or "") is not None
