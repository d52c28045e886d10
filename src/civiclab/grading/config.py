"""Course configuration shared by ``grading/nbgrader_config.py`` and the CLI.

The course id, gradebook URL, exchange folder and execution timeout come from
environment variables so that another city (or a second grader on PostgreSQL)
changes configuration, not code:

- ``CIVICLAB_COURSE_ID``       course id (default ``civiclab``)
- ``CIVICLAB_GRADEBOOK_URL``   SQLAlchemy URL; default ``sqlite:///<course>/gradebook.db``.
  Use PostgreSQL (``postgresql://…``) when several graders work at once:
  SQLite is not safe with concurrent writers.
- ``CIVICLAB_EXCHANGE_DIR``    nbgrader exchange root (default ``<course>/exchange``)
- ``CIVICLAB_GRADING_TIMEOUT`` seconds a cell may run before it is interrupted (default 60)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from civiclab.errors import CivicLabError, ConfigError

# Korean stubs learners see where the solution was removed.  The code stub
# raises so that an untouched answer fails its tests with a Korean reason.
CODE_STUB = (
    "# 여기에 답을 쓰세요. (아래 줄을 지우고 답을 쓰면 됩니다)\n"
    'raise NotImplementedError("아직 답을 쓰지 않았습니다.")'
)
TEXT_STUB = "여기에 답을 쓰세요."


@dataclass(frozen=True)
class CourseConfig:
    root: Path
    course_id: str = "civiclab"
    db_url: str = ""
    exchange_dir: Path | None = None
    timeout: int = 60

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite:///")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.db_url[len("sqlite:///"):])


def course_config(root: Path | str, env: Mapping[str, str] | None = None) -> CourseConfig:
    env = os.environ if env is None else env
    root = Path(root).resolve()
    course_id = env.get("CIVICLAB_COURSE_ID", "").strip() or "civiclab"
    if not course_id.replace("-", "").replace("_", "").isalnum():
        raise ConfigError(
            f"과정 이름(CIVICLAB_COURSE_ID) '{course_id}'에 쓸 수 없는 글자가 있습니다.",
            "영문자, 숫자, 밑줄(_), 붙임표(-)만 쓰세요. 예: sejong-2026-04",
        )
    db_url = env.get("CIVICLAB_GRADEBOOK_URL", "").strip() or f"sqlite:///{root / 'gradebook.db'}"
    if not db_url.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg2://", "postgresql+psycopg://")):
        raise ConfigError(
            "성적부 주소(CIVICLAB_GRADEBOOK_URL)는 sqlite:/// 또는 postgresql:// 로 시작해야 합니다.",
            "예: postgresql://grader@db/civiclab 처럼 지정하거나, 비워 두어 기본 SQLite를 쓰세요.",
        )
    exchange = env.get("CIVICLAB_EXCHANGE_DIR", "").strip()
    raw_timeout = env.get("CIVICLAB_GRADING_TIMEOUT", "").strip() or "60"
    try:
        timeout = int(raw_timeout)
        if timeout <= 0:
            raise ValueError
    except ValueError:
        raise ConfigError(
            f"CIVICLAB_GRADING_TIMEOUT 값 '{raw_timeout}'은(는) 양의 정수가 아닙니다.",
            "셀 하나의 실행 제한 시간을 초 단위 정수로 지정하세요. 예: 60",
        ) from None
    return CourseConfig(
        root=root,
        course_id=course_id,
        db_url=db_url,
        exchange_dir=Path(exchange).resolve() if exchange else root / "exchange",
        timeout=timeout,
    )


def configure(c, root: Path | str, env: Mapping[str, str] | None = None) -> CourseConfig:
    """Fill a traitlets config ``c`` (as in ``nbgrader_config.py``) for the course at ``root``."""
    cc = course_config(root, env)
    c.CourseDirectory.root = str(cc.root)
    c.CourseDirectory.course_id = cc.course_id
    c.CourseDirectory.db_url = cc.db_url
    c.Exchange.root = str(cc.exchange_dir)
    c.Exchange.path_includes_course = True
    # Learners are told which file changed; the test cells are restored anyway.
    c.Execute.timeout = cc.timeout
    # Quiet kernels: ipykernel's TCP notice would print once per graded notebook.
    c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--Application.log_level=40"]
    c.Execute.interrupt_on_timeout = True
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    # A learner who deletes a test cell gets it back, so it is still graded.
    c.OverwriteCells.add_missing_cells = True
    c.OverwriteCells.missing_cell_notification = (
        "이 셀(id:{cell_id})은 제출본에서 지워져 있어 채점기가 원래대로 되살렸습니다.\n\n"
    )
    c.Autograde.sanitize_preprocessors = [
        "nbgrader.preprocessors.ClearOutput",
        "nbgrader.preprocessors.DeduplicateIds",
        "civiclab.grading.preprocessors.DropEmptyNbgraderMetadata",
        # A cell's kind, points and lock come from the instructor's notebook, never the file.
        "civiclab.grading.tamper.EnforceSourceMetadata",
        "nbgrader.preprocessors.OverwriteKernelspec",
        "nbgrader.preprocessors.OverwriteCells",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    # nbgrader's list, with a kernel that inherits no secrets and talks over private
    # Unix sockets (tamper.IsolatedExecute is a kernels.IpcExecute: no TCP port race)
    # and a canary cell around it (checked before ClearMetadata drops its mark).
    # nbgrader's own autograde (the formgrader's button) sandboxes its kernels like
    # `civiclab course autograde` does; that command resolves the plan itself and
    # overrides this per run (grading.sandbox.plan_for_workdir).
    c.IpcKernelManager.sandbox_mode = _sandbox_mode(cc.root, env)
    c.Autograde.autograde_preprocessors = [
        "civiclab.grading.tamper.AddCanary",
        "civiclab.grading.tamper.IsolatedExecute",
        "civiclab.grading.tamper.CheckCanary",
        "nbgrader.preprocessors.IgnorePattern",
        "nbconvert.preprocessors.ClearMetadataPreprocessor",
        "nbgrader.preprocessors.LimitOutput",
        "nbgrader.preprocessors.SaveAutoGrades",
        "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    # Feedback in Korean, with hidden tests removed (nbgrader #917, #1363).
    c.GenerateFeedback.preprocessors = [
        "civiclab.grading.preprocessors.HideHiddenTests",
        "nbgrader.preprocessors.GetGrades",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    c.CollectApp.check_owner = False  # the exchange is written by one service user
    c.Validator.ignore_checksums = False
    return cc


def _sandbox_mode(root: Path, env: Mapping[str, str] | None) -> str:
    from civiclab.settings import load_settings

    try:
        return load_settings(env=dict(os.environ if env is None else env), cwd=root).grading_sandbox
    except CivicLabError:  # the CLI reports bad settings itself; nbgrader gets the safe default
        return "auto"


def load_nbgrader_config(root: Path | str):
    """The traitlets Config nbgrader itself would load from ``<root>/nbgrader_config.py``."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    cfg_file = root / "nbgrader_config.py"
    if not cfg_file.is_file():
        raise ConfigError(
            f"{root}에 nbgrader_config.py가 없습니다. 채점 과정 폴더가 아닙니다.",
            "--course 옵션으로 grading 폴더를 지정하거나 'civiclab course demo --out 폴더'로 새로 만드세요.",
        )
    cfg = Config()
    cfg.merge(PyFileConfigLoader(cfg_file.name, path=str(root)).load_config())
    # nbgrader resolves relative roots against the cwd; pin it to the course folder.
    cfg.CourseDirectory.root = str(root)
    return cfg
