"""Fast checks of the grading defences (no kernels): kernel environment, code screening,
non-notebook files, merge keeping person-set columns, the gradebook and journal guards,
Korean fault messages."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest
from support import ROOT

from civiclab.grading import demo
from civiclab.grading.faults import fault_error, is_run_fault
from civiclab.grading.gbguard import GradebookGuard, JournalGuard
from civiclab.grading.merge import merge_submission
from civiclab.grading.screening import (
    kernel_env,
    locked_cell_edits,
    notebook_problem,
    scan_submission,
)

COURSE = ROOT / "grading"

SECRET_ENV = {
    "OPENAI_API_KEY": "sk-1", "CIVICLAB_API_KEY": "k", "JUPYTERHUB_API_TOKEN": "t", "GITHUB_TOKEN": "g",
    "AWS_SECRET_ACCESS_KEY": "a", "PGPASSWORD": "p", "CIVICLAB_GRADEBOOK_URL": "sqlite:////x/gradebook.db",
    "DATABASE_URL": "postgresql://u:p@h/d", "MY_PROXY": "http://user:pw@proxy:3128", "db_password": "x",
    "JPY_API_TOKEN": "j", "HF_TOKEN": "h", "CIVICLAB_JUDGE_SECRET": "s",
}
KEPT_ENV = {"PATH": "/usr/bin", "HOME": "/home/g", "LANG": "ko_KR.UTF-8", "CIVICLAB_BACKEND": "offline",
            "CIVICLAB_BASE_URL": "http://127.0.0.1:8000/v1", "PYTHONPATH": "/src", "VIRTUAL_ENV": "/venv",
            "HTTP_PROXY": "http://proxy:3128"}


def test_kernel_env_drops_every_credential_and_keeps_the_rest():
    env = kernel_env({**SECRET_ENV, **KEPT_ENV})
    assert env == KEPT_ENV


def _nb_with(tmp_path: Path, name: str, sources: list[str]) -> Path:
    folder = tmp_path / name
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / "toy.ipynb"))
    return folder


@pytest.mark.parametrize("code, label", [
    ("get_ipython().input_transformers_cleanup.append(f)", "채점 방해"),
    ("import builtins", "채점 방해"),
    ("exec(base64.b64decode(s))", "숨긴 코드"),
    ("__import__('os')", "숨긴 코드"),
    ("print(os.environ)", "환경 변수"),
    ("import subprocess", "다른 프로그램"),
    ("!ls ../", "다른 프로그램"),
    ("import socket", "네트워크"),
    ("import urllib.request", "네트워크"),
    ("sqlite3.connect('../../../gradebook.db')", "성적부"),
    ("open('../../../source/toy/toy.ipynb').read()", "파일"),
])
def test_scan_flags_hostile_code(tmp_path, code, label):
    found = scan_submission(_nb_with(tmp_path, "s", ["answer = 1\n" + code]))
    assert any(f.startswith(label) for f in found), found


def test_scan_ignores_the_instructors_cells_and_ordinary_answers(tmp_path):
    release = _nb_with(tmp_path, "release", ["import json\nopen('factsheet.yaml')", "answer = None"])
    sub = _nb_with(tmp_path, "sub", ["import json\nopen('factsheet.yaml')",
                                     'answer = "세종시! 시민 여러분, 4월에 만나요."\nprint(answer)'])
    assert scan_submission(sub, release) == []


def test_no_demo_learner_of_the_real_course_is_flagged(tmp_path):
    """Every kind of demo submission of the real course passes the screening (no false alarm)."""
    answers = demo.load_answers(COURSE)
    for src_path in sorted((COURSE / "source").glob("*/*.ipynb")):
        src = nbformat.read(str(src_path), as_version=4)
        rel = nbformat.from_dict(json.loads(nbformat.writes(src)))
        for cell in rel.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = "raise NotImplementedError()"
        rel_dir = tmp_path / "rel" / src_path.stem
        rel_dir.mkdir(parents=True)
        nbformat.write(rel, str(rel_dir / src_path.name))
        for kind in demo.KINDS:
            sub = tmp_path / kind / src_path.stem
            sub.mkdir(parents=True)
            text = demo.make_submission(rel, src, kind, answers[src_path.parent.name][src_path.stem])
            (sub / src_path.name).write_text(text, encoding="utf-8")
            assert scan_submission(sub, rel_dir) == [], (src_path.name, kind)


@pytest.mark.parametrize("text, ok", [
    ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', True),
    ('{"cells": "모두 통과"}', False),
    ("[1, 2]", False),
    ('{"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4}', False),
    ('{"cells": [{"cell_type": "script", "source": ""}], "nbformat": 4}', False),
    ('{"cells": [], "nbformat": 3}', False),
    ("{ not json", False),
    (b"\xff\xfe".decode("latin-1"), False),
])
def test_notebook_problem(tmp_path, text, ok):
    (tmp_path / "a.ipynb").write_text(text, encoding="utf-8")
    assert (notebook_problem(tmp_path) is None) is ok


def test_locked_cell_edits(tmp_path):
    def nb(src_test):
        c = nbformat.v4.new_code_cell(src_test)
        c.metadata["nbgrader"] = {"grade_id": "t1", "locked": True, "grade": True, "solution": False}
        return nbformat.v4.new_notebook(cells=[c])
    (tmp_path / "rel").mkdir()
    (tmp_path / "sub").mkdir()
    nbformat.write(nb("assert x == 1"), str(tmp_path / "rel" / "a.ipynb"))
    nbformat.write(nb("assert x == 1\n"), str(tmp_path / "sub" / "a.ipynb"))
    assert locked_cell_edits(tmp_path / "sub", tmp_path / "rel") == []
    nbformat.write(nb("pass"), str(tmp_path / "sub" / "a.ipynb"))
    assert locked_cell_edits(tmp_path / "sub", tmp_path / "rel") == ["cell t1 edited: restored"]


def test_workflow_keeps_nbgraders_guards_on():
    """The course config must keep nbgrader's own sanitizing steps, in order, plus ours."""
    from civiclab.grading.course import Course

    course = Course(COURSE)  # the real course's nbgrader_config.py
    pre = [p if isinstance(p, str) else f"{p.__module__}.{p.__name__}"
           for p in course.config.Autograde.sanitize_preprocessors]
    names = [p.rsplit(".", 1)[-1] for p in pre]
    for needed in ("ClearOutput", "DeduplicateIds", "OverwriteKernelspec", "OverwriteCells",
                   "CheckCellMetadata", "EnforceSourceMetadata"):
        assert needed in names, names
    assert names.index("ClearOutput") < names.index("OverwriteCells")
    assert names.index("EnforceSourceMetadata") < names.index("OverwriteCells") < names.index("CheckCellMetadata")
    assert course.config.OverwriteCells.add_missing_cells is True
    auto = [p if isinstance(p, str) else p.__name__ for p in course.config.Autograde.autograde_preprocessors]
    short = [p.rsplit(".", 1)[-1] for p in auto]
    assert "Execute" not in short  # nbgrader's own, whose kernel would inherit every secret
    order = ["AddCanary", "IsolatedExecute", "CheckCanary", "ClearMetadataPreprocessor", "SaveAutoGrades"]
    assert [short.index(n) for n in order] == sorted(short.index(n) for n in order), short
    assert course.config.Autograde.sanitize_preprocessors[0].endswith("ClearOutput")


# --- gradebooks (plain SQLite with nbgrader's table shapes) --------------------
_SCHEMA = """
CREATE TABLE assignment (id TEXT PRIMARY KEY, name TEXT);
CREATE TABLE student (id TEXT PRIMARY KEY);
CREATE TABLE submitted_assignment (id TEXT PRIMARY KEY, assignment_id TEXT, student_id TEXT, timestamp TEXT,
    extension TEXT);
CREATE TABLE submitted_notebook (id TEXT PRIMARY KEY, assignment_id TEXT, notebook_id TEXT, flagged BOOLEAN,
    late_submission_penalty FLOAT);
CREATE TABLE grade (id TEXT PRIMARY KEY, notebook_id TEXT, cell_id TEXT, auto_score FLOAT, manual_score FLOAT,
    extra_credit FLOAT, needs_manual_grade BOOLEAN);
CREATE TABLE comment (id TEXT PRIMARY KEY, notebook_id TEXT, cell_id TEXT, auto_comment TEXT, manual_comment TEXT);
INSERT INTO assignment VALUES ('A', 'toy'), ('B', 'other');
INSERT INTO student VALUES ('s1'), ('s2');
INSERT INTO submitted_assignment VALUES ('sa1', 'A', 's1', NULL, NULL), ('sa2', 'A', 's2', NULL, NULL),
    ('sb1', 'B', 's1', NULL, NULL);
INSERT INTO submitted_notebook VALUES ('n1', 'sa1', 'nb', 0, 0), ('n2', 'sa2', 'nb', 0, 0), ('nb1', 'sb1', 'nb', 0, 0);
INSERT INTO grade VALUES ('g1', 'n1', 'c', 1.0, NULL, NULL, 0), ('g2', 'n2', 'c', 2.0, NULL, NULL, 0),
    ('gb1', 'nb1', 'c', 0.0, NULL, NULL, 0);
INSERT INTO comment VALUES ('m1', 'n1', 'c', NULL, NULL), ('m2', 'n2', 'c', NULL, NULL);
"""


@pytest.fixture
def gradebook(tmp_path):
    db = tmp_path / "main.db"
    with sqlite3.connect(db) as con:
        con.executescript(_SCHEMA)
    con.close()
    return db


def _q(db, sql):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_merge_keeps_person_set_columns_from_the_main_gradebook(gradebook, tmp_path):
    private = tmp_path / "private.db"
    shutil.copy(gradebook, private)
    with sqlite3.connect(gradebook) as con:  # a grader types a manual score in formgrader meanwhile
        con.execute("UPDATE grade SET manual_score = 0.5 WHERE id = 'g1'")
    with sqlite3.connect(private) as con:  # learner code wrote its private copy; autograde re-scored
        con.execute("UPDATE grade SET auto_score = 3.0, manual_score = 9, extra_credit = 50 WHERE id = 'g1'")
        con.execute("UPDATE comment SET manual_comment = '만점' WHERE id = 'm1'")
        con.execute("UPDATE submitted_notebook SET flagged = 1 WHERE id = 'n1'")
    merge_submission(gradebook, private, "toy", "s1")
    assert _q(gradebook, "SELECT auto_score, manual_score, extra_credit FROM grade WHERE id='g1'") == [(3.0, 0.5, None)]
    assert _q(gradebook, "SELECT manual_comment FROM comment WHERE id='m1'") == [(None,)]
    assert _q(gradebook, "SELECT flagged FROM submitted_notebook WHERE id='n1'") == [(0,)]


def test_gradebook_guard_puts_back_what_learner_code_changed(gradebook):
    guard = GradebookGuard(gradebook, "toy", ["s1"])
    with sqlite3.connect(gradebook) as con:
        con.execute("UPDATE grade SET auto_score = 3.0 WHERE id = 'g1'")  # autograde's own change: allowed
        con.execute("UPDATE grade SET extra_credit = 50 WHERE id = 'g1'")  # own extra credit
        con.execute("UPDATE grade SET auto_score = 9 WHERE id = 'gb1'")  # own score in another assignment
        con.execute("UPDATE grade SET manual_score = 2 WHERE id = 'g2'")  # a friend's
    changes = guard.check()
    assert sorted((c.row_id, c.column, c.student, c.assignment) for c in changes) == [
        ("g1", "extra_credit", "s1", "toy"), ("g2", "manual_score", "s2", "toy"),
        ("gb1", "auto_score", "s1", "other")]
    assert _q(gradebook, "SELECT id, auto_score, manual_score, extra_credit FROM grade ORDER BY id") == [
        ("g1", 3.0, None, None), ("g2", 2.0, None, None), ("gb1", 0.0, None, None)]
    assert guard.check() == []  # restored: nothing more to report
    assert all("되돌림" in c.describe_ko() for c in changes)


def test_journal_guard_restores_forged_lines(tmp_path):
    j = tmp_path / "toy.jsonl"
    j.write_text('{"student": "s1", "status": "needs_review"}\n', encoding="utf-8")
    guard = JournalGuard(tmp_path)
    with j.open("a") as fh:
        fh.write('{"student": "s1", "status": "graded"}\n')
    (tmp_path / "other.jsonl").write_text("{}\n")
    assert guard.check() == ["other.jsonl", "toy.jsonl"]
    assert j.read_text(encoding="utf-8") == '{"student": "s1", "status": "needs_review"}\n'
    assert not (tmp_path / "other.jsonl").exists()
    with j.open("a") as fh:  # our own append, accepted
        fh.write('{"student": "s2", "status": "graded"}\n')
    guard.accept()
    assert guard.check() == []


@pytest.mark.parametrize("text, words", [
    ("OperationalError: database is locked", "성적부"),
    ("(sqlite3.OperationalError) database is locked", "성적부"),
    ("OSError: [Errno 28] No space left on device: 'x'", "디스크"),
    ("OperationalError: database or disk is full", "디스크"),
])
def test_fault_messages_are_korean(text, words):
    assert is_run_fault(text)
    err = fault_error(text, done=3)
    assert words in err.problem and "3명" in err.fix and "다시 실행" in err.fix
    assert not is_run_fault("AssertionError: answer가 41입니다")


_PEEK_TARGET = """
import os, sys, time
sys.path.insert(0, {src!r})
if {hide}:
    from civiclab.grading.screening import hide_process_memory
    assert hide_process_memory()
print("ready", flush=True)
time.sleep(30)
"""


_SYSTEM_PY = "/usr/bin/python3"  # the venv may sit under /root, which 'nobody' cannot enter


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not os.access(_SYSTEM_PY, os.X_OK),
                    reason="needs root (to run both processes as 'nobody') and /usr/bin/python3")
@pytest.mark.parametrize("hide", [False, True], ids=["plain", "hidden"])
def test_same_user_process_cannot_read_the_graders_start_environment(hide):
    """What a learner kernel could do: read /proc/<grader pid>/environ as the same user."""
    import subprocess

    def as_nobody():
        os.setgid(65534)
        os.setuid(65534)

    env = {**os.environ, "OPENAI_API_KEY": "sk-peek-5b0c"}
    code = _PEEK_TARGET.format(src=str(ROOT / "src"), hide=hide)
    target = subprocess.Popen([_SYSTEM_PY, "-c", code], env=env, stdout=subprocess.PIPE, text=True,
                              preexec_fn=as_nobody)
    try:
        assert target.stdout.readline().strip() == "ready"
        peek = subprocess.run(
            [_SYSTEM_PY, "-c", f"print(open('/proc/{target.pid}/environ', 'rb').read().count(b'sk-peek-5b0c'))"],
            capture_output=True, text=True, preexec_fn=as_nobody, env={"PATH": os.environ["PATH"]})
    finally:
        target.kill()
        target.wait()
    if hide:
        assert peek.returncode != 0 and "PermissionError" in peek.stderr, peek
    else:
        assert peek.stdout.strip() == "1", peek  # the leak this guards against is real
