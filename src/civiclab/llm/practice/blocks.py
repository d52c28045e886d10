"""Split a prompt into instruction text and data blocks.

Data is anything the learner fenced (```…```, \"\"\"…\"\"\", ``<태그>…</태그>``), the fact-sheet
block that starts with ``[사실 자료]``, and labelled passages such as ``출처:``,
``[원문]``, ``초안:`` or ``질문:``.  The practice model reads facts and passages
from data but never instructions; everything else is instruction text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Labels that introduce a data passage, by role.
ROLE_LABELS: dict[str, tuple[str, ...]] = {
    "source": ("출처", "참고 자료", "참고자료", "근거 자료", "근거자료", "참고 문서", "안내문", "공지",
               "자료", "문서", "지식", "검색 결과"),
    "original": ("원문", "다듬을 글", "고칠 글", "바꿀 글", "요약할 글", "대상 글", "글", "본문 원고",
                 "기사", "보도자료 원문"),
    "draft": ("초안", "검토할 글", "검토 대상", "확인할 글", "점검할 글", "작성한 글", "답변 초안"),
    "question": ("질문", "민원", "시민 질문", "민원 내용", "문의 내용", "사용자 질문", "시민 민원"),
}
_LABEL_TO_ROLE = {label: role for role, labels in ROLE_LABELS.items() for label in labels}
_LABELS_RE = "|".join(sorted(map(re.escape, _LABEL_TO_ROLE), key=len, reverse=True))

FACT_HEADER = re.compile(r"^\s*\[\s*사실\s*자료\s*\]\s*$")
# Keys a fact-sheet block may hold; a section header has no value (``수치:``).
# Keys that are instructions, not facts, wherever they appear.
INSTRUCTION_KEYS = ("형식", "분량", "길이", "대상 독자", "독자", "청중", "어조", "문체", "말투", "톤",
                    "구성", "조건", "요청", "요구 사항", "요구사항", "지시", "지침", "역할", "과제", "작업",
                    "순서", "출력 형식", "주의", "유의 사항", "목적")
_BULLET = re.compile(r"^\s*(?:[-*•·○□▪◦]|\d+[.)])\s+")
_KV = re.compile(r"^\s*([^:：\n]{1,20}?)\s*[:：]\s*(.*)$")
_FENCE = re.compile(
    r"```[^\n]*\n(?P<a>.*?)```|\"\"\"(?P<b>.*?)\"\"\"|<(?P<tag>[가-힣A-Za-z_ ]{1,20})>(?P<c>.*?)</(?P=tag)>",
    re.DOTALL,
)
_BRACKET_LABEL = re.compile(rf"^\s*[\[【<]\s*({_LABELS_RE})\s*[\]】>]\s*$")
_COLON_LABEL = re.compile(rf"^\s*(?:#+\s*)?({_LABELS_RE})\s*[:：]\s*(.*)$")


@dataclass
class Block:
    role: str  # 'facts', 'source', 'original', 'draft', 'question' or '' (unlabelled fence)
    text: str
    fenced: bool
    label: str = ""


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def key_value(line: str) -> tuple[str, str] | None:
    if is_bullet(line):
        return None
    m = _KV.match(line)
    if not m or re.search(r"https?$", m.group(1)):
        return None
    return m.group(1).strip(), m.group(2).strip()


def split_blocks(text: str) -> tuple[str, list[Block]]:
    """Return (instruction text, data blocks) for one message's text."""
    blocks: list[Block] = []
    pieces: list[str] = []
    pos = 0
    for m in _FENCE.finditer(text):
        before = text[pos: m.start()]
        label, before = _trailing_label(before)
        pieces.append(before)
        body = m.group("a") if m.group("a") is not None else (m.group("b") or m.group("c") or "")
        tag = (m.group("tag") or "").strip()
        role = _LABEL_TO_ROLE.get(label or tag, "")
        blocks.append(Block(role, body.strip("\n"), True, label or tag))
        pieces.append("\n")
        pos = m.end()
    pieces.append(text[pos:])
    outside = "".join(pieces)
    instr_lines = _take_labelled(outside.split("\n"), blocks)
    return "\n".join(instr_lines), blocks


def _trailing_label(before: str) -> tuple[str, str]:
    """A label line right before a fence (``원문:``) names the fenced block's role."""
    lines = before.rstrip().split("\n")
    last = lines[-1] if lines else ""
    m = _COLON_LABEL.match(last) or _BRACKET_LABEL.match(last)
    if m and not (m.lastindex and m.lastindex >= 2 and m.group(2).strip()):
        return m.group(1), "\n".join(lines[:-1])
    return "", before


def _take_labelled(lines: list[str], blocks: list[Block]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if FACT_HEADER.match(line):
            j = _fact_block_end(lines, i + 1)
            blocks.append(Block("facts", "\n".join(lines[i + 1: j]), False, "사실 자료"))
            i = j
            continue
        m = _BRACKET_LABEL.match(line) or _COLON_LABEL.match(line)
        if m:
            label = m.group(1)
            first = m.group(2).strip() if m.lastindex and m.lastindex >= 2 else ""
            j = i + 1
            body = [first] if first else []
            role = _LABEL_TO_ROLE[label]
            if not first or role != "question":
                # A draft or text to rework runs to the next label or the end of the message
                # (it may have paragraphs); other passages end at a blank line.
                to_end = role in ("draft", "original")
                while j < len(lines) and (lines[j].strip() or to_end) and not _is_label(lines[j]):
                    body.append(lines[j])
                    j += 1
            blocks.append(Block(role, "\n".join(body).strip(), False, label))
            i = j
            continue
        out.append(line)
        i += 1
    return out


def _is_label(line: str) -> bool:
    return bool(FACT_HEADER.match(line) or _BRACKET_LABEL.match(line) or _COLON_LABEL.match(line))


def _fact_block_end(lines: list[str], start: int) -> int:
    j = start
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            # A blank line ends the block unless fact-sheet content continues after it.
            k = j + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and _fact_line(lines[k]):
                j = k
                continue
            return j
        if not _fact_line(line):
            return j
        j += 1
    return j


def _fact_line(line: str) -> bool:
    """Inside a fact block: bullets, indented lines and `항목: 값` lines that are not instructions."""
    if is_bullet(line) or line.startswith((" ", "\t")):
        return True
    kv = key_value(line)
    return bool(kv and len(kv[0]) <= 15 and kv[0] not in INSTRUCTION_KEYS)
