"""Structure per kind of document (STRUCTURE_).

- press_release: headline of sensible length, a lead that says who/what/when, a body,
  a quote when the fact sheet has one, a contact line.
- speech: greeting, body, closing; speaking time near the target (about 300 음절 a minute).
- chatbot_answer: answer first, short, cite the office or a link, hand over to a person
  when the bot cannot settle the question.

Findings for something missing point at the paragraph where it was expected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from civiclab.scoring.findings import Finding
from civiclab.scoring.tokenizer import AnalyzedDraft

KINDS = ("press_release", "speech", "chatbot_answer")
SYLLABLES_PER_MINUTE = 300  # a measured speaking pace for Korean official speeches


@dataclass(frozen=True)
class StructureParams:
    headline_min_chars: int = 8
    headline_max_chars: int = 45
    body_min_paragraphs: int = 2
    speech_target_minutes: float | None = None
    speech_tolerance: float = 0.25
    chatbot_max_chars: int = 500
    needs_handover: bool | None = None


_SUBTITLE = re.compile(r"^\s*(?:[-–—·○□■▶◆※]|\[?(?:부제|소제목)\]?\s*[:：])")
# Section labels some drafts (and the practice model) put in front of a paragraph:
# "제목: …", "리드: …".  They are not part of the text being measured.
_LABEL = re.compile(r"^\s*\[?(?:제목|부제|소제목|리드|본문|인용|문의처|인사말|맺음말)\]?\s*[:：]\s*")
_WHEN = re.compile(
    r"\d{1,2}\s?월|\d{1,2}\s?일|\d{4}\s?년|오늘|어제|내일|지난\s?\S|오는\s?\S|올해|내년|작년|이번\s?(?:달|주)"
    r"|다음\s?(?:달|주)|상반기|하반기|분기|부터|까지|이달|연말|연초|현재")
_QUOTE = re.compile(r"[“\"‘'「『][^“”\"‘’'「」『』\n]{8,}[”\"’'」』]")
_QUOTE_VERB = re.compile(r"(?:라고|이라며|라며|고\s?말)\s?(?:말했|밝혔|강조했|전했|당부했|덧붙였)")
_GREETING = re.compile(r"안녕하십니까|안녕하세요|존경하는|사랑하는|친애하는|반갑습니다|여러분\s?[,!]")
_CLOSING = re.compile(r"감사합니다|고맙습니다|기원합니다|축하드립니다|축하합니다")
_CONTACT_LINE = re.compile(r"^\s*[※*\[(]?\s*(?:문의|담당|연락처|사진\s?문의)")
_CHAT_PREAMBLE = re.compile(
    r"^\s*(?:안녕하세요|안녕하십니까|반갑습니다|문의(?:해)?\s?주셔서\s?감사|좋은\s?질문|질문\s?감사"
    r"|\S+에\s?대해\s?(?:문의하셨|궁금하셨|알려\s?드리겠))")
# A cited office or link: a URL, a phone number, a department followed by its number, or
# an office noun.  A bare "…과" is not enough: it is also the particle in "신분증과".
_SOURCE = re.compile(
    r"https?://\S+|www\.\S+|\b\d{2,4}-\d{3,4}-\d{4}\b|\b120\b|[가-힣]+(?:과|팀)\s?\(?\s?0\d"
    r"|[가-힣]*(?:센터|민원실|콜센터|사무소|시청|구청|누리집|홈페이지)")
_CANNOT = re.compile(r"확인할\s?수\s?없|알\s?수\s?없|답변(?:을)?\s?드리기\s?어렵|안내하기\s?어렵|개별\s?상담|판단하기\s?어렵|담당\s?부서의\s?확인")
_HANDOVER = re.compile(r"담당자|상담원|상담사|연결|전화|방문|문의")


def check_structure(analysis: AnalyzedDraft, kind: str, sheet=None,
                    params: StructureParams | None = None) -> list[Finding]:
    params = params or StructureParams()
    if kind == "press_release":
        return _press_release(analysis, sheet, params)
    if kind == "speech":
        return _speech(analysis, sheet, params)
    if kind == "chatbot_answer":
        return _chatbot(analysis, sheet, params)
    return []


def _para(analysis: AnalyzedDraft, i: int) -> tuple[int, int, str]:
    s, e = analysis.paragraphs[i]
    return s, e, analysis.text[s:e]


def _short_names(organization: str) -> list[str]:
    names = [organization]
    for suffix, short in (("특별자치시", "시"), ("특별자치도", "도"), ("광역시", "시"), ("특별시", "시")):
        if organization.endswith(suffix):
            names.append(organization[: -len(suffix)] + short)
    return names


def _press_release(a: AnalyzedDraft, sheet, p: StructureParams) -> list[Finding]:
    out: list[Finding] = []
    if not a.paragraphs:
        return [Finding("STRUCTURE_HEADLINE_MISSING", "error", "내용이 없습니다.", 0, 0)]
    hs, he, headline = _para(a, 0)
    headline = _LABEL.sub("", headline)
    looks_like_body = len(headline) > 80 or headline.rstrip().endswith(("다.", "니다."))
    if looks_like_body:
        out.append(Finding("STRUCTURE_HEADLINE_MISSING", "error",
                           "첫 줄에 제목이 없습니다. 보도자료는 한 줄 제목으로 시작합니다.", hs, he,
                           f"{p.headline_min_chars}~{p.headline_max_chars}자 안팎의 제목을 첫 줄에 쓰세요."))
        lead_index = 0
    else:
        n = len(headline.strip())
        if n > p.headline_max_chars:
            out.append(Finding("STRUCTURE_HEADLINE_LONG", "warning",
                               f"제목이 깁니다({n}자, 권장 {p.headline_max_chars}자 이하).", hs, he,
                               "핵심 한 가지만 남기고 줄이세요. 나머지는 부제로 옮기세요."))
        elif n < p.headline_min_chars:
            out.append(Finding("STRUCTURE_HEADLINE_SHORT", "warning",
                               f"제목이 너무 짧습니다({n}자).", hs, he, "누가 무엇을 하는지 제목에 담으세요."))
        lead_index = 1
        while lead_index < len(a.paragraphs) and _SUBTITLE.match(_para(a, lead_index)[2]):
            lead_index += 1
    contact_index = _contact_index(a, sheet)
    body_end = contact_index if contact_index is not None else len(a.paragraphs)
    if lead_index >= body_end:
        out.append(Finding("STRUCTURE_LEAD_MISSING", "error", "제목 다음에 본문(리드 문단)이 없습니다.",
                           he, he, "첫 문단에 누가, 무엇을, 언제 하는지 쓰세요."))
        return out + _contact_finding(a, sheet, contact_index)
    ls, le, lead = _para(a, lead_index)
    missing = []
    who = _short_names(getattr(sheet, "organization", "") or "세종특별자치시")
    people = [pp.name for pp in getattr(sheet, "people", []) or []]
    if not any(w and w in lead for w in who + people) and not re.search(r"(?:^|\s)(?:시|도|군|구)(?:는|가|와|에서)\s", lead):
        missing.append("누가")
    if not _WHEN.search(lead):
        missing.append("언제")
    if sheet is not None and getattr(sheet, "title", None):
        title_nouns = _nouns_of(sheet.title)
        lead_nouns = {m.form for m in a.morphs if ls <= m.start < le and m.tag in ("NNG", "NNP", "XR")}
        if title_nouns and not (title_nouns & lead_nouns):
            missing.append("무엇을")
    if missing:
        out.append(Finding("STRUCTURE_LEAD_INCOMPLETE", "warning",
                           f"첫 문단(리드)에 '{', '.join(missing)}'이(가) 드러나지 않습니다.", ls, le,
                           "첫 문단 한두 문장에 누가, 무엇을, 언제 하는지 모두 쓰세요."))
    body = body_end - lead_index - 1
    if body < p.body_min_paragraphs:
        out.append(Finding("STRUCTURE_BODY_SHORT", "warning",
                           f"리드 뒤 본문 문단이 {body}개뿐입니다(권장 {p.body_min_paragraphs}개 이상).",
                           ls, le, "배경, 세부 내용, 일정이나 기대 효과를 문단으로 나눠 쓰세요."))
    quoted = bool(_QUOTE.search(a.text) or _QUOTE_VERB.search(a.text))
    if sheet is not None and getattr(sheet, "quotes", None) and not quoted:
        s, e, _ = _para(a, min(body_end, len(a.paragraphs)) - 1)
        speakers = ", ".join(q.speaker for q in sheet.quotes)
        out.append(Finding("STRUCTURE_QUOTE_MISSING", "warning",
                           f"사실 자료에 있는 인용({speakers})이 본문에 없습니다.", s, e,
                           "인용문을 따옴표로 넣고 누가 말했는지 밝히세요."))
    return out + _contact_finding(a, sheet, contact_index)


_NOUN_TITLE = re.compile(r"[가-힣A-Za-z0-9]+")


@lru_cache(maxsize=256)
def _nouns_of(title: str) -> frozenset[str]:
    # Uses the shared Kiwi: the title is short and this runs once per draft.
    from civiclab.scoring.tokenizer import analyze

    return frozenset(m.form for m in analyze(title).morphs
                     if m.tag in ("NNG", "NNP", "XR") and m.form not in ("시", "세종시", "세종특별자치시"))


def _contact_index(a: AnalyzedDraft, sheet) -> int | None:
    """The contact line: a short line near the end that starts with 문의/담당 or holds the phone."""
    contact = getattr(sheet, "contact", None)
    phone = str(getattr(contact, "phone", "") or "") if contact is not None else ""
    for i in range(len(a.paragraphs) - 1, max(-1, len(a.paragraphs) - 4), -1):
        text = _para(a, i)[2]
        if len(text) < 120 and (_CONTACT_LINE.match(text) or (phone and phone in text)):
            return i
    return None


def _contact_finding(a: AnalyzedDraft, sheet, contact_index: int | None) -> list[Finding]:
    if contact_index is not None or (sheet is not None and getattr(sheet, "contact", None) is None):
        return []
    end = len(a.text.rstrip())
    return [Finding("STRUCTURE_CONTACT_MISSING", "warning", "끝에 문의처(담당 부서와 전화번호)가 없습니다.",
                    end, end, "마지막 줄에 '문의: 부서 이름(전화번호)'를 쓰세요.")]


def speaking_minutes(text: str) -> float:
    syllables = len(re.findall(r"[가-힣0-9]", text))
    return syllables / SYLLABLES_PER_MINUTE


def _speech(a: AnalyzedDraft, sheet, p: StructureParams) -> list[Finding]:
    out: list[Finding] = []
    if not a.paragraphs:
        return [Finding("STRUCTURE_GREETING_MISSING", "error", "내용이 없습니다.", 0, 0)]
    s0, e0, first = _para(a, 0)
    if not _GREETING.search(first):
        out.append(Finding("STRUCTURE_GREETING_MISSING", "warning", "첫머리에 인사말이 없습니다.", s0, e0,
                           "'존경하는 시민 여러분, 안녕하십니까'처럼 청중에게 인사하며 시작하세요."))
    sl, el, last = _para(a, len(a.paragraphs) - 1)
    if len(a.paragraphs) < 2 or not _CLOSING.search(last):
        out.append(Finding("STRUCTURE_CLOSING_MISSING", "warning", "맺음말이 없습니다.", sl, el,
                           "'감사합니다'처럼 당부나 감사로 맺으세요."))
    if len(a.paragraphs) < 3:
        out.append(Finding("STRUCTURE_BODY_SHORT", "warning", "인사와 맺음말 사이에 본문 문단이 없습니다.",
                           s0, el, "본문을 두세 문단으로 나눠 쓰세요."))
    target = p.speech_target_minutes or getattr(sheet, "speaking_minutes", None) or getattr(
        sheet, "target_minutes", None)
    if target:
        minutes = speaking_minutes(a.text)
        if abs(minutes - target) > p.speech_tolerance * target:
            word = "깁니다" if minutes > target else "짧습니다"
            out.append(Finding("STRUCTURE_SPEECH_LENGTH", "warning",
                               f"말하는 시간이 약 {minutes:.1f}분으로 목표 {target:g}분보다 {word}"
                               f"(1분에 {SYLLABLES_PER_MINUTE}음절 기준).", 0, len(a.text),
                               f"목표에 맞춰 약 {int(target * SYLLABLES_PER_MINUTE)}음절 분량으로 고치세요."))
    return out


def _chatbot(a: AnalyzedDraft, sheet, p: StructureParams) -> list[Finding]:
    out: list[Finding] = []
    text = a.text
    if not a.sentences:
        return [Finding("STRUCTURE_ANSWER_NOT_FIRST", "error", "답변이 비어 있습니다.", 0, 0)]
    first = a.sentences[0]
    if _CHAT_PREAMBLE.match(first.text):
        out.append(Finding("STRUCTURE_ANSWER_NOT_FIRST", "warning",
                           "인사나 질문 되풀이로 시작합니다. 답을 먼저 쓰세요.", first.start, first.end,
                           "첫 문장에 바로 답(예/아니요, 방법, 장소)을 쓰세요."))
    n = len(text.strip())
    if n > p.chatbot_max_chars:
        out.append(Finding("STRUCTURE_ANSWER_LONG", "warning",
                           f"답변이 깁니다({n}자, 권장 {p.chatbot_max_chars}자 이하).", 0, len(text),
                           "핵심만 남기고 자세한 내용은 누리집 주소로 안내하세요."))
    contact = getattr(sheet, "contact", None)
    cited = bool(_SOURCE.search(text))
    if contact is not None:
        cited = cited or any(str(v) in text for v in (getattr(contact, "department", None),
                                                    getattr(contact, "phone", None)) if v)
    if not cited:
        end = len(text.rstrip())
        out.append(Finding("STRUCTURE_NO_SOURCE", "warning", "담당 부서나 안내 누리집(링크)을 밝히지 않았습니다.",
                           end, end, "'자세한 내용은 ○○과(044-300-0000)로 문의하세요'처럼 출처를 쓰세요."))
    needs = p.needs_handover
    if needs is None:
        needs = bool(getattr(sheet, "needs_handover", False)) or bool(_CANNOT.search(text))
    if needs and not _HANDOVER.search(text):
        end = len(text.rstrip())
        out.append(Finding("STRUCTURE_NO_HANDOVER", "warning",
                           "챗봇이 답할 수 없는 질문인데 담당자 연결 안내가 없습니다.", end, end,
                           "담당 부서 전화번호나 상담원 연결 방법을 안내하세요."))
    return out
