"""Read the task, the facts and the instructions from chat messages.

Everything here is plain pattern matching over the Korean prompt; nothing is
understood.  See :mod:`civiclab.llm.practice.model` for what the patterns cover.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from civiclab.llm.practice.blocks import (
    INSTRUCTION_KEYS,
    Block,
    is_bullet,
    key_value,
    split_blocks,
    strip_bullet,
)
from civiclab.llm.practice.instructions import (
    OCCASION,
    SECTION_NAMES,
    Instructions,
    find_injection,
    read_instructions,
)
from civiclab.llm.practice.korean import parse_date
from civiclab.llm.tokens import message_text

TASKS = ("press", "speech", "chatbot", "rewrite", "summary", "headline", "extract", "factcheck")

# (pattern, weight) per task; the highest total over the instruction text wins,
# ties go to the earlier task in TASKS.
_TASK_CUES: dict[str, list[tuple[str, int]]] = {
    "press": [(r"보도\s*자료", 3), (r"보도\s*자료.{0,20}(작성|써|쓰|만들)", 4), (r"기사", 1)],
    "speech": [(r"연설문|인사말|말씀\s*자료|축사|신년사|추도사|기념사|격려사|환영사|개회사|환영\s*인사", 4),
               (r"연설", 2), (r"\d+\s*분\s*(분량|길이|동안|짜리)", 2)],
    "chatbot": [(r"AI\s*충녕", 4), (r"민원\s*(답변|응답)", 4), (r"챗봇", 3), (r"상담", 1),
                (r"민원인|시민의?\s*질문", 2)],
    "rewrite": [(r"쉬운\s*말|쉬운\s*우리\s*말", 5), (r"공공\s*언어", 3), (r"다듬", 4), (r"순화", 4),
                (r"고쳐\s*(써|쓰|주)|바꿔\s*(써|쓰|주)|윤문", 4)],
    "summary": [(r"요약(해|하|문|을|\s*해|\s*하|$)", 5), (r"\d+\s*(줄|문장)\s*(으로|로)?\s*(요약|정리|줄여)", 6),
                (r"요약", 1)],
    "headline": [(r"(제목|헤드라인|부제).{0,12}(제안|추천|후보|지어|뽑아|만들어|\d+\s*개|여러)", 6)],
    "extract": [(r"(사실|수치|정보|날짜|인물).{0,12}추출", 7), (r"사실\s*자료.{0,6}(만들|뽑)", 6),
                (r"추출", 2)],
    "factcheck": [(r"사실\s*확인(해|하|을\s*해|\s*결과|\s*해)", 7), (r"팩트\s*체크", 7),
                  (r"검증(해|하)", 5), (r"근거.{0,8}(없는|있는지).{0,12}(찾|표시|확인)", 4)],
}

_INSTRUCTION_KEYS = INSTRUCTION_KEYS + ("대상", "연설 시간", "발표 시간", "시간", "분야", "연설자",
                                        "화자", "말하는 사람", "행사", "행사명", "주제", "상황")
# Facts about the document itself, not content to write about.
META_KEYS = ("자료 종류", "종류", "발표 시간", "연설 시간", "분량", "ID", "id", "번호")
_IMPERATIVE = re.compile(
    r"(하세요|하십시오|해\s*주세요|해주세요|쓰세요|써\s*주세요|마세요|말\s*것|할\s*것|쓸\s*것|하시오|하라|"
    r"주십시오|넣으세요|넣어\s*주세요|해\s*줘|써\s*줘|줘|작성|포함|이내|이하|넘지|밝혀|맞춰|지켜)\s*[.!]?\s*$"
)
@dataclass
class Figure:
    label: str
    value: str


@dataclass
class Quote:
    speaker: str
    text: str


@dataclass
class Facts:
    title: str = ""
    organization: str = ""
    release_date: str = ""
    contact: str = ""
    statements: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    dates: list[Figure] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)  # (name, title)
    quotes: list[Quote] = field(default_factory=list)
    items: list[Figure] = field(default_factory=list)  # other `항목: 값` lines
    kind: str = ""  # '자료 종류' of a fact sheet: 보도자료, 연설문, 민원 답변
    meta: list[Figure] = field(default_factory=list)  # facts about the document (발표 시간 ...)

    @property
    def empty(self) -> bool:
        return not (self.title or self.statements or self.figures or self.dates or self.quotes
                    or self.items or self.people)

    def title_of(self, name: str) -> str:
        return next((t for n, t in self.people if n == name), "")


@dataclass
class Request:
    task: str
    instructions: Instructions
    facts: Facts
    text: str  # instruction text (outside data), all messages
    last_user: str  # instruction text of the last user message
    blocks: list[Block]
    digest: bytes
    injected: str | None = None  # output demanded by an unfenced injected instruction

    def passage(self, *roles: str) -> str:
        """Text of the first data block with one of ``roles`` ('' for an unlabelled fence)."""
        for role in roles:
            for b in self.blocks:
                if b.role == role and b.text.strip():
                    return b.text.strip()
        return ""




def digest_of(messages: list[dict]) -> bytes:
    canon = [{"role": str(m.get("role", "")), "content": message_text(m)} for m in messages]
    return hashlib.sha256(json.dumps(canon, ensure_ascii=False, sort_keys=True).encode()).digest()


def parse_messages(messages: list[dict]) -> Request:
    instr_parts, blocks, last_user, user_unfenced = [], [], "", []
    for m in messages:
        if m.get("role") == "assistant":
            continue  # earlier answers are neither facts nor instructions
        text, found = split_blocks(message_text(m))
        instr_parts.append(text)
        blocks.extend(found)
        if m.get("role") == "user":
            last_user = text
            user_unfenced.append(text + "\n" + "\n".join(b.text for b in found if not b.fenced))
    instr = "\n".join(instr_parts)
    facts = Facts()
    for b in blocks:
        if b.role == "facts":
            read_fact_sheet(b.text, facts)
    read_loose_facts(instr, facts)
    task = detect_task(instr, last_user) or _KIND_TASKS.get(facts.kind, "press")
    ins = read_instructions(instr, task)
    _instructions_from_facts(ins, facts, task)
    return Request(task, ins, facts, instr, last_user, blocks, digest_of(messages),
                   find_injection("\n".join(user_unfenced)))


_KIND_TASKS = {"보도자료": "press", "연설문": "speech", "민원 답변": "chatbot", "챗봇 답변": "chatbot"}


def _instructions_from_facts(ins: Instructions, facts: Facts, task: str) -> None:
    """What the fact sheet says about the document fills gaps the prompt left open."""
    if not ins.speaker and facts.people:
        name, title = facts.people[0]
        ins.speaker = f"{name} {title}".strip()
    about = " ".join([facts.title] + [m.value for m in facts.meta])
    m = OCCASION.search(about)
    if m and ins.occasion in ("", "연설문", "말씀자료"):  # the sheet may be more specific (축사)
        ins.occasion = m.group(0).replace(" ", "")
    if ins.minutes is None and task == "speech":
        m = re.search(r"(\d+(?:\.\d+)?)\s*분", " ".join(x.value for x in facts.meta))
        if m:
            ins.minutes = float(m.group(1))


def detect_task(instr: str, last_user: str) -> str:
    """The task the cue words point to, or '' when there is no cue."""
    scores = {t: 0 for t in TASKS}
    for task, cues in _TASK_CUES.items():
        for pattern, weight in cues:
            # The last user turn says what to do now; the system turn sets the scene.
            scores[task] += weight * 2 * len(re.findall(pattern, last_user))
            scores[task] += weight * len(re.findall(pattern, instr))
    best = max(TASKS, key=lambda t: (scores[t], -TASKS.index(t)))
    return best if scores[best] > 0 else ""


def read_fact_sheet(text: str, facts: Facts) -> None:
    section = "사실"
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if is_bullet(line):
            _add_bullet(section, strip_bullet(line), facts)
            continue
        kv = key_value(line)
        if not kv:
            facts.statements.append(line)
            continue
        key, value = kv
        if not value:
            section = "사실" if key in ("주요 사실", "사실 관계", "내용") else key
        elif key == "제목":
            facts.title = value
        elif key == "기관":
            facts.organization = value
        elif key == "배포일":
            facts.release_date = value
        elif key in ("자료 종류", "종류"):
            facts.kind = value
        elif key in ("문의처", "담당", "담당 부서", "담당자", "연락처", "전화"):
            facts.contact = f"{facts.contact} {value}".strip()
        elif key == "부제":
            facts.items.append(Figure(key, value))
        else:
            _add_bullet(section if section != "사실" else "항목", f"{key}: {value}", facts)


def _add_bullet(section: str, text: str, facts: Facts) -> None:
    kv = key_value(text)
    if section == "인용":
        m = re.match(r"^([^:：\"“]{1,30}?)\s*[:：]\s*[\"“'‘]?(.*?)[\"”'’]?\s*$", text)
        if m:
            speaker = m.group(1).strip()
            speaker = re.sub(r"\s*\(.*\)$", "", speaker)
            facts.quotes.append(Quote(speaker, m.group(2).strip()))
        return
    if section == "인물":
        m = re.match(r"^(.+?)\s*[(（](.+?)[)）]\s*$", text)
        if m:  # 최민호 (시장)
            name, title = m.group(1), m.group(2)
        else:  # 최민호 시장
            name, _, title = text.partition(" ")
        facts.people.append((name.strip(), title.strip()))
        return
    if section in ("문의처", "담당", "연락처"):
        facts.contact = f"{facts.contact} {kv[1] if kv else text}".strip()
        return
    if kv and kv[0] in META_KEYS:
        facts.meta.append(Figure(*kv))
        return
    if kv and section in ("수치", "날짜", "항목"):
        label, value = kv
        if section == "날짜" or (section == "항목" and parse_date(value) and len(value) < 16):
            facts.dates.append(Figure(label, value))
        elif section == "수치" or _has_figure(value):
            facts.figures.append(Figure(label, value))
        else:
            facts.items.append(Figure(label, value))
        return
    if _META_STATEMENT.search(text):
        facts.meta.append(Figure("설명", text))
        return
    facts.statements.append(text)


# Statements about the document itself ("…에서 하는 축사다", "발표 시간은 3분이다").
_META_STATEMENT = re.compile(r"(하는|할|읽을|낭독하는)\s*(축사|연설|인사말|기념사|신년사|격려사|추도사|말씀)|"
                             r"(발표|연설|낭독)\s*시간은|(보도자료|연설문|답변)(이다|입니다)\.?$")

# A number with its unit: '63,000명', '3억 2천만 원', '약 12만 명', '43%'.
FIGURE = re.compile(r"(?:약\s*)?\d[\d,.]*(?:(?:\s*(?:조|억|천|만|백)(?:\s*\d[\d,.]*)?)+\s*)?"
                    r"(?:%|퍼센트|명|원|개월|개|곳|건|회|대|배|세|시간|가구|km|㎞|㎡|톤|년)")


def _has_figure(value: str) -> bool:
    return bool(FIGURE.search(value))


def read_loose_facts(instr: str, facts: Facts) -> None:
    """Bullets and `항목: 값` lines outside any block, unless they read as instructions."""
    for raw in instr.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if is_bullet(line):
            body = strip_bullet(line)
            if _is_instruction(body):
                continue
            kv = key_value(body)
            if kv and kv[1] and not _is_instruction_key(kv[0]):
                _add_bullet("항목", body, facts)
            elif not kv:
                facts.statements.append(body)
            continue
        kv = key_value(line)
        if kv and kv[1] and not _is_instruction_key(kv[0]) and not _is_instruction(kv[1]):
            key, value = kv
            if key in ("제목", "행사명"):
                facts.title = facts.title or value
            elif key == "기관":
                facts.organization = facts.organization or value
            elif key in ("문의처", "담당 부서", "연락처"):
                facts.contact = facts.contact or value
            elif key in ("인용", "발언"):
                _add_bullet("인용", value, facts)
            else:
                _add_bullet("항목", f"{key}: {value}", facts)


def _is_instruction_key(key: str) -> bool:
    return key in _INSTRUCTION_KEYS or key in SECTION_NAMES or len(key) > 12


def _is_instruction(text: str) -> bool:
    return bool(_IMPERATIVE.search(text) or re.search(r"\d+\s*자\s*(이내|이하|내외|이상)", text))

