"""Grading benchmark: per-submission autograde time and cohort wall time.

Ratios against baselines measured in the same run (the machine is shared):

1. per submission: bare nbgrader ``Autograde`` on a trivial notebook (baseline)
   vs the same notebook through ``civiclab course autograde`` (our wrapper), and
   vs real course assignments whose tests call the scoring engine, graded as one
   run of n learners with the shared scoring service and, alternating, without it
   (each kernel loads its own Kiwi); skipped, visibly, without the engine;
2. peak memory (VmHWM) of each grading kernel in those runs, and of the service;
3. cohort wall time: ``--jobs 2`` vs ``--jobs 1`` on the same submissions.

Run: ``python -m benchmarks bench_grading`` or ``python benchmarks/bench_grading.py [--n 5]``
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from civiclab.grading import demo
from civiclab.grading import nbbuild as b
from civiclab.grading.autograde import autograde_cohort
from civiclab.grading.course import Course, copy_course

# Kernel memory and CPU are read from the kernel process; under the sandbox that process
# is prlimit/bwrap in front of it, so this benchmark grades unsandboxed.  The sandbox's own
# cost is measured, as a ratio, by bench_sandbox.
SANDBOX = "none"

REPO = Path(__file__).resolve().parents[1]


def trivial_course(root: Path) -> Course:
    root.mkdir(parents=True)
    shutil.copy(REPO / "grading" / "nbgrader_config.py", root / "nbgrader_config.py")
    nb = b.notebook([
        b.answer("x", "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
        b.tests("test_x", 1, 'assert x == 1, "x는 1이어야 합니다."'),
    ])
    b.write(nb, root / "source" / "trivial" / "trivial.ipynb")
    return Course(root)


def prepare(course: Course, assignment: str, learners: list[str], homes: Path) -> None:
    assert course.build([assignment], validate=False)[0].generated
    course.release(assignment)
    demo.submit_cohort(course, assignment, [(s, "excellent") for s in learners], homes,
                       demo.load_answers(course.root).get(assignment))
    course.collect(assignment)


CPU: dict[str, list[float]] = {}  # CPU seconds per submission, by row: steadier than wall on a busy machine


def cpu_now() -> float:
    """CPU seconds of this process and its reaped children (kernels, the scoring service)."""
    import resource

    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def bare_nbgrader(course: Course, assignment: str, learners: list[str]) -> list[float]:
    """nbgrader's own Autograde app, one learner at a time, nothing of ours around it."""
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log

    times = []
    for sid in learners:
        app = Autograde(coursedir=course.coursedir(assignment_id=assignment, student_id=sid), config=course.config)
        app.force = True
        app.log.propagate = False
        t, c = time.perf_counter(), cpu_now()
        out = capture_log(app)
        times.append(time.perf_counter() - t)
        CPU.setdefault("baseline", []).append(cpu_now() - c)
        assert out["success"], out.get("error")
    return times


def ours(course: Course, assignment: str, learners: list[str]) -> list[float]:
    times = []
    for sid in learners:
        t = time.perf_counter()
        out = autograde_cohort(course, assignment, jobs=1, students=[sid], force=True, progress=False,
                               sandbox=SANDBOX)
        times.append(time.perf_counter() - t)
        assert out[0].status == "graded", out[0]
    return times


class KernelMemory:
    """Peak resident memory (VmHWM) of our child kernels and scoring service, polled from /proc."""

    def __init__(self) -> None:
        import threading

        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        me = Path(f"/proc/{os.getpid()}/task")
        while not self._stop.wait(0.1):
            children = set()
            for task in me.iterdir():  # only our own children: cheap, so the CPU figures stay honest
                try:
                    children.update((task / "children").read_text().split())
                except OSError:
                    continue
            for pid in children:
                d = Path("/proc") / pid
                try:
                    status = (d / "status").read_text()
                    cmd = (d / "cmdline").read_bytes()
                except OSError:
                    continue
                fields = dict(ln.split(":", 1) for ln in status.splitlines() if ":" in ln)
                if "VmHWM" not in fields:
                    continue
                kind = ("kernel" if b"ipykernel" in cmd else
                        "service" if b"civiclab.grading.scoring_service" in cmd else None)
                if kind:
                    kb = int(fields["VmHWM"].split()[0])
                    old = self.peaks.get(int(d.name), (kind, 0))[1]
                    self.peaks[int(d.name)] = (kind, max(old, kb))

    def mb(self, kind: str) -> list[float]:
        return [kb / 1024 for k, kb in self.peaks.values() if k == kind]


def cohort_run(course: Course, assignment: str, service: bool) -> tuple[float, list[float], KernelMemory]:
    """One autograde run of every submission (jobs 1): wall s, per-learner s, memory."""
    with KernelMemory() as mem:
        t, c = time.perf_counter(), cpu_now()
        out = autograde_cohort(course, assignment, jobs=1, force=True, progress=False, sandbox=SANDBOX,
                               scoring_service=service)
        wall = time.perf_counter() - t
        CPU[f"{assignment}, {'shared scoring service' if service else 'each kernel loads Kiwi'}"] = \
            [(cpu_now() - c) / len(out)]
    assert all(o.status == "graded" for o in out), out
    return wall, [o.seconds for o in out], mem


def machine() -> str:
    import nbgrader

    from benchmarks._machine import machine as describe

    return f"{describe()}, nbgrader {nbgrader.__version__}"


def run(n: int = 5, cohort_size: int = 12, repeat: int = 2) -> tuple[str, str]:
    """Measure; return ("Grading", markdown) for benchmarks/README.md."""
    os.environ.setdefault("CIVICLAB_GRADING_TIMEOUT", "60")
    load_before = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="bench_grading_"))
    rows = []
    learners = [f"b{i:02d}" for i in range(n)]

    triv = trivial_course(tmp / "trivial")
    prepare(triv, "trivial", learners, tmp / "homes_t")
    ours(triv, "trivial", learners[:1])  # warm-up: imports, page cache
    bare_nbgrader(triv, "trivial", learners[:1])
    # Interleaved, so load from other processes on the shared machine hits both alike.
    base_t, wrap_t = [], []
    for sid in learners:
        base_t += bare_nbgrader(triv, "trivial", [sid])
        wrap_t += ours(triv, "trivial", [sid])
    base, wrap = statistics.median(base_t), statistics.median(wrap_t)
    rows.append(("bare nbgrader `Autograde`, trivial notebook (baseline)", base, 1.0))
    rows.append(("`civiclab course autograde` (journal, checks), trivial notebook", wrap, wrap / base))

    notes, mem_rows = [], []
    engine = all(importlib.util.find_spec(m) for m in ("civiclab.facts", "civiclab.scoring.checks.facts"))
    if engine:
        real = Course(copy_course(REPO / "grading", tmp / "real"))
        for aid in ("a1_press_prompt", "a6_capstone"):
            prepare(real, aid, learners, tmp / f"homes_{aid}")
            order = (False, True) if aid == "a1_press_prompt" else (True, False)  # alternate: fair to both
            runs = {service: cohort_run(real, aid, service) for service in order}
            for service, label in ((False, "each kernel loads Kiwi"), (True, "shared scoring service")):
                wall, each, mem = runs[service]
                rows.append((f"`civiclab course autograde`, {aid}, {label}: run wall / {n}", wall / n,
                             wall / n / base))
                rows.append(("... same run, median nbgrader time per learner", statistics.median(each),
                             statistics.median(each) / base))
                kernels = mem.mb("kernel")
                mem_rows.append((aid, label, statistics.median(kernels) if kernels else float("nan"),
                                 max(mem.mb("service"), default=0.0)))
    else:
        notes.append("SKIPPED: real assignments (scoring engine not installed).")

    cohort = [f"c{i:02d}" for i in range(cohort_size)]
    cc = trivial_course(tmp / "cohort")
    prepare(cc, "trivial", cohort, tmp / "homes_c")
    runs: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in (1, 2):
            t = time.perf_counter()
            out = autograde_cohort(cc, "trivial", jobs=jobs, force=True, progress=False, sandbox=SANDBOX)
            runs[jobs].append(time.perf_counter() - t)
            assert all(o.status == "graded" for o in out)
    walls = {j: statistics.median(v) for j, v in runs.items()}
    shutil.rmtree(tmp, ignore_errors=True)

    lines = [f"Autograding time per submission (median of {n}; nbgrader {_nbgrader_version()}; grading sandbox "
             f"off, its cost is in 'Grading sandbox' below):", "",
             "| run | seconds | ratio to bare nbgrader |", "|---|---|---|"]
    lines += [f"| {name} | {sec:.2f} | {ratio:.2f} |" for name, sec, ratio in rows]
    if len(CPU) > 1:
        cbase = statistics.median(CPU["baseline"])
        lines += ["", "CPU seconds per submission (this process, its kernels and the service; whole runs "
                  "divided by the learners graded), steadier than wall time on a shared machine:", "",
                  "| run | CPU s | ratio to bare nbgrader |", "|---|---|---|",
                  f"| bare nbgrader `Autograde`, trivial notebook (baseline) | {cbase:.2f} | 1.00 |"]
        lines += [f"| {k} | {v[0]:.2f} | {v[0] / cbase:.2f} |" for k, v in CPU.items() if k != "baseline"]
    if mem_rows:
        lines += ["", "Peak memory (VmHWM) in those runs:", "",
                  "| assignment | run | median grading kernel MB | scoring service MB (once per run) |",
                  "|---|---|---|---|"]
        lines += [f"| {a} | {label} | {k:.0f} | {svc:.0f} |" if svc else f"| {a} | {label} | {k:.0f} | - |"
                  for a, label, k, svc in mem_rows]
    lines += ["", f"Cohort of {cohort_size} submissions (trivial notebook), median of {repeat} alternating runs:", "",
              "| run | wall seconds | ratio to --jobs 1 |", "|---|---|---|"]
    lines += [f"| --jobs {j} | {sec:.1f} | {sec / walls[1]:.2f} |" for j, sec in walls.items()]
    lines += ["", f"Load average (1, 5, 15 min) before: {_fmt(load_before)}, after: {_fmt(os.getloadavg())} "
              "(the 2 cores are shared with other jobs, so absolute seconds are noisy)."]
    lines += notes
    lines += ["", _verdict(rows, walls, mem_rows, n)]
    return "Grading", "\n".join(lines)


def _verdict(rows: list, walls: dict, mem_rows: list, n: int) -> str:
    wrap = rows[1][2] - 1
    text = [f"Our wrapper (journal, checks, merge-ready private runs) adds {wrap:+.0%} per submission "
            f"({'meets' if wrap <= 0.5 else 'misses'} the goal of at most +50%)."]
    per = {}  # (assignment, service?) -> (per learner s, run wall / n)
    for i, (name, sec, _ratio) in enumerate(rows):
        if ": run wall / " in name:
            aid = name.split(", ")[1]
            per[(aid, "shared" in name)] = (rows[i + 1][1], sec)
    base = rows[0][1]
    if per:
        aids = sorted({a for a, _ in per})
        worst = max(per[(a, True)][0] for a in aids) / base - 1
        text.append(
            f"With the shared scoring service, a submission whose tests call the scoring engine costs up to "
            f"{worst:+.0%} over bare nbgrader on a trivial notebook (median nbgrader time per learner; "
            f"{'meets' if worst <= 0.5 else 'misses'} the goal of at most +50%); without the service, where each "
            f"kernel loads Kiwi and parses the glossary on its first score_draft call, up to "
            f"{max(per[(a, False)][0] for a in aids) / base - 1:+.0%}.")
        # time outside the learners' notebooks, with the service minus without it
        fixed = [(per[(a, True)][1] - per[(a, True)][0]) * n - (per[(a, False)][1] - per[(a, False)][0]) * n
                 for a in aids]
        text.append(
            f"The service starts once per run (Kiwi, the checks and the glossary load while the gradebook is "
            f"read, then the first kernel starts): about {min(fixed):.1f}-{max(fixed):.1f} s more per run outside "
            f"the learners' notebooks than without it, which is what 'run wall / {n}' adds; it is paid once "
            f"however many learners the run grades.")
        if len(CPU) > 1:
            cbase = statistics.median(CPU["baseline"])
            with_s = [v[0] / cbase for k, v in CPU.items() if "shared" in k]
            without = [v[0] / cbase for k, v in CPU.items() if "loads Kiwi" in k]
            text.append(f"In CPU time (whole run, service start included, divided by the learners) a "
                        f"submission costs {min(with_s):.2f}-{max(with_s):.2f}x bare nbgrader with the service "
                        f"and {min(without):.2f}-{max(without):.2f}x without it.")
        saved = [(a, k) for a, label, k, _ in mem_rows if "loads Kiwi" in label]
        light = {a: k for a, label, k, _ in mem_rows if "shared" in label}
        text.append("Each grading kernel peaks at " + ", ".join(
            f"{light[a]:.0f} MB instead of {k:.0f} MB ({a})" for a, k in saved) + "; the service holds one "
            "Kiwi for the whole run.")
    text.append(f"--jobs 2 takes {walls[2] / walls[1]:.2f}x the wall time of --jobs 1; on 2 shared cores the "
                "ideal is 0.5x.")
    return " ".join(text)


def _nbgrader_version() -> str:
    import nbgrader

    return nbgrader.__version__


def _fmt(load: tuple) -> str:
    return ", ".join(f"{x:.1f}" for x in load)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5, help="submissions per per-submission measurement")
    ap.add_argument("--cohort", type=int, default=12, help="learners in the cohort wall-time measurement")
    ap.add_argument("--repeat", type=int, default=2, help="alternating cohort runs per --jobs value")
    args = ap.parse_args()
    title, body = run(args.n, args.cohort, args.repeat)
    print(f"## {title}\n\n{body}\n\nMachine: {machine()}")


if __name__ == "__main__":
    main()
