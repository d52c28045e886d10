"""Helpers shared by CLI commands: settings from options, input files, output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from civiclab.errors import InputError
from civiclab.settings import Settings, load_settings

MAX_INPUT_BYTES = 1_000_000


def settings_from(backend: str | None = None, **overrides) -> Settings:
    if backend is not None and backend not in ("offline", "openai"):
        raise InputError(f"백엔드 '{backend}'을(를) 알 수 없습니다.", "--backend offline 또는 --backend openai 를 쓰세요.")
    return load_settings(backend=backend, **overrides)


def read_text_arg(arg: str, what: str = "파일", max_bytes: int = MAX_INPUT_BYTES) -> str:
    """Read a file argument (``-`` = standard input) as UTF-8 text, with Korean errors."""
    if arg == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "표준 입력"
    else:
        path = Path(arg)
        if not path.exists():
            raise InputError(f"{what} '{arg}'을(를) 찾을 수 없습니다.", "경로와 파일 이름을 확인하세요.")
        if path.is_dir():
            raise InputError(f"'{arg}'은(는) 폴더입니다.", "파일 경로를 주세요.")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
        name = arg
    if len(data) > max_bytes:
        raise InputError(f"{what} '{name}'이(가) 너무 큽니다({max_bytes // 1000:,}KB 초과).",
                         "글을 나누어 주세요.")
    if b"\x00" in data:
        raise InputError(f"{what} '{name}'은(는) 글(텍스트) 파일이 아닙니다.", "UTF-8 텍스트 파일을 주세요.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{what} '{name}'을(를) UTF-8로 읽을 수 없습니다.",
                         "파일을 UTF-8로 저장하세요 (한글 프로그램에서 '다른 이름으로 저장' → 인코딩 UTF-8).") from None
    if not text.strip():
        raise InputError(f"{what} '{name}'이(가) 비어 있습니다.", "내용이 있는 파일을 주세요.")
    return text


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def parse_vars(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise InputError(f"변수 '{pair}'의 모양이 틀렸습니다.", "--var 이름=값 모양으로 쓰세요.")
        key, value = pair.split("=", 1)
        if not key.strip():
            raise InputError(f"변수 '{pair}'에 이름이 없습니다.", "--var 이름=값 모양으로 쓰세요.")
        if value.startswith("@"):
            value = read_text_arg(value[1:], "변수 파일")
        out[key.strip()] = value
    return out
