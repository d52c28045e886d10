"""Safe YAML loading that remembers where every value came from.

Prompt files are written by hand in class, so an error must name the line.
PyYAML's ``SafeLoader`` keeps marks on nodes; we walk the node tree once and
record ``path -> line`` for every mapping key and sequence item.  Aliases are
refused (a prompt file never needs them, and they allow "billion laughs"
blow-ups), duplicate keys are refused (PyYAML silently keeps the last one), and
files are size-limited before parsing.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000

DataPath = tuple  # a path into the data: ("versions", 0, "messages", 1, "content")


class YamlProblem(Exception):
    """A YAML file could not be read; carries a Korean problem and fix and a line."""

    def __init__(self, problem: str, fix: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem(
                "YAML 별칭(*이름)은 프롬프트 파일에서 쓸 수 없습니다.",
                "별칭 대신 내용을 그대로 적으세요.",
                event.start_mark.line + 1,
            )
        return super().compose_node(parent, index)


def load_yaml(path: Path) -> tuple[object, dict[DataPath, int]]:
    """Read ``path`` safely; return the data and a map from data path to 1-based line."""
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
    try:
        loader = _NoAliasLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _control_character(exc, text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("파일이 비어 있습니다.", "id, title, versions 등 프롬프트 항목을 적으세요.", 1)
        lines: dict[DataPath, int] = {(): node.start_mark.line + 1}
        _walk(node, (), lines, [0])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlProblem(
            f"YAML 문법 오류입니다 ({_yaml_reason(exc)}).",
            "들여쓰기(공백 2칸), 콜론(:) 뒤 공백, 따옴표 짝을 확인하세요. "
            "{{ 로 시작하는 값은 따옴표로 감싸거나 | 블록으로 적으세요.",
            line,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _control_character(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML 문법 오류입니다 ({exc}).", "YAML 문법을 확인하세요.") from None
    finally:
        loader.dispose()
    return data, lines


def _control_character(exc: yaml.reader.ReaderError, text: str) -> YamlProblem:
    return YamlProblem(
        f"파일에 쓸 수 없는 제어 문자(코드 {exc.character:#x})가 있습니다.",
        "편집기에서 보이지 않는 특수 문자를 지우고 UTF-8로 다시 저장하세요.",
        text.count("\n", 0, max(exc.position, 0)) + 1,
    )


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    reason = (exc.problem or exc.context or "").strip()
    known = {
        "mapping values are not allowed here": "이 자리에 '키: 값'을 쓸 수 없음",
        "could not find expected ':'": "':'가 있어야 할 자리에 없음",
        "found character '\\t' that cannot start any token": "탭 문자는 쓸 수 없음",
        "found undefined alias": "정의되지 않은 별칭",
        "expected <block end>": "들여쓰기가 맞지 않음",
        "expected <block mapping start>": "들여쓰기가 맞지 않음",
        "could not find expected": "닫는 기호(따옴표, 괄호)가 없음",
        "did not find expected": "들여쓰기나 목록 기호(-)가 맞지 않음",
        "while scanning a quoted scalar": "따옴표가 닫히지 않음",
        "found unexpected end of stream": "파일이 중간에 끝남(닫는 따옴표·괄호가 없음)",
        "could not determine a constructor": "쓸 수 없는 YAML 태그(!!)",
    }
    for en, ko in known.items():
        if en in reason:
            return ko
    return reason or "알 수 없는 문법"


def _walk(node: yaml.Node, path: DataPath, lines: dict[DataPath, int], count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlProblem(
            "파일의 항목이 너무 많습니다.", "프롬프트를 여러 파일로 나누세요.", node.start_mark.line + 1
        )
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlProblem(
                    f"항목 '{key}'이(가) 두 번 적혀 있습니다 ({seen[key]}번째 줄과 {line}번째 줄).",
                    "둘 중 하나를 지우거나 합치세요.",
                    line,
                )
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, count)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines, count)


def line_for(lines: dict[DataPath, int], path: DataPath) -> int | None:
    """The line of ``path`` or of its nearest recorded parent."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)
