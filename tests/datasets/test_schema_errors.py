"""Loaders turn every malformed file into one Korean InputError naming the place and the fix."""

from __future__ import annotations

import pytest

from civiclab.datasets_schema import (
    load_categories,
    load_glossary,
    load_roster,
    load_sources,
)
from civiclab.errors import InputError

ROSTER_HEAD = "id,first_name,last_name,email,cohort,department,role\n"

CASES = [
    (load_categories, "c.yaml", "categories:\n  - {code: CERT, name: x, chatbot_covered: maybe}\n",
     ["1번째 항목", "true 또는 false"]),
    (load_categories, "c.yaml", ("categories:\n  - {code: CERT, name: a, chatbot_covered: true}\n"
     "  - {code: CERT, name: b, chatbot_covered: false}\n"), ["겹칩니다", "CERT"]),
    (load_categories, "c.yaml", "version: 1\n", ["'categories' 목록이 없습니다"]),
    (load_sources, "s.yaml", "sources:\n  - {id: bad id, category: CERT, title: t, text: short}\n",
     ["'id' 형식", "src-cert-kiosk", "'text'"]),
    (load_sources, "s.yaml", "sources: [\n", ["YAML 형식", "번째 줄"]),
    (load_glossary, "g.yaml", ("version: 1\nentries:\n"
     "  - {term: 니즈, recommended: [], kind: foreign, note: n, source: s}\n"),
     ["entries.0.recommended", "하나 이상"]),
    (load_glossary, "g.yaml", ("version: 1\nentries:\n"
     "  - {term: 니즈, recommended: [니즈], kind: foreign, note: n, source: s}\n"), ["자기 자신"]),
    (load_glossary, "g.yaml", ("version: 1\nentries:\n"
     "  - {term: 니즈, recommended: [요구], kind: slang, note: n, source: s}\n"), ["허용되지 않는 값"]),
    (load_roster, "r.csv", "id,name\nx,y\n", ["열 이름", "first_name"]),
    (load_roster, "r.csv", ROSTER_HEAD + "SJ 1,a,b,,2025-4-A,d,r\n", ["2번째 줄", "sj0001", "2025-04-A"]),
    (load_roster, "r.csv", ROSTER_HEAD + "sj1,a,b,,2025-04-A,d,r\nsj1,c,d,,2025-04-A,d,r\n",
     ["겹칩니다", "sj1"]),
]


@pytest.mark.parametrize("loader, name, text, needles", CASES)
def test_korean_errors(tmp_path, loader, name, text, needles):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as ei:
        loader(p)
    msg = ei.value.format_ko()
    for needle in needles:
        assert needle in msg, (needle, msg)
    assert "해결 방법:" in msg


def test_binary_file_is_named(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(InputError) as ei:
        load_glossary(p)
    assert "UTF-8" in ei.value.problem


def test_categories_file_matches_the_brief(categories):
    covered = {c.code for c in categories if c.chatbot_covered}
    assert covered == {"CERT", "MOVEIN", "PASSPORT", "DADBONUS", "SCHOOLGIFT", "FARMER",
                       "TRANSIT", "PARKING", "WASTE", "FACILITY"}
    assert "OTHER" in {c.code for c in categories}


def test_numeric_glossary_version_is_text(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text("version: 3\nentries:\n"
                 "  - {term: 니즈, recommended: [요구], kind: foreign, note: n, source: s}\n",
                 encoding="utf-8")
    assert load_glossary(p).version == "3"


def test_code_lists_and_types_agree():
    import typing

    from civiclab import datasets_schema as ds

    assert set(typing.get_args(ds.HandOverReason)) == set(ds.HAND_OVER_REASONS)
    assert set(typing.get_args(ds.AdversarialKind)) == set(ds.ADVERSARIAL_KINDS)
    kind = ds.GlossaryEntry.model_fields["kind"].annotation
    assert set(typing.get_args(kind)) == set(ds.GLOSSARY_KINDS)
