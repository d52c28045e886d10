"""Committed notebooks are clean: no outputs, no absolute paths, no secrets, names the syllabus uses."""

from __future__ import annotations

import re
import unicodedata

import nbformat
import pytest
from nbsupport import NOTEBOOKS, ROOT, learner_notebooks

ABSOLUTE = re.compile(r"(?<![\w.])(/(home|root|work|tmp|Users|var|opt|mnt)/|[A-Za-z]:\\\\)")
KEY_LIKE = re.compile(
    r"sk-[A-Za-z0-9_-]{16,}|(api[_-]?key|token|secret|password)\s*[=:]\s*['\"][^'\"]{8,}['\"]"
    r"|(OPENAI|CIVICLAB)_API_KEY\s*=\s*\S+|Bearer\s+[A-Za-z0-9._-]{16,}",
    re.IGNORECASE,
)
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_course_has_its_nine_notebooks():
    assert [p.name[:2] for p in learner_notebooks()] == [f"{i:02d}" for i in range(9)]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name[:2])
def test_no_outputs_and_valid(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has stored outputs"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name} stores widget state"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name[:2])
def test_no_absolute_paths_or_secrets(path):
    text = path.read_text(encoding="utf-8")
    assert not ABSOLUTE.search(text), f"{path.name}: absolute path {ABSOLUTE.search(text).group(0)!r}"
    assert not KEY_LIKE.search(text), f"{path.name}: key-like string"


def test_names_are_nfc_and_in_the_syllabus():
    # A decomposed (NFD) Hangul name, as macOS can write it, looks the same but breaks links.
    syllabus = (ROOT / "curriculum" / "syllabus.md").read_text(encoding="utf-8")
    for path in learner_notebooks():
        assert unicodedata.normalize("NFC", path.name) == path.name
        assert path.name in syllabus, f"{path.name} is not named in curriculum/syllabus.md"


def test_checkers_catch_what_they_should():
    assert ABSOLUTE.search('"/home/kim/notebooks"') and ABSOLUTE.search("C:\\\\Users\\\\kim")
    assert not ABSOLUTE.search("notebooks/data/x.txt") and not ABSOLUTE.search("https://example.go.kr/v1")
    assert KEY_LIKE.search("sk-" + "a" * 24) and KEY_LIKE.search("OPENAI_API_KEY=abc")
    assert KEY_LIKE.search("api_key = '0123456789abcdef'")
    assert not KEY_LIKE.search("OPENAI_API_KEY 또는 CIVICLAB_API_KEY")
