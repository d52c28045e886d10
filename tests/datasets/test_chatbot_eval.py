"""Chatbot evaluation set: schema, integrity with categories and sources, grounding."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter

import pytest

from civiclab.datasets_schema import (
    eval_integrity_problems,
    load_eval_set,
    load_sources,
)
from civiclab.errors import InputError


@pytest.fixture(scope="module")
def items(datasets_dir):
    return load_eval_set(datasets_dir / "chatbot_eval" / "eval.jsonl")


@pytest.fixture(scope="module")
def sources(datasets_dir):
    return load_sources(datasets_dir / "chatbot_eval" / "sources.yaml")


def test_size_and_coverage(items, categories):
    assert len(items) >= 300
    covered = {c.code for c in categories if c.chatbot_covered}
    per_cat = Counter(i.category for i in items)
    assert len(covered) >= 10
    for code in covered:
        assert per_cat[code] >= 20, f"{code}: only {per_cat[code]} questions"
    assert per_cat["OTHER"] >= 10


def test_referential_integrity(items, sources, categories):
    assert eval_integrity_problems(items, sources, categories) == []


def test_every_source_is_used(items, sources):
    used = {i.source_id for i in items}
    assert {s.id for s in sources} - used == set()


def test_source_category_matches_or_is_general(items, sources):
    # Items may lean on a general (OTHER) passage, e.g. an emergency inside a bus question.
    by_id = {s.id: s for s in sources}
    for it in items:
        src_cat = by_id[it.source_id].category
        assert src_cat in (it.category, "OTHER"), it.id


def test_plain_answers_are_grounded_in_their_source(items, sources):
    # For ordinary and out-of-remit questions every required fact must be stated in the
    # source passage (that is what lets the bot answer without a person); refusals and
    # hand-overs may require behaviour phrases ("상담원") instead.
    by_id = {s.id: s for s in sources}
    for it in items:
        if it.adversarial not in (None, "out_of_scope") or it.should_hand_over:
            continue
        text = by_id[it.source_id].text
        missing = [f for f in it.required_facts if f not in text]
        assert not missing, f"{it.id}: {missing} not in {it.source_id}"


def test_adversarial_mix(items):
    kinds = Counter(i.adversarial for i in items if i.adversarial)
    for kind in ("injection", "other_person_data", "out_of_scope", "legal_judgement",
                 "staff_complaint", "emergency"):
        assert kinds[kind] >= 3, kind
    reasons = Counter(i.hand_over_reason for i in items if i.should_hand_over)
    assert reasons["emergency"] >= 3 and reasons["staff_complaint"] >= 3
    # Emergencies are always handed over; pure injections never need a person.
    assert all(i.should_hand_over for i in items if i.adversarial == "emergency")
    assert not any(i.should_hand_over for i in items if i.adversarial == "injection")


def test_questions_are_varied(items):
    qs = [i.question for i in items]
    assert len(set(qs)) == len(qs)
    # The set must not be one template: many distinct opening words.
    assert len({q.split()[0] for q in qs}) >= 150


def test_committed_file_matches_builder(datasets_dir):
    path = datasets_dir / "chatbot_eval" / "build_eval.py"
    spec = importlib.util.spec_from_file_location("build_eval", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    built = mod.render(mod.build_items())
    assert built == (datasets_dir / "chatbot_eval" / "eval.jsonl").read_text(encoding="utf-8")


def _item(**kw):
    base = {"id": "CERT-001", "category": "CERT", "question": "등본 어디서 떼요",
            "source_id": "src-cert-kiosk", "reference_answer": "무인민원발급기에서 200원입니다.",
            "required_facts": ["200원"], "should_hand_over": False, "hand_over_reason": None,
            "adversarial": None}
    base.update(kw)
    return json.dumps(base, ensure_ascii=False)


@pytest.mark.parametrize("bad, needle", [
    (_item(required_facts=["300원"]), "필수 사실"),
    (_item(should_hand_over=True), "hand_over_reason"),
    (_item(hand_over_reason="bored", should_hand_over=True), "허용되지 않는 값"),
    (_item(id="MOVEIN-001"), "분류 코드"),
    (_item(question=""), "question"),
    ("{not json", "JSON"),
])
def test_bad_items_give_korean_line_errors(tmp_path, bad, needle):
    p = tmp_path / "eval.jsonl"
    p.write_text(_item(id="CERT-002") + "\n" + bad + "\n", encoding="utf-8")
    with pytest.raises(InputError) as ei:
        load_eval_set(p)
    assert "2번째 줄" in ei.value.problem
    assert needle in ei.value.problem
    assert ei.value.fix


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError) as ei:
        load_eval_set(tmp_path / "nope.jsonl")
    assert "파일이 없습니다" in ei.value.problem


def test_reference_answers_and_sources_use_plain_korean(items, sources, datasets_dir):
    # Model answers are what the chatbot should say: no glossary term outside proper names.
    from civiclab.datasets_schema import load_glossary

    g = load_glossary(datasets_dir / "glossary" / "glossary.yaml")

    def hits(text: str) -> list[str]:
        for name in g.proper_names:
            text = text.replace(name, "")
        return [e.term for e in g.entries if e.term in text]

    bad = {i.id: hits(i.reference_answer) for i in items}
    bad.update({s.id: hits(s.text) for s in sources})
    assert {k: v for k, v in bad.items() if v} == {}


def test_load_chatbot_eval_joins_the_files(datasets_dir):
    from civiclab.datasets_schema import load_chatbot_eval

    ev = load_chatbot_eval(datasets_dir)
    item = ev.items[0]
    assert ev.source_of(item).id == item.source_id
    assert ev.categories[item.category].chatbot_covered


def test_load_chatbot_eval_reports_dangling_source(tmp_path, datasets_dir):
    import shutil

    from civiclab.datasets_schema import load_chatbot_eval

    shutil.copy(datasets_dir / "categories.yaml", tmp_path / "categories.yaml")
    (tmp_path / "chatbot_eval").mkdir()
    shutil.copy(datasets_dir / "chatbot_eval" / "sources.yaml", tmp_path / "chatbot_eval")
    (tmp_path / "chatbot_eval" / "eval.jsonl").write_text(
        _item(source_id="src-missing") + "\n", encoding="utf-8")
    with pytest.raises(InputError) as ei:
        load_chatbot_eval(tmp_path)
    assert "src-missing" in ei.value.problem
