"""Run a prompt version's test cases through the gateway and check the answers.

The same code runs against the offline practice model and a real endpoint:
only ``settings`` differ.  Every call is recorded in the usage ledger under
``id@version`` by the gateway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from civiclab.errors import CivicLabError, InputError
from civiclab.prompts.assertions import AssertionResult, CaseContext, run_assertion
from civiclab.prompts.library import PromptLibrary, settings_context
from civiclab.prompts.model import PromptVersion, TestCase

STATUS_KO = {"pass": "통과", "fail": "실패", "skip": "건너뜀", "error": "오류"}


@dataclass
class CaseRun:
    ref: str
    case: str
    status: str  # pass | fail | skip | error
    results: list[AssertionResult] = field(default_factory=list)
    output: str = ""
    error: str = ""
    model: str = ""
    backend: str = ""
    cached: bool = False

    def to_dict(self) -> dict:
        return {
            "prompt_ref": self.ref, "case": self.case, "status": self.status,
            "assertions": [r.to_dict() for r in self.results], "error": self.error,
            "model": self.model, "backend": self.backend, "cached": self.cached,
            "output": self.output,
        }


@dataclass
class TestReport:
    __test__ = False

    runs: list[CaseRun]
    backend: str = ""
    model: str = ""

    @property
    def passed(self) -> bool:
        return bool(self.runs) and all(r.status == "pass" for r in self.runs)

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in STATUS_KO}
        for r in self.runs:
            out[r.status] += 1
        return out

    def to_dict(self) -> dict:
        return {
            "backend": self.backend, "model": self.model, "passed": self.passed,
            "counts": self.counts(), "runs": [r.to_dict() for r in self.runs],
        }


def versions_to_test(lib: PromptLibrary, selector: str | None) -> list[PromptVersion]:
    """``None``: every live version; ``id``: its live versions; ``id@v``: that one."""
    if selector and "@" in selector:
        return [lib.get(selector)]
    specs = [lib.spec(selector)] if selector else lib.specs()
    return [v for s in specs for v in s.versions if v.status != "retired"]


class _SheetCache:
    def __init__(self, project_root: Path) -> None:
        self.root = project_root
        self._cache: dict[str, object] = {}

    def get(self, case: TestCase):
        if case.fact_sheet is None:
            return None
        key = case.fact_sheet if isinstance(case.fact_sheet, str) else repr(sorted(case.fact_sheet.items()))
        if key not in self._cache:
            try:
                from civiclab.facts import FactSheet, load_fact_sheet
            except ImportError:
                raise InputError(
                    "사실 자료 모듈(civiclab.facts)이 없어 사실 자료를 읽을 수 없습니다.",
                    "civiclab 을 최신판으로 설치하세요 (make install).",
                ) from None
            if isinstance(case.fact_sheet, str):
                self._cache[key] = load_fact_sheet(self.root / case.fact_sheet)
            else:
                from pydantic import ValidationError

                try:
                    self._cache[key] = FactSheet.model_validate(case.fact_sheet)
                except ValidationError as exc:
                    raise InputError(
                        f"시험 사례 '{case.name}'의 사실 자료 내용이 올바르지 않습니다.",
                        "fact_sheet: 의 항목(id, kind, title, facts …)을 확인하세요.",
                        detail=str(exc),
                    ) from None
        return self._cache[key]


def case_variables(version: PromptVersion, case: TestCase, sheet) -> dict[str, str]:
    values = case.string_vars()
    if sheet is not None and version.variable("fact_sheet") and "fact_sheet" not in values:
        values["fact_sheet"] = sheet.to_prompt_block()
    return values


def run_tests(
    lib: PromptLibrary,
    settings,
    selector: str | None = None,
    *,
    gateway=None,
    concurrency: int = 4,
    progress: bool = False,
) -> TestReport:
    """Run the cases of the selected versions; one failing case never stops the rest."""
    if gateway is None:
        from civiclab.llm import Gateway

        gateway = Gateway(settings)
    from civiclab.llm import ChatRequest

    sheets = _SheetCache(Path(getattr(settings, "root", lib.root.parent)))
    planned: list[tuple[PromptVersion, TestCase, object, list | None, str]] = []
    for version in versions_to_test(lib, selector):
        spec = lib.spec(version.prompt_id)
        for case in spec.cases_for(version):
            try:
                sheet = sheets.get(case)
                messages = lib.render(version, case_variables(version, case, sheet),
                                      context=settings_context(settings))
                planned.append((version, case, sheet, messages, ""))
            except CivicLabError as exc:
                planned.append((version, case, None, None, exc.format_ko()))
    requests = [
        ChatRequest(messages=m, temperature=v.temperature, max_tokens=v.max_tokens, prompt_ref=v.ref)
        for v, _, _, m, _ in planned if m is not None
    ]
    answers = iter(gateway.generate_many(requests, concurrency=concurrency, progress=progress)
                   if requests else [])
    runs: list[CaseRun] = []
    for version, case, sheet, messages, error in planned:
        if messages is None:
            runs.append(CaseRun(version.ref, case.name, "error", error=error))
            continue
        answer = next(answers)
        if isinstance(answer, Exception):
            text = answer.format_ko() if isinstance(answer, CivicLabError) else repr(answer)
            runs.append(CaseRun(version.ref, case.name, "error", error=text))
            continue
        ctx = CaseContext(output=answer.text, task=version.task, settings=settings, sheet=sheet,
                          variables=case.string_vars())
        results = [run_assertion(a, ctx) for a in case.assertions]
        runs.append(CaseRun(
            version.ref, case.name, _status(results), results, answer.text,
            model=answer.model, backend=answer.backend, cached=bool(answer.cached),
        ))
    return TestReport(runs, backend=getattr(settings, "backend", ""),
                      model=getattr(settings, "effective_model", ""))


def _status(results: list[AssertionResult]) -> str:
    if any(r.passed is False for r in results):
        return "fail"
    if any(r.passed is None for r in results):
        return "skip"
    return "pass"
