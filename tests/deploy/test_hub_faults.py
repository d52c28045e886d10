"""Faults during a cohort's submission round: learners' servers SIGKILLed mid-submission.

Issue 10 ("Load"): the hub load test repeated with faults injected.  While every learner
fetches, edits and submits at once, one or two learners' single-user servers are killed
with SIGKILL in the middle of their submit request.  Then:

- every other learner's submission arrives and is graded with the expected score;
- each killed learner's server is seen as down (their next request fails), they press
  "start" again (the hub polls the dead process and starts a new one), their notebook in
  their home is byte-identical to what they had saved, and they can submit again;
- collecting takes their new submission, not the fragment the kill left in the exchange,
  and grades it.

``fault_round`` is used twice: by ``test_hub.py::test_server_killed_mid_resubmission``
(4 of the 10 learners resubmit on the shared hub, one killed; marker ``hub``, in
``make test-hub``) and by ``test_thirty_learners_two_killed`` here (a fresh hub, 30
learners, two killed; marker ``soak``, in ``make test-soak``).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import threading
import time

import httpx
import pytest
from hubkit import (
    ASSIGNMENT,
    SOLUTION_ID,
    HubError,
    HubRun,
    answer_for,
    collect_and_autograde,
    learner_round,
    ok_json,
    release_assignment,
    require_hub_machine,
    run_as,
)

# How each victim is hit, in order: "copying" kills the server as soon as its submission
# folder appears in the exchange inbound (nbgrader is copying files into it); "request"
# kills it right after the submit request was sent, before or while it is handled.
KILL_MODES = ("copying", "request")
DATA_FILES = 80  # of 1 MiB each


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inbound_entries(run: HubRun, name: str) -> list[str]:
    inbound = run.exchange / run.course / "inbound"
    return sorted(e for e in os.listdir(inbound) if e.startswith(f"{name}+{ASSIGNMENT}+"))


def _edit_and_save(run: HubRun, answer: int, name: str, fetch: bool) -> None:
    """A learner's (fetch,) edit and save: learner_round without the submit."""
    form = {"course_id": run.course, "assignment_id": ASSIGNMENT}
    if fetch:
        fetched = ok_json(run.user_call(name, "POST", "/assignments/fetch", data=form),
                          "fetch")
        assert fetched["success"], f"fetch failed for {name}: {fetched['value']}"
    path = f"/api/contents/{run.course}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    nb = ok_json(run.user_call(name, "GET", path), "open notebook")["content"]
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == SOLUTION_ID:
            cell["source"] = answer_for(answer)[0]
    ok_json(run.user_call(name, "PUT", path,
                          json={"type": "notebook", "format": "json", "content": nb}), "save")


def _submit(run: HubRun, name: str, what: str = "submit") -> None:
    form = {"course_id": run.course, "assignment_id": ASSIGNMENT}
    submitted = ok_json(run.user_call(name, "POST", "/assignments/submit", data=form), what)
    assert submitted["success"], f"{what} failed for {name}: {submitted['value']}"


def _add_data_files(run: HubRun, name: str) -> None:
    """80 MB of data files beside the notebook, as learners keep data sets there.

    nbgrader copies the whole assignment folder (up to its 100 MB limit) file by file, so
    the copy lasts long enough for the "copying" kill to land inside it; the report says
    where each kill landed (``complete_at_kill``: whether nbgrader had finished copying).
    """
    folder = run.home_root / name / run.course / ASSIGNMENT
    st = folder.stat()
    for i in range(DATA_FILES):
        data = folder / f"complaints-{i:02d}.bin"
        data.write_bytes(os.urandom(2**20))
        os.chown(data, st.st_uid, st.st_gid)


def _others_can_read(run: HubRun, other: str, fragments: list[str]) -> list[str]:
    """Which of a killed submission's files another learner can open by exact path."""
    inbound = run.exchange / run.course / "inbound"
    paths = [str(p) for e in fragments for p in (inbound / e).rglob("*") if p.is_file()]
    code = ("import sys, json\nout = []\nfor p in json.loads(sys.argv[1]):\n"
            "    try:\n        open(p, 'rb').read(1); out.append(p)\n"
            "    except OSError:\n        pass\nprint(json.dumps(out))")
    res = run_as(other, f"import sys; sys.argv = ['p', {json.dumps(paths)!r}]\n" + code)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _kill_during_submit(run: HubRun, name: str, mode: str) -> dict:
    """Send the submit request and SIGKILL the learner's server during it."""
    pid = run.server_pid(name)
    before = set(_inbound_entries(run, name))
    fired = threading.Event()
    seen: dict = {}

    def killer() -> None:
        deadline = time.monotonic() + 60
        if mode == "request":
            time.sleep(0.05)
        else:  # wait for nbgrader to create the submission folder, then strike
            while time.monotonic() < deadline and not set(_inbound_entries(run, name)) - before:
                time.sleep(0.002)
        os.kill(pid, signal.SIGKILL)
        seen["killed_at_entries"] = sorted(set(_inbound_entries(run, name)) - before)
        fired.set()

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    form = {"course_id": run.course, "assignment_id": ASSIGNMENT}
    try:
        r = run.user_call(name, "POST", "/assignments/submit", data=form, timeout=90)
        outcome = f"HTTP {r.status_code}"
        if r.status_code == 200 and r.json().get("success"):
            outcome = "submitted before the kill"
    except httpx.HTTPError as exc:
        outcome = type(exc).__name__
    thread.join(timeout=90)
    assert fired.is_set(), f"the kill for {name} never fired"
    fragments = seen["killed_at_entries"]
    complete = [e for e in fragments
                if (run.exchange / run.course / "inbound" / e / "timestamp.txt").exists()]
    other = next(n for n in run.learners if n != name)
    return {"mode": mode, "submit_response": outcome, "pid": pid,
            "folders_at_kill": len(fragments), "complete_at_kill": len(complete),
            "fragment_files_other_can_read": _others_can_read(run, other, fragments)}


def _recover_and_resubmit(run: HubRun, answer: int, name: str, saved_sha: str,
                          report: dict) -> None:
    t0 = time.monotonic()
    # The learner's next request finds the server down (the proxy cannot reach it).
    down_deadline = time.monotonic() + 60
    while time.monotonic() < down_deadline:
        try:
            if run.user_call(name, "GET", "/api/status", timeout=10).status_code != 200:
                break
        except httpx.HTTPError:
            break
        time.sleep(0.5)
    else:
        raise HubError(f"{name}'s killed server still answers")
    # "Start my server": the hub polls the dead process, cleans up and spawns a new one.
    run.start_servers([name], timeout=180)
    new_pid = run.server_pid(name)
    assert new_pid != report["pid"]
    report["restart_s"] = round(time.monotonic() - t0, 1)

    home_nb = run.home_root / name / run.course / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert _sha256(home_nb) == saved_sha, f"{name}'s notebook changed after the kill"
    nb = json.loads(home_nb.read_text(encoding="utf-8"))
    saved = ["".join(c["source"]) for c in nb["cells"]  # on disk: a list of lines
             if c["metadata"].get("nbgrader", {}).get("grade_id") == SOLUTION_ID]
    assert saved == [answer_for(answer)[0]], f"{name}'s answer is not what they saved"
    _submit(run, name, "submit after restart")
    report["resubmitted"] = True


def fault_round(run: HubRun, participants: list[str], n_killed: int, *, shift: int,
                fetch: bool, window_s: float, report: dict | None = None) -> dict:
    """Every participant (fetches,) edits, saves and submits at once; n_killed of them
    have their server SIGKILLed mid-submit, recover and submit again.  Then collect and
    autograde the participants and check every score.

    Learner i answers ``answer_for(i + shift)``: a second round with shift=1 flips every
    answer, so the grades prove that the new submissions were the ones collected.
    """
    index_of = {n: i for i, n in enumerate(run.learners)}
    # Spread the victims over the participants (not neighbours, both answer kinds).
    step = max(1, len(participants) // n_killed)
    victims = {participants[i * step + (i % 2)]: KILL_MODES[i % len(KILL_MODES)]
               for i in range(n_killed)}
    failures: dict[str, str] = {}
    victim_reports: dict[str, dict] = {}
    # Filled in as the round goes, so a caller printing it after a failure shows how far
    # it got and why.
    report = {} if report is None else report
    report.update(participants=len(participants), killed=n_killed,
                  victims=victim_reports, failures=failures)
    deadline = time.monotonic() + window_s

    def round_for(name: str) -> None:
        answer = index_of[name] + shift
        try:
            if time.monotonic() > deadline:
                raise HubError("round window exceeded")
            if name not in victims:
                if fetch and shift == 0:
                    learner_round(run, (index_of[name], name))
                else:
                    _edit_and_save(run, answer, name, fetch)
                    _submit(run, name)
                return
            _edit_and_save(run, answer, name, fetch)
            _add_data_files(run, name)
            home_nb = run.home_root / name / run.course / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
            saved_sha = _sha256(home_nb)
            rep = victim_reports[name] = _kill_during_submit(run, name, victims[name])
            _recover_and_resubmit(run, answer, name, saved_sha, rep)
        except (AssertionError, HubError, httpx.HTTPError, KeyError, ValueError) as exc:
            failures[name] = f"{type(exc).__name__}: {exc}"[:400]

    t0 = time.monotonic()
    run.map(round_for, participants, workers=len(participants))
    report["round_with_faults_s"] = round(time.monotonic() - t0, 1)
    assert not failures, f"learner rounds failed: {failures}"

    t0 = time.monotonic()
    collect_and_autograde(run, participants)
    report["collect_autograde_s"] = round(time.monotonic() - t0, 1)
    rows = ok_json(run.grader_call("GET", f"/formgrader/api/submissions/{ASSIGNMENT}"),
                   "submissions")
    scores = {r["student"]: r["score"] for r in rows
              if r["autograded"] and r["student"] in participants}
    expected = {n: answer_for(index_of[n] + shift)[1] for n in participants}
    assert scores == expected, {n: (scores.get(n), s) for n, s in expected.items()
                                if scores.get(n) != s}
    # What was collected for each victim is their resubmission after the restart (the
    # newest folder in the inbound), not the fragment the kill left behind.
    inbound = run.exchange / run.course / "inbound"
    submitted = run.home_root / run.grader / run.course / "submitted"
    for name in victims:
        entries = _inbound_entries(run, name)
        newest = max(entries, key=lambda e: e.split("+")[2])
        stamp = (inbound / newest / "timestamp.txt").read_text(encoding="utf-8")
        collected = (submitted / name / ASSIGNMENT / "timestamp.txt").read_text(encoding="utf-8")
        assert collected == stamp, (name, collected, stamp)
        victim_reports[name]["inbound_folders_after"] = len(entries)
    report["graded"] = len(scores)
    return report


def run_with_faults(n_learners: int, n_killed: int, *, server_window_s: float,
                    round_window_s: float) -> dict:
    """A fresh hub: n learners start their servers at once, then a faulted first round."""
    require_hub_machine()
    run = HubRun(n_learners)
    report: dict = {"learners": n_learners}
    try:
        t0 = time.monotonic()
        run.start()
        run.create_users()
        report["hub_start_s"] = round(time.monotonic() - t0, 1)
        t0 = time.monotonic()
        run.start_servers([run.instructor, *run.learners], timeout=server_window_s)
        report["all_servers_ready_s"] = round(time.monotonic() - t0, 1)
        release_assignment(run)
        fault_round(run, run.learners, n_killed, shift=0, fetch=True,
                    window_s=round_window_s, report=report)
        report["spawn_retries"] = run.spawn_retries
        report["port_retries"] = run.port_retries
    finally:
        print("\nFAULT REPORT " + json.dumps(report, ensure_ascii=False))
        run.close()
    run.assert_cleaned_up()
    return report


def check_victims(report: dict) -> None:
    for name, victim in report["victims"].items():
        assert victim["resubmitted"], name
        # A fragment left by the kill is closed to other learners like a full submission.
        assert victim["fragment_files_other_can_read"] == [], name


@pytest.mark.soak
def test_thirty_learners_two_killed():
    report = run_with_faults(30, 2, server_window_s=480, round_window_s=480)
    assert report["graded"] == 30
    check_victims(report)
