"""The ``civiclab`` command: a thin layer over the library.

Each command group lives in its own module with a ``register(app)`` function;
add a new group by adding its module name to ``_GROUPS``.  Errors raised by the
library are turned into Korean messages here and nowhere else.
"""

from __future__ import annotations

import importlib
import sys

import typer

app = typer.Typer(
    name="civiclab",
    help="AI 행정 실습실(civiclab): 생성형 인공지능(AI) 글쓰기 실습과 채점 도구",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Order is the order shown in --help.
_GROUPS = [
    "demo",
    "facts",
    "doctor",
    "generate",
    "guard",
    "prompts",
    "score",
    "data",
    "metrics",
    "course",
]


def _register_all() -> None:
    for name in _GROUPS:
        importlib.import_module(f"civiclab.cli.{name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, map library errors to Korean messages and exit codes."""
    from civiclab.cli._edge import run

    _register_all()
    code = run(app, sys.argv[1:] if argv is None else argv)
    if argv is None:
        sys.exit(code)
    return code
