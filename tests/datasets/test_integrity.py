"""Category codes are shared: categories.yaml, the evaluation set, the chatbot prompts."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _prompt_links() -> dict[str, list[str]]:
    out = {}
    for p in sorted((ROOT / "prompts").rglob("*.yaml")):
        for doc in yaml.safe_load_all(p.read_text(encoding="utf-8")):
            if isinstance(doc, dict) and isinstance(doc.get("links"), dict):
                out[p.relative_to(ROOT).as_posix()] = list(doc["links"].get("categories") or [])
    return out


def test_prompt_category_links_exist(categories):
    links = _prompt_links()
    assert links, "prompts/ should link chatbot prompts to complaint categories"
    codes = {c.code for c in categories}
    unknown = {f: [c for c in cs if c not in codes] for f, cs in links.items()}
    assert {f: cs for f, cs in unknown.items() if cs} == {}


def test_every_covered_category_has_a_chatbot_prompt_and_questions(categories, datasets_dir):
    import json

    links = _prompt_links()
    chatbot = {c for f, cs in links.items() if "/chatbot/" in f or f.startswith("prompts/chatbot")
               for c in cs}
    assert chatbot, "prompts/chatbot/ should hold the AI충녕 prompts"
    asked = {json.loads(line)["category"] for line in
             (datasets_dir / "chatbot_eval" / "eval.jsonl").read_text("utf-8").splitlines()}
    covered = {c.code for c in categories if c.chatbot_covered}
    assert covered <= chatbot, covered - chatbot
    assert covered <= asked, covered - asked
