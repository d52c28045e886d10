"""Find date mentions in Korean text and resolve them against a release date.

A press release dated 2024-04-02 may call 2024-03-28 ``2024년 3월 28일``,
``2024. 3. 28.``, ``3월 28일``, ``지난달 28일`` or ``지난 28일``.
:func:`find_dates` resolves each to a calendar span ``[first, last]`` so the
fact check compares dates, not spellings.

Resolution rules (``anchor`` is the fact sheet's release date):

- a month and day without a year (``3월 28일``, ``12월``) takes the anchor's
  year unless the previous or next year is much nearer (by more than
  ``SAME_YEAR_BIAS_DAYS``): in an April release ``12월까지`` is this December,
  in a January release ``12월 28일`` is last December; a bare day (``28일``, press style for "on the 28th")
  takes the nearest month with that day;
- ``지난 28일`` is the latest 28th before the anchor, ``오는 5일`` the first 5th
  after it; ``지난달``/``이달``/``다음 달`` shift the anchor's month;
- ``올해``/``내년``/``지난해`` shift its year; ``상반기``, ``3분기``, ``연말`` and
  ``초/말`` give ranges (``초`` = first two months of a year, first ten days
  of a month);
- two dates joined by ``~`` become one range; a weekday in parentheses
  (``(목)``) is kept in ``weekday`` so a checker can compare it, and after a
  week (``다음 주 월요일``) it picks that day;
- figurative uses are not dates: ``오늘날``, ``내일배움카드``, ``세종의 내일을``;
  nor are recurring days (``매월 5일``, ``주 5일``) or day counts
  (``3일간``, ``취소 기한 3일``, ``3일 전까지``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from civiclab.facts._text import normalize
from civiclab.facts.numbers import _DURATION_AFTER_RE, _DURATION_BEFORE_RE

__all__ = ["SAME_YEAR_BIAS_DAYS", "WEEKDAYS_KO", "DateMention", "find_dates"]

WEEKDAYS_KO = "월화수목금토일"  # date.weekday() order

Span = tuple[date, date]


@dataclass(frozen=True)
class DateMention:
    """A date in the text.  ``first``/``last`` bound the calendar span it names;
    both are None when the text names an impossible date (``2월 30일``)."""

    start: int
    end: int
    text: str
    first: date | None
    last: date | None
    granularity: str  # day | week | month | quarter | half | year | range | invalid
    weekday: int | None = None  # weekday written in the text, 0 = Monday

    @property
    def value(self) -> date | tuple[date, date] | None:
        if self.first is None:
            return None
        return self.first if self.first == self.last else (self.first, self.last)

    @property
    def weekday_matches(self) -> bool | None:
        """None if no weekday was written or the span is not one day."""
        if self.weekday is None or self.first is None or self.first != self.last:
            return None
        return self.first.weekday() == self.weekday


def _month_span(y: int, m: int) -> Span:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


SAME_YEAR_BIAS_DAYS = 200


def _nearest_year(anchor: date, m: int, d: int | None) -> int:
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            probe = date(y, m, d or 15)
        except ValueError:
            continue
        dist = abs((probe - anchor).days) - (SAME_YEAR_BIAS_DAYS if y == anchor.year else 0)
        if best is None or dist < best[0]:
            best = (dist, y)
    if best is None:
        raise ValueError("no such day")
    return best[1]


def _part_span(y: int, part: str) -> Span:
    part = part.replace(" ", "")
    if part == "상반기":
        return date(y, 1, 1), date(y, 6, 30)
    if part == "하반기":
        return date(y, 7, 1), date(y, 12, 31)
    if part.endswith("분기"):
        q = int(part[0])
        if not 1 <= q <= 4:
            raise ValueError("no such quarter")
        return _month_span(y, 3 * q - 2)[0], _month_span(y, 3 * q)[1]
    if part in ("초", "연초"):
        return date(y, 1, 1), date(y, 2, calendar.monthrange(y, 2)[1])
    if part in ("말", "연말"):
        return date(y, 11, 1), date(y, 12, 31)
    if part in ("중", "연중", "연내"):
        return date(y, 1, 1), date(y, 12, 31)
    raise ValueError(part)


def _month_part(y: int, m: int, part: str) -> Span:
    last = calendar.monthrange(y, m)[1]
    if part in ("초", "상순"):
        return date(y, m, 1), date(y, m, 10)
    if part == "중순":
        return date(y, m, 11), date(y, m, 20)
    return date(y, m, 21), date(y, m, last)  # 말, 하순


_REL_YEAR = {"올해": 0, "금년": 0, "내년": 1, "명년": 1, "지난해": -1, "작년": -1,
             "재작년": -2, "내후년": 2, "이듬해": 1}
_REL_MONTH = {"지난달": -1, "지난 달": -1, "이달": 0, "이번 달": 0,
              "이번달": 0, "다음 달": 1, "다음달": 1, "내달": 1}
_REL_DAY = {"그저께": -2, "그제": -2, "어제": -1, "오늘": 0, "금일": 0, "내일": 1,
            "익일": 1, "모레": 2}
_REL_WEEK = {"지난주": -1, "지난 주": -1, "이번 주": 0, "이번주": 0, "금주": 0,
             "다음 주": 1, "다음주": 1, "차주": 1}

_NB = r"(?<![0-9.\-/])"  # numeric date parts must not continue a number
_NBD = r"(?<![0-9.\-/~])"  # a bare day after "3~" is the end of a duration range
_PART = r"상반기|하반기|[1-4] ?분기|초|말"
_MPART = r"초|중순|말|상순|하순"


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# (pattern, handler name); every candidate is collected, then the earliest and
# longest non-overlapping ones win, so "지난달 28일" beats the bare "28일".
# Speed: re scans fast only for a pattern whose first item is a literal or a character
# class.  So the digit patterns consume their first digit before the look-behind
# ("[0-9](?<![0-9.\-/][0-9])" tests the same character as a leading "(?<![0-9.\-/])"),
# and the word patterns start with a look-ahead on their possible first letters.
_Y = r"(?P<y>[0-9](?<![0-9.\-/][0-9])[0-9]{3})"  # _NB + (?P<y>[0-9]{4})
_M0 = r"(?P<m>[0-9](?<![0-9.\-/][0-9])[0-9]?)"  # _NB + (?P<m>[0-9]{1,2})
_D0 = r"(?P<d>[0-9](?<![0-9.\-/~][0-9])[0-9]?)"  # _NBD + (?P<d>[0-9]{1,2})


def _first(words) -> str:
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(_Y + r" ?년 ?(?P<m>[0-9]{1,2}) ?월 ?(?P<d>[0-9]{1,2}) ?일"), "ymd"),
    (re.compile(_Y + r" ?(?P<s>[.\-/]) ?(?P<m>[0-9]{1,2}) ?(?P=s) ?(?P<d>[0-9]{1,2})"
                r"(?![0-9])\.?"), "ymd"),
    (re.compile(_Y + r" ?년 ?(?P<m>[0-9]{1,2}) ?월"), "ym"),
    (re.compile(_Y + rf" ?년 ?(?P<p>{_PART})"), "ypart"),
    (re.compile(_Y + r" ?년(?:도)?"), "y"),
    (re.compile(_first(_REL_YEAR) + rf"(?<![가-힣])(?P<ry>{_alt(_REL_YEAR)})(?: ?(?P<m>[0-9]{{1,2}}) ?월"
                rf"(?: ?(?P<d>[0-9]{{1,2}}) ?일)?| ?(?P<p>{_PART}))?"), "relyear"),
    (re.compile(_first(_REL_MONTH) + rf"(?<![가-힣])(?P<rm>{_alt(_REL_MONTH)})(?: ?(?P<d>[0-9]{{1,2}}) ?일"
                rf"| ?(?P<mp>{_MPART}))?"), "relmonth"),
    (re.compile(r"(?=[지오올])(?<![가-힣])(?P<dir>지난|오는|올) (?:(?P<m>[0-9]{1,2}) ?월 ?)?"
                r"(?P<d>[0-9]{1,2}) ?일"), "dirday"),
    (re.compile(r"(?=[지오올])(?<![가-힣])(?P<dir>지난|오는|올) (?P<m>[0-9]{1,2}) ?월(?! ?[0-9])"),
     "dirmonth"),
    (re.compile(_M0 + r" ?월 ?(?P<d>[0-9]{1,2}) ?~ ?(?P<d2>[0-9]{1,2}) ?일"), "mdd"),
    (re.compile(_M0 + r" ?월 ?(?P<d>[0-9]{1,2}) ?일"), "md"),
    (re.compile(_M0 + r" ?~ ?(?P<m2>[0-9]{1,2}) ?월"), "mm"),
    (re.compile(_M0 + rf" ?월(?: ?(?P<mp>{_MPART}))?"), "m"),
    (re.compile(_D0 + r" ?일"), "d"),
    (re.compile(_first(_REL_DAY) + rf"(?<![가-힣])(?P<rd>{_alt(_REL_DAY)})"), "relday"),
    (re.compile(_first(_REL_WEEK) + rf"(?<![가-힣])(?P<rw>{_alt(_REL_WEEK)})"), "relweek"),
    (re.compile(r"(?=[상하1-4연])(?<![가-힣])(?P<p>상반기|하반기|[1-4] ?분기|연말|연초|연내)"), "part"),
]
_WEEKDAY_RE = re.compile(r" ?\((?P<w>[월화수목금토일])(?:요일)?\)| (?P<w2>[월화수목금토일])요일")
_RANGE_SEP_RE = re.compile(r" ?~ ?")
# "주 5일", "매월 5일", "매달 10일": a rule that repeats, not one date
_RECURRING_RE = re.compile(r"(?:(?:^|[^가-힣])주|매월|매달) ?$")


def _resolve(
    kind: str, g: dict, anchor: date, after: str, before: str = ""
) -> tuple[date, date, str] | None:
    """The span a match names; None if it is not a date after all."""
    num = {k: int(v) for k, v in g.items() if v and v.isdigit()}
    y, m, d = num.get("y"), num.get("m"), num.get("d")
    if kind == "ymd":
        return date(y, m, d), date(y, m, d), "day"
    if kind == "ym":
        return (*_month_span(y, m), "month")
    if kind == "ypart":
        first, last = _part_span(y, g["p"])
        return first, last, "half" if "반기" in g["p"] else "quarter" if "분기" in g["p"] else "month"
    if kind == "y":
        if not 1900 <= y <= 2200 or _DURATION_AFTER_RE.match(after):
            return None
        return date(y, 1, 1), date(y, 12, 31), "year"
    if kind == "relyear":
        ry = anchor.year + _REL_YEAR[g["ry"]]
        if m and d:
            return date(ry, m, d), date(ry, m, d), "day"
        if m:
            return (*_month_span(ry, m), "month")
        if g.get("p"):
            first, last = _part_span(ry, g["p"])
            return first, last, "half" if "반기" in g["p"] else "quarter"
        return date(ry, 1, 1), date(ry, 12, 31), "year"
    if kind == "relmonth":
        yy, mm = _shift_month(anchor.year, anchor.month, _REL_MONTH[g["rm"]])
        if d:
            return date(yy, mm, d), date(yy, mm, d), "day"
        if g.get("mp"):
            return (*_month_part(yy, mm, g["mp"]), "range")
        return (*_month_span(yy, mm), "month")
    if kind in ("dirday", "dirmonth") and g["dir"] == "올":
        if m is None:
            return None
        if d is not None:
            return date(anchor.year, m, d), date(anchor.year, m, d), "day"
        return (*_month_span(anchor.year, m), "month")
    if kind == "dirday":
        step = -1 if g["dir"] == "지난" else 1
        if not 1 <= d <= 31 or (m is not None and not 1 <= m <= 12):
            raise ValueError("no such day")
        for k in range(49 if m else 13):
            if m:
                yy = anchor.year + step * k
                mm = m
            else:
                yy, mm = _shift_month(anchor.year, anchor.month, step * k)
            try:
                cand = date(yy, mm, d)
            except ValueError:
                continue
            if (cand < anchor) if step < 0 else (cand > anchor):
                return cand, cand, "day"
        raise ValueError("no such day")
    if kind == "dirmonth":
        yy = anchor.year
        if g["dir"] == "지난" and m > anchor.month:
            yy -= 1
        elif g["dir"] != "지난" and m < anchor.month:
            yy += 1
        return (*_month_span(yy, m), "month")
    if kind == "mdd":
        yy = _nearest_year(anchor, m, d)
        return date(yy, m, d), date(yy, m, num["d2"]), "range"
    if kind == "md":
        yy = _nearest_year(anchor, m, d)
        return date(yy, m, d), date(yy, m, d), "day"
    if kind == "mm":
        m2 = num["m2"]
        if not 1 <= m < m2 <= 12:
            return None
        yy = _nearest_year(anchor, m, None)
        return _month_span(yy, m)[0], _month_span(yy, m2)[1], "range"
    if kind == "m":
        if not 1 <= m <= 12:
            return None
        yy = _nearest_year(anchor, m, None)
        if g.get("mp"):
            return (*_month_part(yy, m, g["mp"]), "range")
        return (*_month_span(yy, m), "month")
    if kind == "d":
        if (
            not 1 <= d <= 31
            or _DURATION_AFTER_RE.match(after)
            or _RECURRING_RE.search(before)
            or _DURATION_BEFORE_RE.search(before)
        ):
            return None
        best = None
        for k in (-1, 0, 1):
            yy, mm = _shift_month(anchor.year, anchor.month, k)
            try:
                cand = date(yy, mm, d)
            except ValueError:
                continue
            if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
                best = cand
        if best is None:
            raise ValueError("no such day")
        return best, best, "day"
    if kind == "relday":
        day = anchor + timedelta(days=_REL_DAY[g["rd"]])
        return day, day, "day"
    if kind == "relweek":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=_REL_WEEK[g["rw"]])
        return monday, monday + timedelta(days=6), "week"
    if kind == "part":
        first, last = _part_span(anchor.year, g["p"])
        return first, last, "half" if "반기" in g["p"] else "quarter" if "분기" in g["p"] else "range"
    raise AssertionError(kind)  # pragma: no cover - every pattern has a handler


def find_dates(text: str, anchor: date) -> list[DateMention]:
    """All date mentions in ``text``, resolved against ``anchor`` (the release date)."""
    nt = normalize(text)
    t = nt.text
    cands: list[tuple[int, int, str, re.Match]] = []
    for pat, kind in _PATTERNS:
        for m in pat.finditer(t):
            if m.end() > m.start():
                cands.append((m.start(), -(m.end() - m.start()), kind, m))
    cands.sort(key=lambda c: (c[0], c[1]))
    chosen: list[list] = []  # [s, e, first, last, gran, weekday]
    last_end = -1
    for s, _neg, kind, m in cands:
        if s < last_end:
            continue
        e = m.end()
        try:
            got = _resolve(kind, m.groupdict(), anchor, t[e:e + 6], t[max(0, s - 8):s])
        except (ValueError, OverflowError):
            got = (None, None, "invalid")
        if got is None:
            continue
        if kind in ("relyear", "relmonth", "relday", "relweek", "part") and e < len(t) and (
            "가" <= t[e] <= "힣" and t[e] not in "에은는의도부까로이가"
        ):
            continue  # 오늘날, 내일배움카드: a word, not a date
        if kind == "relday" and t[e : e + 1] in ("의", "을", "를"):
            continue  # 세종의 내일을 열다, 내일의 행정: "the future", not a day
        weekday = None
        wm = _WEEKDAY_RE.match(t, e)
        if wm:
            weekday = WEEKDAYS_KO.index(wm.group("w") or wm.group("w2"))
            e = wm.end()
            if got[2] == "week":  # 다음 주 월요일: one day of that week
                day = got[0] + timedelta(days=weekday)
                got = (day, day, "day")
        chosen.append([s, e, *got, weekday])
        last_end = e
    # "3월 28일~4월 2일": two dates joined by a tilde become one range
    merged: list[list] = []
    for c in chosen:
        if merged:
            p = merged[-1]
            sep = _RANGE_SEP_RE.fullmatch(t[p[1]:c[0]])
            if sep and p[2] and c[3] and p[2] <= c[3]:
                p[1], p[3], p[4], p[5] = c[1], c[3], "range", None
                continue
        merged.append(c)
    out = []
    for s, e, first, last, gran, wd in merged:
        os_, oe = nt.span(s, e)
        out.append(DateMention(os_, oe, text[os_:oe], first, last, gran, wd))
    return out
