"""Run every benchmark module (``make bench``) and rewrite benchmarks/README.md sections.

Each ``bench_*.py`` exposes ``run() -> (title, markdown)``; results are
ratios against a baseline measured in the same run, with the machine named.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from benchmarks._machine import machine

HERE = Path(__file__).resolve().parent


def update_readme(title: str, body: str) -> None:
    """Replace the section ``## title`` in benchmarks/README.md (other sections are kept)."""
    path = HERE / "README.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    head = f"## {title}\n"
    section = head + body.rstrip() + "\n"
    if head in text:
        before, rest = text.split(head, 1)
        after = rest.split("\n## ", 1)
        text = before + section + ("\n## " + after[1] if len(after) > 1 else "")
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in HERE.glob("bench_*.py"))
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}", flush=True)
        title, body = module.run()
        body += f"\n\nMachine: {machine()}.\n"
        print(body)
        update_readme(title, body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
