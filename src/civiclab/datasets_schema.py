"""Schemas and loaders for the course datasets under ``datasets/``.

One place that says what a valid chatbot evaluation item, source passage,
glossary entry, roster row and complaint category look like, so the notebooks,
the scorer, the metrics and the tests all read the same files the same way.
Fact sheets have their own model in ``civiclab.facts``.

Loaders raise :class:`civiclab.errors.InputError` with a Korean problem/fix that
names the file, the line (for JSONL/CSV) and the field.  ``yaml`` is imported
only inside the loaders.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from civiclab.errors import InputError

# Why a person must take over; the chatbot prompts and the metrics use these codes.
HAND_OVER_REASONS: dict[str, str] = {
    "personal_data": "본인 개인정보 확인 필요",
    "other_person_data": "다른 사람의 개인정보 요청",
    "legal_judgement": "개별 사안의 법적 판단",
    "staff_complaint": "직원에 대한 불만",
    "emergency": "긴급 상황",
    "individual_case": "개별 처리 내역 확인 필요",
}
# Kinds of adversarial question in the evaluation set.
ADVERSARIAL_KINDS: dict[str, str] = {
    "injection": "지시 주입(프롬프트 인젝션)",
    "other_person_data": "다른 사람의 정보 요청",
    "personal_data": "개인정보 입력",
    "legal_judgement": "법적 판단 요구",
    "staff_complaint": "직원 불만",
    "emergency": "긴급 상황",
    "out_of_scope": "시 소관 밖 질문",
}
GLOSSARY_KINDS = ("foreign", "abbreviation", "difficult", "grammar", "discriminatory")

HandOverReason = Literal[
    "personal_data", "other_person_data", "legal_judgement", "staff_complaint", "emergency",
    "individual_case",
]
AdversarialKind = Literal[
    "injection", "other_person_data", "personal_data", "legal_judgement", "staff_complaint",
    "emergency", "out_of_scope",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Category(_Strict):
    code: str = Field(pattern=r"^[A-Z]{2,12}$")
    name: str = Field(min_length=1)
    chatbot_covered: bool


class SourcePassage(_Strict):
    id: str = Field(pattern=r"^src-[a-z0-9-]+$")
    category: str = Field(pattern=r"^[A-Z]{2,12}$")
    title: str = Field(min_length=1)
    text: str = Field(min_length=20)


class EvalItem(_Strict):
    id: str = Field(pattern=r"^[A-Z]{2,12}-\d{3}$")
    category: str = Field(pattern=r"^[A-Z]{2,12}$")
    question: str = Field(min_length=2, max_length=500)
    source_id: str = Field(pattern=r"^src-[a-z0-9-]+$")
    reference_answer: str = Field(min_length=5)
    required_facts: list[str] = Field(min_length=1)
    should_hand_over: bool
    hand_over_reason: HandOverReason | None = None
    adversarial: AdversarialKind | None = None

    @field_validator("required_facts")
    @classmethod
    def _facts_not_blank(cls, v: list[str]) -> list[str]:
        if any(not f.strip() for f in v):
            raise ValueError("빈 필수 사실이 있습니다")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> EvalItem:
        if self.should_hand_over != (self.hand_over_reason is not None):
            raise ValueError(
                "should_hand_over가 true이면 hand_over_reason을 적고, false이면 비워야 합니다"
            )
        if not self.id.startswith(self.category + "-"):
            raise ValueError(f"id '{self.id}'가 분류 코드 '{self.category}'로 시작하지 않습니다")
        missing = [f for f in self.required_facts if f not in self.reference_answer]
        if missing:
            raise ValueError(f"모범 답변에 필수 사실이 없습니다: {', '.join(missing)}")
        return self


class GlossaryEntry(_Strict):
    term: str = Field(min_length=1)
    recommended: list[str] = Field(min_length=1)
    kind: Literal["foreign", "abbreviation", "difficult", "grammar", "discriminatory"]
    note: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _not_self(self) -> GlossaryEntry:
        if self.term in self.recommended:
            raise ValueError(f"'{self.term}'의 권장어에 자기 자신이 들어 있습니다")
        return self


class Glossary(_Strict):
    version: str = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, v: Any) -> Any:
        return str(v) if isinstance(v, (int, float)) else v

    # Programme/office names that keep their foreign parts (mask before matching terms).
    proper_names: list[str] = Field(default_factory=list)
    # Latin abbreviations accepted without Korean first.
    allowed_abbreviations: list[str] = Field(default_factory=list)
    entries: list[GlossaryEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Glossary:
        seen: set[str] = set()
        for e in self.entries:
            if e.term in seen:
                raise ValueError(f"용어 '{e.term}'가 두 번 나옵니다")
            seen.add(e.term)
        return self

    def lookup(self) -> dict[str, GlossaryEntry]:
        return {e.term: e for e in self.entries}


class RosterRow(_Strict):
    # nbgrader `db student import` columns first; the rest are ignored by nbgrader.
    id: str = Field(pattern=r"^[a-z0-9_-]{2,32}$")
    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    email: str = ""
    cohort: str = Field(pattern=r"^\d{4}-\d{2}-[A-Z]$")
    department: str = Field(min_length=1)
    role: str = Field(min_length=1)

    @field_validator("email")
    @classmethod
    def _example_only(cls, v: str) -> str:
        # Synthetic rosters must never hold a deliverable address.
        if v and not re.fullmatch(r"[a-z0-9._-]+@example\.(org|com|net)", v):
            raise ValueError("전자 우편은 비워 두거나 example.org 주소만 쓸 수 있습니다")
        return v


ROSTER_COLUMNS = tuple(RosterRow.model_fields)

# --------------------------------------------------------------------------- errors

_KO_TYPES = {
    "missing": "필수 항목이 없습니다",
    "extra_forbidden": "알 수 없는 항목입니다",
    "string_too_short": "값이 비어 있거나 너무 짧습니다",
    "string_too_long": "값이 너무 깁니다",
    "string_pattern_mismatch": "형식이 맞지 않습니다",
    "string_type": "글자(문자열)여야 합니다",
    "bool_parsing": "true 또는 false여야 합니다",
    "bool_type": "true 또는 false여야 합니다",
    "list_type": "목록이어야 합니다",
    "too_short": "항목이 하나 이상 있어야 합니다",
    "literal_error": "허용되지 않는 값입니다",
    "dict_type": "이름: 값 형태여야 합니다",
    "model_type": "이름: 값 형태여야 합니다",
}


# Expected shapes, shown after a pattern mismatch so the user sees what to write.
_HINTS = {
    "Category.code": "영문 대문자 (예: CERT)",
    "SourcePassage.id": "src-로 시작하는 영문 소문자 (예: src-cert-kiosk)",
    "EvalItem.id": "분류 코드-세 자리 숫자 (예: CERT-001)",
    "EvalItem.source_id": "src-로 시작하는 영문 소문자 (예: src-cert-kiosk)",
    "category": "영문 대문자 분류 코드 (예: CERT)",
    "RosterRow.id": "영문 소문자·숫자 (예: sj0001)",
    "RosterRow.cohort": "연-월-기수 (예: 2025-04-A)",
}


def _ko_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "__root__")
        if err["type"] == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            msg = _KO_TYPES.get(err["type"], err["msg"])
        if err["type"] == "string_pattern_mismatch":
            hint = _HINTS.get(f"{exc.title}.{loc}") or _HINTS.get(loc)
            if hint:
                msg += f" — {hint}"
        parts.append(f"'{loc}' {msg}" if loc else msg)
    more = len(exc.errors()) - 3
    return "; ".join(parts) + (f" (그 밖에 {more}건)" if more > 0 else "")


def _read_text(path: Path, what: str) -> str:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} 파일이 없습니다: {path}",
                         "경로를 확인하거나 datasets/ 폴더가 있는 곳에서 실행하세요.")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{what} 파일이 UTF-8 글자가 아닙니다: {path}",
                         "파일을 UTF-8로 저장하세요.", detail=str(exc)) from exc


def _read_yaml(path: Path, what: str) -> Any:
    from civiclab.yamlsafe import YamlProblem, safe_load

    text = _read_text(path, what)
    try:
        return safe_load(text)
    except YamlProblem as exc:
        raise InputError(f"{what} 파일의 YAML 형식이 잘못됐습니다{exc.where()}: {path}: {exc.problem}",
                         exc.fix) from None


def _need_list(data: Any, key: str, path: Path, what: str) -> list:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise InputError(f"{what} 파일에 '{key}' 목록이 없습니다: {path}",
                         f"파일 맨 위에 '{key}:' 아래로 항목을 나열하세요.")
    return data[key]


# --------------------------------------------------------------------------- loaders


def load_categories(path: Path) -> list[Category]:
    what = "민원 분류"
    data = _read_yaml(path, what)
    out = []
    for i, raw in enumerate(_need_list(data, "categories", path, what), start=1):
        try:
            out.append(Category.model_validate(raw))
        except ValidationError as exc:
            raise InputError(f"{what} {i}번째 항목이 잘못됐습니다: {_ko_validation(exc)}",
                             f"파일을 고치세요: {path}", detail=str(exc)) from exc
    codes = [c.code for c in out]
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise InputError(f"{what} 코드가 겹칩니다: {', '.join(dup)}", "코드를 하나씩만 두세요.")
    return out


def load_sources(path: Path) -> list[SourcePassage]:
    what = "상담 근거 자료"
    data = _read_yaml(path, what)
    out = []
    for i, raw in enumerate(_need_list(data, "sources", path, what), start=1):
        try:
            out.append(SourcePassage.model_validate(raw))
        except ValidationError as exc:
            raise InputError(f"{what} {i}번째 항목이 잘못됐습니다: {_ko_validation(exc)}",
                             f"파일을 고치세요: {path}", detail=str(exc)) from exc
    ids = [s.id for s in out]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise InputError(f"{what} id가 겹칩니다: {', '.join(dup)}", "id를 하나씩만 두세요.")
    return out


def load_eval_set(path: Path) -> list[EvalItem]:
    what = "챗봇 평가 문항"
    out = []
    for n, line in enumerate(_read_text(path, what).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{what} {n}번째 줄이 JSON 형식이 아닙니다: {path}",
                             "한 줄에 JSON 객체 하나씩 적으세요.", detail=str(exc)) from exc
        try:
            out.append(EvalItem.model_validate(raw))
        except ValidationError as exc:
            raise InputError(f"{what} {n}번째 줄이 잘못됐습니다: {_ko_validation(exc)}",
                             f"{n}번째 줄을 고치세요: {path}", detail=str(exc)) from exc
    ids = [i.id for i in out]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise InputError(f"{what} id가 겹칩니다: {', '.join(dup[:5])}", "id를 하나씩만 두세요.")
    if not out:
        raise InputError(f"{what} 파일이 비어 있습니다: {path}", "문항을 한 줄에 하나씩 넣으세요.")
    return out


def load_glossary(path: Path) -> Glossary:
    what = "쉬운 우리말 용어집"
    data = _read_yaml(path, what)
    if not isinstance(data, dict):
        raise InputError(f"{what} 파일 형식이 잘못됐습니다: {path}",
                         "'version:'과 'entries:' 목록을 두세요.")
    try:
        return Glossary.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{what} 내용이 잘못됐습니다: {_ko_validation(exc)}",
                         f"파일을 고치세요: {path}", detail=str(exc)) from exc


def load_roster(path: Path) -> list[RosterRow]:
    import csv
    import io

    what = "교육생 명단"
    reader = csv.DictReader(io.StringIO(_read_text(path, what)))
    header = tuple(reader.fieldnames or ())
    if header[:4] != ROSTER_COLUMNS[:4]:
        raise InputError(
            f"{what} 첫 줄(열 이름)이 맞지 않습니다: {', '.join(header) or '(없음)'}",
            f"열을 {', '.join(ROSTER_COLUMNS)} 순서로 두세요 (앞의 4개는 nbgrader 가져오기 형식).",
        )
    out = []
    for n, row in enumerate(reader, start=2):
        try:
            out.append(RosterRow.model_validate({k: (v or "") for k, v in row.items() if k}))
        except ValidationError as exc:
            raise InputError(f"{what} {n}번째 줄이 잘못됐습니다: {_ko_validation(exc)}",
                             f"{n}번째 줄을 고치세요: {path}", detail=str(exc)) from exc
    ids = [r.id for r in out]
    dup = sorted({x for x in ids if ids.count(x) > 1})
    if dup:
        raise InputError(f"{what} id가 겹칩니다: {', '.join(dup[:5])}", "교육생 id를 하나씩만 두세요.")
    return out


def eval_integrity_problems(items: list[EvalItem], sources: list[SourcePassage],
                            categories: list[Category]) -> list[str]:
    """Cross-file problems (Korean, one per line); empty when the set is consistent."""
    codes = {c.code for c in categories}
    by_id = {s.id: s for s in sources}
    problems = []
    for s in sources:
        if s.category not in codes:
            problems.append(f"근거 자료 {s.id}: 없는 분류 코드 {s.category}")
    for it in items:
        if it.category not in codes:
            problems.append(f"{it.id}: 없는 분류 코드 {it.category}")
        if it.source_id not in by_id:
            problems.append(f"{it.id}: 없는 근거 자료 {it.source_id}")
    return problems


class ChatbotEvalSet(BaseModel):
    """The evaluation items with their passages and categories, checked across files."""

    model_config = ConfigDict(frozen=True)

    items: list[EvalItem]
    sources: dict[str, SourcePassage]
    categories: dict[str, Category]

    def source_of(self, item: EvalItem) -> SourcePassage:
        return self.sources[item.source_id]


def load_chatbot_eval(datasets_path: Path) -> ChatbotEvalSet:
    """Load ``chatbot_eval/`` and ``categories.yaml`` under ``datasets_path`` (settings.datasets_path)."""
    root = Path(datasets_path)
    categories = load_categories(root / "categories.yaml")
    sources = load_sources(root / "chatbot_eval" / "sources.yaml")
    items = load_eval_set(root / "chatbot_eval" / "eval.jsonl")
    problems = eval_integrity_problems(items, sources, categories)
    if problems:
        raise InputError(
            f"챗봇 평가 자료끼리 맞지 않는 곳이 {len(problems)}군데 있습니다: " + "; ".join(problems[:3]),
            "분류 코드는 categories.yaml에, 근거 자료 id는 sources.yaml에 있어야 합니다.",
        )
    return ChatbotEvalSet(items=items, sources={s.id: s for s in sources},
                          categories={c.code: c for c in categories})
