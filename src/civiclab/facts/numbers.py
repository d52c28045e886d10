"""Find Korean numeric mentions in text, with character spans.

Officials write the same quantity many ways: ``63,000명``, ``6만 3000명``,
``6만3천 명``, ``6.3만 명``.  :func:`find_numbers` turns each into one
:class:`NumberMention` with a numeric ``value`` and a canonical ``unit``, so a
fact check compares quantities, not spellings.

Kinds (``NumberMention.kind``):

- ``count``     a quantity with a counter: 명, 원, 종, 곳, 건 ... (also a number
                with 만/억/조 or thousands separators and no counter: unit ``""``)
- ``percent``   30%, 30 %, 30퍼센트, 30프로 (unit ``%``); 3%p (unit ``%p``)
- ``multiple``  두 배, 1.5배 (unit ``배``)
- ``ordinal``   제22대, 2차, 3번째, 1위
- ``duration``  이틀, 사흘, 3일간, 5개월, 2시간, 3년
- ``time``      오후 2시 (value in hours, 14.0)
- ``date_part`` the month, day or year of a date (4월, 28일, 2024년): not a count;
                :mod:`civiclab.facts.dates` resolves these
- ``bare``      digits with no unit (phone fragments, version numbers); callers
                usually ignore them

Ranges (``3~5일``, ``10만~20만 원``) give one mention with ``value`` the low end
and ``high`` the high end.  ``approx`` marks a rounded figure (약, 여, 가량,
정도, 안팎, 넘는); bounds such as 이상/이하/미만/최대 are exact and do not set it.
Native numerals (``세 곳``, ``두 배``) need the standard space before the
counter, which keeps ``세종`` from reading as "3 kinds".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from civiclab.facts._text import NormText, SpanSet, is_hangul, normalize, unit_boundary_ok

__all__ = [
    "NumberMention",
    "canonical_unit",
    "find_numbers",
    "format_number",
    "normalize_figure",
    "parse_korean_number",
]

_SMALL = {"십": 10, "백": 100, "천": 1000}
_BIG = {"만": 10**4, "억": 10**8, "조": 10**12}
_MAX_DIGITS = 18  # longer digit runs are identifiers, not quantities
_STRIP = str.maketrans("", "", ", \u00a0")

_D = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
_SEC = rf"(?:(?:{_D})?[십백천])+(?:{_D})?|{_D}"
# A numeral: sections joined by big units, a space allowed after a big unit only.
_NUM_RE = re.compile(rf"(?=[0-9십백천])(?:(?:{_SEC})?[조억만](?: (?=[0-9십백천]))?)*(?:{_SEC})?")

# Counter units, longest first.  Value: (canonical unit, kind).
_UNITS: dict[str, tuple[str, str]] = {
    "퍼센트포인트": ("%p", "percent"), "%포인트": ("%p", "percent"), "%p": ("%p", "percent"),
    "퍼센트": ("%", "percent"), "프로": ("%", "percent"), "%": ("%", "percent"),
    "개월": ("개월", "duration"), "개년": ("년", "duration"), "시간": ("시간", "duration"),
    "주일": ("주", "duration"), "주년": ("주년", "count"), "번째": ("번째", "ordinal"),
    "회째": ("회째", "ordinal"), "일간": ("일", "duration"),
    "개소": ("곳", "count"), "개국": ("개국", "count"), "개사": ("개사", "count"),
    "개교": ("개교", "count"), "가구": ("가구", "count"), "세대": ("세대", "count"),
    "병상": ("병상", "count"), "학급": ("학급", "count"), "필지": ("필지", "count"),
    "마리": ("마리", "count"), "그루": ("그루", "count"), "차례": ("회", "count"),
    "단계": ("단계", "ordinal"), "호선": ("호선", "ordinal"), "가지": ("종", "count"),
    "달러": ("달러", "count"), "인분": ("인분", "count"), "돌": ("주년", "count"),
    "면": ("면", "count"),
    "명": ("명", "count"), "원": ("원", "count"), "종": ("종", "count"),
    "곳": ("곳", "count"), "개": ("개", "count"), "건": ("건", "count"),
    "회": ("회", "count"), "번": ("회", "count"), "배": ("배", "multiple"),
    "년": ("년", "duration"), "월": ("월", "date_part"), "일": ("일", "duration"),
    "주": ("주", "duration"), "분": ("분", "duration"), "초": ("초", "duration"),
    "시": ("시", "time"), "대": ("대", "count"), "권": ("권", "count"),
    "장": ("장", "count"), "통": ("통", "count"), "척": ("척", "count"),
    "톤": ("톤", "count"), "평": ("평", "count"), "채": ("채", "count"),
    "동": ("동", "count"), "호": ("호", "ordinal"), "세": ("세", "count"),
    "살": ("세", "count"), "점": ("점", "count"), "기": ("기", "count"),
    "팀": ("팀", "count"), "쌍": ("쌍", "count"), "부": ("부", "count"),
    "편": ("편", "count"), "인": ("명", "count"), "층": ("층", "count"),
    "위": ("위", "ordinal"), "등": ("등", "ordinal"), "차": ("차", "ordinal"),
    "조": ("조", "ordinal"), "항": ("항", "ordinal"),
    "킬로미터": ("km", "count"), "밀리미터": ("mm", "count"), "센티미터": ("cm", "count"),
    "제곱미터": ("㎡", "count"), "킬로그램": ("kg", "count"), "헥타르": ("ha", "count"),
    "미터": ("m", "count"), "그램": ("g", "count"), "리터": ("L", "count"),
    "기수": ("기", "count"), "보": ("보", "count"), "도": ("도", "count"), "℃": ("도", "count"),
    "km": ("km", "count"), "㎞": ("km", "count"), "kg": ("kg", "count"),
    "㎡": ("㎡", "count"), "m2": ("㎡", "count"), "ha": ("ha", "count"),
    "cm": ("cm", "count"), "mm": ("mm", "count"), "m": ("m", "count"),
}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_TAIL_RE = re.compile(rf"( ?)(여 ?)?({_UNIT_ALT})")
_ORDINAL_UNITS = {"대", "회", "차", "기", "호", "조", "항", "장", "권", "회차", "편", "부"}
_ORD_PREFIX_RE = re.compile(r"제 ?$")

_NATIVE_ONES = {"한": 1, "하나": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "다섯": 5,
                "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_NATIVE_TENS = {"열": 10, "스무": 20, "스물": 20, "서른": 30, "마흔": 40, "쉰": 50,
                "예순": 60, "일흔": 70, "여든": 80, "아흔": 90}
_NATIVE_UNITS: dict[str, tuple[str, str]] = {
    "명": ("명", "count"), "사람": ("명", "count"), "곳": ("곳", "count"),
    "개": ("개", "count"), "가지": ("종", "count"), "배": ("배", "multiple"),
    "번째": ("번째", "ordinal"), "번": ("회", "count"), "차례": ("회", "count"),
    "달": ("개월", "duration"), "해": ("년", "duration"), "대": ("대", "count"),
    "권": ("권", "count"), "마리": ("마리", "count"), "그루": ("그루", "count"),
    "가구": ("가구", "count"), "분": ("명", "count"), "시간": ("시간", "duration"),
    "주": ("주", "duration"), "건": ("건", "count"), "팀": ("팀", "count"),
}
_NATIVE_RE = re.compile(
    r"(?<![가-힣])(?:(열|스무|스물|서른|마흔|쉰|예순|일흔|여든|아흔)(?=[가-힣 ]))?"
    r"(한|하나|두|세|석|네|넉|다섯|여섯|일곱|여덟|아홉)? "
    r"(" + "|".join(sorted(_NATIVE_UNITS, key=len, reverse=True)) + ")"
)
_DAY_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
              "여드레": 8, "아흐레": 9, "열흘": 10, "보름": 15, "일주일": 7}
_DAY_RE = re.compile(r"(?<![가-힣])(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + ")")

_DURATION_AFTER_RE = re.compile(
    r" ?(?:간격|간|동안|이내|내에|안에|만에|째|이상|이하|미만|초과|가량|정도|씩|마다|치|남짓|안팎"
    r"|전(?:까지|에|부터|이|의)?(?![가-힣])|후(?:에|부터|까지|의)?(?![가-힣])|뒤(?![가-힣]))"
)
_DATE_BEFORE_RE = re.compile(r"(?:[0-9]{1,2} ?월|오는|지난|지난달|이달|이번 ?달|다음 ?달|내달) ?$")
_WEEKLY_BEFORE_RE = re.compile(r"(?:^|[^가-힣])주 ?$")  # 주 5일 근무: days per week
# 취소 기한 3일, 처리 기간은 5일: a span of days, not the 3rd or the 5th
_DURATION_BEFORE_RE = re.compile(
    r"(?:기한|기간|소요|최장|최대|최소|평균|걸려|걸리는|연속|총)(?: ?(?:은|는|이|가))? ?$"
)
_APPROX_BEFORE_RE = re.compile(r"(?:약|대략|거의|어림) ?$")
_APPROX_AFTER_RE = re.compile(r" ?(?:가량|정도|남짓|안팎|내외|쯤|(?:이|가|을|를)? ?넘)")
_PM_BEFORE_RE = re.compile(r"(?:오후|저녁|밤) ?$")


@dataclass(frozen=True)
class NumberMention:
    """One number in the text.  ``start``/``end`` index the caller's string."""

    value: int | float
    unit: str
    start: int
    end: int
    text: str
    kind: str
    high: int | float | None = None  # upper end of a range (3~5일)
    approx: bool = False  # 약, 여, 가량, 넘는 ... (not 이상/이하: those are exact bounds)

    @property
    def is_range(self) -> bool:
        return self.high is not None


def _num(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


@lru_cache(maxsize=4096)  # pure, and drafts repeat the same numerals (2024, 1, 3,000)
def parse_korean_number(s: str) -> int | float | None:
    """Parse ``6만 3000``, ``63,000``, ``1억 2천만``, ``6.3만``, ``천만`` into a number.

    Returns None if the string is not a well-formed numeral (for example big
    units out of order, as in ``3만 2억``).
    """
    s = s.translate(_STRIP)
    if not s or sum(ch.isdigit() for ch in s) > _MAX_DIGITS:
        return None
    total = Decimal(0)
    section = Decimal(0)
    num: Decimal | None = None
    last_big = None
    last_small = None
    for tok in re.findall(r"[0-9]+(?:\.[0-9]+)?|[십백천만억조]|.", s):
        if tok[0].isdigit():
            if num is not None:
                return None
            try:
                num = Decimal(tok)
            except InvalidOperation:
                return None
        elif tok in _SMALL:
            if last_small is not None and _SMALL[tok] >= last_small:
                return None
            section += (num if num is not None else 1) * _SMALL[tok]
            last_small = _SMALL[tok]
            num = None
        elif tok in _BIG:
            if last_big is not None and _BIG[tok] >= last_big:
                return None
            if num is not None:
                section += num
            if section == 0:
                section = Decimal(1)
            total += section * _BIG[tok]
            last_big, last_small = _BIG[tok], None
            section, num = Decimal(0), None
        else:
            return None
    if num is not None:
        section += num
    return _num(total + section)


def canonical_unit(unit: str) -> str:
    """The canonical spelling of a counter (퍼센트 → %, 개소 → 곳, 살 → 세)."""
    u = unit.strip()
    if u in _UNITS:
        return _UNITS[u][0]
    if u in _NATIVE_UNITS:
        return _NATIVE_UNITS[u][0]
    return u


def normalize_figure(value: float, unit: str) -> tuple[int | float, str]:
    """Fold a big-unit prefix of a fact-sheet unit into the value: (12, '억 원') → (1.2e9, '원')."""
    u = unit.strip()
    d = Decimal(str(value))
    while u and u[0] in _BIG and (len(u) == 1 or u[1] in " 원명건개달"):
        d *= _BIG[u[0]]
        u = u[1:].strip()
    return _num(d), canonical_unit(u)


def format_number(value: float, unit: str = "") -> str:
    """``63000, '명'`` → ``63,000명``; from 1억 up, Korean units: ``2조 2,000억 원``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value >= 10**8:
        # 2200000000000 -> "2조 2,000억 원": officials never write twelve digits
        parts = []
        rest = value
        for name, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
            g, rest = divmod(rest, size)
            if g:
                parts.append(f"{g:,}{name}")
        if rest:
            parts.append(f"{rest:,}")
        return " ".join(parts) + (f" {unit}" if unit else "")
    if isinstance(value, int):
        body = f"{value:,}"
    else:
        body = f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{body}{unit}"


def _classify(t: str, start: int, uend: int, unit_raw: str, value,
              is_range: bool) -> tuple[str, str, int | float]:
    """Kind and canonical unit of a numeral at ``start`` whose unit ends at ``uend``."""
    unit, kind = _UNITS[unit_raw]
    before = t[max(0, start - 12):start]
    after = t[uend:uend + 6]
    if unit_raw in _ORDINAL_UNITS and _ORD_PREFIX_RE.search(before):
        kind = "ordinal"
    if unit_raw == "일":
        if value > 31 or value < 1 or value != int(value):
            kind = "duration"
        elif _DATE_BEFORE_RE.search(before) and not _DURATION_AFTER_RE.match(after):
            kind = "date_part"
        elif (
            is_range
            or _DURATION_AFTER_RE.match(after)
            or _WEEKLY_BEFORE_RE.search(before)
            or _DURATION_BEFORE_RE.search(before)
        ):
            kind = "duration"
        else:
            kind = "date_part"
    elif unit_raw == "년" and value >= 1000:
        kind = "date_part"
    elif unit_raw == "월":
        kind = "date_part" if 1 <= value <= 12 else "bare"
    elif unit_raw == "시":
        if value > 24:
            kind, unit = "bare", ""
        elif _PM_BEFORE_RE.search(before) and value < 12:
            value = value + 12
    elif unit_raw == "분" and re.search(r"[0-9]시 ?$", before) and not _DURATION_AFTER_RE.match(after):
        kind = "date_part"  # minutes of a clock time
    return kind, unit, value


def _numeric(nt: NormText) -> list[list]:
    """Raw numerals as ``[start, end, value, unit_raw | None, unit_end, approx, grouped]``.

    ``grouped`` marks a numeral written with a thousands separator or 만/억/조:
    a quantity even without a counter, unlike bare digits (phone parts, versions).
    """
    t = nt.text
    out: list[list] = []
    for m in _NUM_RE.finditer(t):
        s, e = m.start(), m.end()
        raw = m.group()
        if not raw:
            continue
        if raw[0].isdigit():
            if s > 0 and (t[s - 1].isalnum() and not is_hangul(t[s - 1]) or t[s - 1] in ".,-/"):
                continue
        else:
            # a bare 천/백/십 must start a word and lead into a big unit (천만, 백억)
            if s > 0 and is_hangul(t[s - 1]):
                continue
            if not any(ch in _BIG for ch in raw) and not any(ch.isdigit() for ch in raw):
                continue
        if e < len(t) and t[e].isdigit():
            continue
        if e < len(t) and t[e] in "-/" and e + 1 < len(t) and t[e + 1].isdigit():
            continue  # 044-300-1234, 2024/3/28: not quantities
        if raw.endswith("조") and _ORD_PREFIX_RE.search(t[max(0, s - 2):s]):
            raw, e = raw[:-1], e - 1  # 제14조: an article number, not 14 trillion
        value = parse_korean_number(raw)
        if value is None:
            continue
        tail = _TAIL_RE.match(t, e)
        unit_raw = None
        uend = e
        approx = False
        if tail and unit_boundary_ok(t, tail.end()):
            unit_raw, uend = tail.group(3), tail.end()
            approx = bool(tail.group(2))
        out.append([s, e, value, unit_raw, uend, approx, any(c in raw for c in ",만억조")])
    return out


def find_numbers(text: str) -> list[NumberMention]:
    """All numeric mentions in ``text``, in order, non-overlapping."""
    nt = normalize(text)
    t = nt.text
    raws = _numeric(nt)
    mentions: list[NumberMention] = []
    i = 0
    while i < len(raws):
        s, e, value, unit_raw, uend, approx, grouped = raws[i]
        high = None
        # range: "3~5일", "10만~20만 원", "3만 원~5만 원"
        if i + 1 < len(raws):
            s2, e2, v2, u2, uend2, ap2, g2 = raws[i + 1]
            between = t[(uend if unit_raw else e):s2]
            if re.fullmatch(r" ?~ ?", between) and u2 and (unit_raw in (None, u2)) and v2 > value:
                high, e, unit_raw, uend, approx = v2, e2, u2, uend2, approx or ap2
                grouped = grouped or g2
                i += 1
        i += 1
        if unit_raw is None:
            kind, unit, end = ("count" if grouped else "bare"), "", e
        else:
            kind, unit, value = _classify(t, s, uend, unit_raw, value, high is not None)
            end = uend
            if kind == "ordinal":
                pre = _ORD_PREFIX_RE.search(t[max(0, s - 2):s])
                if pre:
                    s -= len(pre.group())
        approx = approx or bool(_APPROX_BEFORE_RE.search(t[max(0, s - 4):s])) or bool(
            _APPROX_AFTER_RE.match(t, end)
        )
        os_, oe = nt.span(s, end)
        mentions.append(NumberMention(value, unit, os_, oe, text[os_:oe], kind, high, approx))

    taken = SpanSet((m.start, m.end) for m in mentions)

    def free(a: int, b: int) -> bool:
        return not taken.overlaps(a, b)

    for m in _NATIVE_RE.finditer(t):
        tens, ones, unit_raw = m.group(1), m.group(2), m.group(3)
        if not tens and not ones:
            continue
        if not unit_boundary_ok(t, m.end()):
            continue
        if ones in ("석", "넉") and unit_raw != "달":
            continue
        value = _NATIVE_TENS.get(tens or "", 0) + _NATIVE_ONES.get(ones or "", 0)
        unit, kind = _NATIVE_UNITS[unit_raw]
        os_, oe = nt.span(m.start(), m.end())
        if free(os_, oe):
            approx = bool(_APPROX_BEFORE_RE.search(t[max(0, m.start() - 4):m.start()]))
            mentions.append(NumberMention(value, unit, os_, oe, text[os_:oe], kind, None, approx))
    for m in _DAY_RE.finditer(t):
        if not unit_boundary_ok(t, m.end()):
            continue
        word = m.group(1)
        unit = "주" if word == "일주일" else "일"
        value = 1 if word == "일주일" else _DAY_WORDS[word]
        os_, oe = nt.span(m.start(), m.end())
        if free(os_, oe):
            mentions.append(NumberMention(value, unit, os_, oe, text[os_:oe], "duration"))
    mentions.sort(key=lambda m: (m.start, -m.end))
    out: list[NumberMention] = []
    for m in mentions:  # natives and day words may touch each other: keep the first
        if out and m.start < out[-1].end:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "time"
            and m.unit == "분"
            and m.kind == "date_part"
            and text[prev.end : m.start] in ("", " ")
        ):
            # 오후 2시 30분 -> one time, 14.5 hours
            out[-1] = NumberMention(
                prev.value + m.value / 60, "시", prev.start, m.end, text[prev.start : m.end], "time"
            )
            continue
        out.append(m)
    return out
