"""Metrics for the digital-policy team: cohort outcomes, prompt quality, chatbot outcomes.

Modules: ``complaints`` (load logs, chatbot outcomes), ``impact`` (naive / year-on-year /
difference-in-differences with bootstrap CIs), ``prompt_tests`` (prompt quality and the
projected reduction), ``course`` (grades, learner history, ledger), ``report`` (sections
as data), ``html`` (the static dashboard), ``charts`` and ``grade_charts`` (the charts as
inline SVG) drawn with ``svg`` (the plotting kit) and ``fontinfo`` (the embedded font's widths).
"""

from __future__ import annotations


def build_report(**kwargs):
    from civiclab.metrics.report import build_report as _build

    return _build(**kwargs)


def write_report(report, out_dir):
    from civiclab.metrics.html import write_report as _write

    return _write(report, out_dir)


__all__ = ["build_report", "write_report"]
