"""The nbgrader course as an object: roster, build, release, collect, feedback.

Every step delegates to nbgrader's own apps (through ``NbGraderAPI`` or the app
classes) with the configuration in ``<course>/nbgrader_config.py``; this module
adds only what nbgrader lacks: Korean messages, checks that the instructor
version passes and the student version fails, and a roster with cohort and
department for the grade export.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from civiclab.errors import CivicLabError, InputError
from civiclab.grading.config import load_nbgrader_config
from civiclab.grading.scoring_service import scoring_service, uses_scoring

ROSTER_COLUMNS = ("id", "first_name", "last_name", "email", "cohort", "department", "role")
# Roster rows with these roles are staff, not learners, and get no gradebook entry.
STAFF_ROLES = {"instructor", "grader", "admin", "staff", "강사", "채점자", "관리자"}


class GradingError(CivicLabError):
    """An nbgrader step failed for a reason the instructor must look at."""

    exit_code = 1


@dataclass
class BuildResult:
    assignment: str
    generated: bool = False
    instructor_passes: bool | None = None
    student_fails: bool | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.generated and self.instructor_passes is not False and self.student_fails is not False


class Course:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.config = load_nbgrader_config(self.root)
        _alembic_on_path()

    # --- basics ------------------------------------------------------------
    @property
    def course_id(self) -> str:
        return self.config.CourseDirectory.course_id

    @property
    def db_url(self) -> str:
        return self.config.CourseDirectory.db_url

    @property
    def exchange_dir(self) -> Path:
        return Path(self.config.Exchange.root)

    @property
    def state_dir(self) -> Path:
        """Our own bookkeeping (journals, staging databases), beside nbgrader's folders."""
        return self.root / ".civiclab"

    def path(self, kind: str, student: str = ".", assignment: str = ".") -> Path:
        """``source``/``release``/``submitted``/``autograded``/``feedback`` folder of a submission."""
        return (self.root / kind / student / assignment).resolve() if kind not in ("source", "release") \
            else (self.root / kind / assignment).resolve()

    def assignments(self) -> list[str]:
        src = self.root / "source"
        if not src.is_dir():
            raise InputError(f"{src} 폴더가 없습니다.", "과정 폴더(grading)를 확인하세요.")
        return sorted(p.name for p in src.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def check_assignment(self, assignment: str) -> str:
        names = self.assignments()
        if assignment not in names:
            raise InputError(
                f"과제 '{assignment}'이(가) 없습니다.",
                "다음 중 하나를 고르세요: " + ", ".join(names),
            )
        return assignment

    def coursedir(self, **attrs):
        from nbgrader.coursedir import CourseDirectory

        cd = CourseDirectory(config=self.config)
        for key, value in attrs.items():
            setattr(cd, key, value)
        return cd

    def api(self):
        from nbgrader.apps.api import NbGraderAPI

        return NbGraderAPI(coursedir=self.coursedir(), config=self.config)

    @contextmanager
    def gradebook(self):
        """The nbgrader gradebook (``with course.gradebook() as gb``).

        A gradebook locked by another grader (formgrader, a second autograde) is a
        Korean GradingError, not a raw SQLAlchemy error: the run stops before it
        changes anything, and running it again later grades only what is left.
        """
        from nbgrader.api import Gradebook
        from sqlalchemy.exc import OperationalError

        try:
            with Gradebook(self.db_url, self.course_id) as gb:
                yield gb
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            raise GradingError(
                "성적부(gradebook)를 다른 채점 작업이 쓰고 있어 열 수 없습니다.",
                "다른 채점(formgrader, 자동 채점)이 끝난 뒤 같은 명령을 다시 실행하세요. "
                "이미 채점한 학습자는 다시 채점하지 않습니다.",
                detail=str(exc),
            ) from None

    # --- roster ------------------------------------------------------------
    def import_roster(self, csv_path: Path | str) -> int:
        """Add or update every learner of the roster in the gradebook; keep a copy for export."""
        rows = read_roster(csv_path)
        learners = [r for r in rows if r.get("role", "").strip().lower() not in STAFF_ROLES]
        with self.gradebook() as gb:
            for r in learners:
                gb.update_or_create_student(
                    r["id"], first_name=r["first_name"], last_name=r["last_name"], email=r["email"] or None
                )
        # Merge with an earlier roster so that importing a second cohort keeps the first.
        merged = {r["id"]: r for r in (read_roster(self.roster_path) if self.roster_path.is_file() else [])}
        merged.update({r["id"]: r for r in learners})
        tmp = self.roster_path.with_suffix(".csv.tmp")
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(ROSTER_COLUMNS))
            writer.writeheader()
            for sid in sorted(merged):
                writer.writerow({k: merged[sid].get(k, "") for k in ROSTER_COLUMNS})
        os.replace(tmp, self.roster_path)
        return len(learners)

    @property
    def roster_path(self) -> Path:
        return self.root / "roster.csv"

    # --- build -------------------------------------------------------------
    def build(self, assignments: list[str] | None = None, *, validate: bool = True) -> list[BuildResult]:
        """``generate_assignment`` for each assignment, then ``validate`` and ``validate --invert``.

        Validation kernels share one scoring service, as autograding does (scoring_service.py).
        """
        from contextlib import ExitStack

        with ExitStack() as services:
            if validate and any(uses_scoring(self.root / "source" / a)
                                for a in assignments or self.assignments()):
                self.state_dir.mkdir(parents=True, exist_ok=True)
                service = services.enter_context(scoring_service(
                    cell_timeout=float(getattr(self.config.Execute, "timeout", 60) or 60),
                    log_path=self.state_dir / "build-scoring-service.log", cwd=self.root))
                if service is not None:
                    service.wait_ready()
            return self._build(assignments, validate=validate)

    def _build(self, assignments: list[str] | None, *, validate: bool) -> list[BuildResult]:
        results = []
        api = self.api()
        for aid in assignments or self.assignments():
            self.check_assignment(aid)
            res = BuildResult(aid)
            out = api.generate_assignment(aid, force=True, create=True)
            res.generated = bool(out.get("success"))
            if not res.generated:
                res.problems.append("과제 생성(generate_assignment) 실패: " + _last_error(out))
            elif validate:
                self._validate(aid, res)
            results.append(res)
        return results

    def _validate(self, aid: str, res: BuildResult) -> None:
        from nbgrader.preprocessors import CheckCellMetadata, ClearOutput
        from nbgrader.validator import Validator

        from civiclab.grading.kernels import IpcExecute

        # nbgrader's list with our Execute: kernels on private Unix sockets (kernels.py)
        steps = [CheckCellMetadata, ClearOutput, IpcExecute]
        res.instructor_passes = True
        for nb in sorted(self.path("source", assignment=aid).glob("*.ipynb")):
            found = Validator(config=self.config, preprocessors=steps).validate(str(nb))
            if found:
                res.instructor_passes = False
                res.problems.append(f"강사용 {nb.name}이(가) 통과하지 못함: {_summary(found)}")
        res.student_fails = True
        for nb in sorted(self.path("release", assignment=aid).glob("*.ipynb")):
            found = Validator(config=self.config, invert=True, preprocessors=steps).validate(str(nb))
            if found:
                res.student_fails = False
                res.problems.append(f"학습자용 {nb.name}의 빈 답이 검사를 통과함: {_summary(found)}")

    # --- exchange ----------------------------------------------------------
    def release(self, assignment: str) -> None:
        self.check_assignment(assignment)
        self._ensure_exchange()
        _check(self.api().release_assignment(assignment), "과제 배포(release_assignment)")

    def collect(self, assignment: str) -> None:
        self.check_assignment(assignment)
        self._ensure_exchange()
        _check(self.api().collect(assignment, update=True), "제출물 수집(collect)")

    def submit(self, assignment: str, student: str, home: Path) -> None:
        """Submit ``home/<course>/<assignment>`` as ``student`` through the exchange (demo, tests)."""
        from nbgrader.auth import Authenticator
        from nbgrader.exchange.default.submit import ExchangeSubmit
        from nbgrader.utils import capture_log

        app = ExchangeSubmit(coursedir=self.coursedir(assignment_id=assignment, student_id=student),
                             authenticator=Authenticator(config=self.config), config=self.config)
        app.assignment_dir = str(home)
        _check(capture_log(app), f"{student}의 제출(submit)")

    def _ensure_exchange(self) -> None:
        # nbgrader expects an exchange every learner can write into.
        self.exchange_dir.mkdir(parents=True, exist_ok=True)
        try:
            os.chmod(self.exchange_dir, 0o777)
        except PermissionError:
            pass

    # --- feedback ----------------------------------------------------------
    def feedback(self, assignment: str, student: str | None = None) -> tuple[list[Path], dict[str, str]]:
        """Korean HTML feedback per learner; hidden tests are never shown.

        Runs nbgrader's ``GenerateFeedback`` once per learner so that one
        learner's problem does not stop the others; learners whose submission
        awaits review get none.  Returns (files, {learner: Korean problem}).
        """
        from nbgrader.converters import GenerateFeedback
        from nbgrader.utils import capture_log

        from civiclab.grading.feedback import korean_template_config
        from civiclab.grading.journal import STATUS_FAILED, read_journal

        self.check_assignment(assignment)
        journal = read_journal(self, assignment)
        base = self.root / "autograded"
        learners = [student] if student else sorted(
            p.name for p in base.glob("*") if (p / assignment).is_dir()) if base.is_dir() else []
        template = korean_template_config(self.state_dir / "templates")
        files, problems = [], {}
        for sid in learners:
            if journal.get(sid, {}).get("status") == STATUS_FAILED:
                problems[sid] = "자동 채점이 끝나지 않아(검토 필요) 피드백을 만들지 않았습니다."
                continue
            app = GenerateFeedback(coursedir=self.coursedir(assignment_id=assignment, student_id=sid),
                                   config=self.config)
            app.update_config(template)
            app.force = True
            app.log.propagate = False
            out = capture_log(app)
            if out.get("success"):
                files += sorted((self.root / "feedback" / sid / assignment).glob("*.html"))
            else:
                problems[sid] = "피드백 생성 실패: " + _last_error(out)
        return files, problems


def _alembic_on_path() -> None:
    # nbgrader's Gradebook runs the `alembic` command when it creates a database;
    # with `.venv/bin/python -m civiclab` the venv's bin folder may not be on PATH.
    bindir = str(Path(sys.executable).parent)
    if shutil.which("alembic") is None and (Path(bindir) / "alembic").exists():
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def read_roster(csv_path: Path | str) -> list[dict]:
    path = Path(csv_path)
    if not path.is_file():
        raise InputError(f"명단 파일 {path}을(를) 찾을 수 없습니다.", "datasets/roster/roster.csv 경로를 확인하세요.")
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in ROSTER_COLUMNS if c not in header]
            if missing:
                raise InputError(
                    f"명단 {path.name}에 {', '.join(missing)} 열이 없습니다.",
                    "첫 줄을 id,first_name,last_name,email,cohort,department,role 로 맞추세요.",
                )
            rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    except UnicodeDecodeError:
        raise InputError(f"명단 {path.name}을(를) UTF-8로 읽을 수 없습니다.",
                         "엑셀에서 'CSV UTF-8' 형식으로 다시 저장하세요.") from None
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):
        sid = row["id"]
        if not sid or any(ch in sid for ch in "/\\+* ") or sid.startswith("."):
            raise InputError(f"명단 {n}번째 줄의 id '{sid}'는 쓸 수 없습니다.",
                             "빈칸, /, +, * 없이 영문자와 숫자로 된 id를 쓰세요.")
        if sid in seen:
            raise InputError(f"명단에 id '{sid}'가 두 번 나옵니다 ({n}번째 줄).", "중복된 줄을 지우세요.")
        seen.add(sid)
    return rows


def _last_error(out: dict) -> str:
    text = (out.get("error") or out.get("log") or "").strip().splitlines()
    return text[-1] if text else "알 수 없는 오류"


def _summary(found: dict) -> str:
    parts = []
    for kind, cells in found.items():
        first = cells[0]
        hint = (first.get("raw_error") or first.get("source") or "").strip().splitlines()
        parts.append(f"{kind} {len(cells)}개 ({hint[-1][:120] if hint else ''})")
    return "; ".join(parts)


def _check(out: dict, what: str) -> None:
    if not out.get("success"):
        raise GradingError(
            f"{what} 단계가 실패했습니다: {_last_error(out)}",
            "위 메시지와 과정 폴더의 설정(nbgrader_config.py)을 확인하세요.",
            detail=(out.get("error") or "") + (out.get("log") or ""),
        )


def copy_course(src: Path, dest: Path) -> Path:
    """Copy a course's config and sources (not its gradebook or submissions) into ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(Path(src) / "nbgrader_config.py", dest / "nbgrader_config.py")
    if (dest / "source").exists():
        shutil.rmtree(dest / "source")
    shutil.copytree(Path(src) / "source", dest / "source",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest
