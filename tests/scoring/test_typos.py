"""STYLE_TYPO: Kiwi-morpheme rules and the curated misspelling list (datasets/glossary/typos.yaml)."""

import pytest

from civiclab.errors import InputError
from civiclab.scoring.checks.typos import check_typos, load_typos, parse_typos
from civiclab.scoring.tokenizer import analyze

from .conftest import ROOT

TYPOS = ROOT / "datasets" / "glossary" / "typos.yaml"


@pytest.fixture(scope="module")
def typos():
    return load_typos(TYPOS)


def found(text, typos):
    return [(text[f.start:f.end], f.suggestion) for f in check_typos(analyze(text), typos)]


# (draft, flagged word, what the suggestion names)
FLAGGED = [
    # morpheme rules
    ("신청하면 되요.", "되요", "돼요"),
    ("접수가 완료되서 기쁩니다.", "되서", "돼서"),
    ("그러면 안되.", "되", "돼"),
    ("다음 주에 뵈요.", "뵈요", "봬요"),
    ("그렇게 하면 안 돼죠.", "돼죠", "되죠"),
    ("사업이 잘 돼면 좋겠습니다.", "돼면", "되면"),
    ("시는 요금을 올리지 안는다.", "안는다", "않는다"),
    ("않 된다고 답했다.", "않", "안"),
    ("협약을 체결함으로서 협력을 강화한다.", "체결함으로서", "체결함으로써"),
    ("결과는 내일 연락할께요.", "연락할께요", "연락할게요"),
    ("자료를 알려 드릴께요.", "드릴께요", "드릴게요"),
    ("곧 문을 열꺼예요.", "열꺼예요", "열거예요"),
    ("참여률이 높아졌다.", "참여률", "참여율"),
    ("합격율이 올랐다.", "합격율", "합격률"),
    # curated list
    ("몇일 동안 운영한다.", "몇일", "며칠"),
    ("몇 일 동안 운영한다.", "몇 일", "며칠"),
    ("어떻해 해야 하나요?", "어떻해", "어떡해"),
    ("접수는 금새 끝났다.", "금새", "금세"),
    ("시민의 역활이 크다.", "역활", "역할"),
    ("설겆이 봉사를 했다.", "설겆이", "설거지"),
    ("웬지 반가웠다.", "웬지", "왠지"),
    ("이게 왠일인가.", "왠일", "웬일"),
    ("왠 사람이 찾아왔다.", "왠", "웬"),
    ("왠만하면 버스를 타세요.", "왠만", "웬만"),
    ("도로가 눈에 덮혀 있다.", "덮혀", "덮여"),
    ("흙으로 덮힌 길", "덮힌", "덮인"),
    ("시민의 바램을 담았다.", "바램", "바람"),
    ("일일히 확인했다.", "일일히", "일일이"),
    ("깨끗히 치웠다.", "깨끗히", "깨끗이"),
    ("곰곰히 생각했다.", "곰곰히", "곰곰이"),
    ("오랫만에 열린 축제", "오랫만", "오랜만"),
    ("희안한 일이다.", "희안", "희한"),
    ("정말 어의없는 일이다.", "어의없", "어이없"),
    ("공사가 끝나게 됬다.", "됬", "됐"),
    ("모든 준비가 완료됬습니다.", "됬", "됐"),
    ("신청 갯수를 늘렸다.", "갯수", "개수"),
    ("흡연을 삼가해 주시기 바랍니다.", "삼가해", "삼가"),
    ("지역에 알맞는 사업", "알맞는", "알맞은"),
    ("감사드렸읍니다.", "렸읍니다", None),  # not in the list: 었읍니다 needs 었 written out
    ("도움을 주셨었읍니다.", "었읍니다", "었습니다"),
    ("좋을 거에요.", "거에요", "거예요"),
]


@pytest.mark.parametrize(("text", "word", "right"), FLAGGED)
def test_flagged(kiwi, typos, text, word, right):
    got = found(text, typos)
    if right is None:
        assert all(w != word for w, _ in got)
        return
    assert (word, f"'{right}'(으)로 고치세요.") in got, got


# Correct words that contain a listed string, or look like a rule's pattern.
NOT_FLAGGED = [
    "신청하면 돼요.", "접수가 완료돼서 기쁩니다.", "이렇게 하면 안 돼.", "다음 주에 봬요.",
    "잘 되었다.", "잘 됐다.", "되어야 한다.", "되고 싶다.", "그래서 안 되는 것입니다.",
    "돼지 사육 농가를 지원한다.", "시는 요금을 올리지 않는다.", "아이를 안는다.", "시민을 안아 주는 도시",
    "시장으로서 책임을 다한다.", "대화로써 해결한다.", "그럼으로써 더 나아졌다.",
    "결과는 내일 연락할게요.", "선생님께 드립니다.", "곧 문을 열 거예요.",
    "참여율이 높아졌다.", "합격률이 올랐다.", "출산율", "이용률", "규율을 지킨다.", "법률", "비율", "백분율",
    "며칠 동안 운영한다.", "몇 일자리를 만들었다.", "어떡해요?", "어떻게 해요?", "접수는 금세 끝났다.",
    "시민의 역할이 크다.", "설거지", "왠지 반가웠다.", "이게 웬일인가.", "웬 사람이 찾아왔다.",
    "웬만하면 버스를 타세요.", "도로가 눈에 덮여 있다.", "시민의 바람을 담았다.", "일일이 확인했다.",
    "깨끗이 치웠다.", "오랜만에 열린 축제", "오랫동안 준비했다.", "희한한 일이다.", "어이없는 일이다.",
    "공사가 끝나게 됐다.", "신청 개수를 늘렸다.", "횟수를 늘렸다.", "흡연을 삼가 주시기 바랍니다.",
    "지역에 알맞은 사업", "감사했습니다.", "좋을 거예요.", "이거예요.", "아니에요.", "조치원읍 주민",
    "세종특별자치시 복지정책과", "사업 예산 9억 5천만 원", "몇몇 일간지", "대역할인",
    "종이의 빛바램 현상을 막는다.", "꼭 돼야 한다.", "안 돼도 괜찮다.", "부자가 돼라.", "그건 안 돼!", "시민이 주인이 돼 갑니다.",
    "다 됐죠.", "되죠.", "해결돼야", "돼 가는 중",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(kiwi, typos, text):
    assert found(text, typos) == []


def test_offsets_point_at_the_word_and_suggestion_is_present(kiwi, typos):
    text = "세종시는 올해 시민의 역활을 넓힌다. 신청하면 되요."
    findings = check_typos(analyze(text), typos)
    assert [(f.code, f.severity, text[f.start:f.end]) for f in findings] == [
        ("STYLE_TYPO", "warning", "역활"), ("STYLE_TYPO", "warning", "되요")]
    assert findings[0].start == text.index("역활") and findings[0].end == text.index("역활") + 2
    assert all(f.suggestion and "고치세요" in f.suggestion for f in findings)
    assert "역할" in findings[0].suggestion and "역활" in findings[0].message


def test_rules_run_without_the_list(kiwi):
    assert found("신청하면 되요. 역활", None) == [("되요", "'돼요'(으)로 고치세요.")]


def test_list_entries_are_valid_and_unique(typos):
    assert len(typos) >= 50 and typos.version
    assert all(e.wrong != e.right and e.note and e.source for e in typos.entries)


def test_bad_list_gives_korean_error():
    with pytest.raises(InputError) as exc:
        parse_typos("entries:\n- {wrong: 몇일}\n", "x.yaml")
    assert "right" in exc.value.problem and exc.value.fix
    with pytest.raises(InputError):
        parse_typos("entries:\n- {wrong: 몇일, right: 며칠}\n- {wrong: 몇일, right: 며칠}\n", "x.yaml")
    with pytest.raises(InputError):
        parse_typos("[1, 2]", "x.yaml")
    with pytest.raises(InputError) as exc:
        parse_typos("entries:\n- {wrong: 몇일, right: 며칠\n", "x.yaml")
    assert "x.yaml" in exc.value.problem and exc.value.fix


def test_signature_changes_with_the_list(kiwi, settings, bus_draft, bus_sheet, tmp_path):
    from civiclab.scoring import Scorer, Signature
    from civiclab.settings import load_settings

    report = Scorer().score(bus_draft, bus_sheet, settings=settings, judge=False)
    sig = Signature.parse(str(report.signature))
    assert sig.typos == load_typos(TYPOS).hash8
    # A copy of datasets/ whose typo list has one more entry gives another signature.
    data = tmp_path / "datasets"
    (data / "glossary").mkdir(parents=True)
    (data / "glossary" / "glossary.yaml").write_bytes((ROOT / "datasets/glossary/glossary.yaml").read_bytes())
    (data / "glossary" / "typos.yaml").write_text(
        TYPOS.read_text(encoding="utf-8") + "- {wrong: 역활론, right: 역할론, note: x, source: y}\n",
        encoding="utf-8")
    other = load_settings(env={}, cwd=tmp_path, root=ROOT, state_dir=tmp_path / "state",
                          datasets_dir=data)
    report2 = Scorer().score(bus_draft, bus_sheet, settings=other, judge=False)
    sig2 = Signature.parse(str(report2.signature))
    assert sig2.typos != sig.typos and sig2.glossary == sig.glossary


def test_typo_found_through_the_scorer(kiwi, settings, bus_draft, bus_sheet):
    from civiclab.scoring import Scorer

    draft = bus_draft.replace("\n", " 시민의 역활이 큽니다.\n", 1)
    report = Scorer().score(draft, bus_sheet, settings=settings, judge=False)
    typo = [f for f in report.findings if f.code == "STYLE_TYPO"]
    assert [draft[f.start:f.end] for f in typo] == ["역활"]
    clean = Scorer().score(bus_draft, bus_sheet, settings=settings, judge=False)
    assert report.criteria["accuracy"]["score"] < clean.criteria["accuracy"]["score"]
