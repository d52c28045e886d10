"""Cohort autograding: nbgrader's Autograde per learner, in parallel, with progress.

nbgrader grades one submission at a time (nbgrader #174) and SQLite breaks with
several writers.  Here each learner's submission is autograded by nbgrader's
own ``Autograde`` app; with ``jobs > 1`` and a SQLite gradebook each learner
is graded into a private copy of the gradebook taken before the run, and the
main process alone merges that learner's rows back (see ``merge``).  Only one
process ever writes the main gradebook, and each learner's rows come from
exactly the computation a sequential run would do, so results are identical.
With PostgreSQL the workers write to the shared database directly.

A journal (``<course>/.civiclab/grading/<assignment>.jsonl``) records every
outcome after its grades are committed: an interrupted run resumes where it
stopped, and a submission the autograder could not process is listed for
manual review instead of silently scoring zero.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

from civiclab.grading.course import Course, GradingError
from civiclab.grading.faults import fault_error, is_run_fault
from civiclab.grading.gbguard import JournalGuard, start_guard

# The journal's names are part of this module's interface (course, export and tests use them here).
from civiclab.grading.journal import (  # noqa: F401
    STATUS_FAILED,
    STATUS_GRADED,
    Outcome,
    fingerprint,
    journal_path,
    read_journal,
)
from civiclab.grading.journal import append_journal as _append_journal
from civiclab.grading.merge import merge_submission
from civiclab.grading.sandbox import Sandbox
from civiclab.grading.sandbox import resolve as resolve_sandbox
from civiclab.grading.screening import (
    CANARY_MARK,
    hide_process_memory,
    locked_cell_edits,
    notebook_problem,
    scan_submission,
    tamper_notes,
)

# Fork starts a worker in milliseconds with nbgrader already imported (spawn
# re-imports it: seconds per worker on a busy machine).  The main process runs
# no kernel while workers grade, and pyzmq makes a fresh context per pid.
_START_METHOD = "fork" if sys.platform == "linux" else "spawn"

# --- one learner (runs in a worker process or in-process) --------------------
_COURSES: dict[str, Course] = {}


def grade_one(root: str, assignment: str, student: str, db_url: str, sandbox: dict | None = None) -> dict:
    """Run nbgrader's Autograde for one learner against ``db_url``.

    ``sandbox``: ``Sandbox.to_config()`` of the run (empty or None: kernels unsandboxed).
    """
    import logging
    import warnings

    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log

    course = _COURSES.get(root) or _COURSES.setdefault(root, Course(root))
    problem = notebook_problem(course.root / "submitted" / student / assignment)
    if problem:
        return {"success": False, "error": f"Unreadable Notebook: {problem}", "seconds": 0.0}
    cd = course.coursedir(assignment_id=assignment, student_id=student, db_url=db_url)
    import copy

    config = copy.deepcopy(course.config)
    # The run resolved (and announced) the sandbox already: no second resolution per kernel.
    config.IpcKernelManager.sandbox = sandbox or {}
    config.IpcKernelManager.sandbox_mode = "none"
    app = Autograde(coursedir=cd, config=config)
    app.force = True  # whether to grade is decided by the journal, not by folder dates
    app.create_student = True
    app.log.propagate = False  # nbgrader's log goes to our per-learner log file
    app.log.setLevel(logging.INFO)
    started = time.perf_counter()
    with warnings.catch_warnings():
        # nbgrader's own SQLAlchemy and nbformat warnings: noise for an instructor
        warnings.simplefilter("ignore")
        out = capture_log(app)
    out["seconds"] = time.perf_counter() - started
    dest = Path(cd.format_path(cd.autograded_directory, student, assignment))
    expected = [p.name for p in Path(cd.format_path(cd.source_directory, ".", assignment)).glob("*.ipynb")]
    missing = [n for n in expected if not (dest / n).is_file()]
    if out.get("success") and missing and (Path(cd.format_path(cd.submitted_directory, student, assignment))).exists():
        # nbgrader scores a missing notebook 0 on purpose; a notebook it could not
        # write for another reason is an infrastructure problem.
        submitted = Path(cd.format_path(cd.submitted_directory, student, assignment))
        lost = [n for n in missing if (submitted / n).is_file()]
        if lost:
            out["success"] = False
            out["error"] = f"autograded notebook not written: {lost}"
    if out.get("success"):
        broken = _infrastructure_errors(dest)
        if broken:
            out["success"] = False
            out["error"] = "infrastructure: " + "; ".join(broken)
    return out


# A test cell that cannot import the grading engine says nothing about the learner.
_INFRA_ERRORS = {"ModuleNotFoundError", "ImportError"}


def _infrastructure_errors(folder: Path) -> list[str]:
    import nbformat

    found = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
                continue
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error" and out.get("ename") in _INFRA_ERRORS:
                    found.append(f"{path.name}:{meta.get('grade_id')}: {out.get('ename')}: {out.get('evalue')}")
    return found


def _worth_retrying(out: dict) -> bool:
    """A kernel that failed to start may start next time; a broken file will not."""
    text = (out.get("error") or "") + (out.get("log") or "")
    return not any(m in text for m in ("infrastructure:", "NotJSONError", "does not appear to be JSON",
                                       "Unreadable Notebook", "UnresponsiveKernelError", CANARY_MARK,
                                       "CellTimeoutError"))


def _reason_ko(out: dict) -> str:
    text = (out.get("error") or "") + (out.get("log") or "")
    if CANARY_MARK in text:
        return ("제출물의 코드가 검사 실패를 숨긴 것으로 보여(확인용 셀이 실패하지 않음) 점수를 매기지 않았습니다. "
                "제출물을 직접 확인하세요.")
    if "infrastructure:" in text:
        return "채점 환경 문제(채점 엔진을 불러오지 못함)로 점수를 매기지 않았습니다. 환경을 고친 뒤 다시 채점하세요."
    if "UnresponsiveKernelError" in text or "kernel became unresponsive" in text:
        return "커널이 응답하지 않았습니다(멈추지 않는 반복 등). 제출물을 직접 확인하세요."
    if "CellTimeoutError" in text:
        return ("커널이 제한 시간이 지나도 멈추지 않았습니다(중단 신호를 무시하는 반복 등). "
                "제출물을 직접 확인하세요.")
    if "NotJSONError" in text or "does not appear to be JSON" in text or "Unreadable Notebook" in text:
        return "노트북 파일이 손상되어 읽을 수 없습니다. 학습자에게 다시 제출을 요청하세요."
    if "DeadKernelError" in text or "Kernel died" in text:
        return "채점 중 커널이 종료되었습니다(메모리 부족 등). 제출물을 직접 확인하세요."
    last = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "자동 채점기가 이 제출물을 처리하지 못했습니다: " + (last[-1][:200] if last else "원인 불명")


# Seconds a merge waits for another grader's lock on the main gradebook.
MERGE_LOCK_WAIT = 60.0


def _screened(course: Course, assignment: str, sid: str, log: str, seconds: float, fp: str) -> Outcome:
    """A graded learner, unless the code needs a person's look (see ``screening``)."""
    findings = scan_submission(course.root / "submitted" / sid / assignment, course.root / "release" / assignment)
    if findings:
        return Outcome(sid, STATUS_FAILED, seconds,
                       "제출물 코드에 사람이 확인할 부분이 있습니다(" + "; ".join(findings) + "). "
                       "자동 채점 점수는 성적부에 남겨 두었으니 확인한 뒤 점수를 확정하세요.", fp)
    notes = locked_cell_edits(course.root / "submitted" / sid / assignment,
                              course.root / "release" / assignment) + tamper_notes(log)
    reason = ("제출물에서 채점 정보(셀 메타데이터)를 바꾼 흔적이 있어 강사용 원본 검사로 채점했습니다: "
              + "; ".join(notes[:5])) if notes else ""
    return Outcome(sid, STATUS_GRADED, seconds, reason, fp)


_GUARD_KO = ("채점 중 성적부에서 이 학습자의 값이 채점기가 아닌 곳(제출물 코드 등)에서 바뀌어 원래 값으로 "
             "되돌렸습니다. 제출물을 직접 확인하세요: ")


def _record_guard(course: Course, assignment: str, changes: list, tampered: dict[str, list[str]],
                  done: set[str]) -> dict[str, Outcome]:
    """Route every learner whose rows were changed to review.

    Learners still to be recorded in this run are marked through ``tampered``;
    the others (recorded already, other assignments) get a journal entry now.
    Returns the new outcomes of this assignment's learners recorded already.
    """
    for ch in changes:
        tampered.setdefault(ch.student, []).append(ch.describe_ko())
    redone = {}
    for sid in sorted({ch.student for ch in changes}):
        for aname in sorted({ch.assignment for ch in changes if ch.student == sid}):
            if aname != assignment or sid in done:
                oc = Outcome(sid, STATUS_FAILED, 0.0, _GUARD_KO + "; ".join(tampered[sid][:5]))
                _append_journal(course, aname, oc)
                if aname == assignment:
                    redone[sid] = oc
    return redone


# --- the cohort ------------------------------------------------------------
def submitted_students(course: Course, assignment: str) -> list[str]:
    base = course.root / "submitted"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / assignment).is_dir())


def autograde_cohort(
    course: Course,
    assignment: str,
    *,
    jobs: int = 1,
    students: list[str] | None = None,
    force: bool = False,
    progress: bool = True,
    retries: int = 1,
    scoring_service: bool | None = None,
    sandbox: Sandbox | str = "auto",
) -> list[Outcome]:
    """Autograde every submission of ``assignment``; see the module docstring.

    ``scoring_service``: share one scoring service (one Kiwi) among the grading
    kernels of this run; None (default) starts it when the assignment's notebooks
    use ``civiclab.scoring``.  It starts first, so Kiwi loads while the gradebook
    is read, and it is stopped when the run ends, also on an error or Ctrl-C.

    ``sandbox``: a ``grading.sandbox.Sandbox`` from ``sandbox.resolve`` (the CLI
    resolves ``Settings.grading_sandbox`` first, to show its notice), or a mode
    name resolved here.  Its notice is also written to the run's log folder.
    """
    course.check_assignment(assignment)
    plan = sandbox if isinstance(sandbox, Sandbox) else resolve_sandbox(sandbox, course)
    use = scoring_service if scoring_service is not None else _uses_scoring(course, assignment)
    with ExitStack() as services:
        service = _start_scoring_service(services, course, assignment) if use else None
        if plan.active and service is not None:
            # Kernels reach the service through its socket folder, bound read-only.
            plan = replace(plan, scoring_socket_dir=str(Path(service.socket_path).parent))
        log_dir = course.state_dir / "grading" / "logs" / assignment
        log_dir.mkdir(parents=True, exist_ok=True)
        with (log_dir / "sandbox.log").open("a", encoding="utf-8") as fh:
            fh.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} {plan.mode}: {plan.notice_ko}\n")
        return _autograde(course, assignment, jobs=jobs, students=students, force=force,
                          progress=progress, retries=retries, service=service, sandbox=plan.to_config())


def _autograde(
    course: Course,
    assignment: str,
    *,
    jobs: int = 1,
    students: list[str] | None = None,
    force: bool = False,
    progress: bool = True,
    retries: int = 1,
    service=None,
    sandbox: dict | None = None,
) -> list[Outcome]:
    from nbgrader.api import MissingEntry
    from tqdm.auto import tqdm

    course.check_assignment(assignment)
    if jobs < 1:
        raise GradingError("--jobs 값은 1 이상이어야 합니다.", "예: --jobs 2", detail=f"jobs={jobs}")
    with course.gradebook() as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise GradingError(
                f"과제 '{assignment}'이(가) 성적부에 없습니다.",
                "먼저 'civiclab course build'로 과제를 만드세요.",
            ) from None
    everyone = submitted_students(course, assignment)
    if students:
        unknown = sorted(set(students) - set(everyone))
        if unknown:
            raise GradingError(f"제출물이 없는 학습자: {', '.join(unknown)}", "collect를 먼저 실행하세요.")
        everyone = [s for s in everyone if s in students]

    journal = read_journal(course, assignment)
    todo, outcomes = [], []
    for sid in everyone:
        fp = fingerprint(course.root / "submitted" / sid / assignment, course.root / "source" / assignment)
        last = journal.get(sid)
        if not force and last and last.get("status") == STATUS_GRADED and last.get("fingerprint") == fp:
            outcomes.append(Outcome(sid, "skipped", fingerprint=fp))
        else:
            todo.append((sid, fp))
    if not todo:
        return outcomes

    # Autograde would create missing learners; do it here, once, in the main gradebook.
    with course.gradebook() as gb:
        for sid, _ in todo:
            gb.update_or_create_student(sid)

    log_dir = course.state_dir / "grading" / "logs" / assignment
    log_dir.mkdir(parents=True, exist_ok=True)
    staged = jobs > 1 and course.db_url.startswith("sqlite:///")
    stage_dir = course.state_dir / "grading" / "staging" / assignment
    if staged:
        shutil.rmtree(stage_dir, ignore_errors=True)
        try:
            stage_dir.mkdir(parents=True)
            base_db = stage_dir / "base.db"
            _snapshot(Path(course.db_url[len("sqlite:///"):]), base_db)
        except (OSError, sqlite3.Error) as exc:
            raise fault_error(f"{type(exc).__name__}: {exc}", done=0) from None

    def db_for(sid: str) -> str:
        if not staged:
            return course.db_url
        private = stage_dir / f"{sid}.db"
        try:
            shutil.copyfile(base_db, private)
        except OSError as exc:
            raise fault_error(f"{type(exc).__name__}: {exc}",
                              done=sum(o.status == STATUS_GRADED for o in outcomes)) from None
        return f"sqlite:///{private}"

    hide_process_memory()  # before workers fork and kernels start: see screening
    guard = start_guard(course.db_url, assignment, [sid for sid, _ in todo])
    journals = JournalGuard(journal_path(course, assignment).parent)
    tampered: dict[str, list[str]] = {}  # learner -> gradebook changes put back (see gbguard)
    bar = tqdm(total=len(todo), desc=f"채점 {assignment}", unit="명", disable=not progress,
               dynamic_ncols=True)
    fps = dict(todo)
    attempts = {sid: 0 for sid, _ in todo}

    def finish(sid: str, out: dict) -> bool:
        """Record one result; return True if it should be retried.

        A fault of the run itself (gradebook locked, disk full) raises a Korean
        GradingError before the learner is journaled: the run stops, what was
        journaled stays, and the next run grades this learner again.
        """
        log_text = (out.get("log") or "") + (out.get("error") or "")
        if not out.get("success") and is_run_fault(log_text):
            raise fault_error(log_text, done=sum(o.status == STATUS_GRADED for o in outcomes))
        try:
            (log_dir / f"{sid}.log").write_text(log_text, encoding="utf-8")
            if out.get("success") and staged:
                merge_submission(Path(course.db_url[len("sqlite:///"):]), stage_dir / f"{sid}.db",
                                 assignment, sid, timeout=MERGE_LOCK_WAIT)
                (stage_dir / f"{sid}.db").unlink(missing_ok=True)
            if guard is not None:
                journals.check()
                redone = _record_guard(course, assignment, guard.check(timeout=MERGE_LOCK_WAIT), tampered,
                                       done={o.student for o in outcomes})
                journals.accept()
                outcomes[:] = [redone.get(o.student, o) for o in outcomes]
        except (OSError, sqlite3.Error) as exc:
            raise fault_error(f"{type(exc).__name__}: {exc}",
                              done=sum(o.status == STATUS_GRADED for o in outcomes)) from None
        if out.get("success"):
            oc = _screened(course, assignment, sid, log_text, out.get("seconds", 0.0), fps[sid])
        else:
            attempts[sid] += 1
            if attempts[sid] <= retries and _worth_retrying(out):
                return True
            oc = Outcome(sid, STATUS_FAILED, out.get("seconds", 0.0), _reason_ko(out), fps[sid])
        if sid in tampered:
            oc = Outcome(sid, STATUS_FAILED, oc.seconds, _GUARD_KO + "; ".join(tampered[sid][:5]), fps[sid])
        try:
            restored = journals.check()
            if restored:
                with (log_dir / "_journal_restored.log").open("a", encoding="utf-8") as fh:
                    fh.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} before {sid}: {', '.join(restored)}\n")
            _append_journal(course, assignment, oc)
            journals.accept()
        except OSError as exc:
            raise fault_error(f"{type(exc).__name__}: {exc}",
                              done=sum(o.status == STATUS_GRADED for o in outcomes)) from None
        outcomes.append(oc)
        bar.update(1)
        bar.set_postfix_str(f"검토 필요 {sum(o.status == STATUS_FAILED for o in outcomes)}명")
        return False

    try:
        if service is not None:
            # Before the first kernel starts, so no cell waits for Kiwi inside its timeout.
            service.wait_ready()
        if jobs == 1:
            for sid, _ in todo:
                while finish(sid, grade_one(str(course.root), assignment, sid, db_for(sid), sandbox)):
                    pass
        else:
            ctx = get_context(_START_METHOD)
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                try:
                    pending = {pool.submit(grade_one, str(course.root), assignment, sid, db_for(sid), sandbox): sid
                               for sid, _ in todo}
                    while pending:
                        for fut in as_completed(list(pending)):
                            sid = pending.pop(fut)
                            try:
                                out = fut.result()
                            except Exception as exc:  # noqa: BLE001  (a worker died: never lose the learner)
                                out = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
                            if finish(sid, out):
                                pending[pool.submit(grade_one, str(course.root), assignment, sid,
                                                    db_for(sid), sandbox)] = sid
                            break  # re-enter as_completed with the updated set
                except GradingError:
                    # A run fault: start nobody new; learners already running finish unrecorded.
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    finally:
        bar.close()
    if staged and not any(stage_dir.glob("*.db")) or (staged and _only_base(stage_dir)):
        shutil.rmtree(stage_dir, ignore_errors=True)
    order = {sid: i for i, sid in enumerate(everyone)}
    return sorted(outcomes, key=lambda o: order.get(o.student, 0))


def _start_scoring_service(services: ExitStack, course: Course, assignment: str):
    """One Kiwi for the whole run, shared by the grading kernels (civiclab.scoring.remote)."""
    from civiclab.grading.scoring_service import scoring_service

    log_dir = course.state_dir / "grading" / "logs" / assignment
    log_dir.mkdir(parents=True, exist_ok=True)
    return services.enter_context(scoring_service(
        cell_timeout=float(getattr(course.config.Execute, "timeout", 60) or 60),
        log_path=log_dir / "scoring-service.log", cwd=course.root))


def _uses_scoring(course: Course, assignment: str) -> bool:
    """Whether the assignment's notebooks call the scoring engine (worth one Kiwi per run)."""
    from civiclab.grading.scoring_service import uses_scoring

    return uses_scoring(course.root / "source" / assignment)


def _only_base(stage_dir: Path) -> bool:
    return [p.name for p in stage_dir.glob("*.db")] == ["base.db"]


def _snapshot(src: Path, dest: Path) -> None:
    """A consistent copy of a SQLite database, even if someone is reading it."""
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    # sqlite3's context manager commits but does not close
    s.close()
    d.close()
