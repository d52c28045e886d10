"""Shared scoring fixtures: one Kiwi per test session, settings rooted at the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "datasets" / "scoring_eval"


@pytest.fixture(scope="session")
def kiwi():
    from civiclab.scoring.tokenizer import get_kiwi

    return get_kiwi()


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    from civiclab.settings import load_settings

    tmp = tmp_path_factory.mktemp("scoring")
    return load_settings(env={}, cwd=tmp, root=ROOT, state_dir=tmp / "state", user="learner01")


@pytest.fixture(scope="session")
def bus_sheet():
    from civiclab.facts import load_fact_sheet

    return load_fact_sheet(EVAL / "fact_sheets" / "eval-night-bus.yaml")


@pytest.fixture(scope="session")
def bus_draft():
    return (EVAL / "drafts" / "night-bus-001.txt").read_text(encoding="utf-8")
