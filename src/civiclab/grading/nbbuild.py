"""Small helpers to write nbgrader source notebooks with nbformat.

Each helper returns one cell with the nbgrader metadata nbgrader's "Create
Assignment" toolbar would set, so assignments are built from reviewed Python
(``grading/build_source.py``) instead of hand-edited JSON.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

SCHEMA_VERSION = 3


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None,
          task: bool = False) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": task,
    }
    if grade or task:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text: str):
    """A plain instruction cell (not tracked by nbgrader)."""
    return new_markdown_cell(text.strip())


def code(source: str):
    """A plain code cell the learner may run and edit (not graded)."""
    return new_code_cell(source.strip())


def answer(grade_id: str, source: str):
    """Autograded answer: ``### BEGIN SOLUTION``…``### END SOLUTION`` is replaced by the stub."""
    return new_code_cell(source.strip(), metadata=_meta(grade_id, grade=False, solution=True, locked=False))


def tests(grade_id: str, points: float, source: str):
    """Read-only autograder tests; may hold ``### BEGIN HIDDEN TESTS`` regions."""
    return new_code_cell(source.strip(), metadata=_meta(grade_id, grade=True, solution=False, locked=True,
                                                       points=points))


def written(grade_id: str, points: float, source: str):
    """Manually graded written answer (markdown); the solution text is the model answer."""
    return new_markdown_cell(source.strip(), metadata=_meta(grade_id, grade=True, solution=True, locked=False,
                                                           points=points))


def notebook(cells: list, title: str = "") -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    if title:
        nb.metadata["title"] = title
    return nb


def points_of(nb) -> float:
    return sum(float(c.metadata["nbgrader"]["points"]) for c in nb.cells
               if c.get("metadata", {}).get("nbgrader", {}).get("grade"))


def write(nb, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    # Deterministic ids so re-running the builder gives no diff.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"c{i:03d}"
    nbformat.write(nb, str(path))
    return path
