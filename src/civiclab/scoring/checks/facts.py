"""Fact consistency: every number, date, titled person and quote in a draft
must be supported by the fact sheet.

Support comes from the sheet's figures, dates, people and quotes, plus every
number and date inside its title, organisation, fact statements and labels,
and the release date itself.  Equivalent spellings are not errors:
``63,000명`` = ``6만 3000명`` = ``6.3만 명``; ``지난달 28일`` = ``2024년 3월 28일``
when the release date is in April.

Codes (all severity ``error`` unless noted):

- ``FACT_WRONG_VALUE``      a number or date next to a known figure/date label
                            (its words within the same sentence) with another value
- ``FACT_UNSUPPORTED_NUMBER`` a number with a unit that no part of the sheet supports
- ``FACT_UNSUPPORTED_DATE`` a date the sheet does not support, or an impossible date
- ``FACT_WRONG_WEEKDAY``    ``3월 28일(금)`` when 28 March was a Thursday
- ``FACT_WRONG_TITLE``      a known person with another title (부시장 for 시장)
- ``FACT_UNKNOWN_PERSON``   a three-syllable name with an official title that the
                            sheet does not list (likely invented)
- ``FACT_QUOTE_ALTERED``    a quotation close to a sheet quote but with other words
                            (whitespace and punctuation differences are allowed,
                            quoting a part of a sheet quote is allowed)
- ``FACT_QUOTE_UNSUPPORTED`` a quotation found nowhere in the sheet
- ``FACT_QUOTE_MISATTRIBUTED`` a sheet quote put in another person's mouth
- ``FACT_MISSING_FIGURE``   (warning) a required figure the draft never states

Required figures: for a ``press_release`` every figure is required (a release
exists to publish them); a ``speech`` rounds and selects numbers and a
``chatbot_answer`` answers one question, so for them no figure is required.

Deliberately ignored: digits without a unit (phone numbers, version numbers),
native-numeral "one" (``한 번``, ``하루``, ``한 곳`` are idioms more often than
claims), and the contact phone number.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from civiclab.facts._text import SpanSet, normalize
from civiclab.facts.dates import WEEKDAYS_KO, DateMention, find_dates
from civiclab.facts.model import FactSheet, format_date_ko
from civiclab.facts.numbers import NumberMention, find_numbers, normalize_figure
from civiclab.scoring.checks import _people as P
from civiclab.scoring.checks._josa import josa as _josa
from civiclab.scoring.checks._josa import quoted as _q
from civiclab.scoring.findings import Finding

__all__ = ["REQUIRED_FIGURES", "check_facts"]

REQUIRED_FIGURES = {"press_release": "all", "speech": "none", "chatbot_answer": "none"}
APPROX_TOLERANCE = 0.10  # "약 6만 명" may stand for 63,000명
ALTERED_MIN_COVERAGE = 0.5  # share of a quote's characters found in a sheet quote
_WINDOW = 40  # characters around a number searched for a figure's label words
_SENT_BREAK = re.compile(r"(?<=[다요])\.\s|\n")
_SKIP_KINDS = {"bare", "date_part"}


@dataclass(frozen=True)
class _Num:
    value: float
    high: float | None
    unit: str
    approx: bool
    label: str | None = None
    display: str = ""


@dataclass(frozen=True)
class _Support:
    numbers: list[_Num]
    figures: list[_Num]
    spans: list[tuple]  # (first, last, label or None)
    people: dict[str, str]  # name -> title
    quotes: list[tuple[str, str, str]]  # (key, speaker, text)
    fact_keys: list[str]


_CACHE: dict[int, tuple[FactSheet, _Support]] = {}


def _support(sheet: FactSheet) -> _Support:
    hit = _CACHE.get(id(sheet))
    if hit and hit[0] is sheet:
        return hit[1]
    figures = []
    for f in sheet.figures:
        v, u = normalize_figure(f.value, f.unit)
        figures.append(_Num(v, None, u, False, f.label, f.display()))
    numbers = list(figures)
    spans: list[tuple] = [(d.value, d.value, d.label) for d in sheet.dates]
    spans.append((sheet.release_date, sheet.release_date, None))
    people = {p.name: p.title for p in sheet.people}
    if sheet.contact and sheet.contact.name and len(sheet.contact.name) >= 2:
        people.setdefault(sheet.contact.name, "")  # any title: the sheet gives none
    for text in sheet.texts():
        dates = find_dates(text, sheet.release_date)
        spans += [(d.first, d.last, None) for d in dates if d.first]
        for n in _claims(find_numbers(text), dates, text):
            numbers.append(_Num(n.value, n.high, n.unit, n.approx))
        for name, title, _s, _e in P.find_unknown_people(text, set(people)):
            people.setdefault(name, title)
    quotes = [(P.quote_key(normalize(q.text).text), q.speaker, q.text) for q in sheet.quotes]
    fact_keys = [P.quote_key(normalize(t).text) for t in sheet.texts()]
    sup = _Support(numbers, figures, spans, people, quotes, fact_keys)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[id(sheet)] = (sheet, sup)
    return sup


def _idiom_one(n: NumberMention, text: str) -> bool:
    """한 번, 하루, 한 곳, 1인 가구, 1회용, 1건당: "one" as an idiom or a rate, not a claim."""
    if not n.text[:1].isdigit():
        return True
    return n.text.endswith("인") or text[n.end : n.end + 1] in ("당", "용")


def _claims(
    nums: list[NumberMention], dates: list[DateMention], text: str
) -> list[NumberMention]:
    """Numbers that make a checkable claim: a unit, not part of a date, not an idiom."""
    out = []
    in_dates = SpanSet((d.start, d.end) for d in dates)
    for n in nums:
        if n.kind in _SKIP_KINDS or in_dates.overlaps(n.start, n.end):
            continue
        if n.value == 1 and n.high is None and _idiom_one(n, text):
            continue
        out.append(n)
    return out


def _close(a: float, b: float, approx: bool) -> bool:
    if abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
        return True
    return approx and b != 0 and abs(a - b) / abs(b) <= APPROX_TOLERANCE


# Units that are not interchangeable with the generic counter 개.
_NOT_GENERIC = {"명", "원", "%", "%p", "배", "세", "년", "개월", "일", "주", "시간", "분", "시"}


def _units_ok(a: str, b: str) -> bool:
    """Same unit, or one side unitless, or the generic 개 for a thing counter (56개 = 56종)."""
    if a == b or not a or not b:
        return True
    return "개" in (a, b) and not ({a, b} & _NOT_GENERIC)


def _num_supported(n: NumberMention, sup: _Support) -> bool:
    def one(value, approx) -> bool:
        return any(
            s.high is None and _units_ok(n.unit, s.unit) and _close(value, s.value, approx or s.approx)
            for s in sup.numbers
        )

    if n.high is None:
        return one(n.value, n.approx)
    for s in sup.numbers:
        if (
            s.high is not None
            and _units_ok(n.unit, s.unit)
            and _close(n.value, s.value, n.approx)
            and _close(n.high, s.high, n.approx)
        ):
            return True
    return one(n.value, n.approx) and one(n.high, n.approx)


def _date_supported(d: DateMention, sup: _Support) -> bool:
    return any(d.first <= first and last <= d.last for first, last, _ in sup.spans)


_BARE_DAY = re.compile(r"([0-9]{1,2}) ?일")


def _day_count_supported(d: DateMention, sup: _Support) -> bool:
    """A bare ``3일`` the sheet states as a number of days (a figure ``3 일``)."""
    m = _BARE_DAY.fullmatch(d.text)
    return bool(m) and any(
        s.unit == "일" and s.high is None and _close(int(m.group(1)), s.value, False)
        for s in sup.numbers
    )


def _window(text: str, start: int, end: int) -> str:
    """Text around a span, cut at sentence ends, spaces removed."""
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    before, after = text[lo:start], text[end:hi]
    cuts = list(_SENT_BREAK.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    cut = _SENT_BREAK.search(after)
    if cut:
        after = after[: cut.start()]
    return (before + " " + after).replace(" ", "")


def _label_hits(label: str, window: str) -> int:
    words = [w for w in re.split(r"[\s·,()]+", label) if len(w) >= 2]
    return sum(1 for w in words if w in window)


def _check_numbers(text, nums, sup, findings) -> set[str]:
    """Flag unsupported numbers; return the labels of figures reported as wrong."""
    wrong: set[str] = set()
    for n in nums:
        if _num_supported(n, sup):
            continue
        win = _window(text, n.start, n.end)
        near = [
            (h, f)
            for f in sup.figures
            if _units_ok(n.unit, f.unit) and (h := _label_hits(f.label or "", win))
        ]
        if near:
            f = max(near, key=lambda x: x[0])[1]
            wrong.add(f.label or "")
            findings.append(Finding(
                "FACT_WRONG_VALUE", "error",
                f"{_josa(f.label, '은', '는')} 사실 자료에 {_josa(f.display, '으로', '로')} "
                f"되어 있습니다. 글에는 {_q(n.text, '으로', '로')} 적혀 있습니다.",
                n.start, n.end, f"{_josa(f.display, '으로', '로')} 고치세요.",
            ))
            continue
        same_unit = [f for f in sup.figures if f.unit == n.unit]
        hint = ", ".join(f"{f.label} {f.display}" for f in same_unit[:3])
        findings.append(Finding(
            "FACT_UNSUPPORTED_NUMBER", "error",
            f"{_josa(n.text, '은', '는')} 사실 자료에서 확인할 수 없는 수치입니다.",
            n.start, n.end,
            f"사실 자료의 수치({hint})만 쓰거나 이 수치를 지우세요." if hint
            else "사실 자료에 있는 수치만 쓰거나 이 수치를 지우세요.",
        ))
    return wrong


def _check_dates(text, dates, sup, sheet, findings) -> None:
    for d in dates:
        if d.first is None:
            findings.append(Finding(
                "FACT_UNSUPPORTED_DATE", "error", f"{_q(d.text, '은', '는')} 달력에 없는 날짜입니다.",
                d.start, d.end, "날짜를 확인해 고치세요.",
            ))
            continue
        if d.weekday_matches is False:
            right = WEEKDAYS_KO[d.first.weekday()]
            findings.append(Finding(
                "FACT_WRONG_WEEKDAY", "error",
                f"{format_date_ko(d.first)}은 {right}요일입니다. 글에는 "
                f"{WEEKDAYS_KO[d.weekday]}요일로 적혀 있습니다.",
                d.start, d.end, f"요일을 ({right}){_josa(right, '으로', '로')[1:]} 고치세요.",
            ))
        if _date_supported(d, sup) or _day_count_supported(d, sup):
            continue
        if text.startswith("까지", d.end) and any(last == d.last for _, last, _ in sup.spans):
            continue  # a deadline: 연말까지 = 하반기까지 = 12월까지 (same last day)
        win = _window(text, d.start, d.end)
        near = [(h, df) for df in sheet.dates if (h := _label_hits(df.label, win))]
        if near:
            df = max(near, key=lambda x: x[0])[1]
            right = format_date_ko(df.value)
            findings.append(Finding(
                "FACT_WRONG_VALUE", "error",
                f"'{df.label}' 날짜는 사실 자료에 {right}로 되어 있습니다. "
                f"글에는 {_q(d.text, '으로', '로')} 적혀 있습니다.",
                d.start, d.end, f"{_q(d.text, '을', '를')} '{right}'로 고치세요.",
            ))
            continue
        findings.append(Finding(
            "FACT_UNSUPPORTED_DATE", "error",
            f"{_q(d.text, '은', '는')} 사실 자료에서 확인할 수 없는 날짜입니다.",
            d.start, d.end, "사실 자료에 있는 날짜만 쓰거나 이 날짜를 지우세요.",
        ))


def _check_people(text, sup, findings, organization: str) -> list[P.PersonMention]:
    titles = tuple(sup.people.values())
    mentions = P.find_person_mentions(text, list(sup.people), titles)
    for m in mentions:
        right = sup.people[m.name]
        if m.title and right and not P.title_matches(m.title, right, organization):
            findings.append(Finding(
                "FACT_WRONG_TITLE", "error",
                f"{m.name}의 직함은 사실 자료에 {_q(right, '으로', '로')} 되어 있습니다. "
                f"글에는 {_q(m.title, '으로', '로')} 적혀 있습니다.",
                m.start, m.end, f"{_q(m.name + ' ' + right, '으로', '로')} 고치세요.",
            ))
    for name, title, s, e in P.find_unknown_people(text, set(sup.people)):
        subject = text[e : e + 3].startswith(P.SUBJECT_PARTICLES)
        mentions.append(P.PersonMention(name, title, s, e, subject))
        findings.append(Finding(
            "FACT_UNKNOWN_PERSON", "error",
            f"{_q(name + ' ' + title, '은', '는')} 사실 자료에 없는 인물입니다.",
            s, e, "사실 자료의 people에 있는 사람만 쓰거나 이 부분을 지우세요.",
        ))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _speaker(text: str, qs: int, qe: int, mentions: list[P.PersonMention]) -> str | None:
    """Who the draft says spoke the quote at ``qs``..``qe``: the subject-marked
    person just before it in the sentence, else the nearest one after it."""
    lo = max(0, qs - 80)
    cut = list(_SENT_BREAK.finditer(text, lo, qs))
    lo = cut[-1].end() if cut else lo
    starts = [m.start for m in mentions]
    near = mentions[bisect_left(starts, lo) : bisect_left(starts, qs)]
    before = [m for m in near if m.end <= qs]
    if before:
        subj = [m for m in before if m.subject]
        return (subj or before)[-1].name
    hi_cut = _SENT_BREAK.search(text, qe)
    hi = min(qe + 60, hi_cut.start() if hi_cut else len(text))
    after = [m for m in mentions[bisect_left(starts, qe) : bisect_left(starts, hi)] if m.end <= hi]
    return after[0].name if after else None


def _check_quotes(text, sup, mentions, findings) -> list[tuple[int, int]]:
    flagged = []
    for qs, qe, inner in P.find_quotes(text):
        key = P.quote_key(inner)
        exact = next((q for q in sup.quotes if key in q[0]), None)
        match = exact
        if exact is None:
            if any(key in fk for fk in sup.fact_keys):
                continue  # quoting a fact statement verbatim
            best, cover = None, 0.0
            for q in sup.quotes:
                sm = SequenceMatcher(None, key, q[0], autojunk=False)
                c = sum(b.size for b in sm.get_matching_blocks()) / len(key)
                if c > cover:
                    best, cover = q, c
            flagged.append((qs, qe))
            if best is not None and cover >= ALTERED_MIN_COVERAGE:
                match = best
                findings.append(Finding(
                    "FACT_QUOTE_ALTERED", "error",
                    f"인용문이 사실 자료에 있는 {best[1]}의 말과 다릅니다. 인용문은 글자 그대로 옮겨야 합니다.",
                    qs, qe, f"원래 말: \u201c{best[2]}\u201d",
                ))
            else:
                findings.append(Finding(
                    "FACT_QUOTE_UNSUPPORTED", "error",
                    "사실 자료에 없는 인용문입니다. 하지 않은 말을 따옴표로 옮기면 안 됩니다.",
                    qs, qe, "사실 자료의 인용문(quotes)만 쓰거나 따옴표 부분을 지우세요.",
                ))
        if match is not None:
            who = _speaker(text, qs, qe, mentions)
            if who is not None and who != match[1]:
                title = sup.people.get(match[1], "")
                findings.append(Finding(
                    "FACT_QUOTE_MISATTRIBUTED", "error",
                    f"이 인용문은 사실 자료에서 {match[1]} {title}의 말입니다. 글에서는 {who}의 말로 적혀 있습니다.",
                    qs, qe, f"말한 사람을 {_q(match[1] + ' ' + title, '으로', '로')} 고치세요.",
                ))
    return flagged


def _check_missing(sheet, nums, sup, findings, reported: set[str]) -> None:
    if REQUIRED_FIGURES.get(sheet.kind) != "all":
        return
    for f in sup.figures:
        if f.label in reported:
            continue  # already flagged as a wrong value where it is stated
        present = any(
            _units_ok(n.unit, f.unit) and (
                _close(n.value, f.value, n.approx)
                or (n.high is not None and n.value <= f.value <= n.high)
            )
            for n in nums
        )
        if not present:
            findings.append(Finding(
                "FACT_MISSING_FIGURE", "warning",
                f"사실 자료의 핵심 수치 {_q(f.label + ' ' + f.display, '이', '가')} 글에 없습니다.",
                0, 0, f"본문에 {_q(f.display, '을', '를')} 넣으세요.",
            ))


def check_facts(text: str, sheet: FactSheet) -> list[Finding]:
    """Findings for every fact in ``text`` the sheet does not support (sorted by position).

    The checks run on a normalised copy (full-width digits folded, zero-width
    characters dropped, decomposed Hangul composed); spans are mapped back to
    ``text``.
    """
    sup = _support(sheet)
    nt = normalize(text)
    findings = _check_all(nt.text, sheet, sup)
    if nt.text != text:
        findings = [replace(f, start=a, end=b) for f in findings for a, b in [nt.span(f.start, f.end)]]
    findings.sort(key=lambda f: (f.start, f.end, f.code))
    return findings


def _check_all(text: str, sheet: FactSheet, sup: _Support) -> list[Finding]:
    dates = find_dates(text, sheet.release_date)
    nums = _claims(find_numbers(text), dates, text)
    if sheet.contact and sheet.contact.phone:
        phones = SpanSet(m.span() for m in re.finditer(re.escape(sheet.contact.phone), text))
        nums = [n for n in nums if not phones.overlaps(n.start, n.end)]
    findings: list[Finding] = []
    mentions = _check_people(text, sup, findings, sheet.organization)
    flagged_spans = SpanSet(_check_quotes(text, sup, mentions, findings))

    def outside(x) -> bool:
        return not flagged_spans.covers(x.start, x.end)

    wrong = _check_numbers(text, [n for n in nums if outside(n)], sup, findings)
    _check_dates(text, [d for d in dates if outside(d)], sup, sheet, findings)
    _check_missing(sheet, nums, sup, findings, wrong)
    return findings
