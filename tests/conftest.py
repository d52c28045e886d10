"""Shared fixtures: isolated settings (every test gets its own state folder)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for tests/fakeopenai.py and tests/support.py

from support import ROOT  # noqa: E402


@pytest.fixture
def make_settings(tmp_path):
    from civiclab.settings import load_settings

    def make(**overrides):
        overrides.setdefault("state_dir", tmp_path / "state")
        overrides.setdefault("root", ROOT)
        overrides.setdefault("user", "learner01")
        overrides.setdefault("cohort", "2025-04-A")
        return load_settings(env={}, cwd=tmp_path, **overrides)

    return make


@pytest.fixture
def fake_openai():
    from fakeopenai import FakeOpenAI

    with FakeOpenAI() as server:
        yield server
