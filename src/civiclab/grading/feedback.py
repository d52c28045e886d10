"""Korean feedback: nbgrader's own feedback template with its labels translated.

Hidden tests are removed by ``civiclab.grading.preprocessors.HideHiddenTests``
(configured in ``civiclab.grading.config``).  Translating the installed template
at run time keeps the feedback in step with nbgrader upgrades.
"""

from __future__ import annotations

import json
from pathlib import Path

# (English in nbgrader's feedback template, Korean) — order matters: longer first.
_LABELS = [
    ("<html>", '<html lang="ko">'),
    ("Late submission penalty (Score:", "늦은 제출 감점 (점수:"),
    (">Coding free-response</a>", ">코드 서술형 답</a>"),
    (">Written response</a>", ">서술형 답</a>"),
    (">Test cell</a>", ">자동 채점 검사</a>"),
    (">Task</a>", ">과제</a>"),
    (">Comment</a>", ">채점자 의견</a>"),
    ("Student's answer", "학습자의 답"),
    ("Student's task", "학습자의 과제"),
    ("Grade cell:", "채점 셀:"),
    ("Task:", "과제:"),
    ("<b>Comments:</b>", "<b>채점자 의견:</b>"),
    ("(Score:", "(점수:"),
    ("Score:", "점수:"),
    ("(Top)", "(맨 위로)"),
]


def korean_template_config(dest: Path):
    """Write a Korean copy of nbgrader's feedback template under ``dest`` and return the config."""
    import nbgrader
    from traitlets.config import Config

    base = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    src = base / "feedback" / "index.html.j2"
    out = Path(dest) / "feedback_ko"
    out.mkdir(parents=True, exist_ok=True)
    text = src.read_text(encoding="utf-8")
    for en, ko in _LABELS:
        text = text.replace(en, ko)
    (out / "index.html.j2").write_text(text, encoding="utf-8")
    conf = json.loads((base / "feedback" / "conf.json").read_text(encoding="utf-8"))
    (out / "conf.json").write_text(json.dumps(conf), encoding="utf-8")
    c = Config()
    c.HTMLExporter.template_name = "feedback_ko"
    c.HTMLExporter.extra_template_basedirs = [str(Path(dest).resolve()), str(base)]
    return c
