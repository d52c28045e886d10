"""Learner notebooks run as a learner runs them: cwd notebooks/, offline model, own state folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for nbsupport


@pytest.fixture
def lab_tmp(tmp_path):
    (tmp_path / "root").mkdir()
    (tmp_path / "state").mkdir()
    return tmp_path
