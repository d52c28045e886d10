"""Fact sheets: the structured facts a draft is written from and checked against.

``import civiclab.facts`` stays light (pydantic and PyYAML only): no pandas, no Kiwi.
"""

from civiclab.facts.loader import load_fact_sheet, load_fact_sheet_dir, parse_fact_sheet
from civiclab.facts.model import FactSheet

__all__ = ["FactSheet", "load_fact_sheet", "load_fact_sheet_dir", "parse_fact_sheet"]
