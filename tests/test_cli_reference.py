"""The command table in README.md must match `civiclab --help`, both ways."""

from __future__ import annotations

import re

import typer

from conftest import ROOT


def _leaf_commands():
    from civiclab.cli import _register_all, app

    _register_all()
    root = typer.main.get_command(app)
    out = {}

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, path + [name])
        else:
            out[" ".join(path)] = (cmd.help or "").strip().splitlines()[0] if cmd.help else ""

    walk(root, [])
    return out


def _readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## 명령 참고", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `civiclab ([^`]+)` \| (.+?) \|$", section, flags=re.M))


def test_readme_lists_every_command_with_its_help():
    assert _readme_commands() == _leaf_commands()
