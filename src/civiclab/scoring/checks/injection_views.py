"""Normalised views of a draft for the injection detector, each with a map back.

A model reads through disguises that defeat a pattern: letters spaced apart
("i g n o r e", "무 시 하 고"), look-alike letters (𝐢𝐠𝐧𝐨𝐫𝐞, ⓘⓖⓝⓞⓡⓔ, Greek ρ), Hangul
typed as separate jamo (ㅁㅜㅅㅣ) or decomposed (NFD), leetspeak (1gn0r3), words
broken by hyphens, JSON \\u escapes, percent-encoding, HTML entities, text written
backwards or upside down ("ǝɹouƃᴉ", mirrored "ɘɿonϱi"), and a phrase broken over lines
(``injection_lines``).  The detector matches on these views instead; every view keeps
``index_map[i]`` = the original offset of its character ``i``, so findings still
point at what the learner wrote.

Cost matters (this runs on every draft and chatbot question): the base view is a
``str.translate`` (C speed) plus rare slow paths; the disguise views are built only
for lines where a cheap trigger regex fires, and only those lines are matched again.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote_to_bytes

from civiclab.scoring.checks.injection_lines import joined_views

# Zero-width, bidi-control and Unicode tag characters hide text from a reader
# but not from a model.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")

# Look-alike letters folded one character for one: full-width ASCII, Cyrillic/Greek
# and IPA/small-capital letters that pass for Latin ones.  Other characters whose
# NFKC form is one ASCII character (𝐢, ⓘ, ¹) are learnt on first sight (_learn).
# Hangul and CJK are never folded here (their NFKC forms would change meaning).
FOLD: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FOLD.update({0x3000: 0x20})
FOLD.update(str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406"
    "\u03bf\u03b1\u03b9\u039f\u0391\u0399"
    "\u03c1\u03bd\u03ba\u03c4\u03c5\u0392\u0395\u0396\u0397\u039a\u039c\u039d\u03a1\u03a4\u03a5\u03a7"
    "\u0261\u026a\u0251\u028f\u0262\u029c\u0274\u0280\u1d00\u0299\u1d04\u1d05\u1d07\ua730\u029f\u1d0a"
    "\u1d0b\u1d0d\u1d0f\u1d18\ua731\u1d1b\u1d1c\u1d20\u1d21\u1d22",
    "aeopcyxijsdh" "ABEKMHOPCTXI" "oaiOAI"
    "pvktuBEZHKMNPTYX"
    "giayghnrabcdefljkmopstuvwz"))
_SEEN: set[str] = set()
_NO_NFKC = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff\uffa0-\uffdc\uac00-\ud7a3]")


# Characters that are never folded: ASCII, Hangul syllables and the punctuation and
# symbols of ordinary Korean documents.  Only the rest are looked at (cheaply: one scan).
_ODD = re.compile("[^\x00-\x7f\uac00-\ud7a3\u00b7\u2010-\u203b\u2190-\u21ff\u2460-\u24b5"
                  "\u25a0-\u25ff\u3001-\u303f\u4e00-\u9fff]")


def _learn(text: str) -> bool:
    """Add to FOLD every new character of ``text`` whose NFKC form is one ASCII character;
    whether ``text`` has any character that might fold (else translating is wasted)."""
    odd = _ODD.findall(text)
    if not odd:
        return False
    new = set(odd) - _SEEN
    for ch in new:
        _SEEN.add(ch)
        if ch.isascii() or ord(ch) in FOLD or _NO_NFKC.match(ch):
            continue
        nf = unicodedata.normalize("NFKC", ch)
        if len(nf) == 1 and nf.isascii() and nf != ch:
            FOLD[ord(ch)] = ord(nf)
    return True


# --- Hangul jamo ------------------------------------------------------------------------
_CHO = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = "\0ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
_JUNG_PAIRS = {"ㅗㅏ": "ㅘ", "ㅗㅐ": "ㅙ", "ㅗㅣ": "ㅚ", "ㅜㅓ": "ㅝ", "ㅜㅔ": "ㅞ", "ㅜㅣ": "ㅟ", "ㅡㅣ": "ㅢ"}
_JAMO = re.compile("[\u1100-\u11ff\u3131-\u318e]")


def _compose_jamo(s: str, idx: list[int]) -> tuple[str, list[int]]:
    """Compose conjoining (NFD) and compatibility jamo runs into syllables (ㅁㅜㅅㅣ -> 무시)."""
    out: list[str] = []
    omap: list[int] = []
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        lead = vowel = -1
        j = i
        if "\u1100" <= ch <= "\u1112" and i + 1 < n and "\u1161" <= s[i + 1] <= "\u1175":
            lead, vowel, j = ord(ch) - 0x1100, ord(s[i + 1]) - 0x1161, i + 2
            tail = ord(s[j]) - 0x11A7 if j < n and "\u11a8" <= s[j] <= "\u11c2" else 0
            j += 1 if tail else 0
        elif ch in _CHO and i + 1 < n and s[i + 1] in _JUNG:
            lead, j = _CHO.index(ch), i + 2
            v = s[i + 1]
            if j < n and v + s[j] in _JUNG_PAIRS:
                v, j = _JUNG_PAIRS[v + s[j]], j + 1
            vowel = _JUNG.index(v)
            tail = 0
            # A consonant after the vowel closes the syllable unless a vowel follows it.
            if j < n and s[j] in _JONG[1:] and not (j + 1 < n and s[j + 1] in _JUNG):
                tail, j = _JONG.index(s[j]), j + 1
        if lead >= 0:
            out.append(chr(0xAC00 + (lead * 21 + vowel) * 28 + tail))
            omap.append(idx[i])
            i = j
            continue
        out.append(ch)
        omap.append(idx[i])
        i += 1
    omap.append(idx[n] if n < len(idx) else (idx[-1] + 1 if idx else 0))
    return "".join(out), omap


def base_view(text: str) -> tuple[str, list[int]]:
    """Invisible characters dropped, look-alikes folded, jamo composed; map to original."""
    if INVISIBLE.search(text):
        kept, index_map = [], []
        for i, ch in enumerate(text):
            if not INVISIBLE.match(ch):
                kept.append(ch)
                index_map.append(i)
        index_map.append(len(text))
        clean = "".join(kept)
    else:
        clean, index_map = text, list(range(len(text) + 1))
    if _learn(clean):
        clean = clean.translate(FOLD)  # one character for one: offsets still map back
    if _JAMO.search(clean):
        clean, index_map = _compose_jamo(clean, index_map)
    return clean, index_map


# --- disguise views, line by line -------------------------------------------------------
_SEP = r"[ \t.\-_·/]"
# Four or more single letters or digits in a row, each apart from the next by 1-3
# separators: "i g n o r e", "I.g.n.o.r.e", "무_시_하_고", "1 0 0 점".
_SPACED = re.compile(r"(?<![^\W_])[^\W_](?:" + _SEP + r"{1,3}[^\W_](?![^\W_])){3,}")
_SEP_RUN = re.compile(_SEP + "+")
_LEET_CHARS = "01345789!@$"
_LEET = re.compile(r"(?<![A-Za-z0-9!@$])(?=[A-Za-z0-9!@$]*[A-Za-z])(?=[A-Za-z0-9!@$]*[0-9!@$])"
                   r"[A-Za-z0-9!@$]{3,}")
_LEET_MAP = str.maketrans(_LEET_CHARS, "oieastbgias")
_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=[A-Za-z])")
_JSON_ESC = re.compile(r"\\u([0-9a-fA-F]{4})")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
# Cheap gates, one per disguise: ordinary drafts pass none of them, so most drafts
# never pay for the views.  Each finds a position on the line to rebuild.
_GATES: tuple[tuple[str | None, re.Pattern], ...] = (
    # three single letters in a row ("볼 수 있다" has two), spaced, dotted or hyphenated
    (None, re.compile(r"[ \t_/][^\W_][ \t_/][^\W_][ \t_/][^\W_](?![^\W_])|\.[^\W_]\.[^\W_]\.|-[^\W_]-[^\W_]-")),
    (None, re.compile(r"[A-Za-z][0-9!@$][A-Za-z]")),  # leetspeak: a digit inside a word
    ("-", re.compile(r"[A-Za-z]-[A-Za-z]")),
    ("\\u", _JSON_ESC), ("%", _PERCENT), ("&", _ENTITY),
)
# Words an instruction written backwards would show ("erongi" = ignore, "시무" = 무시).
_REVERSED_HINTS = ("erong", "ERONG", "draug", "DRAUG", "snoit", "SNOIT", "tpmor", "TPMOR",
                   "시무", "점만", "점채")
_REVERSED = re.compile("erongi|draugersid|snoitcurtsni|tpmorp|시무|점만|점채", re.IGNORECASE)


def _collapse(m: re.Match) -> list[tuple[str, int]]:
    """A spaced run without its letter gaps; the gap used least often stays a word gap."""
    run = m.group(0)
    seps = [s.group(0) for s in _SEP_RUN.finditer(run)]
    letter_gap = max(set(seps), key=seps.count)
    out, pos = [], 0
    for s in _SEP_RUN.finditer(run):
        out.extend((run[k], k) for k in range(pos, s.start()))
        if s.group(0) != letter_gap:
            out.append((" ", s.start()))
        pos = s.end()
    out.extend((run[k], k) for k in range(pos, len(run)))
    return out


def remap_sub(s: str, idx: list[int], pattern: re.Pattern, repl) -> tuple[str, list[int]]:
    """Apply ``repl(match) -> [(char, offset in match)]`` to every match, keeping the map."""
    out: list[str] = []
    omap: list[int] = []
    pos = 0
    for m in pattern.finditer(s):
        out.append(s[pos:m.start()])
        omap.extend(idx[pos:m.start()])
        for ch, off in repl(m):
            out.append(ch)
            omap.append(idx[m.start() + off])
        pos = m.end()
    if pos == 0 and not out:
        return s, idx
    out.append(s[pos:])
    omap.extend(idx[pos:])
    return "".join(out), omap


def _unescape_json(m: re.Match) -> list[tuple[str, int]]:
    return [(chr(int(m.group(1), 16)), 0)]


def _unquote(m: re.Match) -> list[tuple[str, int]]:
    decoded = unquote_to_bytes(m.group(0)).decode("utf-8", "replace")
    return [(ch, 0) for ch in decoded]


def _unentity(m: re.Match) -> list[tuple[str, int]]:
    value = html.unescape(m.group(0))
    return [(value, 0)] if len(value) == 1 else [(ch, k) for k, ch in enumerate(m.group(0))]


def _deleet(m: re.Match) -> list[tuple[str, int]]:
    return [(ch, k) for k, ch in enumerate(m.group(0).translate(_LEET_MAP))]


_STEPS = ((_JSON_ESC, _unescape_json), (_PERCENT, _unquote), (_ENTITY, _unentity),
          (_SPACED, _collapse), (_HYPHEN, lambda m: []), (_LEET, _deleet))


def disguise_views(clean: str) -> list[tuple[str, list[int], bool]]:
    """(view, map into ``clean``, spaced) for each line of ``clean`` that some disguise
    changes: escapes decoded, spaced letters collapsed, hyphens and leetspeak undone.
    ``spaced`` says letters were collapsed (compact matching then applies)."""
    hits = sorted(m.start() for literal, gate in _GATES if literal is None or literal in clean
                  for m in gate.finditer(clean))
    lines: list[tuple[int, int]] = []
    for pos in hits:
        if lines and pos < lines[-1][1]:
            continue  # this line is already taken
        start = clean.rfind("\n", 0, pos) + 1
        end = clean.find("\n", pos)
        lines.append((start, len(clean) if end < 0 else end))
    views = []
    for start, end in lines:
        line, idx = clean[start:end], list(range(start, end + 1))
        spaced = False
        for pattern, repl in _STEPS:
            if pattern.search(line):
                spaced = spaced or pattern is _SPACED
                line, idx = remap_sub(line, idx, pattern, repl)
        if spaced and _JAMO.search(line):  # "ㅁ ㅜ ㅅ ㅣ" is only composable once collapsed
            line, idx = _compose_jamo(line, idx)
        if line != clean[start:end]:
            views.append((line, idx, spaced))
    return views


def reversed_views(clean: str) -> list[tuple[str, list[int]]]:
    """Lines holding a word written backwards, reversed (with a map into ``clean``)."""
    if not any(k in clean for k in _REVERSED_HINTS):
        return []
    views = []
    done = -1
    for m in _REVERSED.finditer(clean):
        if m.start() < done:
            continue
        start = clean.rfind("\n", 0, m.start()) + 1
        end = clean.find("\n", m.end())
        end = len(clean) if end < 0 else end
        views.append((clean[start:end][::-1], list(range(end - 1, start - 1, -1)) + [end]))
        done = end
    return views


# --- upside-down and mirrored letters -----------------------------------------------------
# Letters turned 180° (as "upside-down text" generators write them) and mirror-image
# letters, each mapped back; b/q, d/p, n/u and M/W are each other's turn, so inside a
# turned word the plain ones swap too.  Turned a/e/r/ɐ/ǝ/ɹ are also IPA symbols: a view
# of an IPA line is built and matched, and reads as nonsense.
_TURNED = str.maketrans(
    "ɐɔǝəɟƃɥᴉıɾʞɯɹʇʌʍʎ∀ꓭᗺƆꓛꓷᗡƎ∃Ⅎꓞ⅁ꓨꓩꓘ˥⅂ꓶԀꓒᴚꓤ⊥ꓕ┴∩ꓵΛꓥ⅄¡¿˙" "bqdpnuMW,'",
    "aceefghiijkmrtvwyABBCCDDEEFFGGJKLLLPPRRTTTUUVVY!?." "qbpdunWM',")
_MIRRORED = str.maketrans("ɘɿϱƨᴎꟼɔbdpq", "ergsNPcdbqp")
_TURNED_GATE = re.compile("[ɐɔǝəɟƃɥᴉıɾʞɯɹʇʌʍʎ∀ꓭᗺƆꓛꓷᗡƎ∃Ⅎꓞ⅁ꓨꓩꓘ˥⅂ꓶԀꓒᴚꓤ⊥ꓕ┴∩ꓵΛꓥ⅄]")
_MIRRORED_GATE = re.compile("[ɘɿϱƨᴎꟼ]")
_ANY_TURNED = re.compile(_TURNED_GATE.pattern[:-1] + _MIRRORED_GATE.pattern[1:])
_WORD = re.compile(r"\S+")


def _turn_views(clean: str, start: int, end: int, table: dict, gate: re.Pattern) -> list[tuple[str, list[int]]]:
    """Three readings of ``clean[start:end]``: the stretch from the first to the last
    word with a turned letter rotated back (reversed and turned: a page read upside
    down), and each such word turned back with or without reversing it (one flipped
    word among plain ones)."""
    words = [m for m in _WORD.finditer(clean, start, end) if gate.search(m.group(0))]
    if not words:
        return []
    a, b = words[0].start(), words[-1].end()
    rotated = clean[start:a] + clean[a:b][::-1].translate(table) + clean[b:end]
    rmap = list(range(start, a)) + list(range(b - 1, a - 1, -1)) + list(range(b, end + 1))
    views = [(rotated.replace("\n", " "), rmap)]
    for backwards in (False, True):
        out, pos = [], start
        for m in words:
            word = m.group(0)[::-1] if backwards else m.group(0)
            out += [clean[pos:m.start()], word.translate(table)]
            pos = m.end()
        out.append(clean[pos:end])
        if backwards:
            wmap = list(range(start, end + 1))
            for m in words:
                wmap[m.start() - start:m.end() - start] = range(m.end() - 1, m.start() - 1, -1)
        else:
            wmap = list(range(start, end + 1))
        views.append(("".join(out).replace("\n", " "), wmap))
    return views


def upside_down_views(clean: str) -> list[tuple[str, list[int]]]:
    """Views of the lines written with turned or mirrored letters, read the right way up.
    Consecutive such lines are taken together: a rotated block also has its lines in
    reverse order."""
    if not _ANY_TURNED.search(clean):
        return []
    views = []
    for table, gate in ((_TURNED, _TURNED_GATE), (_MIRRORED, _MIRRORED_GATE)):
        if not gate.search(clean):
            continue
        block = None
        for m in re.finditer(r"[^\n]+", clean):
            if len(gate.findall(m.group(0))) >= 2:  # one turned letter is an IPA symbol or a typo
                block = (block[0] if block else m.start(), m.end())
                continue
            if block:
                views += _turn_views(clean, *block, table, gate)
            block = None
        if block:
            views += _turn_views(clean, *block, table, gate)
    return views


def all_views(clean: str) -> list[tuple[str, list[int], str]]:
    """Every view of ``clean`` a disguise calls for, as (view, map into ``clean``, kind):
    "spaced" (letters collapsed: the compact patterns apply too), "lines" (lines joined:
    only a match across a line break is new), "vertical" (both) or "other"."""
    views = [(v, m, "spaced" if spaced else "other") for v, m, spaced in disguise_views(clean)]
    views += [(v, m, "other") for v, m in reversed_views(clean) + upside_down_views(clean)]
    views += [(v, m, "vertical" if vertical else "lines") for v, m, vertical in joined_views(clean)]
    return views
