"""``civiclab guard``: show the personal data the gateway would block."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("guard", help="글에 개인정보(주민등록번호, 휴대전화 번호 등)가 있는지 찾습니다. 있으면 종료 코드 1.")
    def guard(
        files: list[str] = typer.Argument(..., help="검사할 파일. - 는 표준 입력"),
        json_out: bool = typer.Option(False, "--json", help="결과를 JSON으로 출력합니다."),
    ) -> None:
        from civiclab.cli._common import print_json, read_text_arg, settings_from
        from civiclab.pii import find_pii

        settings = settings_from()
        results = []
        for name in files:
            text = read_text_arg(name)
            matches = find_pii(text, settings.allowed_phone_numbers)
            results.append({
                "file": name,
                "findings": [m.to_dict() | {"line": text.count("\n", 0, m.start) + 1} for m in matches],
            })
        total = sum(len(r["findings"]) for r in results)
        if json_out:
            print_json(results)
        else:
            from rich.console import Console
            from rich.table import Table

            console = Console()
            table = Table(title="개인정보 검사")
            for col in ("파일", "줄", "위치(글자)", "종류", "확신도"):
                table.add_column(col)
            for r in results:
                for f in r["findings"]:
                    table.add_row(r["file"], str(f["line"]), f"{f['start'] + 1}~{f['end']}", f["label"],
                                  f"{f['confidence']:.0%}")
            if total:
                console.print(table)
                console.print(f"개인정보로 보이는 것 {total}건. 모델에 보내기 전에 지우거나 가짜 값으로 바꾸세요.")
            else:
                console.print("개인정보를 찾지 못했습니다.")
        raise typer.Exit(1 if total else 0)
