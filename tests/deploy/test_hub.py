"""A real JupyterHub cohort on 127.0.0.1: instructor + 10 learners through the nbgrader exchange.

Run with ``make test-hub`` (needs root for real local accounts, and configurable-http-proxy
from ``npm ci`` in deploy/single-server).  The hub is deploy/single-server/jupyterhub_config.py
itself, with CIVICLAB_HUB_AUTH=test and CIVICLAB_HUB_SPAWNER=local.
"""

from __future__ import annotations

import json
import time

import pytest
from hubkit import (
    ASSIGNMENT,
    HubRun,
    answer_for,
    collect_and_autograde,
    learner_round,
    ok_json,
    proc_environ,
    release_assignment,
    require_hub_machine,
    rss_mb,
    run_as,
)
from test_hub_faults import check_victims, fault_round

pytestmark = pytest.mark.hub

N_LEARNERS = 10
MODEL_ENV = {
    "CIVICLAB_BASE_URL": "http://127.0.0.1:9/v1",
    "CIVICLAB_API_KEY": "sk-civiclab-hub-test-not-a-real-key",
    "CIVICLAB_MODEL": "gpt-4o-mini",
    "CIVICLAB_TRUSTED_ENDPOINTS": "http://127.0.0.1:9/v1",
}


@pytest.fixture(scope="module")
def hub():
    require_hub_machine()
    run = HubRun(N_LEARNERS, model_env=MODEL_ENV)
    t0 = time.monotonic()
    try:
        run.start()
        run.create_users()
        run.timings = {"hub_start_s": round(time.monotonic() - t0, 1)}
        yield run
    finally:
        run.close()
    run.assert_cleaned_up()  # "It stops every process it started" (issue 9)


def test_cohort_release_fetch_submit_collect_autograde(hub: HubRun):
    run = hub
    names = [run.instructor, *run.learners]
    t0 = time.monotonic()
    ready = run.start_servers(names, timeout=240)
    run.timings["servers_ready_s"] = round(time.monotonic() - t0, 1)

    t0 = time.monotonic()
    release_assignment(run)
    done = run.map(lambda item: learner_round(run, item), list(enumerate(run.learners)))
    assert done == run.learners
    run.timings["release_fetch_submit_s"] = round(time.monotonic() - t0, 1)

    t0 = time.monotonic()
    collect_and_autograde(run, run.learners)
    run.timings["collect_autograde_s"] = round(time.monotonic() - t0, 1)

    rows = ok_json(run.grader_call("GET", f"/formgrader/api/submissions/{ASSIGNMENT}"),
                   "submissions")
    by_student = {r["student"]: r for r in rows}
    for index, name in enumerate(run.learners):
        row = by_student[name]
        assert row["submitted"] and row["autograded"], row
        assert row["max_score"] == 1.0
        assert row["score"] == answer_for(index)[1], (name, row["score"])

    rss = [rss_mb(run.server_pid(n)) for n in run.learners]
    run.timings["server_rss_mb_max"] = round(max(rss))
    run.timings["server_ready_s_max"] = round(max(ready.values()), 1)
    run.timings["port_retries"] = run.port_retries
    run.timings["spawn_retries"] = len(run.spawn_retries)
    print("\nHUB TIMINGS " + json.dumps(run.timings))


def submission_dir(run: HubRun, learner: str):
    inbound = run.exchange / run.course / "inbound"
    found = [p for p in inbound.iterdir() if p.name.startswith(f"{learner}+{ASSIGNMENT}+")]
    assert found, f"no submission from {learner} in {inbound}"
    return found[0]


def test_learners_cannot_read_each_other(hub: HubRun):
    run = hub
    alice, bob = run.learners[0], run.learners[1]
    inbound = run.exchange / run.course / "inbound"
    alice_sub = submission_dir(run, alice) / f"{ASSIGNMENT}.ipynb"
    alice_home_nb = run.home_root / alice / run.course / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert alice_sub.is_file() and alice_home_nb.is_file()

    probe = (
        "import os, sys\n"
        "target, kind = sys.argv[1], sys.argv[2]\n"
        "try:\n"
        "    os.listdir(target) if kind == 'list' else open(target, 'rb').read(1)\n"
        "    print('READ')\n"
        "except PermissionError:\n"
        "    print('DENIED')\n"
    )

    def attempt(user: str, target, kind: str) -> str:
        code = f"import sys; sys.argv = ['p', {str(target)!r}, {kind!r}]\n" + probe
        out = run_as(user, code)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    # Bob cannot list the inbound, open Alice's submission by its exact path, or her home.
    assert attempt(bob, inbound, "list") == "DENIED"
    assert attempt(bob, alice_sub, "read") == "DENIED"
    assert attempt(bob, alice_sub.parent, "list") == "DENIED"
    assert attempt(bob, alice_home_nb, "read") == "DENIED"
    assert attempt(bob, run.model_env_file, "read") == "DENIED"
    # Controls: the same probe succeeds for the author and for the grader account.
    assert attempt(alice, alice_home_nb, "read") == "READ"
    assert attempt(run.grader, alice_sub, "read") == "READ"

    # Over HTTP: Bob's token opens neither Alice's server nor the formgrader.
    r = run.user_call(bob, "GET", "/api/contents")
    assert r.status_code == 200
    r = run.request("GET", f"/user/{alice}/api/contents", run.tokens[bob])
    assert r.status_code in (403, 404), r.status_code
    r = run.grader_call("GET", f"/formgrader/api/submissions/{ASSIGNMENT}", run.tokens[bob])
    assert r.status_code in (403, 404), r.status_code
    # Alice's server token (readable in her environment) is capped by her own rights.
    server_token = proc_environ(run.server_pid(alice))["JUPYTERHUB_API_TOKEN"]
    r = run.grader_call("GET", f"/formgrader/api/submissions/{ASSIGNMENT}", server_token)
    assert r.status_code in (403, 404), r.status_code


def test_hub_hands_model_settings_and_state_dir_to_learners(hub: HubRun):
    run = hub
    name = run.learners[2]
    env = proc_environ(run.server_pid(name))
    for key, value in MODEL_ENV.items():
        assert env.get(key) == value, key
    assert env["CIVICLAB_BACKEND"] == "openai"
    assert env["CIVICLAB_STATE_DIR"] == str(run.home_root / name / ".civiclab")
    assert env["CIVICLAB_COHORT"] == "2027-04a"
    assert env["JUPYTERHUB_USER"] == name
    assert env["MEM_LIMIT"] == str(2 * 1024**3)


def test_formgrader_can_be_framed_but_learner_servers_cannot(hub: HubRun):
    run = hub
    r = run.grader_call("GET", "/formgrader/manage_assignments")
    assert r.status_code == 200
    assert "frame-ancestors 'self'" in r.headers.get("content-security-policy", "")
    r = run.user_call(run.learners[0], "GET", "/api/contents")
    assert "frame-ancestors 'none'" in r.headers.get("content-security-policy", "")


def test_learner_servers_have_no_formgrader_and_the_culler_runs(hub: HubRun):
    run = hub
    # The learners' config folder switches the instructor tools off.
    r = run.user_call(run.learners[0], "GET", "/formgrader/api/status")
    assert r.status_code == 404
    services = run.api("GET", "/services")
    culler = services["idle-culler"]
    assert culler["pid"] > 0 and "--timeout=5400" in culler["command"]
    assert services[run.course]["pid"] > 0


def test_server_killed_mid_resubmission(hub: HubRun):
    """Issue 10's hub fault, short form: 4 learners resubmit (every answer flipped) while
    one learner's server is SIGKILLed as nbgrader copies their submission.  Runs last in
    this module: it restarts that learner's server."""
    run = hub
    report: dict = {}
    try:
        fault_round(run, run.learners[6:10], 1, shift=1, fetch=False, window_s=240,
                    report=report)
    finally:
        report["spawn_retries"] = run.spawn_retries
        print("\nFAULT REPORT " + json.dumps(report, ensure_ascii=False))
    assert report["graded"] == 4
    check_victims(report)
    (victim,) = report["victims"].values()
    assert victim["submit_response"] != "submitted before the kill", victim
