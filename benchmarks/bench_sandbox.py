"""Grading sandbox benchmark: time per learner with and without bubblewrap.

The same submissions graded alternately with ``sandbox="none"`` (baseline) and
``sandbox="bwrap"`` in one process, ``rounds`` times each, ``--jobs 1``:

1. a trivial notebook (the sandbox's fixed cost per kernel is most visible);
2. the real a1_press_prompt (tests call the scoring engine through the shared
   scoring service, which the sandboxed kernels reach through a read-only bind).

Reported: median over rounds of (run wall / learners) and of nbgrader's own time
per learner, as ratios sandbox / none.  Skipped, visibly, where bwrap cannot run.

Run: ``python -m benchmarks bench_sandbox`` or ``python benchmarks/bench_sandbox.py [--n 6]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from civiclab.errors import ConfigError
from civiclab.grading.autograde import autograde_cohort
from civiclab.grading.course import Course, copy_course
from civiclab.grading.sandbox import resolve

REPO = Path(__file__).resolve().parents[1]


def _runs(course: Course, assignment: str, plans: dict, rounds: int, n: int) -> dict[str, tuple[float, float]]:
    wall: dict[str, list[float]] = {k: [] for k in plans}
    each: dict[str, list[float]] = {k: [] for k in plans}
    for r in range(rounds):
        for name in (list(plans) if r % 2 == 0 else list(reversed(plans))):  # alternate: fair to both
            t = time.perf_counter()
            out = autograde_cohort(course, assignment, jobs=1, force=True, progress=False, sandbox=plans[name])
            wall[name].append((time.perf_counter() - t) / n)
            assert all(o.status == "graded" for o in out), out
            each[name].append(statistics.median(o.seconds for o in out))
    return {k: (statistics.median(wall[k]), statistics.median(each[k])) for k in plans}


def run(n: int = 6, rounds: int = 3) -> tuple[str, str]:
    from benchmarks.bench_grading import prepare, trivial_course

    os.environ.setdefault("CIVICLAB_GRADING_TIMEOUT", "60")
    tmp = Path(tempfile.mkdtemp(prefix="civiclab-bench-sandbox-"))
    learners = [f"s{i:02d}" for i in range(n)]
    lines = [f"Time per learner, {n} learners, --jobs 1, median of {rounds} alternating runs:", "",
             "| assignment | no sandbox: run wall / learner (s) | bwrap (s) | ratio | "
             "nbgrader time per learner, none (s) | bwrap (s) | ratio |", "|---|---|---|---|---|---|---|"]
    load = os.getloadavg()
    try:
        trivial = trivial_course(tmp / "trivial")
        try:
            plans = {"none": resolve("none", trivial), "bwrap": resolve("bwrap", trivial)}
        except ConfigError as exc:
            return "Grading sandbox", f"SKIPPED: bwrap cannot run here ({exc.problem})."
        prepare(trivial, "trivial", learners, tmp / "homes_t")
        real = Course(copy_course(REPO / "grading", tmp / "real"))
        prepare(real, "a1_press_prompt", learners, tmp / "homes_r")
        for course, aid in ((trivial, "trivial"), (real, "a1_press_prompt")):
            res = _runs(course, aid, {"none": plans["none"], "bwrap": resolve("bwrap", course)}, rounds, n)
            (w0, e0), (w1, e1) = res["none"], res["bwrap"]
            lines.append(f"| {aid} | {w0:.2f} | {w1:.2f} | {w1 / w0:.2f} | {e0:.2f} | {e1:.2f} | {e1 / e0:.2f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines += ["", f"Load average before: {', '.join(f'{x:.1f}' for x in load)}, after: "
              f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 shared cores: absolute seconds are noisy)."]
    return "Grading sandbox", "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    print(run(args.n, args.rounds)[1])


if __name__ == "__main__":
    main()
