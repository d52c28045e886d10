"""The real course: generated release versions are clean; the instructor version passes.

The instructor-version check needs the scoring engine (branches h-scoring and
h-facts); until it is merged the test is skipped and says so.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

from civiclab.grading.course import Course, copy_course
from civiclab.grading.demo import solution_text

REPO = Path(__file__).resolve().parents[2]


def _engine_ready() -> bool:
    try:
        for mod in ("civiclab.facts", "civiclab.scoring.checks.facts"):
            if importlib.util.find_spec(mod) is None:
                return False
        from civiclab.scoring import score_draft  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def real_course(tmp_path_factory, grading_env):
    return Course(copy_course(REPO / "grading", tmp_path_factory.mktemp("real")))


@pytest.mark.slow
def test_release_versions_hold_no_solution_and_no_hidden_test(real_course):
    results = real_course.build(validate=False)
    assert all(r.generated for r in results), [r.problems for r in results]
    for src_path in sorted(real_course.root.glob("source/*/*.ipynb")):
        src = nbformat.read(str(src_path), as_version=4)
        rel = nbformat.read(str(real_course.root / "release" / src_path.parent.name / src_path.name), as_version=4)
        secrets = [solution_text(c.source) for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
        hidden = []
        for c in src.cells:
            if "BEGIN HIDDEN TESTS" in c.source:
                head, rest = c.source.split("BEGIN HIDDEN TESTS", 1)
                body, tail = rest.split("END HIDDEN TESTS", 1)
                visible = head + tail
                # lines only the hidden region has (a loop header may also appear above it)
                hidden += [ln.strip() for ln in body.splitlines()[1:-1]
                           if len(ln.strip()) > 12 and ln.strip() not in visible]
        assert secrets and hidden
        for cell in rel.cells:  # scan every cell
            assert "BEGIN SOLUTION" not in cell.source and "HIDDEN TESTS" not in cell.source
            for text in secrets + hidden:
                assert text not in cell.source, (src_path.name, text[:60])


@pytest.mark.slow
@pytest.mark.skipif(not _engine_ready(), reason="scoring engine (h-scoring, h-facts) not merged yet")
def test_instructor_version_passes_and_student_version_fails(real_course):
    results = real_course.build(validate=True)
    problems = {r.assignment: r.problems for r in results if not r.ok}
    assert not problems, problems
