"""Public-language style (STYLE_): the checks behind 용이성 and 정확성.

Follows how the Ministry of Culture evaluates government press releases: each
problem expression is one finding, and the report counts them per 어절.

- STYLE_FOREIGN_TERM / STYLE_DIFFICULT_TERM: glossary term (foreign, or hard Sino-Korean)
  with its recommended Korean; glossary entries of kind abbreviation/discriminatory give
  the codes below, and its proper names (AI충녕) are masked first.
- STYLE_LATIN_ABBREV: Latin letters not in parentheses after Korean (국어기본법 시행령
  제11조; "FTA를 체결하기 전에" is the decree's own example, "자유무역협정(FTA)" is fine).
- STYLE_LONG_SENTENCE: a sentence over the rubric's 어절 limit.
- STYLE_DOUBLE_PASSIVE: 되어지다, 잊혀지다 and kin.
- STYLE_AUTHORITARIAN / STYLE_DISCRIMINATORY: from the built-in expressions list.
- STYLE_SPACING: a bound noun glued to the verb before it (할수 → 할 수), read from Kiwi's
  tags (an ETM ending directly followed by 수/것/줄/적/때), which is reliable; Kiwi's
  free spacing correction is not used because it rewrites acceptable text.
- STYLE_TYPO: misspellings (되요, 몇일, 역활 …), from Kiwi's morphemes and a curated
  list; see checks/typos.py.
"""

from __future__ import annotations

import re
from itertools import pairwise

from civiclab.scoring.checks.typos import TypoList, check_typos
from civiclab.scoring.findings import Finding
from civiclab.scoring.glossary import Glossary, Term
from civiclab.scoring.tokenizer import AnalyzedDraft

DEFAULT_LONG_SENTENCE_EOJEOL = 30

_HANGUL = re.compile(r"[가-힣]")
# Two or more capitals (FTA, R&D, CCTV, AI): acronyms.  Words like "Seoul" pass.
# Acronyms: 2-8 capitals (digits and & allowed: FTA, R&D, CCTV, 5G) or the IoT shape.
_ABBREV = re.compile(r"(?<![A-Za-z0-9&+/=])(?:[A-Z][A-Z0-9&]{0,6}[A-Z]|[A-Z][a-z][A-Z])(?![A-Za-z0-9&+/=])")
_URLISH = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:kr|com|net|org|go\.kr)\b\S*")
# Every _URLISH match contains one of these.
_URLISH_HINT = re.compile(r"https?://|www\.|@|\.(?:kr|com|net|org)\b")
_DOUBLE_PASSIVE = re.compile(
    r"(?:되어|잊혀|쓰여|불리워|불려|나뉘어|보여|짜여|믿겨|닫혀|열려|모아|놓여)(?:지|진|져|졌|짐)"
    r"|돼(?:진|져|졌)")
_BOUND_NOUNS = frozenset({"수", "것", "줄", "적", "때"})


def check_style(
    analysis: AnalyzedDraft,
    glossary: Glossary,
    expressions: Glossary | None = None,
    *,
    long_sentence_eojeol: int = DEFAULT_LONG_SENTENCE_EOJEOL,
    typos: TypoList | None = None,
) -> list[Finding]:
    """All STYLE_ findings; ``typos`` is the curated misspelling list (the morpheme
    rules of STYLE_TYPO run without it)."""
    text = analysis.text
    masked = _mask(text, glossary.proper_names)
    findings: list[Finding] = []
    findings += _glossary_terms(masked, glossary)
    findings += _latin_abbreviations(masked, glossary, taken=findings)
    findings += _long_sentences(analysis, long_sentence_eojeol)
    findings += _double_passives(masked)
    if expressions is not None:
        findings += _expressions(masked, expressions)
    findings += _spacing(analysis)
    findings += check_typos(analysis, typos, masked)
    findings.sort(key=lambda f: (f.start, f.code))
    return _dedupe(findings)


def _mask(text: str, proper_names=()) -> str:
    """Blank what is not prose to judge, keeping offsets: URLs, e-mail addresses and
    the glossary's proper names (AI충녕, 정부24)."""
    if _URLISH_HINT.search(text):  # the full pattern is slow on prose; most drafts have no URL
        text = _URLISH.sub(lambda m: " " * len(m.group(0)), text)
    for name in proper_names:
        if name in text:
            text = text.replace(name, " " * len(name))
    return text


# Glossary entry kind -> finding code.  "grammar" entries (되어지다) are dictionary
# forms that inflected text never matches; the double-passive pattern covers them.
_KIND_CODES = {"foreign": "STYLE_FOREIGN_TERM", "difficult": "STYLE_DIFFICULT_TERM",
               "abbreviation": "STYLE_LATIN_ABBREV", "discriminatory": "STYLE_DISCRIMINATORY",
               "authoritarian": "STYLE_AUTHORITARIAN"}
_KIND_MESSAGES = {
    "STYLE_FOREIGN_TERM": "'{w}'은(는) 어려운 외래어입니다.",
    "STYLE_DIFFICULT_TERM": "'{w}'은(는) 어려운 한자어입니다.",
    "STYLE_LATIN_ABBREV": "로마자 약어 '{w}'를 한글 없이 썼습니다 (국어기본법 시행령 제11조).",
    "STYLE_DISCRIMINATORY": "'{w}'은(는) 차별적이거나 권위적인 표현입니다.",
    "STYLE_AUTHORITARIAN": "'{w}'은(는) 권위적 표현입니다.",
}


def _in_parentheses_after_korean(text: str, start: int, end: int) -> bool:
    """True for "자유무역협정(FTA)" and "연구 개발(R&D)": Korean first, foreign in parentheses."""
    open_at = text.rfind("(", 0, start)
    if open_at < 0 or text.find(")", open_at, start) >= 0:
        return False
    close_at = text.find(")", end)
    if close_at < 0 or text.find("\n", open_at, close_at) >= 0:
        return False
    before = text[:open_at].rstrip()
    return bool(before) and bool(_HANGUL.match(before[-1]))


def _glossary_terms(text: str, glossary: Glossary) -> list[Finding]:
    out = []
    for start, end, term in glossary.finditer(text):
        if term.kind == "grammar":
            continue
        if len(term.term) <= 3 and _HANGUL.match(term.term[0]) and start > 0 \
                and _HANGUL.match(text[start - 1]):
            continue  # a short Hangul term inside a longer word (금일 in 지금일까, 정상인 in 비정상인)
        if _is_latin(term.term) and _touches_latin(text, start, end):
            continue
        if _in_parentheses_after_korean(text, start, end):
            continue
        word = text[start:end]
        code = _KIND_CODES.get(term.kind) or (
            "STYLE_LATIN_ABBREV" if _is_latin(term.term) else "STYLE_FOREIGN_TERM")
        rec = ", ".join(term.recommended)
        message = _KIND_MESSAGES[code].format(w=word) + (f" ({term.note})" if term.note else "")
        if code == "STYLE_LATIN_ABBREV" and rec:
            suggestion = f"'{term.recommended[0]}'(으)로 쓰거나 '{term.recommended[0]}({word})'처럼 쓰세요."
        else:
            suggestion = f"'{rec}'(으)로 바꾸세요." if rec else None
        out.append(Finding(code, "warning", message, start, end, suggestion))
    return out


_LATIN_TERM = re.compile(r"[A-Za-z0-9&. -]+")


def _is_latin(term: str) -> bool:
    return _LATIN_TERM.fullmatch(term) is not None


def _touches_latin(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return before.isascii() and before.isalnum() or after.isascii() and after.isalnum()


def _latin_abbreviations(text: str, glossary: Glossary, taken: list[Finding]) -> list[Finding]:
    out = []
    introduced: set[str] = set()
    spans = [(f.start, f.end) for f in taken]
    for m in _ABBREV.finditer(text):
        word = m.group(0)
        if word in glossary.allowed_abbreviations:
            continue
        if _in_parentheses_after_korean(text, m.start(), m.end()):
            introduced.add(word)
            continue
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        if word in introduced:
            # Already introduced as "한국어(ABBR)": a later bare use is noted, not counted.
            out.append(Finding("STYLE_LATIN_ABBREV", "info",
                               f"'{word}'는 앞에서 한글과 함께 소개했지만, 가능하면 한글로 쓰세요.",
                               m.start(), m.end(), None))
            continue
        out.append(Finding(
            "STYLE_LATIN_ABBREV", "warning",
            f"로마자 약어 '{word}'를 한글 없이 썼습니다 (국어기본법 시행령 제11조).",
            m.start(), m.end(), f"한글 용어를 먼저 쓰고 괄호 안에 '{word}'를 넣으세요. 예: 자유무역협정(FTA)"))
    return out


def _long_sentences(analysis: AnalyzedDraft, limit: int) -> list[Finding]:
    out = []
    for s in analysis.sentences:
        n = s.eojeol_count
        if n > limit:
            out.append(Finding(
                "STYLE_LONG_SENTENCE", "warning",
                f"문장이 너무 깁니다({n}어절, 권장 {limit}어절 이하).",
                s.start, s.end, "문장을 둘 이상으로 나누세요."))
    return out


def _double_passives(text: str) -> list[Finding]:
    return [Finding("STYLE_DOUBLE_PASSIVE", "warning",
                    f"'{m.group(0)}'은(는) 이중 피동 표현입니다.", m.start(), m.end(),
                    "'되다', '잊히다', '쓰이다', '불리다', '보이다'처럼 한 번만 피동으로 쓰세요.")
            for m in _DOUBLE_PASSIVE.finditer(text)]


def _expressions(text: str, expressions: Glossary) -> list[Finding]:
    out = []
    hits: list[tuple[int, int, Term]] = list(expressions.finditer(text))
    for term in expressions.terms:
        if term.pattern is not None:
            hits += [(m.start(), m.end(), term) for m in term.pattern.finditer(text)]
    for start, end, term in hits:
        kind_ko = "차별적" if term.kind == "discriminatory" else "권위적"
        code = "STYLE_DISCRIMINATORY" if term.kind == "discriminatory" else "STYLE_AUTHORITARIAN"
        rec = ", ".join(term.recommended)
        out.append(Finding(code, "warning", f"'{text[start:end].strip()}'은(는) {kind_ko} 표현입니다.",
                           start, end, f"'{rec}'(으)로 바꾸세요." if rec else None))
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """The glossary and the built-in expression list may both name one span: keep one."""
    seen: set[tuple[int, int]] = set()
    out = []
    for f in findings:
        if f.code == "STYLE_LONG_SENTENCE" or (f.start, f.end) not in seen:
            out.append(f)
            seen.add((f.start, f.end))
    return out


def _spacing(analysis: AnalyzedDraft) -> list[Finding]:
    out = []
    text = analysis.text
    morphs = analysis.morphs
    for prev, cur in pairwise(morphs):
        if (prev.tag == "ETM" and cur.form in _BOUND_NOUNS and cur.tag in ("NNB", "NNG")
                and cur.start == prev.end and cur.start > 0 and not text[cur.start - 1].isspace()):
            word_start = text.rfind(" ", 0, cur.start) + 1
            word_end = cur.end
            out.append(Finding(
                "STYLE_SPACING", "warning",
                f"의존 명사 '{cur.form}'는 앞말과 띄어 씁니다.", word_start, word_end,
                f"'{text[word_start:cur.start]} {text[cur.start:word_end]}'처럼 띄어 쓰세요."))
    return out
