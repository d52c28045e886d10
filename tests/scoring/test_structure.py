from civiclab.scoring.checks.structure import StructureParams, check_structure, speaking_minutes
from civiclab.scoring.tokenizer import analyze


def structure_codes(text, kind, sheet=None, **params):
    return [f.code for f in check_structure(analyze(text), kind, sheet, StructureParams(**params))]


def test_clean_press_release_has_no_structure_findings(kiwi, bus_draft, bus_sheet):
    assert structure_codes(bus_draft, "press_release", bus_sheet) == []


def test_press_release_missing_parts(kiwi, bus_draft, bus_sheet):
    lines = bus_draft.rstrip().split("\n")
    assert structure_codes("\n".join(lines[:-1]), "press_release", bus_sheet) == [
        "STRUCTURE_CONTACT_MISSING"]
    no_quote = "\n".join(line for line in lines if '"' not in line)
    assert structure_codes(no_quote, "press_release", bus_sheet) == ["STRUCTURE_QUOTE_MISSING"]
    long_head = "\n".join([lines[0] + " 등 시민 생활 편의를 높이는 여러 사업을 올해부터 차례로 추진"] + lines[1:])
    assert structure_codes(long_head, "press_release", bus_sheet) == ["STRUCTURE_HEADLINE_LONG"]
    headless = "\n".join(lines[2:])
    assert "STRUCTURE_HEADLINE_MISSING" in structure_codes(headless, "press_release", bus_sheet)


def test_lead_must_say_who_and_when(kiwi, bus_sheet):
    text = ("세종시, 심야 버스 3개 노선 새로 운행\n심야 버스 노선을 새로 운행한다.\n"
            "둘째 문단이다.\n셋째 문단이다.\n최민호 시장은 \"좋다\"라고 말했다.\n문의: 대중교통과(044-300-5621)")
    found = check_structure(analyze(text), "press_release", bus_sheet)
    assert [f.code for f in found] == ["STRUCTURE_LEAD_INCOMPLETE"]
    assert "누가" in found[0].message and "언제" in found[0].message


def test_speech_parts_and_time(kiwi):
    speech = ("존경하는 시민 여러분, 안녕하십니까.\n" + "오늘 우리는 한글날을 맞았습니다. " * 10
              + "\n" + "한글은 모두의 글자입니다. " * 10 + "\n감사합니다.")
    assert structure_codes(speech, "speech") == []
    minutes = speaking_minutes(speech)
    assert structure_codes(speech, "speech", speech_target_minutes=minutes) == []
    assert structure_codes(speech, "speech", speech_target_minutes=minutes * 2) == [
        "STRUCTURE_SPEECH_LENGTH"]
    assert structure_codes(speech.split("\n", 1)[1], "speech") == ["STRUCTURE_GREETING_MISSING"]
    assert structure_codes(speech.rsplit("\n", 1)[0], "speech") == ["STRUCTURE_CLOSING_MISSING"]


def test_speaking_time_is_300_syllables_a_minute():
    assert speaking_minutes("가" * 600 + " !? abc") == 2.0


def test_chatbot_answer_rules(kiwi):
    good = "여권은 민원여권과에서 신청할 수 있습니다. 문의: 민원여권과(044-300-2431)"
    assert structure_codes(good, "chatbot_answer") == []
    assert structure_codes("안녕하세요. " + good, "chatbot_answer") == ["STRUCTURE_ANSWER_NOT_FIRST"]
    assert structure_codes("여권은 신분증과 사진을 가지고 신청하세요.", "chatbot_answer") == [
        "STRUCTURE_NO_SOURCE"]
    cannot = "개별 사정은 확인할 수 없습니다. 자세한 내용은 www.sejong.go.kr 에 있습니다."
    assert structure_codes(cannot, "chatbot_answer") == ["STRUCTURE_NO_HANDOVER"]
    assert structure_codes(cannot + " 담당자에게 연결해 드리겠습니다.", "chatbot_answer") == []
    assert structure_codes(good + " 더 알려 드립니다." * 60, "chatbot_answer") == ["STRUCTURE_ANSWER_LONG"]


def test_section_labels_are_understood(kiwi, bus_sheet):
    text = ("제목: 세종시, 심야 버스 3개 노선 새로 운행\n\n부제: 밤 11시부터 20분 간격\n\n"
            "리드: 세종특별자치시는 오는 17일부터 심야 버스 3개 노선을 새로 운행한다고 밝혔다.\n\n"
            "본문: 심야 버스는 20분 간격으로 다닌다.\n\n본문: 시는 운행 협약을 맺었다.\n\n"
            "인용: 최민호 시장은 \"늦은 밤에도 안심하고 집에 갈 수 있도록 하겠습니다\"라고 말했다.\n\n"
            "문의처: 대중교통과 044-300-5621")
    assert structure_codes(text, "press_release", bus_sheet) == []
