"""Every YAML file people write goes through one guarded reader (civiclab.yamlsafe)."""

from __future__ import annotations

import pytest

from civiclab import datasets_schema
from civiclab.datagen.complaints import load_categories
from civiclab.errors import InputError
from civiclab.facts.loader import parse_fact_sheet
from civiclab.scoring.glossary import load_glossary
from civiclab.scoring.rubric import load_rubric
from civiclab.yamlsafe import YamlProblem, load_text, safe_load

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

HOSTILE = [
    ("alias bomb", BOMB, "별칭", 2),
    ("duplicate key", "id: a\nkind: x\nid: b\n", "두 번", 3),
    ("tab indent", "a:\n\tb: 1\n", "탭", 2),
    ("python object tag", "x: !!python/object/apply:os.system [ls]\n", "태그", 1),
    ("bad timestamp tag", "x: !!timestamp nope\n", "!!", None),
    ("unclosed quote", 'x: "abc\n', "따옴표", None),
    ("control character", "x: a\x07b\n", "제어 문자", 1),
]


@pytest.mark.parametrize(("name", "text", "word", "line"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_yaml_becomes_a_korean_problem_with_its_line(name, text, word, line):
    with pytest.raises(YamlProblem) as info:
        safe_load(text)
    assert word in info.value.problem
    assert info.value.fix
    if line is not None:
        assert info.value.line == line


def test_node_limit_and_line_map():
    with pytest.raises(YamlProblem, match="너무 많습니다"):
        safe_load("[" + ", ".join("1" * 1 for _ in range(101)) + "]", max_nodes=100)
    data, lines = load_text("id: a\nitems:\n  - x\n  - y\n")
    assert data == {"id": "a", "items": ["x", "y"]}
    assert lines[("items", 1)] == 4
    assert load_text("")[0] is None


def test_dates_stay_text_only_when_asked():
    assert safe_load("d: 2024-04-02\n", dates_as_text=True) == {"d": "2024-04-02"}
    assert str(safe_load("d: 2024-04-02\n")["d"]) == "2024-04-02"


@pytest.mark.parametrize("reader", ["fact sheet", "rubric", "glossary", "categories", "dataset categories"])
def test_every_reader_refuses_an_alias_bomb_in_korean(reader, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(BOMB, encoding="utf-8")
    call = {
        "fact sheet": lambda: parse_fact_sheet(BOMB, "hostile.yaml"),
        "rubric": lambda: load_rubric(path),
        "glossary": lambda: load_glossary(path),
        "categories": lambda: load_categories(path),
        "dataset categories": lambda: datasets_schema.load_categories(path),
    }[reader]
    with pytest.raises(InputError) as info:
        call()
    assert "별칭" in info.value.problem or "별칭" in (info.value.detail or "")
