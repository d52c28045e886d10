"""``civiclab facts check|show``: validate fact sheets and show their prompt block.

Instructors write fact sheets by hand; ``check`` reports every mistake in
Korean (file, field, fix) and goes on to the next file, ``show`` prints the
``[사실 자료]`` block a prompt receives.
"""

from __future__ import annotations

import typer

_CHECK_HELP = (
    "사실 자료(YAML) 파일이 형식에 맞는지 확인합니다. 여러 파일을 주면 모두 확인하고, 잘못된 파일이 "
    "하나라도 있으면 종료 코드 2로 끝납니다. --json 이면 파일마다 {\"file\", \"ok\", \"id\", \"kind\", "
    "\"problem\", \"fix\"}를 담은 JSON 배열을 출력합니다.\n\n"
    "예: civiclab facts check datasets/fact_sheets/*.yaml"
)


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="사실 자료(YAML)를 확인하고 프롬프트용 사실 블록을 보여 줍니다.",
                      no_args_is_help=True)

    @sub.command("check", help=_CHECK_HELP)
    def check(
        files: list[str] = typer.Argument(..., metavar="FACTS.yaml...", help="확인할 사실 자료 파일"),
        json_out: bool = typer.Option(False, "--json", help="결과를 JSON 배열로 출력합니다."),
    ) -> None:
        import json
        import sys

        from civiclab.errors import CivicLabError, format_ko
        from civiclab.facts import load_fact_sheet
        from civiclab.facts.model import KIND_LABELS_KO

        results, failed, seen = [], False, {}
        for name in files:
            try:
                sheet = load_fact_sheet(name)
            except CivicLabError as exc:
                failed = True
                results.append({"file": name, "ok": False, "problem": exc.problem, "fix": exc.fix})
                if not json_out:
                    print(f"[{name}]\n{format_ko(exc)}", file=sys.stderr)
                continue
            if sheet.id in seen:
                failed = True
                problem = f"id '{sheet.id}'가 '{seen[sheet.id]}'에도 쓰였습니다."
                fix = "id는 파일마다 달라야 합니다. 한쪽의 id를 바꾸세요."
                results.append({"file": name, "ok": False, "id": sheet.id, "problem": problem, "fix": fix})
                if not json_out:
                    print(f"[{name}]\n문제: {problem}\n해결 방법: {fix}", file=sys.stderr)
                continue
            seen[sheet.id] = name
            results.append({"file": name, "ok": True, "id": sheet.id, "kind": sheet.kind})
            if not json_out:
                print(
                    f"[{name}] 문제없음: {sheet.id} ({KIND_LABELS_KO[sheet.kind]}), 사실 {len(sheet.facts)}개, "
                    f"수치 {len(sheet.figures)}개, 날짜 {len(sheet.dates)}개, 인물 {len(sheet.people)}명, "
                    f"인용 {len(sheet.quotes)}개"
                )
        if json_out:
            sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(2 if failed else 0)

    @sub.command("show", help="사실 자료를 프롬프트에 넣는 [사실 자료] 블록으로 보여 줍니다.")
    def show(file: str = typer.Argument(..., metavar="FACTS.yaml", help="사실 자료 파일")) -> None:
        from civiclab.facts import load_fact_sheet

        print(load_fact_sheet(file).to_prompt_block())

    app.add_typer(sub, name="facts")
