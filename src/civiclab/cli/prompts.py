"""``civiclab prompts …``: list, show, render, diff, lint, lock, test, promote, new."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from civiclab.errors import InputError

sub = typer.Typer(
    help="공용 프롬프트 라이브러리: 목록, 보기, 채우기, 비교, 검사, 시험, 운영 반영",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(sub, name="prompts")


def _console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped output (logs, CI, tests) gets a wide fixed width so ids are not folded.
    width = None if stream.isatty() else 140
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def _settings():
    from civiclab.settings import load_settings

    return load_settings()


def _library(settings, *, warn: bool = True):
    from civiclab.prompts import PromptLibrary

    lib = PromptLibrary.load(settings.prompts_path)
    if warn and lib.errors:
        err = _console(stderr=True)
        err.print(f"[yellow]주의: 프롬프트 파일 {len({i.file for i in lib.errors})}개에 오류가 있어 "
                  "그 파일은 건너뛰었습니다 (civiclab prompts lint 로 확인).[/yellow]")
    return lib


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _print_issues(issues, stream=None) -> None:
    con = _console(stderr=stream is sys.stderr)
    for i in issues:
        color = "red" if i.severity == "error" else "yellow"
        word = "오류" if i.severity == "error" else "경고"
        con.print(f"[{color}]{word}[/{color}] [bold]{i.where()}[/bold] ({i.code})", markup=True)
        con.print(f"  문제: {i.problem}", markup=False)
        con.print(f"  해결 방법: {i.fix}", markup=False)


def _load_errors_exit(lib) -> None:
    """After a whole-library command: broken files are bad input (exit 2)."""
    if lib.errors:
        _print_issues(lib.errors, sys.stderr)
        raise typer.Exit(2)


@sub.command("list", help="라이브러리의 프롬프트 목록을 보여 줍니다.")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="JSON으로 출력")) -> None:
    from rich.table import Table

    from civiclab.prompts.model import STATUS_KO, TASKS_KO

    lib = _library(_settings(), warn=False)
    rows = []
    for spec in lib.specs():
        latest = spec.latest
        rows.append({
            "id": spec.id, "title": spec.title, "task": spec.task, "owner": spec.owner,
            "versions": [v.version for v in spec.versions], "latest": latest.version,
            "latest_status": latest.status, "production": spec.labels.production,
            "staging": spec.labels.staging, "tests": len(spec.tests),
            "categories": spec.links.categories,
        })
    if as_json:
        _print_json({"prompts": rows, "errors": [i.to_dict() for i in lib.errors]})
    else:
        table = Table(title=f"프롬프트 라이브러리 ({len(rows)}개)", show_lines=False)
        table.add_column("id", no_wrap=True)
        for col in ("제목", "작업", "담당", "최신 판", "운영", "시험"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(r["id"], r["title"], TASKS_KO[r["task"]], r["owner"],
                          f"{r['latest']} ({STATUS_KO[r['latest_status']]})",
                          str(r["production"] or "-"), str(r["tests"]))
        _console().print(table)
    _load_errors_exit(lib)


@sub.command("show", help="프롬프트 한 판의 내용과 변수를 보여 줍니다. 예: show ID, ID@2, ID@production")
def show_cmd(ref: str = typer.Argument(..., help="프롬프트 id[@판 번호 또는 표시]"),
             as_json: bool = typer.Option(False, "--json", help="JSON으로 출력")) -> None:
    from rich.panel import Panel
    from rich.table import Table

    from civiclab.prompts.lock import content_hash
    from civiclab.prompts.model import STATUS_KO, TASKS_KO

    lib = _library(_settings())
    version = lib.get(ref)
    spec = lib.spec(version.prompt_id)
    if as_json:
        data = version.model_dump(mode="json")
        data.update(prompt_ref=version.ref, id=spec.id, title=spec.title, task=spec.task,
                    labels=spec.label_of(version.version), content_hash=content_hash(version),
                    tests=[c.name for c in spec.cases_for(version)])
        _print_json(data)
        return
    con = _console()
    labels = ", ".join(spec.label_of(version.version)) or "없음"
    con.print(f"[bold]{spec.title}[/bold]  ({version.ref})")
    con.print(f"작업: {TASKS_KO[spec.task]} · 담당: {spec.owner} · 상태: {STATUS_KO[version.status]} · "
              f"표시: {labels} · 온도: {version.temperature} · 최대 토큰: {version.max_tokens}", markup=False)
    con.print(f"작성: {version.author} ({version.created}) · 바뀐 점: {version.changelog}", markup=False)
    if spec.links.categories:
        con.print(f"민원 분류: {', '.join(spec.links.categories)} · 지표: {', '.join(spec.links.metrics)}",
                  markup=False)
    if version.variables:
        table = Table(title="변수")
        for col in ("이름", "설명", "필수", "예시"):
            table.add_column(col, overflow="fold")
        for v in version.variables:
            table.add_row(v.name, v.description, "예" if v.required else "아니요", v.example or "")
        con.print(table)
    for m in version.messages:
        con.print(Panel(m.content, title=m.role, title_align="left"), markup=False)
    con.print(f"시험 사례: {len(spec.cases_for(version))}개", markup=False)


def _parse_vars(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name.strip():
            raise InputError(f"--var '{pair}'의 형식이 맞지 않습니다.",
                             "--var 이름=값 처럼 쓰세요. 파일 내용은 --var 이름=@파일경로 로 넣을 수 있습니다.")
        if value.startswith("@"):
            path = Path(value[1:])
            try:
                value = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"--var {name}의 파일 {path}을(를) 읽을 수 없습니다 ({exc}).",
                                 "파일 경로를 확인하고 UTF-8로 저장하세요.") from None
        out[name.strip()] = value
    return out


@sub.command("render", help="변수를 채운 메시지를 보여 줍니다 (모델은 부르지 않습니다).")
def render_cmd(
    ref: str = typer.Argument(..., help="프롬프트 id[@판 번호 또는 표시]"),
    var: Annotated[list[str] | None, typer.Option("--var", help="변수 값: 이름=값 또는 이름=@파일")] = None,
    fact_sheet: Annotated[
        Path | None, typer.Option("--fact-sheet", help="사실 자료 파일 (fact_sheet 변수에 넣음)")
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="JSON으로 출력"),
) -> None:
    from rich.panel import Panel

    from civiclab.prompts.library import settings_context

    settings = _settings()
    lib = _library(settings)
    version = lib.get(ref)
    values = _parse_vars(var or [])
    if fact_sheet is not None:
        from civiclab.facts import load_fact_sheet

        values.setdefault("fact_sheet", load_fact_sheet(fact_sheet).to_prompt_block())
    messages = lib.render(version, values, context=settings_context(settings))
    if as_json:
        _print_json({"prompt_ref": version.ref, "temperature": version.temperature,
                     "max_tokens": version.max_tokens, "messages": messages})
        return
    con = _console()
    con.print(f"[bold]{version.ref}[/bold] (온도 {version.temperature}, 최대 토큰 {version.max_tokens})")
    for m in messages:
        con.print(Panel(m["content"], title=m["role"], title_align="left"), markup=False)


@sub.command("diff", help="두 판의 메시지와 설정 차이를 보여 줍니다. 예: diff ID@1 ID@2")
def diff_cmd(a: str = typer.Argument(..., help="비교할 앞 판 (ID@판)"),
             b: str = typer.Argument(..., help="비교할 뒤 판 (ID@판)"),
             as_json: bool = typer.Option(False, "--json", help="JSON으로 출력")) -> None:
    from civiclab.prompts.diff import diff_versions

    lib = _library(_settings())
    d = diff_versions(lib.get(a), lib.get(b))
    if as_json:
        _print_json(d.to_dict())
        return
    con = _console()
    con.print(f"[bold]{d.a} → {d.b}[/bold]")
    if not d.changed:
        con.print("차이가 없습니다.")
        return
    for label, old, new in d.params:
        con.print(f"설정 {label}: {old} → {new}", markup=False)
    for line in d.variables:
        con.print(f"변수 {line}", markup=False)
    for title, lines in d.messages:
        con.print(f"[bold]{title}[/bold]")
        for ln in lines:
            style = "green" if ln.startswith("+") else "red" if ln.startswith("-") else "dim"
            con.print(f"[{style}]{_escape(ln)}[/{style}]")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@sub.command("lint", help="프롬프트 파일을 검사합니다 (변수, 필수 항목, 시험, 개인정보, 잠금 파일, 한국어). "
             "통과 0, 규칙 위반 1, 읽을 수 없는 파일 2.")
def lint_cmd(as_json: bool = typer.Option(False, "--json", help="JSON으로 출력")) -> None:
    from civiclab.prompts.lint import lint_library

    settings = _settings()
    lib = _library(settings, warn=False)
    issues, notes = lint_library(lib, settings)
    errors = [i for i in issues if i.severity == "error"]
    if as_json:
        _print_json({"prompts": len(lib), "issues": [i.to_dict() for i in issues], "notes": notes,
                     "passed": not errors})
    else:
        con = _console()
        _print_issues(issues)
        for note in notes:
            con.print(f"[yellow]참고: {note}[/yellow]")
        warnings = len(issues) - len(errors)
        verdict = "[green]통과[/green]" if not errors else "[red]실패[/red]"
        con.print(f"{verdict}: 프롬프트 {len(lib)}개, 오류 {len(errors)}건, 경고 {warnings}건")
    if lib.errors:
        raise typer.Exit(2)
    if errors:
        raise typer.Exit(1)


@sub.command("lock", help="잠금 파일(library.lock)에 새 판을 기록합니다. 승인된 판의 변경은 거부합니다.")
def lock_cmd() -> None:
    from civiclab.prompts.lock import update_lock

    lib = _library(_settings())
    result = update_lock(lib)
    con = _console()
    if not (result.added or result.relocked_drafts):
        con.print("잠금 파일이 이미 최신입니다.")
    for ref in result.added:
        con.print(f"추가: {ref}", markup=False)
    for ref in result.relocked_drafts:
        con.print(f"초안 갱신: {ref}", markup=False)


def _test_table(report, show_output: bool):
    from rich.table import Table

    from civiclab.prompts.testing import STATUS_KO

    colors = {"pass": "green", "fail": "red", "skip": "yellow", "error": "red"}
    table = Table(title=f"프롬프트 시험 결과 (모델: {report.model}, 방식: {report.backend})")
    for col in ("프롬프트 판", "사례", "결과", "내용"):
        table.add_column(col, overflow="fold")
    for r in report.runs:
        detail = r.error or "; ".join(
            f"{a.type}: {a.message}" for a in r.results if a.passed is not True) or "모든 검사 통과"
        if show_output and r.output:
            detail += "\n---\n" + r.output
        c = colors[r.status]
        table.add_row(r.ref, r.case, f"[{c}]{STATUS_KO[r.status]}[/{c}]", _escape(detail))
    return table


@sub.command("test", help="각 판의 시험 사례를 설정된 모델로 실행하고 결과표를 보여 줍니다. "
             "모두 통과하면 0, 실패가 있으면 1, 입력 오류는 2로 끝납니다.")
def test_cmd(
    selector: str | None = typer.Argument(None, help="프롬프트 id 또는 id@판 (없으면 전체)"),
    as_json: bool = typer.Option(False, "--json", help="JSON으로 출력"),
    show_output: bool = typer.Option(False, "--show-output", help="모델 답변도 보여 줌"),
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=32, help="동시에 보낼 요청 수"),
) -> None:
    from civiclab.prompts.testing import run_tests

    settings = _settings()
    lib = _library(settings)
    report = run_tests(lib, settings, selector, concurrency=concurrency,
                       progress=not as_json and sys.stderr.isatty())
    counts = report.counts()
    if as_json:
        _print_json(report.to_dict())
    else:
        con = _console()
        if settings.backend == "offline":
            con.print("[dim]오프라인 규칙 기반 연습 모델(civiclab-practice)로 시험했습니다. "
                      "실제 언어 모델 결과와 다를 수 있습니다.[/dim]")
        con.print(_test_table(report, show_output))
        con.print(f"통과 {counts['pass']} · 실패 {counts['fail']} · 건너뜀 {counts['skip']} · "
                  f"오류 {counts['error']}")
        if not report.runs:
            con.print("[yellow]실행할 시험 사례가 없습니다.[/yellow]")
    if selector is None:
        _load_errors_exit(lib)
    if not report.passed:
        raise typer.Exit(1)


@sub.command("promote", help="시험을 통과한 판에 운영(production)·시험 운영(staging) 표시를 옮깁니다.")
def promote_cmd(
    ref: str = typer.Argument(..., help="올릴 판 (ID@판)"),
    label: str = typer.Option(..., "--label", help="production 또는 staging"),
) -> None:
    from civiclab.prompts.promote import promote

    settings = _settings()
    lib = _library(settings)
    done = promote(lib, ref, label, settings)
    before = f"{done.previous}판" if done.previous is not None else "없음"
    _console().print(
        f"[green]{done.prompt_id}의 '{done.label}' 표시를 {before} → {done.version}판으로 옮겼습니다[/green] "
        f"(시험 {len(done.report.runs)}건 통과, 파일: {done.path.name})."
    )


@sub.command("new", help="새 프롬프트 파일을 틀에서 만듭니다.")
def new_cmd(
    prompt_id: str = typer.Argument(..., help="새 id (예: press_release.budget_notice)"),
    task: str = typer.Option(..., "--task", help="press_release, speech, chatbot_answer, rewrite, "
                             "summary, headline, fact_extraction, fact_check 중 하나"),
    title: str = typer.Option(..., "--title", help="한국어 제목"),
    owner: str = typer.Option("대변인실", "--owner", help="담당 부서"),
    author: str | None = typer.Option(None, "--author", help="작성자 (기본: 현재 사용자)"),
) -> None:
    from civiclab.prompts.scaffold import new_prompt

    settings = _settings()
    if prompt_id in _library(settings, warn=False):
        raise InputError(f"프롬프트 '{prompt_id}'이(가) 이미 있습니다.",
                         "다른 id를 쓰거나 기존 파일에 새 판을 추가하세요.")
    path = new_prompt(settings.prompts_path, prompt_id, task, title, owner, author or settings.user,
                      organization=settings.organization)
    _console().print(f"만들었습니다: {path}\n다음: 파일을 고친 뒤 civiclab prompts lint, "
                     f"civiclab prompts test {prompt_id}", markup=False)
