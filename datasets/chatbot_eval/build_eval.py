"""Build eval.jsonl from the intent tables (deterministic: no randomness).

Run from the repository root:

    python datasets/chatbot_eval/build_eval.py

Item ids are ``<CATEGORY>-<NNN>`` numbered in table order, so adding a phrasing
at the end of a table keeps earlier ids stable.  The output is committed; the
tests rebuild it in memory and compare, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from items_adversarial import ADVERSARIAL, EXTRA  # noqa: E402  (after sys.path setup)
from items_covered import INTENTS  # noqa: E402

CATEGORY_ORDER = ["CERT", "MOVEIN", "PASSPORT", "DADBONUS", "SCHOOLGIFT", "FARMER",
                  "TRANSIT", "PARKING", "WASTE", "FACILITY", "OTHER"]


def _item(category, src, question, answer, facts, hand_over=None, adversarial=None):
    return {
        "category": category,
        "question": question,
        "source_id": src,
        "reference_answer": answer,
        "required_facts": list(facts),
        "should_hand_over": hand_over is not None,
        "hand_over_reason": hand_over,
        "adversarial": adversarial,
    }


def build_items() -> list[dict]:
    by_cat: dict[str, list[dict]] = {c: [] for c in CATEGORY_ORDER}
    for cat, intents in INTENTS.items():
        for k, it in enumerate(intents):
            qs = list(it["qs"]) + list(EXTRA.get((cat, k), []))
            for q in qs:
                by_cat[cat].append(_item(cat, it["src"], q, it["answer"], it["facts"],
                                         it.get("hand_over"), it.get("adversarial")))
    for it in ADVERSARIAL:
        by_cat[it["category"]].append(_item(it["category"], it["src"], it["q"], it["answer"],
                                            it["facts"], it.get("hand_over"), it.get("adversarial")))
    out = []
    for cat in CATEGORY_ORDER:
        for n, item in enumerate(by_cat[cat], start=1):
            out.append({"id": f"{cat}-{n:03d}", **item})
    return out


def render(items: list[dict]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def main() -> None:
    items = build_items()
    (HERE / "eval.jsonl").write_text(render(items), encoding="utf-8")
    print(f"{len(items)} items -> {HERE / 'eval.jsonl'}")


if __name__ == "__main__":
    main()
