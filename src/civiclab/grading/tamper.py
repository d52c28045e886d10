"""Defences against submissions that attack the grader itself.

nbgrader already restores locked cells from the gradebook (``OverwriteCells``),
clears stored outputs (``ClearOutput``) and renames duplicated ids
(``DeduplicateIds``); these are kept on in ``config.configure``.  What it does
not do, and this module adds:

- ``EnforceSourceMetadata`` (sanitize step, before ``OverwriteCells``): nbgrader
  trusts the submitted cell's *kind*.  A cell whose ``grade_id`` is not in the
  instructor's notebook (a renamed test, a fake "bonus" grade cell) or whose
  grade/solution/task flags differ from the source made nbgrader crash (the
  learner then waits for a person) or, worse, would be scored by the learner's
  rules.  Here every nbgrader cell gets the flags, points and lock of its
  source cell; a cell unknown to the gradebook becomes an ordinary cell, and
  ``OverwriteCells.add_missing_cells`` then puts the real test back.  Each
  change is logged with ``TAMPER_MARK`` so the run can tell the instructor.
- ``IsolatedExecute`` (autograde step, replaces nbgrader's ``Execute``): the
  kernel that runs learner code gets an environment without API keys, tokens,
  passwords or the gradebook URL (``kernel_env``).
- ``AddCanary`` / ``CheckCanary`` (around the execution): learner code runs in
  the same interpreter as the tests, so it can swallow their failures (an
  IPython custom exception handler, an input transformer that empties cells,
  a patched ``run_cell``).  A last cell that must fail with a fresh random
  message is appended before execution and removed after it; if it did not
  fail as expected, the tests' results cannot be trusted and the run fails
  (the learner is routed to manual review).  This catches generic subversion,
  not an attacker who studies this code: see SECURITY.md.
- ``screening.scan_submission`` (no nbgrader import): a static look at the
  learner's own code for those hooks and for reading the environment, other
  files, the network or the gradebook.

None of this is a sandbox: that is ``civiclab.grading.sandbox`` (bubblewrap, used by
default where it works); without it nbgrader runs learner code as the grader's user.
"""

from __future__ import annotations

import secrets

from nbclient.util import run_sync
from nbgrader.preprocessors import NbGraderPreprocessor

from civiclab.grading.kernels import IpcExecute
from civiclab.grading.screening import CANARY_MARK, TAMPER_MARK, kernel_env


class IsolatedExecute(IpcExecute):
    """nbgrader's ``Execute`` whose kernel inherits no secrets from the grader
    (and, as an IpcExecute, talks over private Unix sockets, not TCP ports)."""

    async def async_start_new_kernel(self, **kwargs):
        kwargs.setdefault("env", kernel_env())
        return await super().async_start_new_kernel(**kwargs)

    start_new_kernel = run_sync(async_start_new_kernel)


# --- cell metadata from the instructor's notebook ---------------------------
class EnforceSourceMetadata(NbGraderPreprocessor):
    """Give every nbgrader cell the kind, points and lock it has in the gradebook."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            try:
                source = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources  # nbgrader itself skips unknown notebooks
            cells = {c.name: c for c in source.source_cells}
            grades = {c.name: float(c.max_score) for c in source.grade_cells}
            solutions = {c.name for c in source.solution_cells}
            tasks = {c.name: float(c.max_score) for c in source.task_cells}
        for index, cell in enumerate(nb.cells):
            meta = cell.get("metadata", {}).get("nbgrader")
            if not isinstance(meta, dict):
                continue
            gid = meta.get("grade_id")
            if gid not in cells:
                if meta.get("grade") or meta.get("solution") or meta.get("locked") or meta.get("task"):
                    self._report(gid, index, "not in the instructor's notebook: made an ordinary cell")
                del cell.metadata["nbgrader"]
                continue
            want = {"grade": gid in grades, "solution": gid in solutions, "task": gid in tasks,
                    "locked": bool(cells[gid].locked), "cell_type": cells[gid].cell_type}
            for key, value in want.items():
                if meta.get(key, False if key != "cell_type" else cell.cell_type) != value:
                    self._report(gid, index, f"{key} {meta.get(key)!r} -> {value!r}")
                meta[key] = value
            points = grades.get(gid, tasks.get(gid))
            if points is None:
                meta.pop("points", None)
            else:
                if "points" in meta and _as_float(meta["points"]) != points:
                    self._report(gid, index, f"points {meta['points']!r} -> {points}")
                meta["points"] = points
            if cell.cell_type != cells[gid].cell_type:
                self._report(gid, index, f"cell type {cell.cell_type} -> {cells[gid].cell_type}")
        return nb, resources

    def _report(self, gid, index, what: str) -> None:
        self.log.warning("%s: cell %s (#%d) %s", TAMPER_MARK, gid, index, what)


def _as_float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# --- canary ----------------------------------------------------------------
class AddCanary(NbGraderPreprocessor):
    """Append a cell that must fail with a fresh random message (see module docstring)."""

    def preprocess(self, nb, resources):
        from nbformat.v4 import new_code_cell

        token = secrets.token_hex(12)
        resources.setdefault("civiclab", {})["canary"] = token
        canary = new_code_cell(f'raise AssertionError("{token}")')
        canary.metadata["civiclab_canary"] = True
        nb.cells.append(canary)
        return nb, resources


class CheckCanary(NbGraderPreprocessor):
    """Remove the canary; fail the submission if its failure was swallowed."""

    def preprocess(self, nb, resources):
        token = resources.get("civiclab", {}).get("canary")
        found = [c for c in nb.cells if c.get("metadata", {}).get("civiclab_canary")]
        nb.cells = [c for c in nb.cells if not c.get("metadata", {}).get("civiclab_canary")]
        if token is None:
            return nb, resources
        ok = len(found) == 1 and any(
            o.get("output_type") == "error" and o.get("ename") == "AssertionError" and o.get("evalue") == token
            for o in found[0].get("outputs", []))
        if not ok:
            self.log.error("%s: the check cell did not fail as it must", CANARY_MARK)
            raise RuntimeError(f"{CANARY_MARK}: test failures were hidden by the submission's code")
        return nb, resources


