"""Detectors for Korean personal data, shared by the gateway's guard and the scorer.

Each detector favours recall for the shapes officials actually paste (a resident
registration number copied from a form, a mobile number in a complaint) while
ruling out the public office numbers that every press release carries.

Resident registration numbers issued since October 2020 carry no valid check
digit, so a number is reported when its date and gender digit are valid; a
valid checksum only raises the confidence.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from datetime import date

PII_LABELS_KO = {
    "rrn": "주민등록번호",
    "arn": "외국인등록번호",
    "mobile": "휴대전화 번호",
    "phone": "전화번호",
    "email": "전자우편 주소",
    "passport": "여권 번호",
    "driver_license": "운전면허 번호",
    "card": "카드 번호",
    "bank_account": "계좌 번호",
}

# Digits may be full-width when pasted from office software; normalise before matching.
_FULLWIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")
_FULLWIDTH_RE = re.compile("[０-９－]")
_SEP = r"[-\u2010-\u2015\u2212 ]?"  # hyphen, dashes, minus sign, or a space


@dataclass(frozen=True)
class PiiMatch:
    kind: str
    start: int
    end: int
    text: str
    confidence: float  # 0..1

    @property
    def label_ko(self) -> str:
        return PII_LABELS_KO[self.kind]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label_ko,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 2),
        }


_RRN = re.compile(rf"(?<!\d)(?<!\d\.)(\d{{6}}){_SEP}([1-8])(\d{{6}})(?![\d])")
_MOBILE = re.compile(rf"(?<![\d])(01[016789]){_SEP}(\d{{3,4}}){_SEP}(\d{{4}})(?![\d])")
_PHONE = re.compile(rf"(?<![\d-])(0(?:2|[3-6][1-5])|070){_SEP}(\d{{3,4}}){_SEP}(\d{{4}})(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,255}\.[A-Za-z]{2,24}")
# Korean passports: one letter M/S/R/O/D/G (+ optional letter) and 7-8 digits.
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[MSRODG][A-Z0-9]?\d{7}(?![A-Za-z0-9])")
# Driver's licence: region code (11-28) or region name, then 2-6-2 digits.
_DRIVER = re.compile(rf"(?<![\d])(?:1[1-9]|2[0-8]|서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산){_SEP}\d{{2}}{_SEP}\d{{6}}{_SEP}\d{{2}}(?![\d])")
_CARD = re.compile(r"(?<![\d])(?:\d{4}[- ]?){3}\d{4}(?![\d])")
# Bank accounts: 10-14 digits in 3-4 groups, shaped like the big banks' formats, after a banking word.
_BANK = re.compile(r"(?<![\d-])\d{3,6}-\d{2,6}-\d{2,7}(?:-\d{1,3})?(?![\d-])")
_ACCOUNT_CUE = re.compile(r"(계좌|통장|입금|은행|농협|국민|신한|우리|하나|기업|카카오뱅크|토스)")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _rrn_date_ok(front: str, gender: str) -> bool:
    century = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000}
    try:
        date(century[gender] + int(front[:2]), int(front[2:4]), int(front[4:6]))
    except ValueError:
        return False
    return True


def _rrn_checksum_ok(digits13: str) -> bool:
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    total = sum(int(d) * w for d, w in zip(digits13[:12], weights))
    return (11 - total % 11) % 10 == int(digits13[12])


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _allowed(number: str, allowed: tuple[str, ...]) -> bool:
    norm = "-".join(p for p in re.split(r"[^\d]+", number) if p)
    return any(fnmatch.fnmatch(norm, pat) for pat in allowed)


def find_pii(text: str, allowed_phone_numbers: tuple[str, ...] | list[str] = ()) -> list[PiiMatch]:
    """Every personal-data match in ``text``, sorted by position, without overlaps.

    ``allowed_phone_numbers`` are glob patterns (``044-300-*``) of public office
    lines that are not personal data.
    """
    if not text:
        return []
    # Same length, so offsets stay valid; translate only when there is something to fold
    # (a per-character dict look-up over every draft otherwise).
    norm = text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text
    allowed = tuple(allowed_phone_numbers)
    found: list[PiiMatch] = []

    for m in _RRN.finditer(norm):
        front, gender, rest = m.group(1), m.group(2), m.group(3)
        if not _rrn_date_ok(front, gender):
            continue
        kind = "arn" if gender in "5678" else "rrn"
        conf = 0.99 if _rrn_checksum_ok(front + gender + rest) else 0.9
        found.append(PiiMatch(kind, m.start(), m.end(), text[m.start() : m.end()], conf))

    for m in _MOBILE.finditer(norm):
        # 010-0000-0000 is the placeholder the course teaches learners to use.
        if set(m.group(2) + m.group(3)) == {"0"}:
            continue
        if not _allowed(m.group(0), allowed):
            found.append(PiiMatch("mobile", m.start(), m.end(), text[m.start() : m.end()], 0.95))

    for m in _PHONE.finditer(norm):
        if not _allowed(m.group(0), allowed):
            # Landlines are often public; report with lower confidence so policy can decide.
            found.append(PiiMatch("phone", m.start(), m.end(), text[m.start() : m.end()], 0.6))

    for m in _EMAIL.finditer(norm):
        found.append(PiiMatch("email", m.start(), m.end(), text[m.start() : m.end()], 0.95))

    for m in _PASSPORT.finditer(norm):
        found.append(PiiMatch("passport", m.start(), m.end(), text[m.start() : m.end()], 0.8))

    for m in _DRIVER.finditer(norm):
        # Twelve bare digits are more often an amount (148000000000원) than a licence:
        # without separators, ask for the word 면허 nearby.
        bare = m.group(0).isdigit()
        if bare and "면허" not in norm[max(0, m.start() - 20) : m.start()]:
            continue
        found.append(PiiMatch("driver_license", m.start(), m.end(), text[m.start() : m.end()], 0.85))

    for m in _CARD.finditer(norm):
        if _luhn_ok(_digits(m.group(0))):
            found.append(PiiMatch("card", m.start(), m.end(), text[m.start() : m.end()], 0.9))

    for m in _BANK.finditer(norm):
        digits = _digits(m.group(0))
        if not 10 <= len(digits) <= 14:
            continue
        if _PHONE.fullmatch(m.group(0)) or _MOBILE.fullmatch(m.group(0)):
            continue  # a telephone number, already judged above
        # Without a banking word nearby the same shape is usually a document or
        # business registration number (123-45-67890), so a cue is required.
        window = norm[max(0, m.start() - 20) : m.start()]
        if _ACCOUNT_CUE.search(window):
            found.append(PiiMatch("bank_account", m.start(), m.end(), text[m.start() : m.end()], 0.9))

    return _without_overlaps(found)


def _without_overlaps(matches: list[PiiMatch]) -> list[PiiMatch]:
    # Several detectors can claim one span (an RRN also looks like an account);
    # keep the most confident, then the longest.
    ranked = sorted(matches, key=lambda m: (-m.confidence, -(m.end - m.start), m.start))
    kept: list[PiiMatch] = []
    for m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def redact(text: str, matches: list[PiiMatch]) -> str:
    """Replace each match with a typed placeholder such as ``[주민등록번호]``."""
    out, last = [], 0
    for m in sorted(matches, key=lambda m: m.start):
        out.append(text[last : m.start])
        out.append(f"[{m.label_ko}]")
        last = m.end
    out.append(text[last:])
    return "".join(out)
