"""Read the instructions the course teaches from a prompt's instruction text: sections,
length limits, audience, tone, speaking time, whose words to quote, and (for the
injection lesson) an unfenced "ignore the previous instructions" demand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

AUDIENCES = {
    "child": r"어린이|초등학생|아이들|유치원|어린\s*학생",
    "elderly": r"어르신|노인|고령|노년",
    "council": r"의회|의원|의장",
    "press": r"기자|언론",
    "citizen": r"시민|주민|도민|구민|군민",
}
SECTION_NAMES = {  # canonical name -> spellings a prompt may use
    "제목": ("제목",), "부제": ("부제목", "부제"), "리드": ("리드문", "리드"),
    "본문": ("본문",), "인용": ("인용문", "인용"), "문의처": ("문의처", "담당 부서", "문의"),
}
_SPEAKER = re.compile(r"([가-힣]{2,4})\s*(시장|부시장|군수|구청장|도지사|교육감|의장|부의장|국장|과장|"
                      r"실장|원장|청장|장관|대표|위원장|센터장|이사장|회장|총장|교장)")
_INJECTION = re.compile(
    r"((이전|위의?|앞의?|지금까지의?|기존)\s*(모든\s*)?(지시|지침|명령|규칙|설정|내용)(을|를|은|는)?\s*(모두\s*)?"
    r"(무시|잊)|ignore\s+(all\s+)?(previous|prior|above)\s+instructions)",
    re.IGNORECASE,
)
_INJECTED_OUTPUT = re.compile(r"[\"'“‘]([^\"'“”‘’]{1,200})[\"'”’]\s*(이?라고만?|만)\s*(답|출력|쓰|말|적)")


OCCASION = re.compile(r"축사|신년사|추도사|기념사|격려사|환영사|개회사|인사말|말씀\s*자료|연설문")


@dataclass
class Instructions:
    sections: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # canonical -> spelling used
    char_limit: int | None = None  # strict upper bound on len(output)
    char_floor: int | None = None  # 'N자 이상'
    section_limits: dict[str, int] = field(default_factory=dict)
    audience: str = ""
    tone: str = ""  # 'formal' | 'friendly' | ''
    minutes: float | None = None
    count: int | None = None  # headline candidates, summary lines
    quote_speaker: str = ""
    speaker: str = ""  # (name, title) of who gives a speech, as text
    occasion: str = ""


def read_instructions(instr: str, task: str) -> Instructions:
    ins = Instructions()
    _read_sections(instr, ins)
    _read_limits(instr, ins)
    for aud, pattern in AUDIENCES.items():
        if re.search(rf"({pattern})\s*(을|를|에게|께|대상|용|들|이|가|도|눈높이|여러분|\s)", instr) or \
                re.search(rf"(대상|독자|청중)\s*[:：은는]\s*\S*({pattern})", instr):
            ins.audience = aud
            break
    if re.search(r"친근|다정|부드럽|해요체|구어체|편안한", instr):
        ins.tone = "friendly"
    elif re.search(r"격식|공식적|정중|합쇼체|하십시오체|딱딱", instr):
        ins.tone = "formal"
    m = re.search(r"(\d+(?:\.\d+)?)\s*분\s*(?:(\d+)\s*초)?\s*(분량|길이|동안|짜리|내외|정도|안팎|이내|연설|축사)?",
                  instr)
    if m and (m.group(3) or task == "speech"):
        ins.minutes = float(m.group(1)) + (int(m.group(2)) / 60 if m.group(2) else 0)
    m = re.search(r"(\d+)\s*(개|가지|줄|문장)", instr)
    if m:
        ins.count = int(m.group(1))
    for m in _SPEAKER.finditer(instr):
        tail = instr[m.end(): m.end() + 14]
        if re.match(r"\s*(의|님의)?\s*(말|발언|말씀|인용|인터뷰)", tail):
            ins.quote_speaker = m.group(1)
        elif re.match(r"\s*(의|님의|이|님이|께서)?\s*(축사|연설|인사말|신년사|기념사|격려사|말씀\s*자료|환영사)", tail):
            ins.speaker = f"{m.group(1)} {m.group(2)}"
    if not ins.speaker:
        m = re.search(r"(연설자|화자|말하는 사람)\s*[:：]\s*(.+)", instr)
        if m:
            ins.speaker = m.group(2).strip()
    m = OCCASION.search(instr)
    ins.occasion = m.group(0).replace(" ", "") if m else ""
    return ins


def _read_sections(instr: str, ins: Instructions) -> None:
    found: list[tuple[int, str, str]] = []
    for name, spellings in SECTION_NAMES.items():
        for sp in spellings:
            m = re.search(rf"(?<![가-힣]){re.escape(sp)}(?!\s*자료)", instr)
            if m and not (name == "문의처" and sp == "문의" and re.search(r"문의(해|하|가|를)", instr)):
                found.append((m.start(), name, sp))
                break
    # Only a list of two or more section names is a structure request.
    if len(found) >= 2:
        found.sort()
        ins.sections = [name for _, name, _ in found]
        ins.labels = {name: sp for _, name, sp in found}


_LIMIT = re.compile(r"(\d[\d,]*)\s*자\s*(이내|이하|까지|를?\s*넘지|미만|내외|안팎|정도|이상)")


def _read_limits(instr: str, ins: Instructions) -> None:
    for m in _LIMIT.finditer(instr):
        n = int(m.group(1).replace(",", ""))
        kind = m.group(2)
        before = instr[max(0, m.start() - 14): m.start()]
        sec = None
        for name, spellings in SECTION_NAMES.items():
            if re.search(rf"({'|'.join(spellings)})\s*(은|는|을|를|의)?\s*(길이)?\s*[은는:]?\s*$", before):
                sec = name
        if kind == "이상":
            if sec is None:
                ins.char_floor = n
            continue
        limit = n - 1 if kind == "미만" else n
        if kind in ("내외", "안팎", "정도"):
            limit = int(n * 1.1)  # approximate: stay within 10 % above
        if sec:
            ins.section_limits[sec] = limit
        else:
            ins.char_limit = limit if ins.char_limit is None else min(ins.char_limit, limit)


def find_injection(user_text: str) -> str | None:
    m = _INJECTION.search(user_text)
    if not m:
        return None
    tail = user_text[m.end(): m.end() + 300]
    out = _INJECTED_OUTPUT.search(tail)
    return out.group(1).strip() if out else None
