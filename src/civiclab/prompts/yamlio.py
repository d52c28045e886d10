"""Prompt files: the guarded YAML reader plus the limits and words of the prompt library."""

from __future__ import annotations

from pathlib import Path

from civiclab.yamlsafe import DataPath, YamlProblem, line_for, load_text

__all__ = ["MAX_FILE_BYTES", "MAX_NODES", "DataPath", "YamlProblem", "line_for", "load_yaml", "load_yaml_text"]

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000


def load_yaml(path: Path) -> tuple[object, dict[DataPath, int]]:
    """Read a prompt file safely; return the data and a map from data path to 1-based line."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(f"파일을 열 수 없습니다 ({exc.strerror}).", "파일 경로와 권한을 확인하세요.") from None
    if size > MAX_FILE_BYTES:
        raise YamlProblem(
            f"파일이 너무 큽니다 ({size // 1024} KB, 최대 {MAX_FILE_BYTES // 1024} KB).",
            "예시나 시험 사례를 줄이거나 프롬프트를 나누세요.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlProblem("파일이 UTF-8 글자 인코딩이 아닙니다.", "편집기에서 UTF-8로 다시 저장하세요.") from None
    return load_yaml_text(text)


def load_yaml_text(text: str) -> tuple[object, dict[DataPath, int]]:
    data, lines = load_text(text, max_nodes=MAX_NODES, split_hint="프롬프트를 여러 파일로 나누세요.")
    if data is None:
        raise YamlProblem("파일이 비어 있습니다.", "id, title, versions 등 프롬프트 항목을 적으세요.", 1)
    return data, lines
