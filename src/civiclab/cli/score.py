"""``civiclab score`` and ``civiclab score-eval``: thin commands over civiclab.scoring."""

from __future__ import annotations

from typing import Annotated

import typer

from civiclab.errors import CivicLabError, InputError

_SCORE_HELP = (
    "초안을 사실 자료와 견주어 채점합니다: 사실(숫자·날짜·인물), 개인정보, 공공언어 표현, 글 구성, "
    "지시문 삽입을 찾고 0~100점 총점과 서명(signature)을 보여 줍니다.\n\n"
    "DRAFT는 파일 경로이고, - 는 표준 입력입니다. 여러 개를 주면 순서대로 채점하며, 잘못된 파일이 있어도 "
    "알리고 나머지를 계속 채점합니다(그때 종료 코드 2).\n\n"
    "--json 이면 초안마다 {\"draft\", \"total\", \"criteria\", \"findings\", \"signature\"}를 담은 JSON 배열을 "
    "입력 순서대로 출력합니다. --reference 를 주면 criteria.rouge 에 rouge1, rouge2, rougeL(F1)이 들어갑니다.\n\n"
    "예: civiclab score 초안.txt --facts datasets/fact_sheets/sejong-zero-docs.yaml"
)


def register(app: typer.Typer) -> None:
    @app.command("score", help=_SCORE_HELP)
    def score(
        drafts: Annotated[list[str], typer.Argument(metavar="DRAFT...", help="채점할 초안 파일. - 는 표준 입력")],
        facts: str = typer.Option(..., "--facts", metavar="FACTS.yaml", help="사실 자료(YAML) 파일"),
        kind: str | None = typer.Option(
            None, "--kind", help="글 종류: press_release(보도자료), speech(연설문), chatbot_answer(챗봇 답변). "
            "없으면 사실 자료의 kind"),
        reference: str | None = typer.Option(None, "--reference", metavar="REF",
                                         help="ROUGE를 잴 참고문(모범 답안) 파일"),
        rubric: str | None = typer.Option(None, "--rubric", metavar="R",
                                      help="채점 기준 이름(grading/rubrics/의 파일 이름) 또는 YAML 경로"),
        target_minutes: float | None = typer.Option(None, "--target-minutes",
                                                help="연설문 목표 말하기 시간(분)"),
        json_out: bool = typer.Option(False, "--json", help="결과를 JSON 배열로 출력합니다."),
    ) -> None:
        import sys

        from civiclab.cli._common import print_json, read_text_arg, settings_from
        from civiclab.errors import format_ko
        from civiclab.facts import load_fact_sheet
        from civiclab.scoring.scorer import resolve_kind, score_draft

        if drafts.count("-") > 1:
            raise InputError("표준 입력(-)은 한 번만 쓸 수 있습니다.", "다른 초안은 파일로 주세요.")
        settings = settings_from()
        sheet = load_fact_sheet(facts)
        resolve_kind(kind, sheet, None)  # an unknown kind is a usage error for the whole batch
        ref_text = read_text_arg(reference, "참고문 파일") if reference else None
        if rubric is not None:
            from civiclab.scoring.rubric import load_rubric

            rubric = load_rubric(rubric, settings)
        results, reports, failed = [], [], False
        for name in drafts:
            try:
                text = read_text_arg(name, "초안 파일")
                report = score_draft(text, sheet, kind=kind, reference=ref_text, rubric=rubric,
                                     settings=settings, target_minutes=target_minutes)
            except CivicLabError as exc:
                failed = True
                print(f"[{name}] " + format_ko(exc), file=sys.stderr)
                results.append({"draft": name, "error": {"problem": exc.problem, "fix": exc.fix}})
                reports.append(None)
                continue
            report.draft = name
            reports.append(report)
            d = report.to_dict()
            results.append({"draft": name, "total": d["total"], "criteria": d["criteria"],
                            "findings": d["findings"], "signature": d["signature"], "kind": d["kind"],
                            "fact_sheet": d["fact_sheet"], "eojeol_count": d["eojeol_count"],
                            "findings_per_eojeol": d["findings_per_eojeol"], "notes": d["notes"]})
        if json_out:
            print_json(results)
        else:
            _print_reports([r for r in reports if r is not None])
        raise typer.Exit(2 if failed else 0)

    @app.command("score-eval", help="채점 평가 세트(datasets/scoring_eval)로 채점기를 검증하고 "
                                    "문제 종류별 정밀도(precision)와 재현율(recall)을 보여 줍니다.")
    def score_eval(
        dataset: str | None = typer.Option(None, "--dataset", help="평가 세트 폴더(기본: datasets/scoring_eval)"),
        json_out: bool = typer.Option(False, "--json", help="결과를 JSON으로 출력합니다."),
    ) -> None:
        from pathlib import Path

        from civiclab.cli._common import print_json, settings_from
        from civiclab.scoring.evaluation import evaluate

        settings = settings_from()
        folder = Path(dataset) if dataset else settings.datasets_path / "scoring_eval"
        result = evaluate(folder, settings=settings)
        if json_out:
            print_json(result)
            return
        from rich.console import Console
        from rich.table import Table

        console = Console()
        table = Table(title=f"채점기 평가: 초안 {result['drafts']}개 ({folder})")
        # Short headers so the table fits an 80-column terminal: 심음 = planted, 지적 = flagged.
        for col in ("종류", "심음", "찾음", "재현율", "지적", "맞음", "정밀도", "목표"):
            table.add_column(col, no_wrap=True)
        for fam, m in result["families"].items():
            table.add_row(fam, str(m["planted"]), str(m["detected"]), _pct(m["recall"]),
                          str(m["flagged"]), str(m["correct"]), _pct(m["precision"]), m.get("goal", ""))
        console.print(table)
        if result.get("codes"):
            by_code = Table(title="검사 항목(코드)별")
            for col in ("코드", "심음", "찾음", "재현율", "지적", "맞음", "정밀도"):
                by_code.add_column(col, no_wrap=True)
            for code, m in result["codes"].items():
                by_code.add_row(code, str(m["planted"]), str(m["detected"]), _pct(m["recall"]),
                                str(m["flagged"]), str(m["correct"]), _pct(m["precision"]))
            console.print(by_code)
        rw = result["rewrites"]
        console.print(f"같은 뜻으로 고쳐 쓴 초안 {rw['total']}개 중 지적받은 초안: {rw['flagged']}개 (목표 0)")
        for line in rw["examples"]:
            console.print(f"  - {line}", markup=False)
        for note in result["notes"]:
            console.print(f"※ {note}", markup=False)
        console.print(f"서명: {result['signature']}", markup=False, highlight=False, soft_wrap=True)


def _pct(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_reports(reports) -> None:
    from rich.console import Console
    from rich.table import Table

    from civiclab.scoring.report import FAMILY_KO, SEVERITY_KO

    console = Console()
    for r in reports:
        console.rule(f"{r.draft}: 총점 {r.total:.1f} / 100")
        crit = Table(show_header=True)
        for col in ("기준", "점수", "가중치", "내용"):
            crit.add_column(col)
        for name, c in r.criteria.items():
            score = "-" if c.get("score") is None else f"{c['score']:.1f}"
            if name == "rouge":
                detail = f"rouge1 {c['rouge1']:.3f} · rouge2 {c['rouge2']:.3f} · rougeL {c['rougeL']:.3f}"
            elif "problems" in c:
                detail = f"문제 {c['problems']}건"
            else:
                detail = c.get("status_ko", "")
            crit.add_row(str(c.get("label", name)), score, f"{c.get('weight', 0):g}", detail)
        console.print(crit)
        if r.findings:
            table = Table(show_header=True)
            for col in ("줄", "구분", "심각도", "코드", "위치", "설명", "고칠 방법"):
                table.add_column(col, overflow="fold")
            for f in r.findings:
                line = r.text.count("\n", 0, f.start) + 1
                table.add_row(str(line), FAMILY_KO.get(f.family, f.family), SEVERITY_KO[f.severity],
                              f.code, r.text[f.start:f.end][:30], f.message, f.suggestion or "")
            console.print(table)
        else:
            console.print("찾은 문제가 없습니다.")
        for note in r.notes:
            console.print(f"※ {note}")
        console.print(f"서명: {r.signature}", style="dim", markup=False, highlight=False, soft_wrap=True)
