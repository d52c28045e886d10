"""Learner code that attacks the grading run: what it can do, and what it cannot gain.

Real nbgrader on the toy course.  The grader's environment holds fake keys (as
on a hub), then learners whose answer cells

- ``snoop``: record the kernel's environment, working folder, other learners'
  submissions, the gradebook, the instructor's source with hidden tests, and
  open a TCP connection to a local server;
- ``writer``: open every ``*.db`` under the course (the main gradebook and the
  private per-learner copies) and give themselves and a friend manual points
  and extra credit, and forge journal lines;
- ``hook`` / ``blank_cells``: hide failing tests (an IPython custom exception
  handler; an input transformer that empties every later cell);

are graded next to honest learners, once with the grading sandbox (bubblewrap,
``grading_sandbox="bwrap"``; sequential and with 2 workers) and once without it
(``"none"``).  Guaranteed (asserted): the kernel sees no key, token, password or
gradebook URL; no attacker's score rises, in the gradebook or the export; each is
routed to manual review with a Korean reason; honest learners keep their grades.
With the sandbox the snooping kernel finds no other submission, no gradebook, no
hidden test, no state folder and no network, and cannot write beside its own
folder; the writer finds no database to write.  Without it (asserted too, so the
limit in SECURITY.md stays true) the code runs as the grader's user and can read
the course folder and reach the network.  Where bubblewrap cannot run, the
sandboxed runs are skipped with the reason.
"""

from __future__ import annotations

import json
import socket
import threading

import pytest
from gradingkit import (
    HONEST_SCORE,
    answered,
    auto_score,
    build_course,
    grade_table,
    submit,
    total_score,
)

pytestmark = pytest.mark.slow

FAKE_KEY = "sk-civiclab-hostile-3f9a7c21"
SECRETS = {
    "OPENAI_API_KEY": FAKE_KEY,
    "CIVICLAB_API_KEY": FAKE_KEY + "-2",
    "JUPYTERHUB_API_TOKEN": "hubtoken-5e1d0b7a",
    "DATABASE_URL": "postgresql://grader:pw-71c2e@db.internal/civiclab",
}

# Probes write into the kernel's own folder (autograded/<learner>/toy): the one place
# a sandboxed kernel can write, and where the test reads them back.
SNOOP = '''
import json, os, pathlib, socket
answer = 41
_root = pathlib.Path.cwd().parents[2]
_probe = {{"env": dict(os.environ), "cwd": str(pathlib.Path.cwd()),
          "others": sorted(p.parts[-3] for p in _root.glob("submitted/*/toy/toy.ipynb"))}}
def _try(name, fn):
    try:
        _probe[name] = fn()
    except Exception as _e:
        _probe[name] = "error: " + repr(_e)
_try("gradebook", lambda: (_root / "gradebook.db").read_bytes()[:15].decode("latin-1"))
_try("hidden", lambda: "SECRET_HIDDEN_CHECK" in (_root / "source/toy/toy.ipynb").read_text())
_try("state", lambda: sorted(os.listdir(_root / ".civiclab")))
_try("planted", lambda: (_root / "planted.txt").write_text("x"))
_try("procs", lambda: len([d for d in os.listdir("/proc") if d.isdigit()]))
try:
    with socket.create_connection(("127.0.0.1", {port}), timeout=3) as _s:
        _probe["network"] = _s.recv(16).decode()
except OSError as _e:
    _probe["network"] = repr(_e)
pathlib.Path("snoop.json").write_text(json.dumps(_probe))
print(os.environ.get("OPENAI_API_KEY", "열쇠 없음"))
'''

WRITER = '''
import json, pathlib, sqlite3
answer = 41
_root = pathlib.Path.cwd().parents[2]
_mine = ("SELECT sn.id FROM submitted_notebook sn JOIN submitted_assignment sa "
         "ON sn.assignment_id = sa.id WHERE sa.student_id = ?")
_hits = []
for _db in sorted(_root.rglob("*.db")):
    _con = sqlite3.connect(_db, timeout=10)
    try:
        for _who in ("writer", "friend"):
            _con.execute("UPDATE grade SET manual_score = 3, extra_credit = 50 WHERE notebook_id IN (" + _mine + ")",
                         (_who,))
        _con.execute("UPDATE submitted_notebook SET flagged = 1 WHERE id IN (" + _mine + ")", ("writer",))
        _con.commit()
        _hits.append(str(_db.relative_to(_root)))
    except sqlite3.Error as _e:
        _hits.append(repr(_e))
    finally:
        _con.close()
for _j in _root.glob(".civiclab/grading/*.jsonl"):
    with _j.open("a") as _fh:
        for _who in ("writer", "friend", "crashes"):
            _fh.write(json.dumps({{"student": _who, "status": "graded", "fingerprint": "forged"}}) + "\\n")
        _hits.append(str(_j.relative_to(_root)))
pathlib.Path("writer.json").write_text(json.dumps(_hits))
'''

HOOK = '''
get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)
answer = 41
'''

BLANK_CELLS = '''
get_ipython().input_transformers_cleanup.append(lambda lines: [])
answer = 41
'''


@pytest.fixture(scope="module")
def server():
    """A local TCP server the snooping kernel tries to reach."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    stop = threading.Event()

    def serve():
        srv.settimeout(0.5)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            conn.sendall(b"hello")
            conn.close()

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    srv.close()


def _run(tmp_path_factory, server, jobs, sandbox):
    from civiclab.errors import ConfigError
    from civiclab.grading.autograde import autograde_cohort
    from civiclab.grading.sandbox import resolve

    base = tmp_path_factory.mktemp(f"hostile{jobs}{sandbox}")
    with pytest.MonkeyPatch.context() as mp:
        course = build_course(base / "course", mp)
        for name, value in SECRETS.items():
            mp.setenv(name, value)
        mp.setenv("CIVICLAB_GRADEBOOK_URL", f"sqlite:///{course.root / 'gradebook.db'}")
        try:
            plan = resolve(sandbox, course)
        except ConfigError as exc:
            pytest.skip(f"bubblewrap 샌드박스를 이 기계에서 쓸 수 없어 건너뜀: {exc.problem}")
        assert plan.active == (sandbox == "bwrap")
        # First everyone hands in honest work and is graded: their rows exist in the gradebook.
        for sid in ("writer", "friend", "honest", "crashes"):
            submit(course, sid, answered(course))
        submit(course, "crashes", "{ not json")
        first = {o.student: o for o in autograde_cohort(course, "toy", jobs=jobs, progress=False, sandbox=plan)}
        before = {sid: total_score(course, sid) for sid in ("writer", "friend", "honest")}
        # Then the attackers resubmit (and three new ones hand in).
        submit(course, "writer", answered(course, {"answer": WRITER.format()}))
        submit(course, "snoop", answered(course, {"answer": SNOOP.format(port=server)}))
        submit(course, "hook", answered(course, {"answer": HOOK}))
        submit(course, "blank_cells", answered(course, {"answer": BLANK_CELLS}))
        second = {o.student: o for o in autograde_cohort(course, "toy", jobs=jobs, progress=False, sandbox=plan)}
    probes = {k: course.root / "autograded" / k / "toy" / f"{k}.json" for k in ("snoop", "writer")}
    return {"course": course, "first": first, "second": second, "before": before, "sandboxed": plan.active,
            "probes": {k: json.loads(p.read_text()) if p.is_file() else None for k, p in probes.items()}}


@pytest.fixture(scope="module", params=[("bwrap", 1), ("bwrap", 2), ("none", 1)],
                ids=["sandbox-sequential", "sandbox-parallel", "no-sandbox"])
def hostile(request, tmp_path_factory, server):
    sandbox, jobs = request.param
    return _run(tmp_path_factory, server, jobs, sandbox)


def test_kernel_sees_no_secret(hostile):
    probe = hostile["probes"]["snoop"]
    assert probe is not None, "the snooping cell did not run"
    env = probe["env"]
    for name, value in SECRETS.items():
        assert name not in env and value not in json.dumps(env)
    assert "CIVICLAB_GRADEBOOK_URL" not in env
    assert "PATH" in env and "HOME" in env  # an ordinary environment otherwise
    nb = (hostile["course"].root / "autograded" / "snoop" / "toy" / "toy.ipynb").read_text(encoding="utf-8")
    assert FAKE_KEY not in nb and "열쇠 없음" in nb


def test_what_learner_code_can_reach(hostile):
    """With the sandbox: only its own folder.  Without (nbgrader runs code as the
    grader): reading the course, writing beside it and the network all work."""
    probe, root = hostile["probes"]["snoop"], hostile["course"].root
    assert probe["cwd"].endswith("autograded/snoop/toy")
    if hostile["sandboxed"]:
        assert probe["others"] == []
        assert probe["gradebook"].startswith("error: FileNotFoundError"), probe["gradebook"]
        assert probe["hidden"].startswith("error: FileNotFoundError"), probe["hidden"]
        assert probe["state"].startswith("error: FileNotFoundError"), probe["state"]
        assert probe["network"] != "hello" and "Error" in probe["network"], probe["network"]
        # Own pid namespace: bwrap's pid 1 and the kernel; not the grader (its /proc/<pid>/environ).
        assert probe["procs"] <= 3, probe["procs"]
        # Refused (read-only), or landed in the sandbox's own /tmp (a tmpfs, thrown away):
        # pytest's course folder is under /tmp.  Either way, never in the real folder.
        assert not (root / "planted.txt").exists(), probe["planted"]
    else:
        assert {"writer", "friend", "honest"} <= set(probe["others"])
        assert probe["gradebook"].startswith("SQLite format")
        assert probe["hidden"] is True
        assert "grading" in probe["state"]
        assert (root / "planted.txt").is_file()
        assert probe["network"] == "hello"
        assert probe["procs"] > 3  # every process of the machine


def test_writing_the_gradebooks_raises_no_score(hostile):
    course, second, before = hostile["course"], hostile["second"], hostile["before"]
    hits = hostile["probes"]["writer"]
    assert hits is not None, "the writing cell did not run"
    for sid in ("writer", "friend"):
        assert total_score(course, sid) <= before[sid] <= HONEST_SCORE, sid
    assert all(row[3] is None and row[4] is None for row in grade_table(course)), "manual points survived"
    from civiclab.grading.autograde import read_journal
    from civiclab.grading.export import grades_frame

    journal = read_journal(course, "toy")
    df = grades_frame(course).set_index("student_id")
    assert df.loc["honest", "score"] == HONEST_SCORE and df.loc["honest", "status"] == "graded"
    assert journal["crashes"]["status"] == "needs_review"  # never a forged 'graded' line
    assert second["writer"].status == "needs_review"
    if hostile["sandboxed"]:
        assert hits == [], hits  # no database and no journal to be found
        assert "성적부" in second["writer"].reason_ko  # screening still sends it to a person
        assert journal["friend"]["status"] == "graded" and df.loc["friend", "score"] == HONEST_SCORE
    else:
        assert any(h == "gradebook.db" for h in hits), hits  # it did write the main gradebook
        assert "되돌렸습니다" in second["writer"].reason_ko
        assert journal["friend"]["status"] == "needs_review"  # a person looks at the friend too
        for sid in ("writer", "friend", "crashes"):
            assert df.loc[sid, "status"] == "needs_review" and df.isna().loc[sid, "score"]


def test_hidden_test_failures_are_caught(hostile):
    course = hostile["course"]
    # A custom exception handler does not hide failures from nbgrader (it reads the
    # execute reply's status): graded honestly, and the hook sends it to review.
    oc = hostile["second"]["hook"]
    assert oc.status == "needs_review" and "채점 방해" in oc.reason_ko, oc
    assert auto_score(course, "hook") == HONEST_SCORE
    # Emptying every later cell does hide them: the canary cell catches it.
    oc = hostile["second"]["blank_cells"]
    assert oc.status == "needs_review" and "확인용 셀" in oc.reason_ko, oc
    with course.gradebook() as gb:
        sub = [s for s in gb.find_assignment("toy").submissions if s.student.id == "blank_cells"]
        assert not sub or sub[0].score <= HONEST_SCORE


def test_snooping_learner_is_reviewed_and_honest_ones_untouched(hostile):
    oc = hostile["second"]["snoop"]
    assert oc.status == "needs_review"
    assert "환경 변수" in oc.reason_ko and "네트워크" in oc.reason_ko
    assert hostile["second"]["honest"].status == "skipped"
    assert hostile["first"]["honest"].status == "graded" and hostile["first"]["honest"].reason_ko == ""
