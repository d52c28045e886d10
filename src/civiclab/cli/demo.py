"""``civiclab demo``: the whole lab end to end, offline (``make demo``)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("demo", help="실습실 전체 과정(프롬프트→초안→채점→성적→보고서)을 인터넷 없이 처음부터 끝까지 실행합니다.")
    def demo(
        out: Path = typer.Option(Path("demo-output"), "--out", help="결과를 쓸 폴더"),
        skip: list[str] = typer.Option([], "--skip", help="건너뛸 단계 이름"),
        all_assignments: bool = typer.Option(False, "--all-assignments",
                                             help="과제 6개를 모두 채점합니다(2코어에서 약 13분)."),
    ) -> None:
        from civiclab.cli._common import settings_from
        from civiclab.demo import run_demo

        # The demo is the offline job by definition, and keeps its state beside its output.
        settings = settings_from("offline", state_dir=out.resolve() / "state")
        run_demo(settings, out, skip=tuple(skip), all_assignments=all_assignments)
        print(f"\n끝났습니다. 결과 폴더: {out}")
