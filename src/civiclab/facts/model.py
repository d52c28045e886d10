"""The fact sheet: the structured facts every draft is checked against.

YAML form (see tests/facts/data/sejong-zero-docs.yaml)::

    id: sejong-zero-docs            # unique slug
    kind: press_release             # press_release | speech | chatbot_answer
    title: 세종시, 구비서류 제로화 추진
    organization: 세종특별자치시
    release_date: 2024-04-02        # anchor for relative dates
    contact: {department: 민원과, name: 담당자 이름, phone: 044-300-1234}  # optional
    facts: [free statements the draft may rely on]
    figures: [{label: 연간 혜택 민원인, value: 63000, unit: 명}]
    dates:   [{label: 협력 선언, value: 2024-03-28}]
    people:  [{name: 최민호, title: 시장}]
    quotes:  [{speaker: 최민호, text: ...}]

Unknown keys are rejected (a typo such as ``figure:`` must not silently drop
every figure).  Every quote's speaker must be listed in ``people`` so a
checker knows the speaker's title.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from civiclab.facts.numbers import format_number, parse_korean_number

__all__ = [
    "KIND_LABELS_KO",
    "Contact",
    "DateFact",
    "FactSheet",
    "Figure",
    "Person",
    "Quote",
    "format_date_ko",
]

Kind = Literal["press_release", "speech", "chatbot_answer"]
KIND_LABELS_KO = {"press_release": "보도자료", "speech": "연설문", "chatbot_answer": "챗봇 답변"}
_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_WS = re.compile(r"\s+")


def format_date_ko(d: date) -> str:
    return f"{d.year}년 {d.month}월 {d.day}일"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Contact(_Strict):
    department: str = Field(min_length=1)
    name: str | None = None
    phone: str | None = None

    def line_ko(self) -> str:
        return " ".join(p for p in (self.department, self.name, self.phone) if p)


class Figure(_Strict):
    label: str = Field(min_length=1)
    value: int | float
    unit: str = ""

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, v):
        # YAML gives int/float; a quoted "63,000" is accepted, words and booleans are not.
        if isinstance(v, bool):
            raise ValueError("숫자가 아닙니다")  # noqa: TRY004 - pydantic wants ValueError
        if isinstance(v, str):
            parsed = parse_korean_number(v.strip())
            if parsed is None:
                raise ValueError("숫자가 아닙니다")
            return parsed
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("숫자가 아닙니다")
        return v

    def display(self) -> str:
        return format_number(self.value, self.unit)


class DateFact(_Strict):
    label: str = Field(min_length=1)
    value: date


class Person(_Strict):
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)


class Quote(_Strict):
    speaker: str = Field(min_length=1)
    text: str = Field(min_length=1)


class FactSheet(_Strict):
    """A validated fact sheet.  Build it with :func:`civiclab.facts.load_fact_sheet`."""

    id: str = Field(pattern=_SLUG, max_length=80)
    kind: Kind
    title: str = Field(min_length=1)
    organization: str = Field(min_length=1)
    release_date: date
    contact: Contact | None = None
    facts: list[str] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    dates: list[DateFact] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)

    @field_validator("facts")
    @classmethod
    def _no_empty_facts(cls, v: list[str]) -> list[str]:
        for i, s in enumerate(v):
            if not s.strip():
                raise ValueError(f"{i}번째 문장이 비어 있습니다")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> FactSheet:
        seen: set[str] = set()
        for i, p in enumerate(self.people):
            if p.name in seen:
                raise ValueError(f"people[{i}].name: '{p.name}'이(가) 두 번 나옵니다")
            seen.add(p.name)
        labels: set[str] = set()
        for i, f in enumerate(self.figures):
            if f.label in labels:
                raise ValueError(f"figures[{i}].label: '{f.label}'이(가) 두 번 나옵니다")
            labels.add(f.label)
        for i, q in enumerate(self.quotes):
            if q.speaker not in seen:
                raise ValueError(
                    f"quotes[{i}].speaker: '{q.speaker}'이(가) people에 없습니다"
                )
        return self

    # -- views -------------------------------------------------------------
    def person(self, name: str) -> Person | None:
        return next((p for p in self.people if p.name == name), None)

    def texts(self) -> list[str]:
        """Every free-text field a draft may draw numbers and dates from."""
        out = [self.title, self.organization, *self.facts]
        out += [f.label for f in self.figures] + [d.label for d in self.dates]
        out += [f"{p.name} {p.title}" for p in self.people] + [q.text for q in self.quotes]
        return out

    def to_prompt_block(self) -> str:
        """The facts as a Korean block for a prompt: ``항목: 값`` lines and ``- `` bullets."""
        lines = [
            "[사실 자료]",
            f"자료 종류: {KIND_LABELS_KO[self.kind]}",
            f"제목: {self.title}",
            f"기관: {self.organization}",
            f"배포일: {format_date_ko(self.release_date)}",
        ]
        if self.contact:
            lines.append(f"문의처: {self.contact.line_ko()}")
        sections = [
            ("주요 사실", list(self.facts)),
            ("수치", [f"{f.label}: {f.display()}" for f in self.figures]),
            ("날짜", [f"{d.label}: {format_date_ko(d.value)}" for d in self.dates]),
            ("인물", [f"{p.name} {p.title}" for p in self.people]),
            ("인용", [f"{q.speaker}: \u201c{q.text}\u201d" for q in self.quotes]),
        ]
        for head, items in sections:
            if items:
                lines.append(f"{head}:")
                lines += ["- " + _WS.sub(" ", it) for it in items]
        return "\n".join(lines)
