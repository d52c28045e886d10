"""The command table of README.md, generated from the CLI itself.

``python -m civiclab.cli._reference`` rewrites the table in README.md;
``tests/test_cli_reference.py`` fails when the two disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer

HEADER = "| 명령 | 설명 |\n|---|---|\n"


def commands() -> dict[str, str]:
    from civiclab.cli import _register_all, app

    _register_all()
    out: dict[str, str] = {}

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, path + [name])
        else:
            out[" ".join(path)] = (cmd.help or "").strip().splitlines()[0] if cmd.help else ""

    walk(typer.main.get_command(app), [])
    return out


def table() -> str:
    return HEADER + "".join(f"| `civiclab {c}` | {h} |\n" for c, h in commands().items())


def rewrite(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"\| 명령 \| 설명 \|\n\|---\|---\|\n(?:\|.*\|\n)*", table(), text, count=1)
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1] if len(sys.argv) > 1 else "README.md"))
