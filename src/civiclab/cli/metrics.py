"""`civiclab metrics report`: the digital-policy dashboard as static HTML + tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

_SAMPLE = Path("datasets") / "complaints" / "complaints_sample.parquet"


def _read_default_ledger(settings):
    """The gateway's own reader when it is installed (it knows its schema best)."""
    try:
        from civiclab.llm.ledger import read_ledger
    except ImportError:
        return None
    return read_ledger(settings)


def register(app: typer.Typer) -> None:
    metrics = typer.Typer(help="교육 성과·비용·프롬프트·챗봇 성과 보고서를 만듭니다.", no_args_is_help=True)

    @metrics.command("report")
    def report(
        out: Annotated[Path, typer.Option("--out", help="보고서를 쓸 폴더(index.html 과 표 파일)")],
        complaints: Annotated[Path | None, typer.Option("--complaints", help="민원 상담 기록(.csv/.parquet)")] = None,
        grades: Annotated[Path | None, typer.Option("--grades", help="nbgrader 성적 내보내기 CSV")] = None,
        ledger: Annotated[Path | None, typer.Option("--ledger", help="사용 기록 ledger.sqlite (기본: 상태 폴더)")] = None,
        history: Annotated[Path | None, typer.Option("--history", help="학습 기록 폴더(기본: 상태 폴더/history)")] = None,
        prompts: Annotated[Path | None, typer.Option("--prompts", help="프롬프트 시험 결과 JSON 파일 또는 폴더")] = None,
        launch: Annotated[str | None, typer.Option("--launch", help="챗봇 출시 월(YYYY-MM, 기본: 기록에서 추정)")] = None,
        categories: Annotated[Path | None, typer.Option("--categories", help="민원 분야 목록(기본: datasets/categories.yaml)")] = None,
        seed: Annotated[int, typer.Option("--seed", help="신뢰구간 계산용 난수 씨앗")] = 12345,
    ) -> None:
        """성과 보고서(HTML)를 만듭니다. 주지 않은 자료는 '자료 없음'으로 표시합니다."""
        from civiclab.datagen.complaints import load_categories, parse_month
        from civiclab.metrics.html import write_report
        from civiclab.metrics.report import build_report
        from civiclab.settings import load_settings

        settings = load_settings()
        if launch:
            parse_month(launch, "챗봇 출시 월")
        cat_path = categories or settings.datasets_path / "categories.yaml"
        cats = load_categories(cat_path) if (categories or cat_path.exists()) else None
        state = settings.state_path
        if complaints is None and (settings.datasets_path / "complaints" / _SAMPLE.name).exists():
            complaints = settings.datasets_path / "complaints" / _SAMPLE.name
        ledger_in = ledger
        if ledger is None and (state / "ledger.sqlite").exists():
            read = _read_default_ledger(settings)
            ledger_in = read if read is not None else state / "ledger.sqlite"
        if history is None and (state / "history").is_dir():
            history = state / "history"
        rep = build_report(complaints=complaints, grades=grades, ledger=ledger_in, history=history,
                           prompts=prompts, settings=settings, categories=cats, launch=launch, seed=seed)
        index = write_report(rep, out)
        missing = [s.title for s in rep.sections if not s.available]
        typer.echo(f"보고서를 만들었습니다: {index}")
        if missing:
            typer.echo(f"자료 없음으로 표시한 부분: {', '.join(missing)}")

    app.add_typer(metrics, name="metrics")
