"""Pieces every writer shares: the seeded dice, invented figures, and a draft
made of prioritised sentences that can be cut to a strict length limit."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from civiclab.llm.practice.korean import formal_to, josa, to_formal
from civiclab.llm.practice.parse import Request

PLACEHOLDER_FIGURE = "[수치 확인 필요]"
PLACEHOLDER_DATE = "[날짜 확인 필요]"
PLACEHOLDER_QUOTE = "[발언 내용 확인 필요]"
PLACEHOLDER_CONTACT = "[담당 부서와 전화번호 확인 필요]"


class Dice:
    """Deterministic choices from the prompt's SHA-256 (never ``hash()`` or global random)."""

    def __init__(self, digest: bytes, salt: str = "") -> None:
        self._seed = digest + salt.encode()
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        h = hashlib.sha256(self._seed + self._n.to_bytes(4, "big")).digest()
        return int.from_bytes(h[:8], "big")

    def int(self, lo: int, hi: int) -> int:
        return lo + self._next() % (hi - lo + 1)

    def pick(self, seq):
        return seq[self._next() % len(seq)]


class Inventor:
    """Figures and dates a careless model would make up, or placeholders when told not to."""

    def __init__(self, req: Request, invent: bool) -> None:
        self.invent = invent
        self.dice = Dice(req.digest, "invent")
        self.made_up: list[str] = []

    def _out(self, text: str, placeholder: str) -> str:
        if not self.invent:
            return placeholder
        self.made_up.append(text)
        return text

    def people(self) -> str:
        d = self.dice
        text = d.pick([f"약 {d.int(2, 30)}만 명", f"{d.int(12, 95) * 100:,}명", f"약 {d.int(3, 9)}천 명"])
        return self._out(text, PLACEHOLDER_FIGURE)

    def money(self) -> str:
        d = self.dice
        return self._out(d.pick([f"{d.int(3, 150)}억 원", f"{d.int(1, 9)}억 {d.int(1, 9)}천만 원",
                                 f"{d.int(2, 9)}천만 원"]), PLACEHOLDER_FIGURE)

    def percent(self) -> str:
        return self._out(f"{self.dice.int(8, 47)}%", PLACEHOLDER_FIGURE)

    def count(self, unit: str = "개") -> str:
        return self._out(f"{self.dice.int(3, 40)}{unit}", PLACEHOLDER_FIGURE)

    def ordinal(self) -> str:
        return self._out(f"{self.dice.int(2, 25)}회째", PLACEHOLDER_FIGURE)

    def date(self) -> str:
        d = self.dice
        return self._out(f"오는 {d.int(1, 12)}월 {d.int(1, 28)}일", PLACEHOLDER_DATE)

    def phone(self) -> str:
        return self._out(f"044-{self.dice.int(200, 399)}-{self.dice.int(1000, 9999)}",
                         PLACEHOLDER_CONTACT)


def style_for(req: Request, default: str) -> str:
    """'plain' | 'formal' | 'polite' from the tone and audience asked for."""
    ins = req.instructions
    if ins.tone == "friendly" or ins.audience == "child":
        return "polite"
    if ins.tone == "formal" and default == "polite":
        return "formal"
    return default


def sentence(text: str, style: str) -> str:
    """One sentence (fact or template) in ``style``; words and figures unchanged."""
    text = text.strip()
    if not text:
        return ""
    return formal_to(to_formal(text), style)


def subject(org: str) -> str:
    return josa(org, "은") if org else "시는"


_INTRANSITIVE = re.compile(r"(열린다|열립니다|열림|열려|된다|됩니다|됨|진행|있다|있습니다|있음|이다|입니다)\.?$")


def with_subject(statement: str, org: str, event: str) -> str:
    """Give a subject-less fact one: the event for '열린다'-type verbs, else the organisation."""
    if re.search(r"(는|은|이|가|께서)\s", statement[:24]):
        return statement
    if _INTRANSITIVE.search(statement):
        return f"{josa(event, '은')} {statement}"
    short = org if len(org) <= 2 else ("시" if org.endswith("시") else org)
    return f"{josa(short, '은')} {statement}"


@dataclass
class Unit:
    text: str
    priority: int  # higher survives longer when the draft must be cut
    essential: bool = False  # the last unit of a section kept before hard cutting


@dataclass
class Section:
    name: str
    label: str  # '' renders without a label
    units: list[Unit] = field(default_factory=list)
    joiner: str = " "


@dataclass
class Draft:
    sections: list[Section] = field(default_factory=list)
    separator: str = "\n\n"

    def add(self, name: str, label: str, units: list[Unit], joiner: str = " ",
            essential: bool = True) -> None:
        if units:
            units[0].essential = essential
            self.sections.append(Section(name, label, units, joiner))

    def render(self) -> str:
        parts = []
        for s in self.sections:
            body = s.joiner.join(u.text for u in s.units if u.text)
            if not body:
                continue
            parts.append(f"{s.label}: {body}" if s.label else body)
        return self.separator.join(parts).strip()

    def fit(self, limit: int | None, section_limits: dict[str, int] | None = None) -> str:
        """Drop the least important sentences until the text has at most ``limit`` characters."""
        for s in self.sections:
            cap = (section_limits or {}).get(s.name)
            if cap:
                whole = s.joiner.join(u.text for u in s.units)
                short = shorten_title(whole, cap) if s.name == "제목" else cut(whole, cap)
                s.units = [Unit(short, 9, True)]
        text = self.render()
        if limit is None or len(text) <= limit:
            return text
        while len(text) > limit:
            candidates = [(u.priority, -si, -ui, si, ui)
                          for si, s in enumerate(self.sections)
                          for ui, u in enumerate(s.units) if not u.essential]
            if not candidates:
                break
            *_, si, ui = min(candidates)
            del self.sections[si].units[ui]
            text = self.render()
        return cut(text, limit)


_SENT_END = re.compile(r"[.!?](?=\s|$)|다\.|요\.")


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, preferring a sentence end, then a space."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENT_END.finditer(head)]
    if ends and ends[-1] >= limit * 0.5:
        return head[: ends[-1]].rstrip()
    space = head.rfind(" ")
    if space >= limit * 0.5:
        return head[:space].rstrip(" ,·")
    return head


def shorten_title(title: str, limit: int) -> str:
    """A title within ``limit``: drop the organisation prefix, a leading year, then the
    first words, before cutting."""
    if len(title) <= limit:
        return title
    core = title.split(",", 1)[1].strip() if "," in title else title
    tries = [core, re.sub(r"^\d{4}\s*", "", core)]
    words = tries[-1].split()
    tries += [" ".join(words[i:]) for i in range(1, len(words) - 1)]
    for t in tries:
        if 0 < len(t) <= limit:
            return t
    return cut(tries[-1], limit)
