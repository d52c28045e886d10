"""Every --help page a learner can open is Korean, including click's own scaffolding."""

from __future__ import annotations

import re

import pytest
import typer

from civiclab.cli import _register_all, app, main

ENGLISH_SCAFFOLDING = re.compile(
    r"Usage:|Options:|Arguments:|Commands:|Show this message|\[required\]|\[default:|<str>|<int>|<float>|<path>")


def _command_paths() -> list[list[str]]:
    _register_all()
    root = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(cmd, prefix):
        for name, sub in (getattr(cmd, "commands", None) or {}).items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "civiclab")
def test_help_has_no_english_scaffolding(path, capsys):
    assert main([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("사용법: civiclab")
    assert "이 도움말을 보여 주고 끝냅니다." in out
    assert ENGLISH_SCAFFOLDING.search(out) is None, ENGLISH_SCAFFOLDING.search(out)


def test_option_column_lines_up_with_hangul_placeholders(capsys):
    from civiclab.cli._help_ko import _display_width

    main(["score", "--help"])
    lines = capsys.readouterr().out.splitlines()
    columns = set()
    for line in lines[lines.index("옵션:") + 1:]:
        m = re.match(r"(  --\S.*?)\s{2,}(\S.*)$", line)
        if m:  # the terminal column where this option's help text begins
            columns.add(_display_width(line[:m.start(2)]))
    assert len(columns) == 1, columns
