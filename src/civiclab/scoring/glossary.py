"""The public-language glossary: foreign and difficult terms with recommended Korean.

Loaded from ``<datasets>/glossary/glossary.yaml`` when present, else from the small
built-in ``civiclab/data/glossary_min.yaml``.  Its content hash (8 hex digits) goes
into every score signature, so a score can be reproduced with the same glossary.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from civiclab.errors import InputError

_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True)
class Term:
    term: str
    recommended: tuple[str, ...]
    note: str = ""
    source: str = ""
    kind: str = ""  # expressions only: authoritarian | discriminatory
    pattern: re.Pattern | None = None

    @property
    def label(self) -> str:
        return self.term


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    allowed_abbreviations: frozenset[str]
    hash8: str
    origin: str  # file path or "builtin:glossary_min"
    # Names of programmes and offices that keep their foreign parts (AI충녕 is not a
    # bare "AI"): masked before any term or abbreviation is matched.
    proper_names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.terms)

    @cached_property  # hashing 500 terms per draft to find it in a cache costs more than matching
    def regex(self) -> re.Pattern | None:
        return _compile_terms(self.terms)

    @cached_property
    def regex_lower(self) -> re.Pattern | None:
        """The term trie without IGNORECASE, for text lowered beforehand: re's
        case-insensitive matching costs about 4x on Hangul text."""
        return _compile_terms(self.terms, ignore_case=False)

    @cached_property
    def by_lower(self) -> dict[str, Term]:
        """Terms by their lowercase form (a later duplicate entry wins)."""
        out: dict[str, Term] = {}
        for t in self.terms:
            out[t.term.lower()] = t
        return out

    def finditer(self, text: str):
        """``(start, end, term)`` for every literal term in ``text`` (case-insensitive)."""
        low = text.lower()
        if len(low) == len(text):  # lowering kept offsets (always for Hangul and ASCII)
            regex, subject = self.regex_lower, low
        else:
            regex, subject = self.regex, text
        if regex is None:
            return
        by_lower = self.by_lower
        for m in regex.finditer(subject):
            term = by_lower.get(m.group(0).lower())
            if term is not None:
                yield m.start(), m.end(), term


@lru_cache(maxsize=8)
def _compile_terms(terms: tuple[Term, ...], ignore_case: bool = True) -> re.Pattern | None:
    literal = {t.term.lower() for t in terms if t.pattern is None}
    if not literal:
        return None
    # A trie-shaped pattern: Python's re tries a flat alternation of 500 terms one by
    # one at every position, a trie only follows matching prefixes.  Greedy optional
    # groups keep "longest term wins" (킥오프 회의 over 킥오프).
    return re.compile(_trie_pattern(literal), re.IGNORECASE if ignore_case else 0)


def _trie_pattern(words: set[str]) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here; longer words are tried first
            body = f"(?:{body})?"
        return body

    return build(trie)


def _parse(raw, origin: str) -> tuple[list[Term], list[str], list[str]]:
    proper: list = []
    if isinstance(raw, dict):
        entries, allowed = raw.get("entries") or raw.get("terms") or [], raw.get(
            "allowed_abbreviations") or []
        proper = raw.get("proper_names") or []
    elif isinstance(raw, list):
        entries, allowed = raw, []
    else:
        raise InputError(f"용어집 파일 형식이 올바르지 않습니다: {origin}",
                         "entries 목록에 {term, recommended} 항목을 적으세요.")
    terms = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not (entry.get("term") or entry.get("pattern")):
            raise InputError(f"용어집 {origin}의 {i + 1}번째 항목에 term이 없습니다.",
                             "각 항목에 term과 recommended를 적으세요.")
        rec = entry.get("recommended") or []
        if isinstance(rec, str):
            rec = [rec]
        pattern = entry.get("pattern")
        terms.append(Term(
            term=str(entry.get("label") or entry.get("term") or pattern),
            recommended=tuple(str(r) for r in rec),
            note=str(entry.get("note") or ""),
            source=str(entry.get("source") or ""),
            kind=str(entry.get("kind") or ""),
            pattern=re.compile(pattern) if pattern else None,
        ))
    return terms, [str(a) for a in allowed], [str(p) for p in proper]


def _load_text(text: str, origin: str) -> tuple[list[Term], list[str], list[str], str]:
    from civiclab.yamlsafe import YamlProblem, safe_load

    try:
        raw = safe_load(text)
    except YamlProblem as exc:
        raise InputError(f"용어집 파일을 읽을 수 없습니다{exc.where()}: {origin}: {exc.problem}", exc.fix) from None
    terms, allowed, proper = _parse(raw, origin)
    return terms, allowed, proper, hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def glossary_path(datasets_path: Path | None) -> Path | None:
    if datasets_path is None:
        return None
    path = Path(datasets_path) / "glossary" / "glossary.yaml"
    return path if path.is_file() else None


def load_glossary(path: Path | str | None = None) -> Glossary:
    """Load a glossary file, or the built-in minimal glossary when ``path`` is None."""
    if path is None:
        return _builtin()
    from civiclab.yamlsafe import read_cached

    return read_cached(path, _cached, "용어집")


@lru_cache(maxsize=1)
def _builtin() -> Glossary:
    text = resources.files("civiclab.data").joinpath("glossary_min.yaml").read_text("utf-8")
    return _cached(text, "builtin:glossary_min")


@lru_cache(maxsize=8)
def _cached(text: str, origin: str) -> Glossary:
    terms, allowed, proper, digest = _load_text(text, origin)
    return Glossary(tuple(terms), frozenset(allowed), digest, origin,
                    tuple(sorted(proper, key=len, reverse=True)))


def glossary_for(settings=None) -> Glossary:
    """The glossary the settings point at (datasets/glossary/glossary.yaml), else built-in."""
    datasets = getattr(settings, "datasets_path", None) if settings is not None else None
    return load_glossary(glossary_path(datasets))


@lru_cache(maxsize=1)
def load_expressions() -> Glossary:
    """Authoritarian and discriminatory expressions (package data)."""
    text = resources.files("civiclab.data").joinpath("expressions_ko.yaml").read_text("utf-8")
    return _cached(text, "builtin:expressions_ko")
