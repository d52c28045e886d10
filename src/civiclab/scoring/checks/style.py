"""Public-language style (STYLE_): the checks behind 용이성 and 정확성.

Follows how the Ministry of Culture evaluates government press releases: each
problem expression is one finding, and the report counts them per 어절.

- STYLE_FOREIGN_TERM: glossary term (foreign or difficult) with its recommended Korean.
- STYLE_LATIN_ABBREV: Latin letters not in parentheses after Korean (국어기본법 시행령
  제11조; "FTA를 체결하기 전에" is the decree's own example, "자유무역협정(FTA)" is fine).
- STYLE_LONG_SENTENCE: a sentence over the rubric's 어절 limit.
- STYLE_DOUBLE_PASSIVE: 되어지다, 잊혀지다 and kin.
- STYLE_AUTHORITARIAN / STYLE_DISCRIMINATORY: from the built-in expressions list.
- STYLE_SPACING: a bound noun glued to the verb before it (할수 → 할 수), read from Kiwi's
  tags (an ETM ending directly followed by 수/것/줄/적/때), which is reliable; Kiwi's
  free spacing correction is not used because it rewrites acceptable text.
"""

from __future__ import annotations

import re

from civiclab.scoring.findings import Finding
from civiclab.scoring.glossary import Glossary, Term
from civiclab.scoring.tokenizer import AnalyzedDraft

DEFAULT_LONG_SENTENCE_EOJEOL = 30

_HANGUL = re.compile(r"[가-힣]")
# Two or more capitals (FTA, R&D, CCTV, AI): acronyms.  Words like "Seoul" pass.
# Acronyms: 2-8 capitals (digits and & allowed: FTA, R&D, CCTV, 5G) or the IoT shape.
_ABBREV = re.compile(r"(?<![A-Za-z0-9&+/=])(?:[A-Z][A-Z0-9&]{0,6}[A-Z]|[A-Z][a-z][A-Z])(?![A-Za-z0-9&+/=])")
_URLISH = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:kr|com|net|org|go\.kr)\b\S*")
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
) -> list[Finding]:
    text = analysis.text
    masked = _mask_urls(text)
    findings: list[Finding] = []
    findings += _glossary_terms(masked, glossary)
    findings += _latin_abbreviations(masked, glossary, taken=findings)
    findings += _long_sentences(analysis, long_sentence_eojeol)
    findings += _double_passives(masked)
    if expressions is not None:
        findings += _expressions(masked, expressions)
    findings += _spacing(analysis)
    findings.sort(key=lambda f: (f.start, f.code))
    return findings


def _mask_urls(text: str) -> str:
    """URLs and e-mail addresses are not prose: blank them, keeping offsets."""
    return _URLISH.sub(lambda m: " " * len(m.group(0)), text)


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
    regex = glossary.regex
    if regex is None:
        return []
    by_term = {t.term.lower(): t for t in glossary.terms}
    out = []
    for m in regex.finditer(text):
        term = by_term.get(m.group(0).lower())
        if term is None:
            continue
        if len(term.term) <= 2 and _HANGUL.match(term.term[0]) and m.start() > 0 \
                and _HANGUL.match(text[m.start() - 1]):
            continue  # a short Hangul term inside a longer word (금일 in 지금일까)
        if _is_latin(term.term) and _touches_latin(text, m.start(), m.end()):
            continue
        if _in_parentheses_after_korean(text, m.start(), m.end()):
            continue
        rec = ", ".join(term.recommended)
        out.append(Finding(
            "STYLE_FOREIGN_TERM", "warning",
            f"'{m.group(0)}'은(는) 어려운 외래어·한자어입니다." + (f" ({term.note})" if term.note else ""),
            m.start(), m.end(), f"'{rec}'(으)로 바꾸세요." if rec else None))
    return out


def _is_latin(term: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9&. -]+", term))


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
    regex = expressions.regex
    by_term = {t.term.lower(): t for t in expressions.terms}
    hits: list[tuple[int, int, Term]] = []
    if regex is not None:
        hits += [(m.start(), m.end(), by_term[m.group(0).lower()]) for m in regex.finditer(text)
                 if m.group(0).lower() in by_term]
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


def _spacing(analysis: AnalyzedDraft) -> list[Finding]:
    out = []
    text = analysis.text
    morphs = analysis.morphs
    for prev, cur in zip(morphs, morphs[1:]):
        if (prev.tag == "ETM" and cur.form in _BOUND_NOUNS and cur.tag in ("NNB", "NNG")
                and cur.start == prev.end and cur.start > 0 and not text[cur.start - 1].isspace()):
            word_start = text.rfind(" ", 0, cur.start) + 1
            word_end = cur.end
            out.append(Finding(
                "STYLE_SPACING", "warning",
                f"의존 명사 '{cur.form}'는 앞말과 띄어 씁니다.", word_start, word_end,
                f"'{text[word_start:cur.start]} {text[cur.start:word_end]}'처럼 띄어 쓰세요."))
    return out
