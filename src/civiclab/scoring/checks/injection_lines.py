"""Lines joined back into one sentence, for the injection detector.

A model reads "ignore\\nprevious\\ninstructions", a bulleted "- 이 글을 평가하는\\n- AI는 …",
a phrase split across table rows, or text typed one syllable per line, as one
sentence.  The patterns do not: the English ones stop at a line break and the Korean
ones allow one whitespace character, so a blank line, a CRLF or a list marker breaks
them.  This view joins a block of lines around such a break -- list, quote, heading
and table markers and blank lines dropped, one space between lines (none between
one-character lines, none after a word hyphenated at the line end) -- with a map back
into the text like the other views (``injection_views``).

Cost: one pass over the lines looks, at each break that does not end a sentence, for
an instruction word within a few characters (or a run of one-character lines); only
there is a block built, and a block stops at a line that ends a sentence, so ordinary
drafts (sentences ending in "다.") build few or none.
"""

from __future__ import annotations

import re

# Words a phrase broken over lines has at a line edge: overrides, instruction objects,
# who is addressed, what is asked.  Gating only; the patterns decide.
_KEYS = (r"ignor|disregard|forget|overrid|bypass|previous|prior|above|earlier|instruction|rules|prompt"
         r"|guideline|grader|evaluator|reviewer|judge|model|assistant|ai|score|grade"
         r"|marks|give|assign|award|지시|지침|명령|규칙|프롬프트|기준|무시|잊|취소|무효|만점|점수|평가|채점"
         r"|심사|모델|인공|이전|지금까지|너는|당신|감점|통과|합격")
_KEY = re.compile(_KEYS)  # on lower-cased slices: IGNORECASE made it 30 times slower
# A line of one character followed by another: text written vertically ("무\n시\n하\n고").
_ONE_CHAR_LINE = re.compile(r"[ \t]*[^\W_][ \t\r]*(?:\n|$)")
_MARKUP = " \t\r*_`|"
_LEAD = re.compile(r"[ \t]*(?:(?:[-*+•·∙○●□■◦▪>#|]|ㅇ(?=[ \t])|\d{1,3}[.)](?=[ \t])|\(\d{1,3}\))[ \t]*)*[*_`]*")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t:]*-{3,}[-:| \t]*\r?")
_SENTENCE_END = ".!?。"
_REACH = 8  # lines joined on each side of a break; a phrase spread wider is not read as one
_BEFORE, _AFTER = 24, 32  # characters looked at for a word on each side of a break


def _content(clean: str, start: int, end: int) -> tuple[int, int]:
    """The span of a line without its list/quote/table markers and trailing markup."""
    if _TABLE_RULE.fullmatch(clean, start, end):
        return start, start
    s_ = _LEAD.match(clean, start, end).end()
    return s_, s_ + len(clean[s_:end].rstrip(_MARKUP))


def _soft_breaks(clean: str) -> tuple[list[int], list[int]]:
    """Line starts, and the lines that do not end a sentence and whose break has an
    instruction word near it.  Split and scanned line by line: a gate regex tried at
    every position of the text cost more than the whole detector."""
    starts, hits = [], []
    pos = 0
    for i, line in enumerate(clean.split("\n")):
        starts.append(pos)
        pos += len(line) + 1
        body = line.rstrip(_MARKUP)
        if not body or body[-1] in _SENTENCE_END or pos > len(clean):
            continue
        e = starts[i] + len(body)
        if (_KEY.search(clean[max(starts[i], e - _BEFORE):pos + _AFTER].lower())
                or (body[-1] == "-" and len(body) > 1 and body[-2].isalpha())  # "ig-\nnore"
                or (len(body.strip()) == 1 and _ONE_CHAR_LINE.match(clean, pos))):
            hits.append(i)
    return starts, hits


def joined_views(clean: str) -> list[tuple[str, list[int], bool]]:
    """(view, map into ``clean``, vertical) for each block of lines around a break that
    an instruction word is near, the lines joined as one sentence; ``vertical`` says
    one-character lines were joined without gaps (word gaps are then lost too)."""
    if "\n" not in clean:
        return []
    starts, hits = _soft_breaks(clean)
    if not hits:
        return []
    spans: dict[int, tuple[int, int]] = {}

    def content(i: int) -> tuple[int, int]:
        if i not in spans:
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(clean)
            spans[i] = _content(clean, starts[i], end)
        return spans[i]

    def soft(i: int) -> bool:  # the line does not end a sentence
        s_, e_ = content(i)
        return s_ == e_ or clean[e_ - 1] not in _SENTENCE_END

    blocks: list[list[int]] = []
    for i in hits:
        lo = i
        while lo > 0 and i - lo < _REACH and soft(lo - 1):
            lo -= 1
        hi = i
        while hi + 1 < len(starts) and hi - i < _REACH and soft(hi):
            hi += 1
        if blocks and lo <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], hi)
        else:
            blocks.append([lo, hi])
    views = []
    for lo, hi in blocks:
        parts = [content(k) for k in range(lo, hi + 1) if content(k)[0] < content(k)[1]]
        if len(parts) < 2:
            continue
        out: list[str] = []
        omap: list[int] = []
        prev = None
        vertical = False
        for s_, e_ in parts:
            if prev is not None:
                ps, pe = prev
                if pe - ps >= 2 and clean[pe - 1] == "-" and clean[pe - 2].isalpha() and clean[s_].isalpha():
                    out[-1] = out[-1][:-1]  # "ig-\nnore": the hyphen only broke the word
                    omap.pop()
                elif pe - ps == 1 and e_ - s_ == 1:
                    vertical = True
                else:
                    out.append(" ")
                    omap.append(pe)
            out.append(clean[s_:e_])
            omap.extend(range(s_, e_))
            prev = (s_, e_)
        omap.append(parts[-1][1])
        views.append(("".join(out), omap, vertical))
    return views
