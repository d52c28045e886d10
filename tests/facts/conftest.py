from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def sejong_path() -> Path:
    return DATA / "sejong-zero-docs.yaml"


@pytest.fixture(scope="session")
def sejong(sejong_path):
    from civiclab.facts import load_fact_sheet

    return load_fact_sheet(sejong_path)
