"""`civiclab course …`: the nbgrader course, thin over civiclab.grading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

sub = typer.Typer(help="nbgrader 채점 과정: 명단, 과제 생성, 배포, 수집, 자동 채점, 피드백, 성적 내보내기",
                  no_args_is_help=True)
roster_app = typer.Typer(help="학습자 명단", no_args_is_help=True)
sub.add_typer(roster_app, name="roster")

_COURSE_HELP = "채점 과정 폴더(nbgrader_config.py가 있는 곳). 기본: <작업 폴더>/grading"


def _course_root(course: Path | None) -> Path:
    if course is not None:
        return course
    from civiclab.settings import load_settings

    return load_settings().root / "grading"


def _open(course: Path | None):
    from civiclab.grading.course import Course

    return Course(_course_root(course))


@roster_app.command("import", help="명단 CSV(id,first_name,last_name,email,cohort,department,role)를 성적부에 넣습니다.")
def roster_import(
    csv_file: Annotated[Path | None, typer.Argument(help="명단 파일. 기본: datasets/roster/roster.csv")] = None,
    course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None,
) -> None:
    if csv_file is None:
        from civiclab.settings import load_settings

        csv_file = load_settings().datasets_path / "roster" / "roster.csv"
    n = _open(course).import_roster(csv_file)
    typer.echo(f"학습자 {n}명을 성적부에 넣었습니다.")


@sub.command(help="과제를 만들고(generate_assignment), 강사용은 통과·학습자용은 실패하는지 검증합니다.")
def build(
    assignments: Annotated[list[str] | None, typer.Argument(help="과제 이름(생략하면 전부)")] = None,
    course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None,
    validate: Annotated[bool, typer.Option("--validate/--no-validate", help="검증 실행 여부")] = True,
) -> None:
    results = _open(course).build(assignments or None, validate=validate)
    failed = False
    for r in results:
        mark = "통과" if r.ok else "문제 있음"
        typer.echo(f"{r.assignment}: {mark}")
        for p in r.problems:
            typer.echo(f"  - {p}")
        failed |= not r.ok
    if failed:
        raise typer.Exit(1)


@sub.command(help="과제를 교환 폴더(exchange)로 배포합니다.")
def release(assignment: str, course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None) -> None:
    _open(course).release(assignment)
    typer.echo(f"{assignment} 과제를 배포했습니다.")


@sub.command(help="교환 폴더에서 제출물을 모읍니다.")
def collect(assignment: str, course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None) -> None:
    c = _open(course)
    c.collect(assignment)
    from civiclab.grading.autograde import submitted_students

    typer.echo(f"{assignment}: 제출물 {len(submitted_students(c, assignment))}건이 있습니다.")


@sub.command(help="한 과제의 제출물 전체를 자동 채점합니다(병렬, 진행 표시, 이어서 채점).")
def autograde(
    assignment: str,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="동시에 채점할 작업 수")] = 1,
    student: Annotated[list[str] | None, typer.Option("--student", help="이 학습자만(여러 번 쓸 수 있음)")] = None,
    force: Annotated[bool, typer.Option("--force", help="이미 채점한 제출물도 다시 채점")] = False,
    course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="결과를 JSON으로 출력")] = False,
) -> None:
    from civiclab.grading.autograde import STATUS_FAILED, autograde_cohort

    opened = _open(course)
    plan = _sandbox(opened)
    # Said before grading starts, and on stderr with --json so the JSON stays a list.
    typer.echo(plan.notice_ko, err=as_json)
    outcomes = autograde_cohort(opened, assignment, jobs=jobs, students=student or None,
                                force=force, progress=not as_json, sandbox=plan)
    if as_json:
        typer.echo(json.dumps([o.to_dict() for o in outcomes], ensure_ascii=False, indent=2))
        return
    counts = {s: sum(o.status == s for o in outcomes) for s in ("graded", "skipped", STATUS_FAILED)}
    typer.echo(f"채점 {counts['graded']}건, 이미 채점되어 건너뜀 {counts['skipped']}건, "
               f"사람 검토 필요 {counts[STATUS_FAILED]}건")
    for o in outcomes:
        if o.status == STATUS_FAILED:
            typer.echo(f"  - {o.student}: {o.reason_ko}")
        elif o.reason_ko:  # graded, with a note (e.g. tampered cells restored)
            typer.echo(f"  - {o.student} (채점함, 참고): {o.reason_ko}")


def _sandbox(opened):
    """The run's grading sandbox from ``Settings.grading_sandbox`` (ConfigError if ``bwrap`` cannot run)."""
    from civiclab.grading.sandbox import resolve
    from civiclab.settings import load_settings

    return resolve(load_settings().grading_sandbox, opened)


@sub.command(help="채점된 제출물에 한국어 HTML 피드백을 만듭니다(숨은 검사는 보이지 않음).")
def feedback(
    assignment: str,
    student: Annotated[str | None, typer.Option("--student", help="이 학습자만")] = None,
    course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None,
) -> None:
    files, problems = _open(course).feedback(assignment, student)
    typer.echo(f"피드백 {len(files)}개를 만들었습니다.")
    for sid, problem in problems.items():
        typer.echo(f"  - {sid}: {problem}")


@sub.command(help=("성적을 CSV로 내보냅니다(student_id, cohort, department, assignment, score, max_score, status). "
                   "--out 을 주면 기준별 성적(…_by_criterion.csv)도 옆에 씁니다."))
def export(
    out: Annotated[Path | None, typer.Option("--out", help="CSV 파일 경로(생략하면 화면에 출력)")] = None,
    course: Annotated[Path | None, typer.Option("--course", help=_COURSE_HELP)] = None,
    criteria_out: Annotated[Path | None, typer.Option(
        "--criteria-out", help="기준별 성적 CSV 경로(기본: --out 옆의 <이름>_by_criterion.csv)")] = None,
) -> None:
    from civiclab.grading.export import criteria_csv_path, export_criteria, export_grades

    opened = _open(course)
    df = export_grades(opened, out)
    if out is None:
        typer.echo(df.to_csv(index=False), nl=False)
    else:
        typer.echo(f"{len(df)}줄을 {out}에 썼습니다.")
    if criteria_out is not None or out is not None:
        path = criteria_out or criteria_csv_path(out)
        by_criterion = export_criteria(opened, path)
        typer.echo(f"기준별 성적 {len(by_criterion)}줄을 {path}에 썼습니다.", err=out is None)


@sub.command(help="연습용 30명 가상 학습자로 과정을 만들고 채점해 성적 CSV를 냅니다.")
def demo(
    out: Annotated[Path, typer.Option("--out", help="새 과정을 만들 폴더")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="동시에 채점할 작업 수")] = 2,
    assignment: Annotated[list[str] | None, typer.Option("--assignment", help="이 과제만(여러 번 쓸 수 있음)")] = None,
    roster: Annotated[Path | None, typer.Option("--roster", help="명단 CSV(생략하면 가상 명단)")] = None,
    course: Annotated[Path | None, typer.Option("--course", help="복사해 올 과정 폴더. " + _COURSE_HELP)] = None,
) -> None:
    from civiclab.grading.demo import KINDS, run_demo
    from civiclab.settings import load_settings

    summary = run_demo(out, _course_root(course), jobs=jobs, assignments=assignment or None, roster=roster,
                       sandbox=load_settings().grading_sandbox)
    typer.echo(summary["sandbox"])
    for problem in summary["build_problems"]:
        typer.echo(f"과제 검증 문제: {problem}")
    for aid, outcomes in summary["outcomes"].items():
        review = [o for o in outcomes if o["status"] == "needs_review"]
        typer.echo(f"{aid}: {len(outcomes)}명 채점, 사람 검토 필요 {len(review)}명")
        for o in review:
            typer.echo(f"  - {o['student']} ({KINDS[summary['kinds'][o['student']]]}): {o['reason_ko']}")
    typer.echo(f"성적 파일: {summary['grades_csv']}")


def register(app: typer.Typer) -> None:
    app.add_typer(sub, name="course")
