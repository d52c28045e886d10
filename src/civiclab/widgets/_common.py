"""Small pieces the lesson widgets share: message boxes, settings, fact-sheet lookup."""

from __future__ import annotations

import html
import re
from pathlib import Path

from civiclab.errors import InputError

PRACTICE_NOTE = ("<i>규칙 기반 연습 모델로 만든 글입니다. 인공지능이 아니며, 사실 자료를 주지 않으면 "
                 "근거 없는 수치를 지어냅니다.</i>")


def error_html(text: str) -> str:
    body = html.escape(text).replace("\n", "<br>")
    return f"<div style='color:#a40000;border-left:4px solid #a40000;padding:4px 8px'>{body}</div>"


def ok_html(text: str) -> str:
    return f"<div style='color:#1b5e20;padding:4px 8px'>{html.escape(text)}</div>"


def resolve_settings(settings=None):
    if settings is not None:
        return settings
    from civiclab.settings import load_settings

    return load_settings()


def fact_sheet_path(settings, sheet_id: str) -> Path:
    """``datasets/fact_sheets/<id>.yaml``; a Korean error names the missing file."""
    # The id becomes a file name: only the slug form fact sheets use (FactSheet.id), so
    # "../x" or "/abs/x" cannot reach a file outside the folder.
    if not isinstance(sheet_id, str) or len(sheet_id) > 80 or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", sheet_id):
        raise InputError(f"사실 자료 이름 '{str(sheet_id)[:40]}'의 모양이 틀렸습니다.",
                         "sejong-zero-docs 처럼 영어 소문자, 숫자, 빼기(-)만 쓰세요.")
    path = settings.datasets_path / "fact_sheets" / f"{sheet_id}.yaml"
    if not path.is_file():
        raise InputError(f"사실 자료 '{sheet_id}'을(를) 찾을 수 없습니다.",
                         "datasets/fact_sheets 폴더에 파일이 있는지 강사에게 확인하세요.")
    return path


def load_sheet(settings, sheet):
    """A FactSheet from an id, a path, or a FactSheet (returned as is); None stays None."""
    if sheet is None:
        return None
    from civiclab.facts import FactSheet, load_fact_sheet

    if isinstance(sheet, FactSheet):
        return sheet
    path = Path(sheet)
    if path.suffix != ".yaml":
        path = fact_sheet_path(settings, str(sheet))
    return load_fact_sheet(path)
