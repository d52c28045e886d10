"""Fact sheets: the structured facts a draft is written from and checked against.

- :class:`FactSheet` (``model.py``), read with :func:`load_fact_sheet` or
  :func:`parse_fact_sheet` (``loader.py``; Korean :class:`~civiclab.errors.InputError`
  naming the exact field);
- :func:`find_numbers` (``numbers.py``) and :func:`find_dates` (``dates.py``):
  Korean numerals and dates with spans, used by
  :func:`civiclab.scoring.checks.facts.check_facts`.

``import civiclab.facts`` stays light (pydantic and PyYAML only): no pandas, no Kiwi.
"""

from civiclab.facts.dates import DateMention, find_dates
from civiclab.facts.loader import load_fact_sheet, load_fact_sheet_dir, parse_fact_sheet
from civiclab.facts.model import FactSheet
from civiclab.facts.numbers import NumberMention, find_numbers

__all__ = [
    "DateMention",
    "FactSheet",
    "NumberMention",
    "find_dates",
    "find_numbers",
    "load_fact_sheet",
    "load_fact_sheet_dir",
    "parse_fact_sheet",
]
