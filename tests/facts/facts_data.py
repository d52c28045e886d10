"""Shared test data for tests/facts, imported by name.

Plain values rather than pytest fixtures in a conftest.py: several test folders
import ``conftest`` by module name, and another conftest module here would
shadow theirs; hypothesis tests also prefer module-level data.
"""

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
SEJONG_PATH = DATA / "sejong-zero-docs.yaml"


@lru_cache(maxsize=1)
def load_sejong():
    from civiclab.facts import load_fact_sheet

    return load_fact_sheet(SEJONG_PATH)
