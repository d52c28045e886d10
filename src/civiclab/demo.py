"""``make demo``: the main job end to end on the offline practice model.

The steps follow the data flow of the lab.  Each step is small and switchable
(``--skip NAME``); later steps read what earlier ones wrote into ``out``.

Ordering rules:
- ``prompts`` runs first: a broken prompt library should stop the demo before anything is drafted.
- ``drafts`` needs the library and a fact sheet; it writes the ledger rows and learner history
  that ``metrics`` reads.
- ``chatbot`` writes the per-question evaluation records that the projected complaint reduction
  in ``metrics`` needs.
- ``course`` (nbgrader) must come before ``metrics``, which reads the exported grades (per
  assignment and per criterion).
- ``metrics`` runs last and prints where the dashboard is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from civiclab.settings import Settings

DEMO_SHEET = "sejong-zero-docs"
DEMO_PROMPT = "press_release.policy_announcement@production"
# Two of the six assignments keep `make demo` near four minutes on 2 cores; all six take
# about 13 (`civiclab demo --all-assignments`).
DEMO_ASSIGNMENTS = ["a1_press_prompt", "a6_capstone"]


@dataclass
class DemoContext:
    settings: Settings
    out: Path
    say: Callable[[str], None] = print
    results: dict = field(default_factory=dict)
    assignments: list[str] | None = field(default_factory=lambda: list(DEMO_ASSIGNMENTS))  # None = all


def step_doctor(ctx: DemoContext) -> None:
    from civiclab.doctor import run_checks

    checks = run_checks(ctx.settings, kiwi=False)
    bad = [c for c in checks if not c.ok and not c.warn]
    for c in checks:
        ctx.say(f"  {'정상' if c.ok else ('주의' if c.warn else '문제')}  {c.name}: {c.detail}")
    if bad:
        from civiclab.errors import ConfigError

        raise ConfigError(f"환경 점검에서 문제 {len(bad)}건이 나왔습니다.", bad[0].fix or "civiclab doctor 를 실행하세요.")


def step_prompts(ctx: DemoContext) -> None:
    from civiclab.prompts import PromptLibrary
    from civiclab.prompts.lint import lint_library
    from civiclab.prompts.testing import run_tests

    library = PromptLibrary.load(ctx.settings.prompts_path)
    library.raise_for_errors()
    issues, _notes = lint_library(library, ctx.settings)
    errors = [i for i in issues if i.severity == "error"]
    report = run_tests(library, ctx.settings)
    counts = report.counts()
    (ctx.out / "prompt-tests.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2),
                                               encoding="utf-8")
    ctx.results["prompts"] = {"prompts": len(library), "lint_errors": len(errors), **counts}
    ctx.say(f"  프롬프트 {len(library)}개, 점검 오류 {len(errors)}건, "
            f"시험 사례 {counts.get('pass', 0)}/{len(report.runs)} 통과")


def step_drafts(ctx: DemoContext) -> None:
    from civiclab.facts import load_fact_sheet
    from civiclab.history import record_draft
    from civiclab.llm import Gateway
    from civiclab.prompts import PromptLibrary
    from civiclab.scoring import score_draft

    sheet_path = ctx.settings.datasets_path / "fact_sheets" / f"{DEMO_SHEET}.yaml"
    sheet = load_fact_sheet(sheet_path)
    library = PromptLibrary.load(ctx.settings.prompts_path)
    gateway = Gateway(ctx.settings)
    bare = gateway.generate([{"role": "user", "content": f"{sheet.title} 보도자료 써 줘"}], prompt_ref="demo.bare@1")
    grounded = library.generate(DEMO_PROMPT, {"fact_sheet": sheet.to_prompt_block()}, gateway)
    folder = ctx.out / "drafts"
    folder.mkdir(parents=True, exist_ok=True)
    summary = {}
    for name, gen in (("bare", bare), ("grounded", grounded)):
        report = score_draft(gen.text, sheet, kind="press_release", settings=ctx.settings)
        record_draft(ctx.settings, learner="demo-learner", text=gen.text, report=report,
                     prompt_ref=gen.prompt_ref, fact_sheet=sheet.id)
        (folder / f"{name}.txt").write_text(gen.text, encoding="utf-8")
        (folder / f"{name}.html").write_text(report._repr_html_(), encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2),
                                             encoding="utf-8")
        facts = sum(1 for f in report.findings if f.code.startswith("FACT_"))
        summary[name] = {"total": report.total, "fact_findings": facts, "prompt_ref": gen.prompt_ref}
        label = "맨 지시문" if name == "bare" else "사실 자료를 준 지시문"
        ctx.say(f"  {label} ({gen.prompt_ref}): {report.total:.1f}점, 사실 지적 {facts}건")
    ctx.say(f"  서명: {report.signature}")
    ctx.say(f"  모델: {gateway.label_ko}")
    ctx.results["drafts"] = summary


def step_chatbot(ctx: DemoContext) -> None:
    """The production AI충녕 prompts on the whole evaluation set, one record per question."""
    from civiclab.datasets_schema import load_chatbot_eval
    from civiclab.evaluation.chatbot import run_items
    from civiclab.llm import Gateway
    from civiclab.prompts import PromptLibrary

    library = PromptLibrary.load(ctx.settings.prompts_path)
    eval_set = load_chatbot_eval(ctx.settings.datasets_path)
    by_category = {c: spec.id for spec in library.specs() if spec.task == "chatbot_answer"
                   for c in spec.links.categories}
    gateway = Gateway(ctx.settings)
    records = []
    for category in sorted({i.category for i in eval_set.items}):
        # Categories without a prompt of their own (OTHER) go to the general system prompt.
        version = library.get(f"{by_category.get(category, 'chatbot.system')}@production")
        items = [i for i in eval_set.items if i.category == category]

        def render(source: str, question: str, version=version):
            return library.render(version, {"source": source, "question": question})

        for r in run_items(items, eval_set, render, gateway):
            records.append({"prompt_ref": version.ref, "label": "production", "case_id": r.item_id,
                            "category": r.category, "should_hand_over": r.should_hand_over,
                            "handed_over": r.handed_over, "correct": r.correct, "passed": r.correct})
    path = ctx.out / "chatbot-eval.json"
    path.write_text(json.dumps({"results": records}, ensure_ascii=False, indent=1), encoding="utf-8")
    answerable = [r for r in records if not r["should_hand_over"]]
    handover = [r for r in records if r["should_hand_over"]]
    ctx.results["chatbot"] = {"questions": len(records), "file": str(path)}
    ctx.say(f"  평가 질문 {len(records)}개: 바로 답한 정답 {sum(r['correct'] for r in answerable)}/{len(answerable)}, "
            f"상담원 연결이 맞은 것 {sum(r['handed_over'] for r in handover)}/{len(handover)}")


def step_course(ctx: DemoContext) -> None:
    from civiclab.grading.demo import run_demo as grade_demo_cohort

    roster = ctx.settings.datasets_path / "roster" / "roster.csv"
    result = grade_demo_cohort(ctx.out / "course", ctx.settings.root / "grading", jobs=2,
                               assignments=ctx.assignments, roster=roster if roster.exists() else None,
                               sandbox=ctx.settings.grading_sandbox)
    ctx.results["course"] = {"grades_csv": result["grades_csv"], "criteria_csv": result["criteria_csv"],
                             "rows": result["rows"],
                             "build_problems": result["build_problems"], "sandbox": result["sandbox"]}
    ctx.say(f"  {result['sandbox']}")
    review = sum(1 for outs in result["outcomes"].values() for o in outs if o.get("status") == "needs_review")
    ctx.say(f"  학습자 {len(result['kinds'])}명 × 과제 {len(result['outcomes'])}개 채점, "
            f"성적 {result['rows']}줄, 직접 확인 필요 {review}건")
    ctx.say(f"  성적 파일: {result['grades_csv']} (기준별: {result['criteria_csv']})")


def step_metrics(ctx: DemoContext) -> None:
    from civiclab.metrics.run import make_report

    grades = ctx.results.get("course", {}).get("grades_csv")
    criteria = ctx.results.get("course", {}).get("criteria_csv")
    # Prompt test results and the chatbot evaluation records, read together from one folder.
    results = ctx.out / "prompt-results"
    results.mkdir(exist_ok=True)
    for name in ("prompt-tests.json", "chatbot-eval.json"):
        if (ctx.out / name).exists():
            (results / name).write_bytes((ctx.out / name).read_bytes())
    index, _report = make_report(ctx.settings, ctx.out / "metrics", grades=Path(grades) if grades else None,
                                 grade_criteria=Path(criteria) if criteria else None,
                                 prompts=results if any(results.iterdir()) else None)
    ctx.results["metrics"] = {"index": str(index)}
    ctx.say(f"  보고서: {index}")


# Order matters; see the module docstring.  Each entry: (name, Korean title, function).
STEPS: list[tuple[str, str, Callable[[DemoContext], None]]] = [
    ("doctor", "환경 점검", step_doctor),
    ("prompts", "프롬프트 목록 점검과 시험", step_prompts),
    ("drafts", "보도자료 초안 만들기와 채점", step_drafts),
    ("chatbot", "AI충녕 프롬프트를 평가 질문 전체로 시험", step_chatbot),
    ("course", "과제 채점(nbgrader): 가상 학습자 30명", step_course),
    ("metrics", "디지털정책과 성과 보고서", step_metrics),
]


def run_demo(settings: Settings, out: Path, *, skip: tuple[str, ...] = (), say=print,
             all_assignments: bool = False) -> dict:
    names = {name for name, _, _ in STEPS}
    unknown = [s for s in skip if s not in names]
    if unknown:
        from civiclab.errors import InputError

        raise InputError(f"건너뛸 단계 '{', '.join(unknown)}'을(를) 알 수 없습니다.",
                         f"쓸 수 있는 단계: {', '.join(n for n, _, _ in STEPS)}")
    out.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(settings, out, say, assignments=None if all_assignments else list(DEMO_ASSIGNMENTS))
    for i, (name, title, func) in enumerate(STEPS, 1):
        if name in skip:
            say(f"[{i}/{len(STEPS)}] {title}: 건너뜀")
            continue
        say(f"[{i}/{len(STEPS)}] {title}")
        func(ctx)
    (out / "demo-summary.json").write_text(json.dumps(ctx.results, ensure_ascii=False, indent=2), encoding="utf-8")
    return ctx.results
