"""People with titles, and quotations, as they appear in Korean official writing.

Press releases write a person as ``최민호 시장은`` (name, title), ``세종시장 최민호``
(title, name) or ``최민호 세종특별자치시장`` (organisation glued to the title).
These helpers find such mentions with plain string rules; no morphological
analyser is needed, which keeps the fact check fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Person titles, longest first when matched.  Official titles only: a title
# must be something a fact sheet's ``people[].title`` could hold.
TITLES = (
    "대통령", "국무총리", "총리", "장관", "차관", "차관보", "청장", "차장", "처장", "실장",
    "국장", "과장", "팀장", "계장", "주무관", "사무관", "서기관", "부시장", "시장", "부지사",
    "도지사", "지사", "군수", "구청장", "교육감", "의장", "부의장", "의원", "위원장",
    "위원", "대표", "회장", "부회장", "원장", "이사장", "이사", "총장", "학장", "교수",
    "박사", "연구원", "센터장", "본부장", "단장", "소장", "관장", "사장", "부사장",
    "대변인", "부위원장", "부원장", "부총리", "부청장", "부교육감", "부구청장", "부군수", "비서실장", "주민센터장", "동장", "면장", "읍장", "이장", "통장", "반장",
    "선생님", "교사", "교장", "감독", "대사", "영사", "총영사", "경찰서장", "소방서장", "서장",
)
_TITLE_ALT = "|".join(sorted(set(TITLES), key=len, reverse=True))
# A title prefix that changes who the person is (부시장 is not 시장).
STANDALONE_MODIFIERS = {"전": "전 ", "前": "전 ", "현": "", "신임": "", "초대": "초대 "}

_PARTICLES = (
    "께서는", "께서", "에게서", "에게", "으로서", "으로", "이라고", "이라며", "라고", "라며",
    "이며", "이다", "입니다", "이고", "님은", "님이", "님의", "님과", "님께", "님",
    "은", "는", "이", "가", "을", "를", "의", "과", "와", "도", "로", "께", "만",
)
SUBJECT_PARTICLES = ("은", "는", "이", "가", "께서", "께서는", "님은", "님이")

# Common surnames (first syllable of a three-syllable name), for spotting
# people the fact sheet does not know.
SURNAMES = set(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민"
    "진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
_NOT_NAME_ENDINGS = tuple("시도군구청부과실원단처소국회관팀당사교원층동면읍리들적측별급내외계")
_UNKNOWN_RE = re.compile(
    rf"(?<![가-힣])([가-힣]{{3}}) ({_TITLE_ALT})(?=$|[^가-힣]|은|는|이|가|을|를|의|께|과|와|도|님|에게|으로)"
)

# The inner classes exclude the opening mark too, so a run of unmatched “ costs linear time.
QUOTE_RE = re.compile(
    r"\u201c([^\u201c\u201d]{1,3000})\u201d"
    r"|\"([^\"\n]{1,3000})\""
    r"|\u300c([^\u300c\u300d]{1,3000})\u300d"
)
MIN_QUOTE_CHARS = 12  # shorter quoted strings are names of policies, not speech


def strip_particle(word: str) -> str:
    for p in _PARTICLES:
        if word.endswith(p) and len(word) > len(p):
            return word[: -len(p)]
    return word


def is_title_word(word: str, extra: tuple[str, ...] = ()) -> str | None:
    """The title ``word`` ends with (``세종특별자치시장`` → ``시장``), if any."""
    for t in sorted((*TITLES, *extra), key=len, reverse=True):
        if word.endswith(t):
            return t
    return None


def _core(word: str, extra: tuple[str, ...] = ()) -> str | None:
    return is_title_word(word.replace(" ", ""), extra)


def _org_free(prefix: str, organization: str) -> str:
    """Drop an organisation prefix: ``세종``/``세종특별자치`` under 세종특별자치시."""
    org = organization.replace(" ", "")
    stem = prefix.rstrip("시도군구") or prefix
    if prefix and org and org.startswith((prefix, stem)):
        return ""
    return prefix


def title_matches(written: str, title: str, organization: str = "") -> bool:
    """True if ``written`` names the same office as ``title``.

    Both are split into a department/organisation prefix and the longest known
    title they end with.  ``세종특별자치시장`` matches ``시장`` (the prefix is the
    organisation) and ``과장`` matches ``민원과장`` (less specific), while
    ``부시장`` (another title), ``전 시장`` (a modifier word) and ``교통정책과장``
    for ``대중교통과장`` (another department) do not.
    """
    w, t = written.strip(), title.strip().replace(" ", "")
    if w.replace(" ", "") == t:
        return True
    if " " in w:
        return False
    cw, ct = _core(w), _core(t)
    if cw is None or cw != ct:
        return False
    pw = _org_free(w[: -len(cw)], organization)
    pt = _org_free(t[: -len(ct)], organization)
    return pw in ("", pt) or not pt


@dataclass(frozen=True)
class PersonMention:
    name: str
    title: str | None  # the title as written, organisation prefix included
    start: int  # span of "name title" (or "title name")
    end: int
    subject: bool  # followed by a subject/topic particle: likely the speaker


def _word_at(text: str, pos: int) -> tuple[str, int]:
    end = pos
    while end < len(text) and "가" <= text[end] <= "힣":
        end += 1
    return text[pos:end], end


def _title_before(text: str, i: int, titles: tuple[str, ...]) -> tuple[str, int] | None:
    """``세종시장 최민호``: the title word just before the name at ``i``."""
    j = i - 1
    if j <= 0 or text[j] != " ":
        return None
    k = j
    while k > 0 and "가" <= text[k - 1] <= "힣":
        k -= 1
    before = text[k:j]
    return (before, k) if before and is_title_word(before, titles) else None


def find_person_mentions(
    text: str, names: list[str], titles: tuple[str, ...] = ()
) -> list[PersonMention]:
    """Every occurrence of a known ``name`` with the title written beside it."""
    out: list[PersonMention] = []
    for name in names:
        start = 0
        while (i := text.find(name, start)) >= 0:
            start = i + len(name)
            if i > 0 and "가" <= text[i - 1] <= "힣":
                continue  # part of a longer word
            e = i + len(name)
            spaced = text[e : e + 1] == " "
            word, wend = _word_at(text, e + 1 if spaced else e)
            if not spaced:
                subject = word in SUBJECT_PARTICLES
                before = _title_before(text, i, titles)
                if before:
                    out.append(PersonMention(name, before[0], before[1], e, subject))
                else:
                    out.append(PersonMention(name, None, i, e, subject))
                continue
            full = word
            if word in STANDALONE_MODIFIERS and text[wend : wend + 1] == " ":
                nxt, nend = _word_at(text, wend + 1)
                if is_title_word(strip_particle(nxt), titles):
                    full, wend = STANDALONE_MODIFIERS[word] + nxt, nend
            bare = strip_particle(full)
            if bare and is_title_word(bare.split(" ")[-1], titles):
                subject = full[len(bare) :] in SUBJECT_PARTICLES
                out.append(PersonMention(name, bare, i, wend - len(full) + len(bare), subject))
                continue
            before = _title_before(text, i, titles)
            if before:
                out.append(PersonMention(name, before[0], before[1], e, False))
            else:
                out.append(PersonMention(name, None, i, e, False))
    out.sort(key=lambda m: m.start)
    return out


def find_unknown_people(text: str, known: set[str]) -> list[tuple[str, str, int, int]]:
    """``(name, title, start, end)`` for likely names with a title the sheet does not know."""
    out = []
    for m in _UNKNOWN_RE.finditer(text):
        name, title = m.group(1), m.group(2)
        if name in known or name[0] not in SURNAMES or name.endswith(_NOT_NAME_ENDINGS):
            continue
        out.append((name, title, m.start(), m.end()))
    return out


def quote_key(s: str) -> str:
    """Quote text with whitespace and punctuation removed (allowed differences)."""
    return "".join(ch for ch in s if ch.isalnum())


# Speech ends like a sentence (…습니다, …해요, …할까, …합시다); a quoted
# policy name or slogan ends with a noun and is not checked as a quotation.
_SENTENCE_END = re.compile(r"[다요까죠오자네게라][\s.!?…'\u2019\u201d~]*$")


def find_quotes(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, inner_text)`` of quotations long enough to be speech."""
    out = []
    for m in QUOTE_RE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(quote_key(inner)) >= MIN_QUOTE_CHARS and _SENTENCE_END.search(inner):
            out.append((m.start(), m.end(), inner))
    return out
