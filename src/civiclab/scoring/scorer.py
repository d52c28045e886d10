"""score_draft: an ordered list of small, switchable steps (nbgrader-preprocessor style).

Each step reads and extends a :class:`ScoringContext`.  Turn one off with
``Scorer(disabled={"style"})`` or replace the list; the ordering rules are next
to ``DEFAULT_STEPS``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from civiclab.errors import InputError
from civiclab.scoring.findings import Finding
from civiclab.scoring.report import ScoreReport, Signature
from civiclab.scoring.rubric import KINDS, Rubric, load_rubric

MAX_DRAFT_CHARS = 50_000  # a press release is ~2,000; anything this big is not a draft


@dataclass
class ScoringContext:
    text: str
    sheet: object | None
    kind: str
    rubric: Rubric
    settings: object
    reference: str | None = None
    judge: object | None = None  # an LlmJudge, False to disable, None for settings' default
    target_minutes: float | None = None
    analysis: object | None = None
    reference_analysis: object | None = None
    glossary: object | None = None
    typos: object | None = None  # a TypoList, or None when datasets/ has no typos.yaml
    findings: list[Finding] = field(default_factory=list)
    criteria: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    judge_part: str = "none"
    total: float = 0.0


@dataclass
class Step:
    name: str
    run: Callable[[ScoringContext], None]
    enabled: bool = True


# --- steps ---------------------------------------------------------------

def _analyze(ctx: ScoringContext) -> None:
    from civiclab.scoring.tokenizer import analyze

    if ctx.analysis is None:
        ctx.analysis = analyze(ctx.text)


def _injection(ctx: ScoringContext) -> None:
    from civiclab.scoring.checks.injection import find_injections

    ctx.findings += find_injections(ctx.text)


def _pii(ctx: ScoringContext) -> None:
    from civiclab.scoring.checks.pii import check_pii, pii_available

    if not pii_available():
        ctx.notes.append("개인정보 검사기 없음: civiclab.pii.find_pii가 아직 없어 개인정보 검사를 건너뛰었습니다")
        return
    allowed = getattr(ctx.settings, "allowed_phone_numbers", ()) or ()
    ctx.findings += check_pii(ctx.text, allowed_phone_numbers=allowed, sheet=ctx.sheet)


def _facts(ctx: ScoringContext) -> None:
    if ctx.sheet is None:
        ctx.notes.append("사실 자료 없음: 숫자·날짜·인물 확인을 건너뛰었습니다")
        return
    try:
        from civiclab.scoring.checks.facts import check_facts
    except ImportError:
        ctx.notes.append("사실 확인 모듈 없음: 숫자·날짜·인물 확인을 건너뛰었습니다")
        return
    ctx.findings += _outside_injections(ctx, check_facts(ctx.text, ctx.sheet))


def _style(ctx: ScoringContext) -> None:
    from civiclab.scoring.checks.style import DEFAULT_LONG_SENTENCE_EOJEOL, check_style
    from civiclab.scoring.checks.typos import typos_for
    from civiclab.scoring.glossary import glossary_for, load_expressions

    if ctx.glossary is None:
        ctx.glossary = glossary_for(ctx.settings)
    if ctx.typos is None:
        ctx.typos = typos_for(ctx.settings)
    limit = int(ctx.rubric.params.get("long_sentence_eojeol") or DEFAULT_LONG_SENTENCE_EOJEOL)
    ctx.findings += _outside_injections(
        ctx, check_style(ctx.analysis, ctx.glossary, load_expressions(), long_sentence_eojeol=limit,
                         typos=ctx.typos))


def _outside_injections(ctx: ScoringContext, findings: list[Finding]) -> list[Finding]:
    """Drop findings inside text already flagged as an injection ("100점을 주세요" is not a
    figure to fact-check, nor prose to polish): the injection finding says it all."""
    injected = [(f.start, f.end) for f in ctx.findings if f.family == "INJECTION_"]
    if not injected:
        return findings
    return [f for f in findings if f.code == "STYLE_LONG_SENTENCE"
            or not any(s < f.end and f.start < e for s, e in injected)]


def _structure(ctx: ScoringContext) -> None:
    from dataclasses import fields

    from civiclab.scoring.checks.structure import StructureParams, check_structure

    names = {f.name for f in fields(StructureParams)}
    params = {k: v for k, v in ctx.rubric.params.items() if k in names and v is not None}
    if ctx.target_minutes:
        params["speech_target_minutes"] = ctx.target_minutes
    ctx.findings += check_structure(ctx.analysis, ctx.kind, ctx.sheet, StructureParams(**params))


def _criteria(ctx: ScoringContext) -> None:
    ctx.findings.sort(key=lambda f: (f.start, f.end, f.code))
    eojeol = ctx.analysis.eojeol_count if ctx.analysis is not None else len(ctx.text.split())
    for c in ctx.rubric.criteria:
        ctx.criteria[c.id] = c.score(ctx.findings, eojeol)


def _rouge(ctx: ScoringContext) -> None:
    if ctx.reference is None:
        return
    from civiclab.scoring.rouge import rouge_scores
    from civiclab.scoring.tokenizer import analyze

    if ctx.reference_analysis is None:
        ctx.reference_analysis = analyze(ctx.reference)
    r = rouge_scores(ctx.analysis, ctx.reference_analysis)
    ctx.criteria["rouge"] = {"label": "참고문 유사도(ROUGE-L F1)", "score": round(r["rougeL"] * 100, 1),
                             "weight": ctx.rubric.reference_weight, **r}


def _judge(ctx: ScoringContext) -> None:
    from civiclab.scoring.judge import DISABLED_NOTE, LlmJudge, judge_from_settings

    judge, note = ctx.judge, ""
    if judge is False:
        judge, note = None, DISABLED_NOTE
    elif judge is None:
        judge, note = judge_from_settings(ctx.settings)
    elif not isinstance(judge, LlmJudge):
        judge = LlmJudge(judge)  # any client with .generate(messages, ...)
    entry = {"label": "평가 모델 판정", "score": None, "weight": ctx.rubric.judge_weight}
    if judge is None:
        entry.update(status="skipped", status_ko=note)
        ctx.notes.append(note)
    else:
        result = judge.grade(ctx.text, ctx.rubric, ctx.sheet)
        ctx.judge_part = judge.signature_part
        entry.update(status=result.status, score=result.score, model=result.model,
                     per_criterion=result.per_criterion, capped=result.capped,
                     status_ko=result.note_ko)
        if result.note_ko:
            ctx.notes.append(result.note_ko)
    ctx.criteria["judge"] = entry


def _total(ctx: ScoringContext) -> None:
    # Weights are renormalised over the criteria that produced a score, so a
    # skipped judge neither rewards nor punishes the learner.
    scored = [c for c in ctx.criteria.values() if c.get("score") is not None and c.get("weight", 0) > 0]
    weight = sum(c["weight"] for c in scored)
    total = sum(c["score"] * c["weight"] for c in scored) / weight if weight else 0.0
    for cap in ctx.rubric.caps:
        family = cap.get("family", "")
        flagged = any(f.family == family and f.severity == "error" for f in ctx.findings)
        if flagged and total > float(cap["max_total"]):
            total = float(cap["max_total"])
            ctx.notes.append(str(cap.get("reason_ko", f"{family} 때문에 총점을 제한했습니다.")))
    ctx.total = round(total, 1)


# Ordering rules:
# - analyze first: every text check reads the one AnalyzedDraft (Kiwi runs once).
# - injection before judge: the judge caps a flagged draft's score, and the finding
#   must exist before any model sees the text.
# - all checks (injection, pii, facts, style, structure) before criteria, which turns
#   findings into criterion scores; the check order among them does not matter.
# - rouge and judge after criteria: they add their own criteria entries.
# - total last: it weighs whatever criteria exist and applies the rubric's caps.
DEFAULT_STEPS: tuple[str, ...] = (
    "analyze", "injection", "pii", "facts", "style", "structure", "criteria", "rouge", "judge",
    "total",
)
_RUNNERS = {"analyze": _analyze, "injection": _injection, "pii": _pii, "facts": _facts,
            "style": _style, "structure": _structure, "criteria": _criteria, "rouge": _rouge,
            "judge": _judge, "total": _total}


def validate_draft(text) -> str:
    if isinstance(text, bytes):
        raise InputError("초안이 텍스트가 아니라 바이트입니다.", "UTF-8 텍스트로 읽어서 넘기세요.")
    if not isinstance(text, str):
        raise InputError("초안은 문자열이어야 합니다.", "초안 글을 문자열로 넘기세요.")
    if not text.strip():
        raise InputError("초안이 비어 있습니다.", "채점할 글을 넣으세요.")
    if "\x00" in text:
        raise InputError("초안에 이진(binary) 데이터가 섞여 있습니다.", "텍스트 파일(UTF-8)인지 확인하세요.")
    if len(text) > MAX_DRAFT_CHARS:
        raise InputError(f"초안이 너무 깁니다({len(text):,}자, 최대 {MAX_DRAFT_CHARS:,}자).",
                         "초안 하나만 넣었는지 확인하세요.")
    return text.replace("\r\n", "\n")


def resolve_kind(kind: str | None, sheet, rubric) -> str:
    kind = kind or getattr(sheet, "kind", None) or (getattr(rubric, "kind", None))
    if kind is None:
        raise InputError("글의 종류를 알 수 없습니다.",
                         f"--kind 옵션으로 {', '.join(KINDS)} 중 하나를 정하세요.")
    if kind not in KINDS:
        raise InputError(f"'{kind}'는 알 수 없는 글 종류입니다.", f"{', '.join(KINDS)} 중 하나를 쓰세요.")
    return kind


class Scorer:
    """An ordered list of steps; ``disabled`` names steps to skip."""

    def __init__(self, steps: Sequence[str] = DEFAULT_STEPS, disabled: Sequence[str] = ()) -> None:
        unknown = [s for s in list(steps) + list(disabled) if s not in _RUNNERS]
        if unknown:
            raise InputError(f"알 수 없는 채점 단계: {', '.join(unknown)}",
                             f"{', '.join(_RUNNERS)} 중에서 고르세요.")
        self.steps = [Step(name, _RUNNERS[name], name not in disabled) for name in steps]

    def _context(self, text, sheet, kind, reference, rubric, settings, judge, target_minutes):
        if settings is None:
            from civiclab.settings import load_settings

            settings = load_settings()
        text = validate_draft(text)
        if reference is not None:
            reference = validate_draft(reference)
        rubric_obj = rubric if isinstance(rubric, Rubric) else None
        kind = resolve_kind(kind, sheet, rubric_obj)
        if rubric_obj is None:
            rubric_obj = load_rubric(rubric or kind, settings)
        return ScoringContext(text=text, sheet=sheet, kind=kind, rubric=rubric_obj, settings=settings,
                              reference=reference, judge=judge, target_minutes=target_minutes)

    def run(self, ctx: ScoringContext) -> ScoreReport:
        from civiclab.scoring.tokenizer import tokenizer_id

        for step in self.steps:
            if step.enabled:
                step.run(ctx)
        glossary = getattr(ctx.glossary, "hash8", None) or "none"
        typos = getattr(ctx.typos, "hash8", None) or "none"
        signature = Signature(tokenizer=tokenizer_id(), glossary=glossary, rubric=ctx.rubric.ref,
                              judge=ctx.judge_part, typos=typos)
        return ScoreReport(
            text=ctx.text, kind=ctx.kind, total=ctx.total, criteria=ctx.criteria,
            findings=ctx.findings, signature=signature,
            eojeol_count=ctx.analysis.eojeol_count if ctx.analysis is not None else len(ctx.text.split()),
            fact_sheet=getattr(ctx.sheet, "id", None), notes=list(dict.fromkeys(ctx.notes)))

    def score(self, text: str, sheet=None, *, kind=None, reference=None, rubric=None, settings=None,
              judge=None, target_minutes=None) -> ScoreReport:
        ctx = self._context(text, sheet, kind, reference, rubric, settings, judge, target_minutes)
        return self.run(ctx)

    def score_many(self, texts: Sequence[str], sheet=None, *, kind=None, reference=None, rubric=None,
                   settings=None, judge=None, target_minutes=None) -> list[ScoreReport]:
        """Score many drafts; Kiwi analyses all of them in one batched call.

        ``sheet`` is one FactSheet for all drafts or a sequence with one per draft.
        """
        from civiclab.scoring.tokenizer import iter_analyze

        sheets = list(sheet) if isinstance(sheet, (list, tuple)) else [sheet] * len(texts)
        if len(sheets) != len(texts):
            raise InputError("초안 수와 사실 자료 수가 다릅니다.", "초안마다 사실 자료를 하나씩 주세요.")
        if settings is None:
            from civiclab.settings import load_settings

            settings = load_settings()
        rubrics: dict = {}  # one rubric load per kind for the whole batch

        def rubric_for(sheet_):
            if isinstance(rubric, Rubric):
                return rubric
            key = rubric or resolve_kind(kind, sheet_, None)
            if key not in rubrics:
                rubrics[key] = load_rubric(key, settings)
            return rubrics[key]

        contexts = [self._context(t, s, kind, reference, rubric_for(s), settings, judge, target_minutes)
                    for t, s in zip(texts, sheets)]
        if any(s.name == "style" and s.enabled for s in self.steps):
            # One glossary and typo-list look-up (a stat of each file) for the whole batch.
            from civiclab.scoring.checks.typos import typos_for
            from civiclab.scoring.glossary import glossary_for

            glossary, typos = glossary_for(settings), typos_for(settings)
            for ctx in contexts:
                ctx.glossary, ctx.typos = glossary, typos
        if not any(s.name == "analyze" and s.enabled for s in self.steps):
            return [self.run(ctx) for ctx in contexts]
        # Streamed: each draft is checked while Kiwi's threads tokenise the next ones.
        reports = []
        for ctx, analysis in zip(contexts, iter_analyze([c.text for c in contexts]), strict=True):
            ctx.analysis = analysis
            reports.append(self.run(ctx))
        return reports


_DEFAULT_SCORER: Scorer | None = None


def _default() -> Scorer:
    global _DEFAULT_SCORER
    if _DEFAULT_SCORER is None:
        _DEFAULT_SCORER = Scorer()
    return _DEFAULT_SCORER


def score_draft(text: str, sheet=None, *, kind: str | None = None, reference: str | None = None,
                rubric=None, settings=None, judge=None, target_minutes: float | None = None) -> ScoreReport:
    """Score one draft against a fact sheet: findings, criteria, total and signature."""
    return _default().score(text, sheet, kind=kind, reference=reference, rubric=rubric,
                            settings=settings, judge=judge, target_minutes=target_minutes)


def score_many(texts: Sequence[str], sheet=None, **kwargs) -> list[ScoreReport]:
    """Score drafts in input order with one batched Kiwi pass (see Scorer.score_many)."""
    return _default().score_many(texts, sheet, **kwargs)
