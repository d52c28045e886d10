"""One Kiwi per process, and the per-draft analysis every check reuses.

Kiwi costs about 0.3-0.5 GB and one to three seconds to load, so it is created
lazily (only when something is scored) and exactly once per process.  A draft is
analysed once into an :class:`AnalyzedDraft` (paragraph spans, sentences with
offsets, morphemes, 어절 count); style, structure, ROUGE and the report all read
that object instead of calling Kiwi again.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi

# Loading options measured on a 2-core machine (kiwipiepy 0.24.1, see
# benchmarks/README.md): the multi-word and typo dictionaries add ~200 MB and a
# second of start-up, and neither helps the checks here (typo correction is not
# used; multi-word entries only merge a few proper nouns).
KIWI_OPTIONS = {"load_multi_dict": False, "load_typo_dict": False}

# Names Kiwi would otherwise split (행정안전부 -> 행정 + 안전부), which would
# make ROUGE and the glossary see two words where an official sees one.
USER_WORDS = (
    "행정안전부", "문화체육관광부", "세종특별자치시", "세종시", "세종시청", "국립국어원",
    "디지털플랫폼정부위원회", "한국지능정보사회진흥원", "세종시의회", "정부세종청사",
)

# Content tags kept for ROUGE: nouns, numerals, verb/adjective stems, roots,
# Latin letters, digits, Hanja and Kiwi's special tokens.  Particles (J*),
# endings (E*), suffixes (XS*) and punctuation are dropped, so 발표했다 and
# 발표하였다 give the same tokens.
CONTENT_TAGS = frozenset(
    {"NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SN", "SH", "W_URL", "W_EMAIL", "W_SERIAL",
     "W_HASHTAG", "W_MENTION"}
)

_LOCK = threading.Lock()
_KIWI: Kiwi | None = None
_KIWI_ID: str | None = None

# Kiwi's cost grows faster than linearly with string length: lines longer than
# this are cut at sentence ends before analysis.
_MAX_CHUNK = 2000
_SENT_END = re.compile(r"(?<=[.!?。])\s+")


def _num_workers() -> int:
    # Kiwi() defaults to every core; on a shared server that steals CPU from
    # other learners.  Two threads give most of the batch speed-up.
    return max(1, min(2, os.cpu_count() or 1))


def get_kiwi() -> Kiwi:
    """The process-wide Kiwi, created on first use with the light options."""
    global _KIWI, _KIWI_ID
    if _KIWI is None:
        with _LOCK:
            if _KIWI is None:
                import kiwipiepy
                from kiwipiepy import Kiwi

                kiwi = Kiwi(num_workers=_num_workers(), **KIWI_OPTIONS)
                for word in USER_WORDS:
                    kiwi.add_user_word(word, "NNP")
                _KIWI_ID = f"kiwi-{kiwipiepy.__version__}+morph"
                _KIWI = kiwi
    return _KIWI


def tokenizer_id() -> str:
    """Signature part for the tokenizer, e.g. ``kiwi-0.24.1+morph`` (loads nothing)."""
    if _KIWI_ID is not None:
        return _KIWI_ID
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"kiwi-{version('kiwipiepy')}+morph"
    except PackageNotFoundError:  # pragma: no cover
        return "kiwi-unknown+morph"


class Morph(NamedTuple):
    """One morpheme with absolute character offsets into the draft (end exclusive)."""

    form: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    morphs: tuple[Morph, ...]

    @property
    def eojeol_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class AnalyzedDraft:
    """A draft analysed once: paragraphs, sentences, morphemes, 어절 count."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    morphs: tuple[Morph, ...] = field(repr=False)

    @property
    def eojeol_count(self) -> int:
        # 어절: a space-separated unit, the denominator of the Ministry's
        # "problem expressions per 어절" counts.
        return len(self.text.split())

    def content_tokens(self) -> list[str]:
        return content_tokens(self.morphs)

    def paragraph_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.paragraphs]


def content_tokens(morphs) -> list[str]:
    out = []
    for m in morphs:
        tag = m.tag
        if tag.endswith(("-R", "-I")):
            tag = tag[:-2]
        if tag in CONTENT_TAGS:
            out.append(m.form.lower() if tag == "SL" else m.form)
    return out


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) spans; very long lines cut at sentence ends."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        start += len(line) - len(line.lstrip())
        end -= len(line) - len(line.rstrip())
        if end - start <= _MAX_CHUNK:
            spans.append((start, end))
            continue
        chunk_start = start
        for m in _SENT_END.finditer(text, start, end):
            if m.start() - chunk_start >= _MAX_CHUNK // 2:
                spans.append((chunk_start, m.start()))
                chunk_start = m.end()
        spans.append((chunk_start, end))
    return spans


def analyze(text: str) -> AnalyzedDraft:
    """Analyse one draft (see :func:`analyze_many` for batches)."""
    return analyze_many([text])[0]


def analyze_many(texts: list[str]) -> list[AnalyzedDraft]:
    """Analyse drafts with one Kiwi call over all their paragraphs (see iter_analyze)."""
    return list(iter_analyze(texts))


def iter_analyze(texts: list[str]) -> Iterator[AnalyzedDraft]:
    """Yield each draft's analysis as soon as Kiwi has finished its paragraphs.

    One Kiwi call over every paragraph of every draft lets Kiwi's worker threads run
    in parallel and keeps each string short (its cost is super-linear in length).
    Yielding draft by draft lets the caller run the (single-threaded) checks on one
    draft while Kiwi's threads are still tokenising the next ones.
    """
    spans_per_text = [split_paragraphs(t) for t in texts]
    pieces = [t[s:e] for t, spans in zip(texts, spans_per_text) for s, e in spans]
    results = iter(get_kiwi().tokenize(pieces) if pieces else [])
    for text, spans in zip(texts, spans_per_text):
        morphs: list[Morph] = []
        sentences: list[Sentence] = []
        for p_index, (p_start, _p_end) in enumerate(spans):
            _paragraph(text, next(results), p_start, p_index, morphs, sentences)
        yield AnalyzedDraft(text, tuple(spans), tuple(sentences), tuple(morphs))


_new_tuple = tuple.__new__
_fields = attrgetter("form", "tag", "start", "end")
_sent = attrgetter("sent_position")


def _paragraph(text: str, tokens, p_start: int, p_index: int, morphs: list[Morph],
               sentences: list[Sentence]) -> None:
    """Turn one paragraph's Kiwi tokens into Morphs and Sentences (appended in place).

    This runs for every morpheme of every draft (about 1,000 per press release):
    attrgetter reads the four fields in one C call and tuple.__new__ skips the
    NamedTuple constructor's Python frame (measured about 15% faster than a plain loop).
    """
    if not tokens:
        return
    first = len(morphs)
    morphs += [_new_tuple(Morph, (f, t, p_start + s, p_start + e)) for f, t, s, e in map(_fields, tokens)]
    positions = list(map(_sent, tokens))
    # A new sentence wherever Kiwi's sent_position changes.
    cuts = [first, *(first + i for i, (a, b) in enumerate(zip(positions, positions[1:]), 1) if a != b),
            len(morphs)]
    for a, b in pairwise(cuts):
        part = tuple(morphs[a:b])
        start = part[0].start
        end = max([m.end for m in part])
        sentences.append(Sentence(start, end, text[start:end], p_index, part))


class KiwiMorphTokenizer:
    """rouge-score tokenizer: ``.tokenize(text) -> list[str]`` of content morphemes.

    Texts already analysed can be registered with :meth:`remember`, so scoring a
    draft against a reference does not run Kiwi a second time.
    """

    def __init__(self) -> None:
        self._memo: dict[str, list[str]] = {}

    @property
    def name(self) -> str:
        return tokenizer_id()

    def remember(self, analysis: AnalyzedDraft) -> None:
        if len(self._memo) > 64:  # a small bounded memo: only the pair being scored matters
            self._memo.clear()
        self._memo[analysis.text] = analysis.content_tokens()

    def tokenize(self, text: str) -> list[str]:
        cached = self._memo.get(text)
        if cached is not None:
            return list(cached)
        return analyze(text).content_tokens()
