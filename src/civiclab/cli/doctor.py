"""``civiclab doctor``: is this machine ready for the course?"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("doctor", help="실습 환경을 점검하고, 문제가 있으면 고치는 방법을 알려 줍니다.")
    def doctor(
        backend: str = typer.Option(None, "--backend", help="점검할 백엔드: offline(연습 모델) 또는 openai"),
        json_out: bool = typer.Option(False, "--json", help="결과를 JSON으로 출력합니다."),
        skip_kiwi: bool = typer.Option(False, "--skip-kiwi", help="형태소 분석기 점검을 건너뜁니다(빠름)."),
    ) -> None:
        from civiclab.cli._common import print_json, settings_from
        from civiclab.doctor import run_checks

        settings = settings_from(backend)
        checks = run_checks(settings, kiwi=not skip_kiwi)
        failed = [c for c in checks if not c.ok and not c.warn]
        if json_out:
            print_json({"ok": not failed, "checks": [c.to_dict() for c in checks]})
        else:
            from rich.console import Console
            from rich.table import Table

            table = Table(title="civiclab 환경 점검", show_lines=False)
            for col in ("항목", "상태", "내용", "해결 방법"):
                table.add_column(col)
            for c in checks:
                mark = "[green]정상[/]" if c.ok else ("[yellow]주의[/]" if c.warn else "[red]문제[/]")
                table.add_row(c.name, mark, c.detail, c.fix)
            console = Console()
            console.print(table)
            warned = [c for c in checks if not c.ok and c.warn]
            if failed:
                console.print(f"문제 {len(failed)}건을 고친 뒤 다시 점검하세요.")
            elif warned:
                console.print(f"실습할 수 있습니다. 주의할 점이 {len(warned)}건 있습니다.")
            else:
                console.print("모두 정상입니다.")
        raise typer.Exit(1 if failed else 0)
