"""Whatever bytes a user hands in, the loaders answer with data or a Korean InputError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civiclab.errors import InputError
from civiclab.metrics import complaints as cm
from civiclab.metrics import course

HEADER = "ts,channel,category,is_simple,handled_by,citizen_id,satisfaction"
cell = st.one_of(
    st.sampled_from(["2024-01-05T10:00:00", "call120", "chatbot", "CERT", "TAX", "true", "false",
                     "human", "chatbot", "3", "7", "", "x", "2024-13-01", '"', "민원", "1e9", "NaN"]),
    st.text(max_size=6),
)
row = st.lists(cell, min_size=0, max_size=9).map(lambda cells: ",".join(cells))


def _check(text: str, suffix: str, loader) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"in{suffix}"
        p.write_text(text, encoding="utf-8")
        try:
            loader(p)
        except InputError as exc:
            assert exc.problem and exc.fix  # always says what is wrong and what to do


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, max_size=6), st.booleans())
def test_complaint_loader_never_crashes(rows, with_header):
    covered = {"CERT": True, "TAX": False}
    text = "\n".join(([HEADER] if with_header else []) + rows) + "\n"
    _check(text, ".csv", lambda p: cm.load_complaints(p, covered))


@settings(max_examples=60, deadline=None)
@given(st.lists(row, max_size=6))
def test_grades_loader_never_crashes(rows):
    text = "\n".join(["student_id,cohort,department,assignment,score,max_score"] + rows) + "\n"
    _check(text, ".csv", course.load_grades)
