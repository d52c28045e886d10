"""Property tests: no text makes the loader raise; every failure is a located Korean issue."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from promptkit import GOOD

from civiclab.prompts.library import load_file

_PIECES = st.sampled_from(["\n", "  ", "- ", ": ", "{{", "}}", "&a", "*a", "[", "]", "'", '"', "|",
                           "#", "!!python/object:os.system", "\t", "version: ", "가나다", "1", "---"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=40).map("".join)))
def test_any_text_gives_a_spec_or_located_issues(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, issues = load_file(path, "prompts/x.yaml")
    assert (loaded is None) == bool(issues)
    for issue in issues:
        assert issue.problem and issue.fix and issue.file == "prompts/x.yaml"
        assert any("가" <= ch <= "힣" for ch in issue.problem)


@settings(max_examples=120, deadline=None)
@given(st.integers(min_value=0, max_value=len(GOOD) - 1), st.integers(min_value=1, max_value=30),
       st.sampled_from(["", " ", "\n", ":", "-", "{{", "x"]))
def test_damaged_good_file_never_raises(start, length, insert):
    text = GOOD[:start] + insert + GOOD[start + length:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, issues = load_file(path, "prompts/x.yaml")
    assert loaded is not None or all(i.line is None or i.line >= 1 for i in issues)
