"""Who is speaking and what about, read from a prompt that gives no fact sheet."""

from __future__ import annotations

import re

from civiclab.llm.practice.korean import VERBAL_NOUNS
from civiclab.llm.practice.parse import Request

_ORG_FULL = re.compile(r"[가-힣]{2,6}(특별자치시|특별자치도|특별시|광역시)")
_ORG_SHORT = re.compile(r"(?<![가-힣])([가-힣]{2,3}(시|군|구|도))(?=청|[\s,의은는이가에와과를을]|$)")
_NOT_ORG = {"표시", "동시", "당시", "즉시", "수시", "임시", "지시", "제시", "개시", "게시", "전시", "감시",
            "실시", "도시", "역시", "다시", "혹시", "잠시", "정시", "연구", "지구", "요구", "도구", "추구",
            "가구", "기구", "출구", "입구", "친구", "부시", "무시", "반도", "정도", "제도", "지도", "속도",
            "용도", "태도", "온도", "각도", "시도", "의도", "한도", "경기도"}
_TASK_WORD = re.compile(r"보도\s*자료|연설문|인사말|말씀\s*자료|축사|신년사|추도사|기념사|격려사|환영사|"
                        r"개회사|답변|안내문|글|기사|제목")
_CONNECT = re.compile(r"\s*(에\s*대한|에\s*관한|에\s*대해|에\s*대하여|관련된?|을\s*알리는|를\s*알리는|"
                      r"을\s*위한|를\s*위한|을\s*소개하는|를\s*소개하는|의|용)\s*$")
_LEADING = re.compile(r"^(다음|아래|위|이번|새|간단한|짧은|멋진|좋은)\s+")


def organization(req: Request) -> str:
    if req.facts.organization:
        return req.facts.organization
    m = _ORG_FULL.search(req.text)
    if m:
        return m.group(0)
    for m in _ORG_SHORT.finditer(req.text):
        if m.group(1) not in _NOT_ORG:
            return m.group(1)
    return "시"


def short_org(org: str) -> str:
    for long in ("특별자치시", "광역시", "특별시"):
        if org.endswith(long) and len(org) > len(long):
            return org[: -len(long)] + "시"
    if org.endswith("특별자치도"):
        return org[:-5] + "도"
    return org


def topic_of(req: Request) -> str:
    """The noun phrase before the task word: '벚꽃 축제 보도자료를 써 줘' -> '벚꽃 축제'."""
    for sent in re.split(r"[.\n?!]+", req.last_user or req.text):
        m = _TASK_WORD.search(sent)
        if not m:
            continue
        head = sent[: m.start()].strip(" ,:'\"“”‘’")
        head = _CONNECT.sub("", head).strip(" ,'\"“”‘’")
        head = re.sub(r"^.*(작성|써|쓰)(해)?\s*(주세요|줘)?\s*[:：]?\s*", "", head)
        head = _LEADING.sub("", head).strip()
        head = re.sub(r"^(\S+\s+){0,3}\S*(쉽게|친근하게|짧게|간단히|정중하게|재미있게)\s+", "", head)
        head = re.sub(r"(을|를)$", "", head).strip()
        if len(head) > 30:
            head = " ".join(head[-30:].split()[1:]) or head[-30:]
        org = short_org(organization(req))
        for prefix in (organization(req), org):
            if head.startswith(prefix + " ") and len(head) > len(prefix) + 2:
                head = head[len(prefix):].strip()
        if len(head) >= 2:
            return head
    return "이번 사업"


def verbal_tail(core: str) -> tuple[str, str] | None:
    """'벚꽃축제 개최' -> ('벚꽃축제', '개최'), so the lead can say '벚꽃축제를 개최한다'."""
    words = core.split()
    if len(words) > 1 and words[-1] in VERBAL_NOUNS:
        return " ".join(words[:-1]), words[-1]
    return None
