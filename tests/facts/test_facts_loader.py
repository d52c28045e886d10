"""Fact sheet model and loader: the sample loads, every kind of mistake gets a
Korean message naming the file and the exact field."""

import sys
from datetime import date

import pytest
from facts_data import SEJONG_PATH, load_sejong

from civiclab.errors import InputError
from civiclab.facts import FactSheet, load_fact_sheet, parse_fact_sheet
from civiclab.facts.loader import MAX_BYTES, load_fact_sheet_dir

SEJONG = load_sejong()


def test_sample_loads():
    assert isinstance(SEJONG, FactSheet)
    assert SEJONG.id == "sejong-zero-docs" and SEJONG.kind == "press_release"
    assert SEJONG.release_date == date(2024, 4, 2)
    assert SEJONG.figures[0].value == 63000 and isinstance(SEJONG.figures[0].value, int)
    assert SEJONG.dates[0].value == date(2024, 3, 28)
    assert SEJONG.contact.department == "민원과"


def test_prompt_block():
    block = SEJONG.to_prompt_block()
    lines = block.splitlines()
    assert lines[0] == "[사실 자료]"
    assert "배포일: 2024년 4월 2일" in lines
    assert "- 연간 혜택 민원인: 63,000명" in lines
    assert "- 협력 선언: 2024년 3월 28일" in lines
    assert "- 최민호 시장" in lines
    assert "문의처: 민원과 김담당 044-300-1234" in lines
    assert all(": " in ln or ln.startswith(("- ", "[")) or ln.endswith(":") for ln in lines)


def _bad(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_fact_sheet(text, source="bad.yaml")
    err = info.value
    assert "bad.yaml" in err.problem and err.fix
    return err


@pytest.fixture()
def base() -> str:
    return SEJONG_PATH.read_text(encoding="utf-8")


# (what to replace, replacement, expected field path, expected words in the problem)
MISTAKES = [
    ("value: 56,", "value: 많음,", "figures[1].value", "숫자가 아닙니다"),
    ("value: 63000,", "value: true,", "figures[0].value", "숫자가 아닙니다"),
    ("kind: press_release", "kind: pressrelease", "kind", "press_release"),
    ("release_date: 2024-04-02", "release_date: 2024-13-02", "release_date", "날짜"),
    ("value: 2024-03-28", "value: 어제", "dates[0].value", "날짜"),
    ("figures:", "figure:", "figure", "알 수 없는 항목"),
    ("id: sejong-zero-docs", "id: Sejong Zero", "id", "영문 소문자"),
    ("title: 세종시, 구비서류 제로화 추진\n", "", "title", "필수 항목"),
    ("  - speaker: 최민호", "  - speaker: 홍길동", "quotes[0].speaker", "people에 없습니다"),
    ('  phone: "044-300-1234"', "  phone: 0443001234", "contact.phone", "글자가 아닙니다"),
    ("  - {name: 최민호, title: 시장}", "  - {name: 최민호}", "people[0].title", "필수 항목"),
    ("organization: 세종특별자치시", "organization: ''", "organization", "비어 있습니다"),
    ("facts:\n", "facts: 하나의 문장\nx_facts:\n", "facts", "목록"),
]


@pytest.mark.parametrize(("old", "new", "field", "words"), MISTAKES)
def test_field_errors_name_the_field(base, old, new, field, words):
    assert old in base
    err = _bad(base.replace(old, new, 1))
    assert any(p == field for p, _ in err.field_errors), err.field_errors
    line = next(ln for ln in err.problem.splitlines() if ln.strip().startswith(f"- {field}:"))
    assert words in line
    assert field.split("[")[0].split(".")[0] in err.fix


def test_comma_in_flow_mapping_value(base):
    text = base.replace("  - {name: 최민호, title: 시장}", "  - {name: 최민호, title: 시장, 세종시}")
    text += "  - {speaker: 최민호, text: 답하고, 돕겠습니다.}\n"
    err = _bad(text)
    assert ("quotes[1]", err.field_errors[-1][1]) == err.field_errors[-1]
    assert "따옴표" in err.fix and "quotes[1]" in err.fix


def test_duplicate_label_and_person(base):
    dup = base.replace(
        "  - {label: 확인 가능 전자증명서", "  - {label: 연간 혜택 민원인, value: 1, unit: 명}\n"
        "  - {label: 확인 가능 전자증명서"
    )
    assert "두 번" in _bad(dup).problem


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x [1]\nb: *x\n", "별칭"),
        ("id: a\nid: b\n", "두 번"),
        ("id: [\n", "YAML 문법"),
        ("- a\n- b\n", "묶음이 아닙니다"),
        ("", "비어 있습니다"),
        ("id: a\x00", "글자 파일"),
        ("[" * 1500 + "]" * 1500, "깊게"),
    ],
)
def test_structural_errors(text, words):
    assert words in _bad(text).problem


def test_billion_laughs_is_refused_quickly():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    assert "별칭" in _bad(bomb).problem


def test_too_big_text():
    assert "너무 큽니다" in _bad("# " + "가" * (MAX_BYTES // 3 + 10)).problem


def test_file_errors(tmp_path):
    with pytest.raises(InputError, match="찾을 수 없습니다"):
        load_fact_sheet(tmp_path / "none.yaml")
    with pytest.raises(InputError, match="폴더"):
        load_fact_sheet(tmp_path)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="너무 큽니다"):
        load_fact_sheet(big)
    euckr = tmp_path / "euckr.yaml"
    euckr.write_bytes("title: 세종시".encode("euc-kr"))
    with pytest.raises(InputError, match="UTF-8"):
        load_fact_sheet(euckr)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(InputError, match="글자 파일"):
        load_fact_sheet(binary)


def test_dir_requires_unique_ids(tmp_path):
    (tmp_path / "a.yaml").write_text(SEJONG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert list(load_fact_sheet_dir(tmp_path)) == ["sejong-zero-docs"]
    (tmp_path / "b.yaml").write_text(SEJONG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match="sejong-zero-docs"):
        load_fact_sheet_dir(tmp_path)


def test_quoted_number_string_is_accepted(base):
    sheet = parse_fact_sheet(base.replace("value: 63000,", 'value: "63,000",'))
    assert sheet.figures[0].value == 63000


def test_import_is_light():
    import subprocess

    code = (
        "import sys, civiclab.facts, civiclab.scoring.checks.facts;"
        "print(sorted(m for m in ('pandas','kiwipiepy','openai','nbgrader') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
