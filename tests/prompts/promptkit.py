"""Helpers for the prompt-library tests: a tiny prompt file, a CLI runner, a gateway double."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import typer

GOOD = """\
id: press_release.sample
title: 시험용 보도자료
task: press_release
owner: 대변인실
tags: [시험]
versions:
  - version: 1
    status: approved
    created: 2026-04-01
    author: 홍길동
    changelog: 처음 만듦
    temperature: 0.2
    max_tokens: 600
    messages:
      - role: system
        content: 당신은 세종특별자치시 대변인실 공무원입니다.
      - role: user
        content: |
          다음 사실로 보도자료를 쓰세요. 주제: {{ topic }}
          {% if audience %}독자: {{ audience }}{% endif %}
    variables:
      - name: topic
        description: 보도자료 주제
        required: true
        example: 세종 자전거 축제
      - name: audience
        description: 읽을 사람
        required: false
  - version: 2
    status: draft
    created: 2026-04-02
    author: 홍길동
    changelog: 문의처를 넣도록 고침
    temperature: 0.3
    max_tokens: 800
    messages:
      - role: system
        content: 당신은 세종특별자치시 대변인실 공무원입니다. 문의처를 꼭 넣으세요.
      - role: user
        content: "주제: {{ topic }}"
    variables:
      - name: topic
        description: 보도자료 주제
labels:
  production: 1
tests:
  - name: 주제가 들어감
    vars:
      topic: 자전거 축제
    assertions:
      - type: contains
        value: 자전거
links:
  categories: []
  metrics: []
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_cli(argv: list[str]) -> int:
    """Run ``civiclab <argv>`` with only the prompts group, through the real CLI edge."""
    from civiclab.cli import prompts as prompts_cli
    from civiclab.cli._edge import run

    app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                      pretty_exceptions_enable=False)
    prompts_cli.register(app)

    @app.callback()
    def _root() -> None:  # keeps "prompts" a sub-command, as in the real app
        pass

    return run(app, argv)


@dataclass
class FakeGeneration:
    text: str
    model: str = "fake"
    backend: str = "fake"
    cached: bool = False
    prompt_ref: str | None = None


class EchoGateway:
    """A test double for ``Gateway``: answers with the user message it was sent."""

    def __init__(self, reply=None):
        self.requests = []
        self.reply = reply or (lambda messages: messages[-1]["content"])

    def generate_many(self, requests, concurrency=8, progress=True):
        self.requests.extend(requests)
        return [FakeGeneration(self.reply(r.messages), prompt_ref=r.prompt_ref) for r in requests]

    def generate(self, messages, *, temperature=None, max_tokens=None, prompt_ref=None):
        return FakeGeneration(self.reply(messages), prompt_ref=prompt_ref)
