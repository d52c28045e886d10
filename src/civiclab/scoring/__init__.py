"""Scoring: a draft goes in, a ScoreReport with located findings comes out.

Heavy parts (Kiwi, rouge-score, pandas) load only when something is scored.
"""

from __future__ import annotations

__all__ = ["ScoreReport", "Scorer", "Signature", "reports_to_frame", "score_draft", "score_many"]


def __getattr__(name: str):
    # Lazy: `import civiclab.scoring` stays cheap (no Kiwi, no pandas).
    if name in ("score_draft", "score_many", "Scorer"):
        from civiclab.scoring import scorer

        return getattr(scorer, name)
    if name in ("ScoreReport", "Signature", "reports_to_frame"):
        from civiclab.scoring import report

        return getattr(report, name)
    raise AttributeError(name)
