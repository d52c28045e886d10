"""Load run: 30 learners start their servers and submit at once (``make test-soak``).

Same hub and scenario as test_hub.py.  Reports the time until every server was ready,
the submit round, and every failure; asserts that nothing was lost (every learner's
submission collected and autograded).  Bounded: servers within 8 minutes, learners'
rounds within 5 minutes.
"""

from __future__ import annotations

import json
import time

import httpx
import pytest
from hubkit import (
    ASSIGNMENT,
    HubError,
    HubRun,
    answer_for,
    collect_and_autograde,
    learner_round,
    ok_json,
    release_assignment,
    require_hub_machine,
)

pytestmark = pytest.mark.soak

N_LEARNERS = 30
SERVER_WINDOW_S = 480
ROUND_WINDOW_S = 300


def test_thirty_learners_start_and_submit_nothing_lost():
    require_hub_machine()
    run = HubRun(N_LEARNERS)
    report: dict = {"learners": N_LEARNERS}
    try:
        t0 = time.monotonic()
        run.start()
        run.create_users()
        report["hub_start_s"] = round(time.monotonic() - t0, 1)

        t0 = time.monotonic()
        ready = run.start_servers([run.instructor, *run.learners], timeout=SERVER_WINDOW_S)
        report["all_servers_ready_s"] = round(time.monotonic() - t0, 1)
        waits = sorted(ready.values())
        report["server_ready_s_median"] = round(waits[len(waits) // 2], 1)

        release_assignment(run)
        failures: dict[str, str] = {}
        deadline = time.monotonic() + ROUND_WINDOW_S

        def round_for(item):
            name = item[1]
            if time.monotonic() > deadline:
                failures[name] = "round window exceeded"
                return
            try:
                learner_round(run, item)
            except (AssertionError, HubError, httpx.HTTPError, KeyError, ValueError) as exc:
                # collect every failure, then report them all
                failures[name] = f"{type(exc).__name__}: {exc}"[:300]

        t0 = time.monotonic()
        run.map(round_for, list(enumerate(run.learners)), workers=N_LEARNERS)
        report["fetch_edit_submit_round_s"] = round(time.monotonic() - t0, 1)
        report["failures"] = failures
        assert not failures, f"learner rounds failed: {failures}"

        t0 = time.monotonic()
        collect_and_autograde(run, run.learners)
        report["collect_autograde_s"] = round(time.monotonic() - t0, 1)
        rows = ok_json(run.grader_call("GET", f"/formgrader/api/submissions/{ASSIGNMENT}"),
                       "submissions")
        scores = {r["student"]: r["score"] for r in rows if r["autograded"]}
        expected = {n: answer_for(i)[1] for i, n in enumerate(run.learners)}
        assert scores == expected
    finally:
        report["port_retries"] = run.port_retries
        report["spawn_retries"] = run.spawn_retries
        print("\nSOAK REPORT " + json.dumps(report, ensure_ascii=False))
        run.close()
    run.assert_cleaned_up()
