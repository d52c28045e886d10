"""`civiclab data ...`: generate the synthetic course data sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    data = typer.Typer(help="실습용 합성 자료를 만듭니다.", no_args_is_help=True)

    @data.command("complaints")
    def complaints(
        out: Annotated[Path, typer.Option("--out", help="저장할 파일(.csv 또는 .parquet)")],
        months: Annotated[int, typer.Option("--months", help="만들 개월 수")] = 36,
        seed: Annotated[int, typer.Option("--seed", help="난수 씨앗(같은 값이면 같은 자료)")] = 20240401,
        rows_per_month: Annotated[int, typer.Option("--rows-per-month", help="출시 전 한 달 평균 상담 건수")] = 3000,
        start: Annotated[str, typer.Option("--start", help="첫 달(YYYY-MM)")] = "2022-01",
        launch: Annotated[str, typer.Option("--launch", help="챗봇 출시 월(YYYY-MM)")] = "2024-01",
        effect: Annotated[float, typer.Option("--effect", help="출시 뒤 챗봇 대상 단순 민원의 감소 비율(0~1)")] = 0.3,
        categories: Annotated[Path | None, typer.Option("--categories", help="민원 분야 목록(기본: datasets/categories.yaml)")] = None,
    ) -> None:
        """민원 상담 기록(합성)을 만듭니다: 계절성, 챗봇 출시 효과, 상담원 연결, 재문의, 만족도 포함."""
        from civiclab.datagen.complaints import (
            ComplaintConfig,
            generate_complaints,
            load_categories,
            write_complaints,
        )
        from civiclab.settings import load_settings

        cats = load_categories(categories or load_settings().datasets_path / "categories.yaml")
        cfg = ComplaintConfig(months=months, start=start, launch=launch, rows_per_month=rows_per_month,
                              effect=effect, seed=seed)
        df = generate_complaints(cfg, cats)
        path = write_complaints(df, out)
        typer.echo(f"민원 상담 기록 {len(df):,}건을 만들었습니다: {path}")

    app.add_typer(data, name="data")
