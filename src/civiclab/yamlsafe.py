"""The one guarded YAML reader for every file people write by hand.

Prompts, fact sheets, rubrics, the glossary, datasets and learners' own prompt
drafts are all YAML typed by officials, so an error must name the line, and no
file may hurt the process that reads it.  PyYAML's ``SafeLoader`` keeps marks on
nodes; we walk the node tree once and record ``path -> line`` for every mapping
key and sequence item.  Aliases are refused (no file here needs them, and they
allow "billion laughs" blow-ups), duplicate keys are refused (PyYAML silently
keeps the last one), the node count is capped, and callers cap file size.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import yaml

T = TypeVar("T")

MAX_NODES = 200_000

DataPath = tuple  # a path into the data: ("versions", 0, "messages", 1, "content")


class YamlProblem(Exception):
    """A YAML file could not be read; carries a Korean problem and fix and a line."""

    def __init__(self, problem: str, fix: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix
        self.line = line

    def where(self) -> str:
        """' (3번째 줄)' when the line is known, for callers that put it in their own sentence."""
        return f" ({self.line}번째 줄)" if self.line else ""


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            line = event.start_mark.line + 1
            raise YamlProblem(
                f"YAML 별칭(*{event.anchor})은 이 파일에 쓸 수 없습니다.",
                "&이름 과 *이름 표시를 지우고 값을 그대로 적으세요.",
                line,
            )
        return super().compose_node(parent, index)


class _DatesAsTextLoader(_NoAliasLoader):
    """Leaves 2024-04-02 as text so a model validator can report a bad date by field."""


_DatesAsTextLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def safe_load(text: str, *, dates_as_text: bool = False, max_nodes: int = MAX_NODES) -> object:
    """Like ``yaml.safe_load`` but guarded; raises :class:`YamlProblem` with Korean words."""
    return load_text(text, dates_as_text=dates_as_text, max_nodes=max_nodes)[0]


def load_text(text: str, *, dates_as_text: bool = False, max_nodes: int = MAX_NODES,
              split_hint: str = "파일을 여러 개로 나누세요.") -> tuple[object, dict[DataPath, int]]:
    """Parse ``text``; return the data (None for an empty document) and ``path -> line``."""
    try:
        loader = (_DatesAsTextLoader if dates_as_text else _NoAliasLoader)(text)
    except yaml.reader.ReaderError as exc:
        raise _control_character(exc, text) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines: dict[DataPath, int] = {(): node.start_mark.line + 1}
        _walk(node, (), lines, [0], max_nodes, split_hint)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlProblem(
            f"YAML 문법 오류입니다 ({_yaml_reason(exc)}).",
            "들여쓰기(공백 2칸), 콜론(:) 뒤 공백, 따옴표 짝을 확인하세요. 값에 콜론(:)이나 #이 들어가면 "
            "따옴표로 감싸세요." + (" {{ 로 시작하는 값은 따옴표로 감싸거나 | 블록으로 적으세요." if "{{" in text else ""),
            line,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise _control_character(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML 문법 오류입니다 ({exc}).", "YAML 문법을 확인하세요.") from None
    except (ValueError, TypeError, AttributeError, OverflowError):  # !!timestamp nope, !!int 1e999
        raise YamlProblem("읽을 수 없는 값이 있습니다(!! 표시 뒤의 값이 그 형식에 맞지 않음).",
                          "!! 표시를 지우고 값을 평범한 글자나 숫자로 쓰세요.") from None
    except RecursionError:
        raise YamlProblem("목록과 묶음이 너무 깊게 겹쳐 있습니다.", "목록과 묶음을 한두 단계로만 쓰세요.") from None
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


def _walk(node: yaml.Node, path: DataPath, lines: dict[DataPath, int], count: list[int],
          max_nodes: int, split_hint: str) -> None:
    count[0] += 1
    if count[0] > max_nodes:
        raise YamlProblem("파일의 항목이 너무 많습니다.", split_hint, node.start_mark.line + 1)
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
            _walk(value_node, path + (key,), lines, count, max_nodes, split_hint)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines, count, max_nodes, split_hint)


def line_for(lines: dict[DataPath, int], path: DataPath) -> int | None:
    """The line of ``path`` or of its nearest recorded parent."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def read_cached(path: Path | str, parse: Callable[[str, str], T], what: str) -> T:
    """``parse(text, path)`` of a data file, re-read only when the file changed.

    Scoring asks for the glossary and the typo list once per draft; a stat per
    call is cheap, parsing 90 KB of YAML is not.  ``what`` names the file in
    Korean messages (용어집, 맞춤법 목록).
    """
    from civiclab.errors import InputError

    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(f"{what} 파일을 열 수 없습니다: {path}", "파일 경로를 확인하세요.",
                         detail=str(exc)) from exc
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size, parse, what)


@lru_cache(maxsize=16)
def _read_cached(path: str, _mtime_ns: int, _size: int, parse: Callable[[str, str], T], what: str) -> T:
    from civiclab.errors import InputError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{what} 파일을 열 수 없습니다: {path}", "파일 경로와 인코딩(UTF-8)을 확인하세요.",
                         detail=str(exc)) from exc
    return parse(text, path)
