"""Fixtures for the prompt-library tests."""

from __future__ import annotations

import pytest
from promptkit import GOOD, write


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with one good prompt; the CLI's settings point at it."""
    (tmp_path / "prompts").mkdir()
    write(tmp_path, "prompts/press_release/press_release.sample.yaml", GOOD)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CIVICLAB_CONFIG", "CIVICLAB_BACKEND",
                 "CIVICLAB_PROMPTS_DIR", "CIVICLAB_STATE_DIR", "CIVICLAB_DATASETS_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CIVICLAB_ROOT", str(tmp_path))
    monkeypatch.setenv("CIVICLAB_USER", "tester")
    monkeypatch.chdir(tmp_path)
    return tmp_path

