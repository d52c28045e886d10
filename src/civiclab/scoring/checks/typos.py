"""Misspellings (STYLE_TYPO) that officials really make, found without Kiwi's typo model.

Kiwi is loaded with ``load_typo_dict=False`` (it costs about 200 MB and a second per
process; see tokenizer.py), so typos are found two cheap ways, both precise before
they are complete:

1. Rules read from the morphemes the :class:`AnalyzedDraft` already has.  Kiwi
   analyses a misspelling into the morphemes the writer meant, so the mismatch
   between surface and analysis shows the error:
   - 되/뵈 stem glued to the ending 요/서 (되요, 되서, 뵈요): the correct forms
     contract 되어/뵈어 (돼요, 돼서, 봬요); a bare 되 before a full stop (안되.) too.
   - a 돼 stem before an ending that does not start with 어 (돼는, 돼면): 되는, 되면.
   - 안/VV right after the connective -지 (하지 안는다): the auxiliary is 않다;
     않 written alone as an adverb (않 된다): 안.
   - a nominalised verb before 으로서 (체결함으로서): "by doing" is 으로써.
   - the ending -ㄹ께(요) (할께요): -ㄹ게(요); the bound noun 꺼 (할꺼예요): 거.
   - the suffix 률/율 after the wrong final (참여률, 합격율): 한글 맞춤법 제11항.
2. A curated list of misspellings (``datasets/glossary/typos.yaml``: 몇일 → 며칠,
   역활 → 역할, …) matched on word boundaries: a wrong form must start an 어절
   (so 역활 is not looked for inside longer words) and, where the entry says
   ``end: true``, end it too.  The list's content hash goes into the score signature.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from civiclab.errors import InputError
from civiclab.scoring.findings import Finding
from civiclab.scoring.tokenizer import AnalyzedDraft, Morph

CODE = "STYLE_TYPO"


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


@dataclass(frozen=True)
class TypoEntry:
    wrong: str
    right: str
    note: str = ""
    source: str = ""
    end: bool = False  # the wrong form must also end its 어절 (왠 before a space)
    inside: bool = False  # may occur inside a word (완료됬다): no left boundary needed


@dataclass(frozen=True)
class TypoList:
    entries: tuple[TypoEntry, ...]
    hash8: str
    origin: str
    version: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def by_wrong(self) -> dict[str, TypoEntry]:
        return {e.wrong: e for e in self.entries}

    @cached_property
    def regex(self) -> re.Pattern | None:
        from civiclab.scoring.glossary import _trie_pattern

        return re.compile(_trie_pattern(set(self.by_wrong))) if self.entries else None


# --- loading ---------------------------------------------------------------

def typos_path(datasets_path) -> Path | None:
    if datasets_path is None:
        return None
    path = Path(datasets_path) / "glossary" / "typos.yaml"
    return path if path.is_file() else None


def typos_for(settings=None) -> TypoList | None:
    """The typo list the settings point at (datasets/glossary/typos.yaml), else None
    (the morpheme rules still run; the signature then says ``typos:none``)."""
    datasets = getattr(settings, "datasets_path", None) if settings is not None else None
    path = typos_path(datasets)
    return load_typos(path) if path is not None else None


def load_typos(path) -> TypoList:
    from civiclab.yamlsafe import read_cached

    return read_cached(path, cached_typos, "맞춤법 목록")


@lru_cache(maxsize=4)
def cached_typos(text: str, origin: str) -> TypoList:
    """A typo list parsed from text, cached by content (the scoring service gets text, not paths)."""
    return parse_typos(text, origin)


def parse_typos(text: str, origin: str) -> TypoList:
    from civiclab.yamlsafe import YamlProblem, safe_load

    try:
        raw = safe_load(text)
    except YamlProblem as exc:
        raise InputError(f"맞춤법 목록 파일을 읽을 수 없습니다{exc.where()}: {origin}: {exc.problem}",
                         exc.fix) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("entries"), list):
        raise InputError(f"맞춤법 목록 파일 형식이 올바르지 않습니다: {origin}",
                         "entries 목록에 {wrong, right} 항목을 적으세요.")
    entries: list[TypoEntry] = []
    seen: set[str] = set()
    for i, e in enumerate(raw["entries"], 1):
        if not isinstance(e, dict) or not str(e.get("wrong") or "").strip() \
                or not str(e.get("right") or "").strip():
            raise InputError(f"맞춤법 목록 {origin}의 {i}번째 항목에 wrong 또는 right가 없습니다.",
                             "각 항목에 틀린 말(wrong)과 바른 말(right)을 적으세요.")
        wrong = str(e["wrong"]).strip()
        if wrong in seen:
            raise InputError(f"맞춤법 목록 {origin}에 '{wrong}'이(가) 두 번 있습니다.",
                             "같은 틀린 말은 한 번만 적으세요.")
        seen.add(wrong)
        entries.append(TypoEntry(wrong, str(e["right"]).strip(), str(e.get("note") or ""),
                                 str(e.get("source") or ""), bool(e.get("end")), bool(e.get("inside"))))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return TypoList(tuple(entries), digest, origin, str(raw.get("version") or ""))


# --- checking --------------------------------------------------------------

def check_typos(analysis: AnalyzedDraft, typos: TypoList | None, text: str | None = None) -> list[Finding]:
    """STYLE_TYPO findings; ``text`` is the draft with URLs and proper names blanked
    (same offsets), defaulting to the analysed text."""
    text = analysis.text if text is None else text
    found = _morph_rules(analysis.morphs, text)
    if typos is not None:
        taken = [(f.start, f.end) for f in found]
        found += [f for f in _listed(text, typos)
                  if not any(s < f.end and f.start < e for s, e in taken)]
    found.sort(key=lambda f: f.start)
    return found


def _finding(start: int, end: int, wrong: str, right: str, why: str) -> Finding:
    return Finding(CODE, "warning", f"'{wrong}'은(는) 맞춤법에 맞지 않습니다 ({why}).", start, end,
                   f"'{right}'(으)로 고치세요.")


def _word_end(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and _is_hangul(text[pos]):
        pos += 1
    return pos


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and _is_hangul(text[pos - 1]):
        pos -= 1
    return pos


_VERB = frozenset({"VV", "VX", "XSV", "VA", "XSA"})
_PREV_FORMS = frozenset({"되", "뵈", "돼", "지", "않"})
_CUR_FORMS = frozenset({"으로서", "꺼", "률", "율"})
_DOE_TAGS = frozenset({"VV", "VX", "XSV"})


def _morph_rules(morphs: tuple[Morph, ...], text: str) -> list[Finding]:
    out: list[Finding] = []
    n = len(text)
    for i, (prev, cur) in enumerate(pairwise(morphs)):
        form = prev.form
        # Cheap gate: every rule below needs one of these forms (most pairs stop here).
        if form not in _PREV_FORMS and cur.form not in _CUR_FORMS and not cur.form.startswith("ᆯ께"):
            continue
        tag = prev.tag
        surface = text[prev.start:prev.end]
        if form == "되" and tag in _DOE_TAGS and surface == "돼" and i + 2 < len(morphs):
            # 돼죠, 돼면: Kiwi reads 돼 as 되 + a contracted 어 and then finds a second
            # ending glued on, which no correct form has (되죠, 되면).
            nxt = morphs[i + 2]
            if cur.form in ("어", "아") and cur.tag in ("EC", "EF") and cur.start == prev.start \
                    and nxt.start == prev.end and nxt.tag in ("EC", "EF", "ETM"):
                out.append(_finding(prev.start, nxt.end, text[prev.start:nxt.end],
                                    "되" + text[prev.end:nxt.end], f"'{nxt.form}' 앞에서는 '되'"))
        if form in ("되", "뵈") and tag in _DOE_TAGS and surface == form:
            # Kiwi reads 되요 as 되 + 요: a contracted 돼요 would be 되 + 어요.
            if cur.start == prev.end and (cur.form, cur.tag[:2]) in (("요", "EF"), ("서", "EC")):
                right = "돼" if form == "되" else "봬"
                out.append(_finding(prev.start, cur.end, text[prev.start:cur.end], right + cur.form,
                                    f"'{form}어'를 줄이면 '{right}'"))
            elif form == "되" and cur.tag == "SF" and cur.start == prev.end and cur.form in ".!":
                out.append(_finding(prev.start, prev.end, "되", "돼", "문장을 끝낼 때는 '되어'를 줄인 '돼'"))
        elif form == "돼" and tag in _DOE_TAGS and surface == "돼" and cur.start == prev.end \
                and cur.tag.startswith("E") and not cur.form.startswith(("어", "었", "아", "았")):
            # Kiwi keeps a misspelt 돼 as the stem when the ending cannot follow 되어.
            end = cur.end
            out.append(_finding(prev.start, end, text[prev.start:end], "되" + text[prev.end:end],
                                f"'{cur.form}' 앞에서는 '되'"))
        elif prev.tag == "EC" and prev.form == "지" and cur.form == "안" and cur.tag == "VV" \
                and prev.end < n and text[prev.end] == " " and cur.start == prev.end + 1:
            # 하지 안는다: after the connective -지 the auxiliary is 않다 (안다 means "to hug").
            end = _word_end(text, cur.end)
            out.append(_finding(cur.start, end, text[cur.start:end], "않" + text[cur.end:end],
                                "'-지' 뒤의 부정은 '않다'"))
        elif prev.form == "않" and prev.tag == "VX" and surface == "않" \
                and (prev.start == 0 or not _is_hangul(text[prev.start - 1])) \
                and prev.end < n and text[prev.end] == " ":
            out.append(_finding(prev.start, prev.end, "않", "안", "동사 앞의 부정 부사는 '안'"))
        if cur.tag == "XSN" and cur.form in ("률", "율") and cur.end - cur.start == 1 \
                and cur.start == prev.end and cur.start > 0 and _is_hangul(text[cur.start - 1]):
            # 참여률, 합격율: 율 after a vowel or ㄴ, 률 after any other final consonant.
            final = (ord(text[cur.start - 1]) - 0xAC00) % 28
            right = "율" if final in (0, 4) else "률"
            if text[cur.start] != right:
                start = _word_start(text, cur.start)
                out.append(_finding(start, cur.end, text[start:cur.end], text[start:cur.start] + right,
                                    "모음이나 'ㄴ' 받침 뒤에는 '율', 그 밖의 받침 뒤에는 '률'"))
        if cur.form == "으로서" and cur.tag == "JKB" and prev.tag == "ETN":
            # 체결함으로서: a nominalised verb + 으로서 means "by doing", which is 으로써.
            start = _word_start(text, prev.start)
            out.append(_finding(start, cur.end, text[start:cur.end], text[start:cur.start] + "으로써",
                                "'~함으로'에는 수단을 뜻하는 '으로써'"))
        elif cur.form == "꺼" and cur.tag == "NNB" and prev.tag == "ETM" and prev.form == "ᆯ" \
                and text[cur.start:cur.end] == "꺼":
            # 할꺼예요, 될꺼야: the bound noun is 거 (것), however it sounds.
            start = _word_start(text, prev.start)
            end = _word_end(text, cur.end)
            word = text[start:end]
            k = cur.start - start
            out.append(_finding(start, end, word, word[:k] + "거" + word[k + 1:],
                                "의존 명사 '거'는 된소리로 소리 나도 '거'로 적음"))
        elif cur.tag in ("EF", "EC") and cur.form.startswith("ᆯ께") and tag in _VERB:
            start = _word_start(text, cur.start)
            end = _word_end(text, cur.start)
            word = text[start:end]
            k = word.find("께", cur.start - start)
            if k > 0:
                out.append(_finding(start, end, word, word[:k] + "게" + word[k + 1:],
                                    "'-ㄹ게'는 된소리로 소리 나도 '게'로 적음"))
    return out


def _listed(text: str, typos: TypoList) -> list[Finding]:
    regex = typos.regex
    if regex is None:
        return []
    by_wrong = typos.by_wrong
    out = []
    for m in regex.finditer(text):
        entry = by_wrong[m.group(0)]
        start, end = m.start(), m.end()
        if not entry.inside and start > 0 and _is_hangul(text[start - 1]):
            continue  # inside a longer word
        if entry.end and end < len(text) and _is_hangul(text[end]):
            continue
        why = entry.note or "표준어 규정·한글 맞춤법"
        out.append(_finding(start, end, m.group(0), entry.right, why))
    return out
