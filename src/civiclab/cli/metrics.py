"""`civiclab metrics report`: the digital-policy dashboard as static HTML + tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    metrics = typer.Typer(help="교육 성과·비용·프롬프트·챗봇 성과 보고서를 만듭니다.", no_args_is_help=True)

    @metrics.command("report")
    def report(
        out: Annotated[Path, typer.Option("--out", help="보고서를 쓸 폴더(index.html 과 표 파일)")],
        complaints: Annotated[Path | None, typer.Option("--complaints", help="민원 상담 기록(.csv/.parquet)")] = None,
        grades: Annotated[Path | None, typer.Option("--grades", help="nbgrader 성적 내보내기 CSV")] = None,
        grade_criteria: Annotated[Path | None, typer.Option(
            "--grade-criteria", help="기준별 성적 CSV(기본: --grades 옆의 <이름>_by_criterion.csv)")] = None,
        ledger: Annotated[Path | None, typer.Option("--ledger", help="사용 기록 ledger.sqlite (기본: 상태 폴더)")] = None,
        history: Annotated[Path | None, typer.Option("--history", help="학습 기록 폴더(기본: 상태 폴더/history)")] = None,
        prompts: Annotated[Path | None, typer.Option("--prompts", help="프롬프트 시험 결과 JSON 파일 또는 폴더")] = None,
        launch: Annotated[str | None, typer.Option("--launch", help="챗봇 출시 월(YYYY-MM, 기본: 기록에서 추정)")] = None,
        categories: Annotated[Path | None, typer.Option("--categories", help="민원 분야 목록(기본: datasets/categories.yaml)")] = None,
        seed: Annotated[int, typer.Option("--seed", help="신뢰구간 계산용 난수 씨앗")] = 12345,
        as_json: Annotated[bool, typer.Option("--json", help="핵심 숫자를 JSON으로 출력")] = False,
    ) -> None:
        """성과 보고서(HTML)를 만듭니다. 주지 않은 자료는 '자료 없음'으로 표시합니다."""
        from civiclab.datagen.complaints import parse_month
        from civiclab.metrics.run import make_report
        from civiclab.settings import load_settings

        if launch:
            parse_month(launch, "챗봇 출시 월")
        index, rep = make_report(load_settings(), out, categories_path=categories, complaints=complaints,
                                 grades=grades, grade_criteria=grade_criteria, ledger=ledger, history=history, prompts=prompts,
                                 launch=launch, seed=seed)
        missing = [s.title for s in rep.sections if not s.available]
        if as_json:
            import json

            data = {"index": str(index), "sections": [
                {"key": s.key, "title": s.title, "available": s.available, "missing": s.missing,
                 "facts": dict(s.facts), "warnings": s.warnings} for s in rep.sections]}
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        typer.echo(f"보고서를 만들었습니다: {index}")
        if missing:
            typer.echo(f"자료 없음으로 표시한 부분: {', '.join(missing)}")

    app.add_typer(metrics, name="metrics")
