"""Grading kernels in a bubblewrap sandbox (civiclab.grading.sandbox).

The setting and the refusals run everywhere; the real nbgrader runs need a
working ``bwrap`` and are skipped with the reason where it cannot run.  The
hostile-code side (what a sandboxed submission cannot reach) is in
tests/security/test_hostile_submission_code.py.
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import pytest

from civiclab.errors import ConfigError
from civiclab.grading import sandbox as sb

REPO = Path(__file__).resolve().parents[2]
# A kernel environment without the grader's own settings (keys would select a model server).
_BASE_ENV = {k: os.environ[k] for k in ("PATH", "PYTHONPATH", "LANG") if k in os.environ}
sys.path.insert(0, str(REPO / "tests" / "security"))


def _bwrap_or_skip(course):
    try:
        return sb.resolve("bwrap", course)
    except ConfigError as exc:
        pytest.skip(f"bubblewrap 샌드박스를 이 기계에서 쓸 수 없어 건너뜀: {exc.problem}")


@pytest.fixture
def toy(tmp_path, monkeypatch):
    from gradingkit import build_course

    return build_course(tmp_path / "course", monkeypatch)


def test_setting_from_env_and_toml(tmp_path):
    from civiclab.settings import load_settings

    assert load_settings(env={}, cwd=tmp_path).grading_sandbox == "auto"
    assert load_settings(env={"CIVICLAB_GRADING_SANDBOX": "bwrap"}, cwd=tmp_path).grading_sandbox == "bwrap"
    (tmp_path / "civiclab.toml").write_text('[grading]\ngrading_sandbox = "none"\n', encoding="utf-8")
    assert load_settings(env={}, cwd=tmp_path).grading_sandbox == "none"
    with pytest.raises(ConfigError) as err:
        load_settings(env={"CIVICLAB_GRADING_SANDBOX": "docker"}, cwd=tmp_path)
    assert "grading_sandbox" in err.value.problem


def test_none_is_said_and_bwrap_missing_is_refused_or_said(toy, tmp_path):
    off = sb.resolve("none", toy)
    assert not off.active and off.to_config() == {} and "꺼짐" in off.notice_ko
    env = {**os.environ, "PATH": str(tmp_path / "empty")}  # no bwrap anywhere on PATH
    with pytest.raises(ConfigError) as err:
        sb.resolve("bwrap", toy, env=env)
    assert "bwrap" in err.value.problem and "apt-get install bubblewrap" in err.value.fix
    auto = sb.resolve("auto", toy, env=env)
    assert not auto.active and auto.notice_ko.startswith("주의: 채점 격리(샌드박스) 없이") and "bubblewrap" in auto.notice_ko
    with pytest.raises(ConfigError):
        sb.resolve("docker", toy)


def test_a_bwrap_that_does_not_work_is_found_by_the_probe(toy, tmp_path):
    """An installed bwrap that fails (no user namespaces in a container) is caught before grading."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": str(bindir)}
    with pytest.raises(ConfigError) as err:
        sb.resolve("bwrap", toy, env=env)
    assert "No permissions to creating new namespace" in err.value.problem
    auto = sb.resolve("auto", toy, env=env)
    assert not auto.active and "No permissions" in auto.notice_ko


@pytest.mark.slow
def test_cli_without_bwrap_refuses_with_exit_2_or_says_it_grades_unsandboxed(toy, monkeypatch, capsys):
    from gradingkit import answered, submit

    from civiclab.cli import main

    submit(toy, "honest", answered(toy))
    monkeypatch.setenv("CIVICLAB_GRADING_SANDBOX", "bwrap")
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))  # python and alembic, no bwrap
    code = main(["course", "autograde", "toy", "--course", str(toy.root)])
    out = capsys.readouterr()
    assert code == 2
    text = out.out + out.err
    assert "문제:" in text and "bwrap" in text and "해결 방법:" in text and "bubblewrap" in text
    assert "Traceback" not in text and not (toy.root / "autograded").exists()
    monkeypatch.setenv("CIVICLAB_GRADING_SANDBOX", "auto")
    code = main(["course", "autograde", "toy", "--course", str(toy.root)])
    out = capsys.readouterr()
    assert code == 0, out
    assert "주의: 채점 격리(샌드박스) 없이 채점합니다" in out.out and "채점 1건" in out.out
    assert out.out.index("주의") < out.out.index("채점 1건")  # said before the results


def test_course_folders_are_never_bound(tmp_path):
    """Whatever the kernel's PYTHONPATH or settings name, the course's private folders stay out."""
    root = tmp_path / "course"
    for d in ("source", "submitted", "autograded", ".civiclab", "exchange", "rubrics"):
        (root / d).mkdir(parents=True)
    (root / "gradebook.db").write_bytes(b"")
    course = types.SimpleNamespace(root=root, exchange_dir=root / "exchange",
                                   db_url=f"sqlite:///{root / 'gradebook.db'}")
    hostile_env = {**_BASE_ENV, "PYTHONPATH": os.pathsep.join([str(root), str(root / "source"), str(tmp_path)]),
                   "CIVICLAB_DATASETS_DIR": str(root / "submitted"), "CIVICLAB_PROMPTS_DIR": str(root / "rubrics")}
    ro, hidden, server = sb.allowed_paths(course, hostile_env)
    for bad in (root, root / "source", root / "submitted", tmp_path, Path("/")):
        assert str(bad) not in ro, bad
    assert str(root / "rubrics") in ro  # a folder of its own inside the course is fine
    assert sys.prefix in ro and str(Path(sb.__file__).resolve().parents[2]) in ro
    assert server == ""  # offline practice model: no network
    argv = sb.bwrap_argv(sb.Sandbox("bwrap", True, "", "/usr/bin/bwrap", ro, hidden), "/w", "/k")
    assert "--unshare-all" in argv and "--share-net" not in argv and "--die-with-parent" in argv
    assert ("--cap-drop" in argv) == (os.getuid() == 0)
    assert "/etc" not in argv  # only single files from /etc


# --- real nbgrader runs ---------------------------------------------------------
LINGER = '''
import subprocess, sys
answer = 41
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", "{mark}"], start_new_session=True)
'''


def _pids_with(mark: str) -> list[int]:
    found = []
    for d in Path("/proc").iterdir():
        try:
            if d.name.isdigit() and mark.encode() in (d / "cmdline").read_bytes():
                found.append(int(d.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_toy_scores_equal_loops_interrupted_and_nothing_outlives_the_kernel(toy, tmp_path):
    """Honest, wrong, endless-loop and background-process learners: the same scores and
    statuses with and without the sandbox; the loop is interrupted inside the sandbox
    (interrupts go through the kernel's control channel), and a process the learner
    starts dies with the sandboxed kernel (it survives without the sandbox)."""
    import shutil

    from gradingkit import answered, submit, total_score

    from civiclab.grading.autograde import autograde_cohort

    plan = _bwrap_or_skip(toy)
    mark = f"civiclab-linger-{os.getpid()}"
    submit(toy, "honest", answered(toy))
    submit(toy, "right", answered(toy, {"answer": "answer = 42"}))
    submit(toy, "loop", answered(toy, {"answer": "answer = 42\nwhile True:\n    pass"}))
    submit(toy, "linger", answered(toy, {"answer": LINGER.format(mark=mark)}))
    twin = Path(shutil.copytree(toy.root, tmp_path / "twin"))
    from civiclab.grading.course import Course

    plain = Course(twin)
    try:
        boxed = {o.student: o for o in autograde_cohort(toy, "toy", jobs=2, progress=False, sandbox=plan)}
        left_boxed = _pids_with(mark)
        unboxed = {o.student: o for o in autograde_cohort(plain, "toy", jobs=2, progress=False, sandbox="none")}
        left_plain = _pids_with(mark)
    finally:
        for pid in _pids_with(mark):
            os.kill(pid, 9)
    students = ("honest", "right", "loop", "linger")
    assert {s: boxed[s].status for s in students} == {s: unboxed[s].status for s in students}
    assert {s: total_score(toy, s) for s in students} == {s: total_score(plain, s) for s in students}
    # interrupted, not killed: the answer set before the loop survives and passes
    assert total_score(toy, "right") == 3.0 and total_score(toy, "loop") == 3.0
    assert boxed["loop"].status == "graded", boxed["loop"]
    assert left_boxed == [] and left_plain != []
    assert "bwrap" in (toy.state_dir / "grading" / "logs" / "toy" / "sandbox.log").read_text(encoding="utf-8")


@pytest.mark.slow
def test_real_course_scores_equal_with_and_without_sandbox_and_the_service_is_used(tmp_path, monkeypatch):
    """a1 (its tests call score_draft): sandboxed with the scoring service, sandboxed scoring
    in-process (Kiwi and the glossary read inside the sandbox), and unsandboxed in-process
    give the same grade rows and test outputs; the sandboxed kernels did reach the service."""
    import shutil

    from civiclab.grading import demo
    from civiclab.grading.autograde import autograde_cohort
    from civiclab.grading.course import Course, copy_course
    from civiclab.grading.merge import grade_rows

    monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", "60")
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR", "CIVICLAB_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    # The full glossary and typo list, as the kernels' settings name them: bound read-only.
    monkeypatch.setenv("CIVICLAB_DATASETS_DIR", str(REPO / "datasets"))
    aid = "a1_press_prompt"
    course = Course(copy_course(REPO / "grading", tmp_path / "boxed"))
    plan = _bwrap_or_skip(course)
    assert str(REPO / "datasets") in plan.read_only and str(REPO / "datasets" / "roster") in plan.hidden
    assert course.build([aid], validate=False)[0].generated
    course.release(aid)
    learners = [("s1", "excellent"), ("s2", "typical"), ("s3", "weak"), ("s4", "injection")]
    demo.submit_cohort(course, aid, learners, tmp_path / "homes", demo.load_answers(course.root).get(aid))
    course.collect(aid)
    copies = {name: Course(shutil.copytree(course.root, tmp_path / name)) for name in ("boxed_inproc", "plain")}

    out = autograde_cohort(course, aid, jobs=2, progress=False, sandbox=plan)
    assert {o.status for o in out} == {"graded"}, out
    log = (course.state_dir / "grading" / "logs" / aid / "scoring-service.log").read_text(encoding="utf-8")
    assert int(log.split("served ")[1].split()[0]) >= len(learners), log  # delegated from inside
    out = autograde_cohort(copies["boxed_inproc"], aid, jobs=1, progress=False, scoring_service=False,
                           sandbox=plan)
    assert {o.status for o in out} == {"graded"}, out
    out = autograde_cohort(copies["plain"], aid, jobs=1, progress=False, scoring_service=False, sandbox="none")
    assert {o.status for o in out} == {"graded"}, out

    from test_scoring_service import _graded_outputs

    students = [s for s, _ in learners]
    rows = grade_rows(course.root / "gradebook.db", aid, students)
    for other in copies.values():
        assert grade_rows(other.root / "gradebook.db", aid, students) == rows
        for sid in students:
            assert _graded_outputs(other, aid, sid) == _graded_outputs(course, aid, sid)
    totals = {sid: sum(r[4] or 0 for r in rows if r[0] == sid and r[3] == "grade") for sid in students}
    assert len(set(totals.values())) > 1, totals  # not all alike, or the comparison would prove little


def test_network_is_kept_only_for_a_configured_model_server(tmp_path):
    """A kernel whose settings call a model server (answer cells, an LLM judge in tests)
    keeps the network, so scores do not depend on the sandbox; the offline model does not."""
    root = tmp_path / "course"
    (root / "autograded").mkdir(parents=True)
    course = types.SimpleNamespace(root=root, exchange_dir=root / "exchange", db_url="sqlite:///x.db")
    env = {**_BASE_ENV, "CIVICLAB_BACKEND": "openai", "CIVICLAB_BASE_URL": "http://127.0.0.1:9/v1"}
    ro, hidden, server = sb.allowed_paths(course, env)
    assert server == "http://127.0.0.1:9/v1"
    argv = sb.bwrap_argv(sb.Sandbox("bwrap", True, "", "/usr/bin/bwrap", ro, hidden, network=True), "/w", "/k")
    assert "--share-net" in argv and "/etc/resolv.conf" in argv
    offline = {k: v for k, v in env.items() if k not in ("CIVICLAB_BACKEND", "CIVICLAB_BASE_URL")}
    assert sb.allowed_paths(course, offline)[2] == ""


USES_MODEL = '''
from civiclab.llm import Gateway
from civiclab.settings import load_settings
answer = 41 if Gateway(load_settings()).generate([{"role": "user", "content": "제목을 제안해 주세요."}]).text else 0
'''
FORGES_ROWS = USES_MODEL + '''
import sqlite3
_db = load_settings().state_path / "ledger.sqlite"
with sqlite3.connect(_db) as _c:  # charge another learner's budget, and a row with nonsense in it
    _c.execute("INSERT INTO calls (ts, user, cohort, backend, model, prompt_tokens, completion_tokens, "
               "latency_ms, cache_hit, cost_krw, status) VALUES ('2026-04-01', 'learner02', 'x', 'openai', "
               "'m', 999999, 999999, 1, 0, 900000.0, 'ok')")
    _c.execute("INSERT INTO calls (ts, user, cohort, backend, model, prompt_tokens, completion_tokens, "
               "latency_ms, cache_hit, cost_krw, status) VALUES ('2026-04-01', 'grader07', 'x', 'openai', "
               "'m', 'many', 1, 1, 0, -5, 'ok')")
'''


@pytest.mark.slow
def test_model_calls_inside_the_sandbox_reach_the_graders_ledger_and_forged_rows_do_not(toy, tmp_path,
                                                                                       monkeypatch):
    """Each sandboxed kernel has its own state folder; its ledger rows are appended to the
    ledger the kernel's settings name outside (nothing dropped), but only its own user's
    rows with sane values (learner code can write that file)."""
    from gradingkit import answered, submit

    from civiclab.grading.autograde import autograde_cohort
    from civiclab.llm.ledger import read_ledger

    plan = _bwrap_or_skip(toy)
    outside = tmp_path / "grader-state"
    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(outside))
    monkeypatch.setenv("CIVICLAB_USER", "grader07")
    submit(toy, "caller", answered(toy, {"answer": USES_MODEL}))
    submit(toy, "forger", answered(toy, {"answer": FORGES_ROWS}))
    autograde_cohort(toy, "toy", jobs=1, progress=False, sandbox=plan)
    rows = read_ledger(path=outside / "ledger.sqlite")
    assert list(rows["user"]) == ["grader07", "grader07"]  # one practice call per learner, carried
    assert set(rows["backend"]) == {"offline"} and (rows["cost_krw"] == 0).all()


SEES_GRADEBOOK = '''
import pathlib
answer = 41 if (pathlib.Path.cwd().parents[2] / "gradebook.db").exists() else 42
'''


@pytest.mark.slow
@pytest.mark.parametrize("mode, expected", [("bwrap", 3.0), ("none", 1.0)])
def test_nbgraders_own_autograde_is_sandboxed_too(toy, mode, expected):
    """The formgrader's autograde button runs nbgrader itself, not `civiclab course autograde`;
    the course config makes its kernels sandboxed as well.  The learner's answer is right
    (42) only when the gradebook is out of its sight."""
    import subprocess

    from gradingkit import answered, submit, total_score

    _bwrap_or_skip(toy)
    submit(toy, "peeker", answered(toy, {"answer": SEES_GRADEBOOK}))
    env = {**os.environ, "CIVICLAB_GRADING_SANDBOX": mode, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "toy", "--student", "peeker",
                           "--force", "--create"], cwd=toy.root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert total_score(toy, "peeker") == expected
    if mode == "bwrap":
        assert "채점 격리 켜짐" in done.stderr  # nbgrader's log names the sandbox


@pytest.mark.slow
def test_nbgraders_own_autograde_refuses_a_required_sandbox_that_cannot_run(toy, tmp_path):
    import subprocess

    from gradingkit import answered, submit

    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "bwrap").write_text("#!/bin/sh\necho 'bwrap: No permissions to creating new namespace' >&2\nexit 1\n")
    (bindir / "bwrap").chmod(0o755)
    submit(toy, "someone", answered(toy))
    env = {**os.environ, "CIVICLAB_GRADING_SANDBOX": "bwrap", "PYTHONPATH": str(REPO / "src"),
           "PATH": f"{bindir}:{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "toy", "--student", "someone",
                           "--force", "--create"], cwd=toy.root, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode != 0  # not graded unisolated
    assert "No permissions to creating new namespace" in done.stderr
    with toy.gradebook() as gb:
        assert not [s for s in gb.assignment_submissions("toy") if s.student_id == "someone" and s.score]


BOMB = "answer = 42\n_hog = bytearray(3 * 2**30)  # more than the kernel may have"


@pytest.mark.slow
def test_a_memory_bomb_ends_as_memory_error_in_its_own_kernel(toy, monkeypatch):
    """Each sandboxed kernel gets an address-space limit (prlimit): a learner's runaway
    allocation fails inside that kernel (MemoryError in its notebook) instead of pulling
    the server into swap or the OOM killer; other learners are graded as usual."""
    import json

    from gradingkit import answered, submit, total_score

    from civiclab.grading.autograde import autograde_cohort

    monkeypatch.setenv("CIVICLAB_GRADING_MEMORY_MB", "1536")
    plan = _bwrap_or_skip(toy)
    if not plan.memory_mb:
        pytest.skip("prlimit(util-linux)이 없어 메모리 한도를 걸 수 없음: 건너뜀")
    assert plan.memory_mb == 1536 and "1,536MB" in plan.notice_ko
    submit(toy, "honest", answered(toy))
    submit(toy, "bomb", answered(toy, {"answer": BOMB}))
    autograde_cohort(toy, "toy", jobs=1, progress=False, sandbox=plan)
    assert total_score(toy, "honest") == 1.0
    graded = json.loads((toy.root / "autograded" / "bomb" / "toy" / "toy.ipynb").read_text(encoding="utf-8"))
    errors = [o.get("ename") for c in graded["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert "MemoryError" in errors, errors
    assert total_score(toy, "bomb") == 3.0  # `answer = 42` ran before the allocation failed


def test_memory_limit_setting_is_checked(toy, monkeypatch):
    monkeypatch.setenv("CIVICLAB_GRADING_MEMORY_MB", "lots")
    with pytest.raises(ConfigError) as err:
        sb._memory_limit(dict(os.environ))
    assert "CIVICLAB_GRADING_MEMORY_MB" in err.value.problem
    assert sb._memory_limit({"CIVICLAB_GRADING_MEMORY_MB": "0", "PATH": os.environ["PATH"]})[0] == 0
    argv = sb.bwrap_argv(sb.Sandbox("bwrap", True, "", "/usr/bin/bwrap", memory_mb=512, prlimit="/usr/bin/prlimit"),
                         "/w", "/k")
    assert argv[:4] == ["/usr/bin/prlimit", f"--as={512 << 20}", "--core=0", "--"] and argv[4] == "/usr/bin/bwrap"
