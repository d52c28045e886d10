"""``civiclab prompts new``: a new prompt file from a template that already lints."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from string import Template

from civiclab.errors import InputError
from civiclab.prompts.model import ID_RE, TASKS_KO, has_hangul

# Each task starts from the variables it usually needs; the author edits from there.
_BODY = {
    "drafting": """\
      - role: system
        content: |
          당신은 $organization $owner의 글쓰기 담당 공무원입니다.
          [사실 자료]에 있는 내용만 쓰고, 자료에 없는 숫자·날짜·이름은 지어내지 마세요.
      - role: user
        content: |
          다음 사실 자료로 $task_ko 초안을 써 주세요.
          구성: 제목, 부제, 리드, 본문, 문의처
          분량: 1200자 이내

          {{ fact_sheet }}
    variables:
      - name: fact_sheet
        description: 사실 자료 블록 (FactSheet.to_prompt_block() 결과)
        required: true
        example: "[사실 자료]\\n제목: 예시 사업 안내\\n- 예시 사실"
""",
    "text": """\
      - role: system
        content: |
          당신은 $organization $owner의 공무원입니다. 쉬운 우리말로 정확하게 씁니다.
      - role: user
        content: |
          다음 글로 $task_ko 작업을 해 주세요.

          {{ text }}
    variables:
      - name: text
        description: 작업할 원문
        required: true
        example: 시민 여러분께 알려 드립니다.
""",
    "chatbot": """\
      - role: system
        content: |
          당신은 $organization 민원 안내 챗봇입니다. [근거 자료]에 있는 내용만 답하고,
          자료에 없으면 담당 부서로 안내하세요.
      - role: user
        content: |
          [근거 자료]
          {{ source }}

          [질문]
          {{ question }}
    variables:
      - name: source
        description: 답변의 근거가 되는 안내 자료
        required: true
        example: 전입신고는 이사한 날부터 14일 이내에 해야 합니다.
      - name: question
        description: 시민의 질문
        required: true
        example: 전입신고는 언제까지 해야 하나요?
""",
}
_KIND = {"press_release": "drafting", "speech": "drafting", "chatbot_answer": "chatbot"}

_TEMPLATE = Template("""\
# $title — civiclab prompts lint 로 검사하고 civiclab prompts test $id 로 시험하세요.
id: $id
title: $title_q
task: $task
owner: $owner_q
tags: []
versions:
  - version: 1
    status: draft
    created: $today
    author: $author_q
    changelog: 처음 만듦
    temperature: 0.3
    max_tokens: 1200
    messages:
$body
labels: {}
tests:
  - name: 기본 사례
    vars:
$test_vars
    assertions:
      - type: max_length
        value: 3000
links:
  categories: []
  metrics: []
""")


def new_prompt(root: Path, prompt_id: str, task: str, title: str, owner: str,
               author: str, *, organization: str = "세종특별자치시",
               today: dt.date | None = None) -> Path:
    """Write ``<root>/<area>/<id>.yaml``; never overwrite an existing file."""
    if not re.fullmatch(ID_RE, prompt_id):
        raise InputError(
            f"id '{prompt_id}'의 형식이 맞지 않습니다.",
            "press_release.budget_notice 처럼 영어 소문자, 숫자, 밑줄(_)을 점(.)으로 이어 쓰세요.",
        )
    if task not in TASKS_KO:
        raise InputError(f"작업 종류 '{task}'을(를) 알 수 없습니다.",
                         "--task 에 " + ", ".join(TASKS_KO) + " 중 하나를 쓰세요.")
    if not has_hangul(title):
        raise InputError("제목(--title)에 한글이 없습니다.", "학습자가 보는 제목은 한국어로 적으세요.")
    path = Path(root) / prompt_id.split(".", 1)[0] / f"{prompt_id}.yaml"
    if path.exists():
        raise InputError(f"{path}이(가) 이미 있습니다 (덮어쓰지 않았습니다).",
                         "다른 id를 쓰거나, 기존 파일의 versions 에 새 판을 추가하세요.")
    kind = _KIND.get(task, "text")
    body = Template(_BODY[kind]).substitute(
        organization=organization, owner=owner, task_ko=TASKS_KO[task])
    test_vars = {
        "drafting": '      fact_sheet: "[사실 자료]\\n제목: 예시 사업 안내\\n- 예시 사실"',
        "text": "      text: 시민 여러분께 알려 드립니다.",
        "chatbot": "      source: 전입신고는 이사한 날부터 14일 이내에 해야 합니다.\n"
                   "      question: 전입신고는 언제까지 해야 하나요?",
    }[kind]
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    text = _TEMPLATE.substitute(
        id=prompt_id, title=title, title_q=q(title), task=task, owner_q=q(owner),
        author_q=q(author), today=(today or dt.date.today()).isoformat(),
        body=body.rstrip("\n"), test_vars=test_vars,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)
    return path
