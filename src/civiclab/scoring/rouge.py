"""ROUGE for Korean: rouge-score's RougeScorer with an injected Kiwi tokenizer.

rouge-score's default tokenizer keeps only ``[a-z0-9]``, so any Hangul text
scores 0.0 even against itself (see tests/scoring/test_rouge.py).  The
maintainers' fix is the ``tokenizer=`` argument; we pass a morpheme tokenizer
that keeps content morphemes only.
"""

from __future__ import annotations

from civiclab.scoring.tokenizer import AnalyzedDraft, KiwiMorphTokenizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


class KoreanRouge:
    """rouge1/rouge2/rougeL F1 between a draft and a reference."""

    def __init__(self, tokenizer: KiwiMorphTokenizer | None = None) -> None:
        from rouge_score.rouge_scorer import RougeScorer

        self.tokenizer = tokenizer or KiwiMorphTokenizer()
        self._scorer = RougeScorer(list(ROUGE_TYPES), tokenizer=self.tokenizer)

    def score(self, draft: str | AnalyzedDraft, reference: str | AnalyzedDraft) -> dict[str, float]:
        """F1 per ROUGE type, rounded to 4 places.  Analysed drafts are not re-tokenised."""
        texts = []
        for item in (reference, draft):
            if isinstance(item, AnalyzedDraft):
                self.tokenizer.remember(item)
                texts.append(item.text)
            else:
                texts.append(item)
        result = self._scorer.score(texts[0], texts[1])  # (target, prediction)
        return {name: round(result[name].fmeasure, 4) for name in ROUGE_TYPES}


_DEFAULT: KoreanRouge | None = None


def rouge_scores(draft: str | AnalyzedDraft, reference: str | AnalyzedDraft) -> dict[str, float]:
    """Convenience: score with a process-wide :class:`KoreanRouge`."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = KoreanRouge()
    return _DEFAULT.score(draft, reference)
