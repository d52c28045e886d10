import pytest

from civiclab.scoring.checks.style import check_style
from civiclab.scoring.glossary import glossary_for, load_expressions, load_glossary
from civiclab.scoring.tokenizer import analyze


def codes(text, limit=30):
    findings = check_style(analyze(text), load_glossary(), load_expressions(), long_sentence_eojeol=limit)
    return [(f.code, text[f.start:f.end]) for f in findings if f.severity != "info"]


@pytest.mark.parametrize(("text", "expected"), [
    ("시는 FTA를 체결하기 전에 의견을 들었다.", [("STYLE_LATIN_ABBREV", "FTA")]),
    ("운영 결과는 SNS로 알린다.", [("STYLE_LATIN_ABBREV", "SNS")]),
    ("세종시가 테스트베드가 된다.", [("STYLE_FOREIGN_TERM", "테스트베드")]),
    ("원스톱으로 처리한다.", [("STYLE_FOREIGN_TERM", "원스톱")]),
    ("관계 기관과 MOU를 맺었다.", [("STYLE_LATIN_ABBREV", "MOU")]),
    ("계획이 수립되어졌다.", [("STYLE_DOUBLE_PASSIVE", "되어졌")]),
    ("누리집에 쓰여진 대로 한다.", [("STYLE_DOUBLE_PASSIVE", "쓰여진")]),
    ("누구나 이용할수 있다.", [("STYLE_SPACING", "이용할수")]),
    ("불우이웃을 돕는다.", [("STYLE_DISCRIMINATORY", "불우이웃")]),
    ("지침을 하달했다.", [("STYLE_AUTHORITARIAN", "하달")]),
    ("기한 안에 제출할 것.", [("STYLE_AUTHORITARIAN", "할 것.")]),
])
def test_planted_style_problems(kiwi, text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("text", [
    "시는 자유무역협정(FTA) 지원 창구를 연다.",
    "연구 개발(R&D) 예산을 늘린다.",
    "새 제도를 먼저 시험하는 시험대(테스트베드) 역할을 한다.",
    "업무 협약(MOU)을 맺었다.",
    "누구나 이용할 수 있다.",
    "계획이 수립되었다.",
    "시청 누리집 www.sejong.go.kr 에서 본다. 문의 minwon@korea.kr",
    "도서관은 Seoul이 아닌 세종에 있다.",
    "비정상인 상태를 바로잡는다.",
    "지금일까 싶었다.",
])
def test_correct_forms_are_not_flagged(kiwi, text):
    assert codes(text) == []


def test_abbreviation_reused_after_introduction_is_only_noted(kiwi):
    text = "시는 자유무역협정(FTA) 창구를 연다. FTA 상담은 무료다."
    findings = check_style(analyze(text), load_glossary(), load_expressions())
    assert [(f.code, f.severity) for f in findings] == [("STYLE_LATIN_ABBREV", "info")]


def test_long_sentence_counts_eojeol(kiwi):
    words = " ".join(["시민이"] * 12) + " 참여한다."
    assert codes(words, limit=12) == [("STYLE_LONG_SENTENCE", words)]
    assert codes(words, limit=13) == []


def test_glossary_from_datasets_folder_changes_the_hash(tmp_path, settings):
    builtin = load_glossary()
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.yaml").write_text(
        "entries:\n  - {term: 킥오프, recommended: [첫], note: '', source: test}\n", encoding="utf-8")
    custom = glossary_for(settings.model_copy(update={"datasets_dir": tmp_path}))
    assert custom.origin.endswith("glossary.yaml") and len(custom) == 1
    assert custom.hash8 != builtin.hash8 and len(custom.hash8) == 8


def test_bad_glossary_is_an_input_error(tmp_path):
    from civiclab.errors import InputError

    bad = tmp_path / "g.yaml"
    bad.write_text("entries:\n  - {recommended: [x]}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_glossary(bad)
    assert "term" in exc.value.problem


def test_glossary_kinds_and_proper_names(kiwi, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(
        "version: t\nproper_names: [AI충녕]\nentries:\n"
        "- {term: AI, kind: abbreviation, recommended: [인공지능]}\n"
        "- {term: 익일, kind: difficult, recommended: [다음 날]}\n"
        "- {term: 장애우, kind: discriminatory, recommended: [장애인]}\n"
        "- {term: 되어지다, kind: grammar, recommended: [되다]}\n", encoding="utf-8")
    g = load_glossary(path)
    text = "AI충녕이 익일 답한다. AI 상담도 한다. 장애우 지원. 인공지능(AI) 도입."
    found = [(f.code, text[f.start:f.end]) for f in check_style(analyze(text), g, load_expressions())]
    assert found == [("STYLE_DIFFICULT_TERM", "익일"), ("STYLE_LATIN_ABBREV", "AI"),
                     ("STYLE_DISCRIMINATORY", "장애우")]
