"""The command table in README.md must match `civiclab --help`, both ways."""

from __future__ import annotations

import re

from support import ROOT

from civiclab.cli._reference import commands


def _readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## 명령 참고", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `civiclab ([^`]+)` \| (.+?) \|$", section, flags=re.MULTILINE))


def test_readme_lists_every_command_with_its_help():
    # Fix a failure with: python -m civiclab.cli._reference README.md
    assert _readme_commands() == commands()
