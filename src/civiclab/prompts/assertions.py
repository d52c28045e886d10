"""Test assertions for prompt versions: a registry of small functions.

Each assertion takes the model's output and a :class:`CaseContext` and returns
an :class:`AssertionResult`.  Scorer-based assertions import the scorer lazily,
so the library loads without Kiwi and a missing scorer shows up as a visible
"skipped" result, never as a silent pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CaseContext:
    output: str
    task: str
    settings: Any = None  # civiclab.settings.Settings
    sheet: Any = None  # civiclab.facts.FactSheet or None
    variables: dict = field(default_factory=dict)


@dataclass
class AssertionResult:
    type: str
    passed: bool | None  # None: skipped (a needed tool is missing); never counts as a pass
    message: str  # Korean

    @property
    def status(self) -> str:
        return {True: "pass", False: "fail", None: "skip"}[self.passed]

    def to_dict(self) -> dict:
        return {"type": self.type, "status": self.status, "message": self.message}


@dataclass(frozen=True)
class AssertionDef:
    func: Callable[[Any, CaseContext], AssertionResult]
    value_kind: str  # "texts" | "int" | "number" | "none" | "texts_optional"
    needs_sheet: bool = False
    label_ko: str = ""


ASSERTIONS: dict[str, AssertionDef] = {}


def assertion(name: str, value_kind: str, *, needs_sheet: bool = False, label_ko: str = ""):
    def deco(func):
        ASSERTIONS[name] = AssertionDef(func, value_kind, needs_sheet, label_ko)
        return func

    return deco


def check_value(name: str, value: Any) -> str | None:
    """Return a Korean problem if ``value`` does not fit assertion ``name``, else None."""
    kind = ASSERTIONS[name].value_kind
    if kind == "texts":
        if isinstance(value, str) and value:
            return None
        if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
            return None
        return "value에 글자 하나 또는 글자 목록을 적어야 합니다"
    if kind == "texts_optional":
        if value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return None
        return "value에는 목차 이름 목록(예: [제목, 본문])을 적거나 비워 두세요"
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return None
        return "value에 1 이상의 정수를 적어야 합니다"
    if kind == "number":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
            return None
        return "value에 0~100 사이의 점수를 적어야 합니다"
    if value is not None:
        return "이 검사에는 value를 적지 않습니다"
    return None


def run_assertion(a, ctx: CaseContext) -> AssertionResult:
    """Run one assertion spec (``a.type``, ``a.value``) against ``ctx``.

    A named error from a checker (say, a fact sheet the scorer refuses) fails this
    assertion with its Korean message instead of stopping the whole test run.
    """
    from civiclab.errors import CivicLabError

    try:
        return ASSERTIONS[a.type].func(a.value, ctx)
    except CivicLabError as exc:
        return AssertionResult(a.type, False, f"검사를 하지 못했습니다: {exc.problem}")


def _texts(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@assertion("contains", "texts", label_ko="포함")
def _contains(value, ctx: CaseContext) -> AssertionResult:
    missing = [v for v in _texts(value) if v not in ctx.output]
    if missing:
        return AssertionResult("contains", False, "답변에 없음: " + ", ".join(f"'{m}'" for m in missing))
    return AssertionResult("contains", True, "모두 포함: " + ", ".join(_texts(value)))


@assertion("not_contains", "texts", label_ko="불포함")
def _not_contains(value, ctx: CaseContext) -> AssertionResult:
    found = [v for v in _texts(value) if v in ctx.output]
    if found:
        return AssertionResult("not_contains", False, "들어가면 안 되는 말이 있음: " + ", ".join(found))
    return AssertionResult("not_contains", True, "금지어 없음")


@assertion("max_length", "int", label_ko="최대 길이")
def _max_length(value, ctx: CaseContext) -> AssertionResult:
    n = len(ctx.output.strip())
    ok = n <= value
    return AssertionResult("max_length", ok, f"{n}자 (한도 {value}자)")


@assertion("no_pii", "none", label_ko="개인정보 없음")
def _no_pii(value, ctx: CaseContext) -> AssertionResult:
    try:
        from civiclab.pii import PII_LABELS_KO, find_pii
    except ImportError:
        return AssertionResult("no_pii", None, "개인정보 검사기(civiclab.pii)가 아직 없어 건너뜀")
    allowed = tuple(getattr(ctx.settings, "allowed_phone_numbers", ()) or ())
    matches = find_pii(ctx.output, allowed_phone_numbers=allowed)
    if matches:
        kinds = sorted({PII_LABELS_KO.get(m.kind, m.kind) for m in matches})
        return AssertionResult("no_pii", False, "개인정보로 보이는 내용: " + ", ".join(kinds))
    return AssertionResult("no_pii", True, "개인정보 없음")


@assertion("no_fact_errors", "none", needs_sheet=True, label_ko="사실 오류 없음")
def _no_fact_errors(value, ctx: CaseContext) -> AssertionResult:
    if ctx.sheet is None:
        return AssertionResult("no_fact_errors", False, "비교할 사실 자료(fact_sheet)가 없습니다")
    try:
        from civiclab.scoring.checks.facts import check_facts
    except ImportError:
        return AssertionResult("no_fact_errors", None, "사실 확인 검사기가 아직 없어 건너뜀")
    errors = [
        f for f in check_facts(ctx.output, ctx.sheet)
        if f.code.startswith("FACT_") and f.severity == "error"
    ]
    if errors:
        shown = "; ".join(f"{f.code} {f.message}" for f in errors[:3])
        return AssertionResult("no_fact_errors", False, f"사실 오류 {len(errors)}건: {shown}")
    return AssertionResult("no_fact_errors", True, "사실 자료와 어긋나는 내용 없음")


# Prompt tasks map onto the scorer's kinds; support tasks are scored as press text.
_SCORE_KIND = {"press_release": "press_release", "speech": "speech", "chatbot_answer": "chatbot_answer"}


@assertion("min_score", "number", label_ko="최소 점수")
def _min_score(value, ctx: CaseContext) -> AssertionResult:
    try:
        from civiclab.scoring import score_draft
    except ImportError:
        return AssertionResult("min_score", None, "채점기(civiclab.scoring.score_draft)가 아직 없어 건너뜀")
    report = score_draft(
        ctx.output, ctx.sheet, kind=_SCORE_KIND.get(ctx.task), settings=ctx.settings
    )
    ok = report.total >= value
    return AssertionResult("min_score", ok, f"{report.total:.1f}점 (기준 {value}점)")


# Sections a complete draft has, by task, when a test does not list them.
DEFAULT_SECTIONS = {
    "press_release": ["제목", "본문", "문의처"],
    "speech": ["인사", "본문", "맺음"],
    "headline": ["제목"],
}
_MARK = r"[#■□○●◆◇▶▷※\-\*\u2022]*"


def section_present(text: str, name: str) -> bool:
    """True if ``name`` starts a line as a heading (``[제목]``, ``제목:``, ``## 제목`` …)."""
    pattern = rf"(?m)^\s*{_MARK}\s*[\[\(<【〈]?\s*{re.escape(name)}\s*(?:[\]\)>】〉:：]|$)"
    return re.search(pattern, text) is not None


@assertion("structure_complete", "texts_optional", label_ko="구성 완비")
def _structure_complete(value, ctx: CaseContext) -> AssertionResult:
    sections = list(value) if value else DEFAULT_SECTIONS.get(ctx.task, [])
    if not sections:
        return AssertionResult("structure_complete", False, "확인할 목차가 없습니다 (value에 적으세요)")
    missing = [s for s in sections if not section_present(ctx.output, s)]
    if missing:
        return AssertionResult("structure_complete", False, "빠진 목차: " + ", ".join(missing))
    return AssertionResult("structure_complete", True, "목차 모두 있음: " + ", ".join(sections))
