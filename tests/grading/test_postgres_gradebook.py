"""The gradebook on PostgreSQL (several graders): --jobs 2 gives the grades of the SQLite run.

A throwaway cluster is started in a temp folder as an ordinary process (initdb +
pg_ctl, Unix socket only, no TCP port).  initdb refuses to run as root, so under
root the cluster runs as the ``postgres`` user that Debian's package creates.
Skipped, with the reason, when the server binaries or the driver are missing:
``apt-get install -y postgresql`` and ``pip install 'psycopg[binary]'``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PLAN = [("p1", "excellent"), ("p2", "typical"), ("p3", "weak"), ("p4", "blank"), ("p5", "delete_cell"),
        ("p6", "broken_file")]


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name) or sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found if isinstance(found, str) else (found[-1] if found else None)


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


@pytest.fixture(scope="module")
def pg_url():
    from sqlalchemy.engine import make_url

    try:  # the driver SQLAlchemy picks for postgresql:// (psycopg 3 with SQLAlchemy 2.1)
        make_url("postgresql://x@/y").get_dialect().import_dbapi()
    except ImportError as exc:
        pytest.skip(f"PostgreSQL driver missing ({exc.name}): pip install 'psycopg[binary]'")
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server missing: apt-get install -y postgresql (initdb, pg_ctl)")
    owner = None
    if os.geteuid() == 0:  # initdb will not run as root
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL as another user")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' user to run the cluster")
        owner = "postgres"
    base = Path(tempfile.mkdtemp(prefix="civiclab-pg-"))  # short path: the socket lives here
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if owner:
        shutil.chown(base, owner)
        shutil.chown(sock, owner)
    try:
        subprocess.run(_as_owner([initdb, "-D", str(data), "-U", "grader", "--auth=trust", "-E", "UTF8",
                                  "--locale=C.UTF-8"], owner), check=True, capture_output=True, cwd=base)
        opts = f"-c listen_addresses='' -c unix_socket_directories={sock} -c fsync=off"
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w",
                                  "start"], owner), check=True, capture_output=True, cwd=base)
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')[-500:]}")
    try:
        yield f"postgresql://grader@/postgres?host={sock}"  # the database initdb creates
    finally:
        subprocess.run(_as_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"], owner),
                       capture_output=True, cwd=base)
        shutil.rmtree(base, ignore_errors=True)


def _cohort(root: Path, homes: Path):
    from toycourse import make_toy_course

    from civiclab.grading import demo
    from civiclab.grading.course import Course

    course = Course(make_toy_course(root))
    built = course.build(validate=False)[0]
    assert built.generated, built.problems
    course.release("toy")
    demo.submit_cohort(course, "toy", PLAN, homes)
    course.collect("toy")
    return course


def _grades(course) -> list[tuple]:
    """Every grade and comment through nbgrader's Gradebook API (any database)."""
    rows = []
    with course.gradebook() as gb:
        for sub in gb.assignment_submissions("toy"):
            for nb in sub.notebooks:
                rows += [(sub.student_id, nb.name, g.name, g.auto_score, g.manual_score, g.needs_manual_grade)
                         for g in nb.grades]
                rows += [(sub.student_id, nb.name, c.name, c.auto_comment, c.manual_comment, None)
                         for c in nb.comments]
    return sorted(rows, key=repr)


def test_postgres_parallel_grades_equal_sqlite(pg_url, tmp_path, grading_env, monkeypatch):
    from civiclab.grading.autograde import autograde_cohort
    from civiclab.grading.export import grades_frame

    monkeypatch.delenv("CIVICLAB_GRADEBOOK_URL", raising=False)
    lite = _cohort(tmp_path / "sqlite", tmp_path / "homes_s")
    assert lite.db_url.startswith("sqlite:///")
    lite_out = autograde_cohort(lite, "toy", jobs=1, progress=False)

    monkeypatch.setenv("CIVICLAB_GRADEBOOK_URL", pg_url)
    pg = _cohort(tmp_path / "pg", tmp_path / "homes_p")
    assert pg.db_url == pg_url and not (pg.root / "gradebook.db").exists()
    pg_out = autograde_cohort(pg, "toy", jobs=2, progress=False)  # workers write the shared database
    assert not (pg.state_dir / "grading" / "staging").exists()  # no private SQLite copies

    assert [(o.student, o.status) for o in pg_out] == [(o.student, o.status) for o in lite_out]
    assert dict((o.student, o.status) for o in pg_out)["p6"] == "needs_review"  # broken file
    assert _grades(pg) == _grades(lite) and _grades(pg)
    cols = ["student_id", "assignment", "score", "max_score", "status"]
    assert grades_frame(pg)[cols].equals(grades_frame(lite)[cols])
    # Re-grading one learner on PostgreSQL changes nothing.
    autograde_cohort(pg, "toy", jobs=2, students=["p2", "p3"], force=True, progress=False)
    assert _grades(pg) == _grades(lite)
