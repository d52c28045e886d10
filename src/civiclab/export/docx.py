"""A draft as a ``.docx`` laid out like a city press release.

Officials take the final draft into their office word processor, which opens
``.docx``.  (``.hwpx`` is not offered: no maintained Python library writes it
properly today.)

Layout, top to bottom: a header table (보도자료, organization, release date,
department, contact), the headline, the subtitles, the body, the contact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from civiclab.errors import InputError

_LABEL = re.compile(r"^\s*[\[【<]?\s*(제목|부제|리드|본문|인용|문의처?|담당)\s*[\]】>]?\s*[:：]?\s*")
_SUBTITLE = re.compile(r"^\s*[-–—·○□■▶◆※]\s*")
_CONTACT = re.compile(r"^\s*[\[【]?\s*(문의|담당|연락처)")
FONT = "맑은 고딕"


@dataclass
class PressLayout:
    headline: str = ""
    subtitles: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    contact: list[str] = field(default_factory=list)


def layout_of(text: str) -> PressLayout:
    """Split a draft into the parts of a press release, tolerant of how it was written."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    out = PressLayout()
    for line in lines:
        if not line.strip():
            continue
        label = _LABEL.match(line)
        name = label.group(1) if label else None
        content = line[label.end():].strip() if label else line.strip()
        if _CONTACT.match(line) or (name or "").startswith(("문의", "담당")):
            out.contact.append(line.strip())
        elif not out.headline and (name in (None, "제목")):
            out.headline = content
        elif name == "부제" or (not out.body and _SUBTITLE.match(line)):
            if content:
                out.subtitles.append(_SUBTITLE.sub("", content))
        elif content:
            out.body.append(content)
    return out


def _set_font(run, size_pt: float | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.bold = bold


def write_press_release_docx(text: str, path: Path, *, organization: str, release_date: str = "",
                             department: str = "", contact: str = "") -> Path:
    """Write ``text`` to ``path``; refuses to overwrite an existing file."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not text.strip():
        raise InputError("내보낼 초안이 비어 있습니다.", "초안을 만든 뒤 다시 내보내세요.")
    path = Path(path)
    if path.exists():
        raise InputError(f"'{path.name}' 파일이 이미 있습니다. 덮어쓰지 않았습니다.", "다른 파일 이름을 쓰세요.")
    layout = layout_of(text)
    doc = Document()

    header = doc.add_table(rows=2, cols=4)
    header.style = "Table Grid"
    top = header.rows[0].cells
    _set_font(top[0].paragraphs[0].add_run("보도자료"), 16, bold=True)
    top[1].merge(top[3])
    _set_font(top[1].paragraphs[0].add_run(organization), 12, bold=True)
    bottom = header.rows[1].cells
    for cell, value in zip(bottom, ("배포일", release_date or "-", "담당 부서", department or "-")):
        _set_font(cell.paragraphs[0].add_run(value), 10)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(layout.headline or "(제목 없음)"), 18, bold=True)
    for sub in layout.subtitles:
        para = doc.add_paragraph()
        _set_font(para.add_run(f"- {sub}"), 12)
    doc.add_paragraph()
    for body in layout.body:
        para = doc.add_paragraph()
        _set_font(para.add_run(body), 11)
    contact_lines = layout.contact or ([contact] if contact else [])
    if contact_lines:
        doc.add_paragraph()
        for line in contact_lines:
            para = doc.add_paragraph()
            _set_font(para.add_run(line), 10)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
