"""Text normalisation shared by the number and date finders.

Officials paste text from HWP files and web pages, so drafts carry full-width
digits, ideographic spaces and zero-width characters.  We match on a
normalised copy and map every span back to the caller's original offsets, so
findings highlight the right characters of the text the learner wrote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

# One-to-one replacements (same length, so they need no offset bookkeeping).
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits
        "，": ",",
        "．": ".",
        "％": "%",
        "～": "~",
        "〜": "~",
        "∼": "~",
        "：": ":",
        "（": "(",
        "）": ")",
        "\u00a0": " ",  # no-break space
        "\u3000": " ",  # ideographic space
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)

_FOLDABLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")

# Characters dropped from the matching copy (offsets are remapped).
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")

HANGUL_SYLLABLE = "가-힣"


@dataclass(frozen=True)
class NormText:
    """A normalised copy of ``original`` plus the map back to original offsets."""

    original: str
    text: str
    _offsets: tuple[int, ...]  # _offsets[i] = original index where text[i] starts
    _ends: tuple[int, ...] | None = None  # original index where text[i] ends (None: +1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` back to a span of ``original``."""
        if start >= end:
            pos = self._offsets[start] if start < len(self._offsets) else len(self.original)
            return pos, pos
        last = self._ends[end - 1] if self._ends is not None else self._offsets[end - 1] + 1
        return self._offsets[start], last


_JAMO_RE = re.compile("[\u1100-\u1112][\u1161-\u1175][\u11a8-\u11c2]?")
_JAMO_ANY_RE = re.compile("[\u1100-\u11ff]")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")


@lru_cache(maxsize=4)
def normalize(original: str) -> NormText:
    """Fold full-width forms, drop invisible characters and compose decomposed
    (NFD) Hangul, as pasted from macOS, keeping a map to original offsets.

    Cached: the number, date and fact checks each normalise the same draft (the
    result is immutable).  Regex scans replace per-character generator loops,
    which cost about 1 ms per 2,000-character draft.
    """
    # str.translate looks up every character in a dict; most drafts have nothing to fold.
    folded = original.translate(_FOLD) if _FOLDABLE_RE.search(original) else original
    has_jamo = _JAMO_ANY_RE.search(folded) is not None
    if not has_jamo and _INVISIBLE_RE.search(folded) is None:
        return NormText(original, folded, tuple(range(len(folded))))
    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    i, n = 0, len(folded)
    while i < n:
        ch = folded[i]
        if ch in _INVISIBLE:
            i += 1
            continue
        m = _JAMO_RE.match(folded, i) if has_jamo and "\u1100" <= ch <= "\u1112" else None
        if m:
            lead, vowel = ord(m.group()[0]) - 0x1100, ord(m.group()[1]) - 0x1161
            tail = ord(m.group()[2]) - 0x11A7 if len(m.group()) == 3 else 0
            chars.append(chr(0xAC00 + (lead * 21 + vowel) * 28 + tail))
            offsets.append(i)
            ends.append(m.end())
            i = m.end()
            continue
        chars.append(ch)
        offsets.append(i)
        ends.append(i + 1)
        i += 1
    return NormText(original, "".join(chars), tuple(offsets), tuple(ends))


# Particles and endings that may follow a counter unit inside one eojeol.  A
# unit is accepted only if the rest of its eojeol starts with one of these, so
# "3원칙" is not 3 won and "3프로젝트" is not 3 percent.
FOLLOWERS = (
    "이상", "이하", "이내", "미만", "초과", "가량", "정도", "안팎", "내외", "남짓", "쯤",
    "에서", "에게", "으로", "부터", "까지", "보다", "처럼", "마다", "만큼", "만에", "동안",
    "이며", "이고", "이나", "이다", "이라", "이란", "이던", "이었", "였", "입니다", "인",
    "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도", "만", "씩",
    "째", "간", "당", "여", "분", "내", "안", "께", "급", "짜리", "규모", "수준", "뿐",
    "대", "중", "전", "후", "란", "라", "씩", "로서", "로써", "였다", "나", "며", "고", "다", "지만", "라고", "라며",
)
_FOLLOWER_SET = frozenset(FOLLOWERS)
_MAX_FOLLOWER = max(len(f) for f in FOLLOWERS)


def hangul_run(text: str, pos: int) -> str:
    """The Hangul syllables starting at ``pos`` (the rest of the eojeol)."""
    end = pos
    n = len(text)
    while end < n and "가" <= text[end] <= "힣":
        end += 1
    return text[pos:end]


def unit_boundary_ok(text: str, pos: int) -> bool:
    """True if a counter unit may end at ``pos`` (see FOLLOWERS)."""
    if pos >= len(text):
        return True
    ch = text[pos]
    if "a" <= ch.lower() <= "z":
        return False
    rest = hangul_run(text, pos)
    if not rest:
        return True
    return any(rest[:k] in _FOLLOWER_SET for k in range(1, min(len(rest), _MAX_FOLLOWER) + 1))


def is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def left_boundary_ok(text: str, pos: int) -> bool:
    """True if a numeral may start at ``pos`` (not glued to a preceding word)."""
    return pos == 0 or not (is_hangul(text[pos - 1]) or text[pos - 1].isalnum())


class SpanSet:
    """Sorted, disjoint ``(start, end)`` spans with O(log n) overlap queries.

    Drafts can hold thousands of mentions; pairwise overlap tests would make a
    long paste quadratic.
    """

    def __init__(self, spans=()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in sorted(spans):
            self.add(s, e)

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # spans starting before ``end``
        return i > 0 and self._ends[i - 1] > start

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start)
        return i > 0 and self._ends[i - 1] >= end
