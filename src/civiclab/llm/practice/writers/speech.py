"""Speeches (연설문, 인사말, 말씀자료, 축사, 신년사, 추도사) sized to a speaking time.

Speaking time is counted as 300 spoken syllables a minute (Hangul syllables and
digits; see :func:`spoken_syllables`).  Facts come first; general sentences
without figures fill the time that is left, and stop before it is exceeded.
"""

from __future__ import annotations

import re

from civiclab.llm.practice.korean import date_ko, josa, speakable_numbers
from civiclab.llm.practice.parse import Request
from civiclab.llm.practice.writers.common import (
    Dice,
    Draft,
    Inventor,
    Unit,
    sentence,
    style_for,
    with_subject,
)
from civiclab.llm.practice.writers.topic import organization, short_org, topic_of, verbal_tail

SYLLABLES_PER_MINUTE = 300
DEFAULT_MINUTES = 2.0

_SALUTE = {
    "child": "어린이 여러분, 안녕하세요!",
    "elderly": "존경하는 어르신 여러분, 반갑습니다.",
    "council": "존경하는 의장님, 그리고 의원 여러분!",
    "press": "기자 여러분, 반갑습니다.",
    "citizen": "사랑하는 시민 여러분, 반갑습니다.",
}
_CONNECT = ["먼저", "또한", "아울러", "특히", "이와 함께", "그리고"]
# General sentences in 합쇼체, free of figures, dates and names, so that filling
# time never adds an unsupported fact.
_FILL = [
    "오늘 이 자리는 여러분 한 분 한 분의 땀과 정성이 모여 만들어졌습니다.",
    "어려운 여건 속에서도 힘을 모아 주신 모든 분께 깊이 감사드립니다.",
    "행정은 시민의 삶 가까이에서 작은 불편부터 살필 때 믿음을 얻습니다.",
    "우리가 함께 걸어온 길은 결코 쉽지 않았습니다.",
    "그러나 우리는 서로를 믿고 한 걸음씩 앞으로 나아갔습니다.",
    "현장에서 애써 주신 관계자 여러분의 노고에 고개 숙여 감사드립니다.",
    "좋은 정책은 책상이 아니라 현장에서 시작된다고 믿습니다.",
    "앞으로도 시민 여러분의 목소리에 귀 기울이겠습니다.",
    "작은 변화가 모여 큰 변화를 만든다는 것을 우리는 잘 알고 있습니다.",
    "오늘의 성과에 머무르지 않고 더 나은 미래를 준비하겠습니다.",
    "무엇보다 시민 여러분의 안전과 편의를 가장 먼저 생각하겠습니다.",
    "이웃과 이웃이 서로 돕는 따뜻한 공동체를 함께 만들어 가기를 바랍니다.",
    "우리 아이들이 자라서 살고 싶은 도시를 만드는 것이 우리 모두의 바람입니다.",
    "그 길에 여러분이 늘 함께해 주시리라 믿습니다.",
    "처음 이 일을 시작할 때의 마음을 잊지 않겠습니다.",
    "모두가 함께할 때 비로소 의미 있는 결실을 거둘 수 있습니다.",
    "시는 약속드린 일을 끝까지 책임 있게 챙기겠습니다.",
    "부족한 점은 겸허하게 듣고 바로잡겠습니다.",
    "여러분의 관심과 참여가 가장 큰 힘이 됩니다.",
    "오늘 이 자리가 새로운 출발점이 되기를 바랍니다.",
    "서로 다른 생각도 존중하며 더 좋은 길을 함께 찾겠습니다.",
    "행정의 문턱을 낮추고 누구나 쉽게 이용할 수 있도록 하겠습니다.",
    "어르신부터 어린이까지 모두가 편안한 도시를 만들겠습니다.",
    "지역의 여러 기관과도 긴밀하게 협력하겠습니다.",
    "우리가 함께 만든 변화가 다음 세대에게 좋은 선물이 되기를 바랍니다.",
    "오늘 나눈 이야기들이 앞으로의 정책으로 이어지도록 하겠습니다.",
    "한 분 한 분의 작은 실천이 도시의 얼굴을 바꿉니다.",
    "그동안 보내 주신 믿음에 더 좋은 결과로 보답하겠습니다.",
    "늘 처음처럼 성실하게 일하겠습니다.",
    "함께해 주신 모든 분께 다시 한번 감사의 말씀을 드립니다.",
    "여러분이 계셨기에 오늘이 있었습니다.",
    "힘든 순간에도 서로를 격려해 주신 덕분에 여기까지 올 수 있었습니다.",
    "앞으로 가야 할 길도 여러분과 함께 걷겠습니다.",
    "시민의 눈높이에서 묻고 답하는 행정을 펼치겠습니다.",
    "더 많은 분이 혜택을 누릴 수 있도록 꼼꼼히 살피겠습니다.",
    "우리 모두의 노력이 헛되지 않도록 끝까지 최선을 다하겠습니다.",
]
_MEMORIAL_FILL = [
    "고인께서 남기신 뜻을 우리는 오래도록 기억하겠습니다.",
    "고인께서는 늘 묵묵히 자신의 자리를 지키셨습니다.",
    "슬픔에 잠긴 유가족 여러분께 깊은 위로의 말씀을 드립니다.",
    "고인께서 걸어오신 길은 우리 모두에게 큰 가르침으로 남았습니다.",
    "그 헌신과 희생을 결코 잊지 않겠습니다.",
    "남은 우리가 그 뜻을 이어 가겠습니다.",
    "고인의 따뜻한 미소가 아직도 눈에 선합니다.",
    "이제는 모든 짐을 내려놓으시고 편히 쉬시기를 바랍니다.",
    "우리는 오늘 한 분의 소중한 이웃을 떠나보냅니다.",
    "고인께서 사랑하신 이 도시를 더 안전하고 따뜻하게 가꾸겠습니다.",
]


_REPORT_FILL = [
    "의원님들께서 주신 의견을 사업에 꼼꼼히 반영하겠습니다.",
    "사업이 계획대로 진행되도록 단계마다 점검하겠습니다.",
    "예산은 꼭 필요한 곳에 아껴 쓰겠습니다.",
    "추진 상황은 의회에 빠짐없이 보고드리겠습니다.",
    "시민 불편이 없도록 관계 부서와 긴밀히 협력하겠습니다.",
    "부족한 점은 의회와 함께 고쳐 나가겠습니다.",
    "현장의 목소리를 듣고 필요한 보완책을 마련하겠습니다.",
    "성과와 과제를 정리해 다음 보고 때 말씀드리겠습니다.",
]
# Past the list above, sentences are put together from three parts (8 x 8 x 6).
_HOW = ["시민 여러분과 함께", "현장의 목소리를 바탕으로", "관계 기관과 힘을 모아", "작은 것부터 차근차근",
        "더 꼼꼼한 계획으로", "투명한 절차에 따라", "이웃의 마음을 헤아리며", "미래 세대를 생각하며"]
_WHAT = ["더 안전한 도시를", "누구나 살기 좋은 마을을", "따뜻한 공동체를", "든든한 복지 체계를",
         "편리한 생활 환경을", "깨끗하고 푸른 환경을", "활력 있는 지역 경제를", "배움이 즐거운 도시를"]
_DO = ["만들어 가겠습니다.", "가꾸어 나가겠습니다.", "차근차근 이루어 가겠습니다.", "반드시 실현하겠습니다.",
       "함께 열어 가겠습니다.", "꾸준히 넓혀 가겠습니다."]


def _fill_sentences(dice: Dice, memorial: bool, report: bool = False):
    """General sentences in a seeded order, never the same sentence twice."""
    if report:
        pool = list(_REPORT_FILL)
        while pool:
            yield pool.pop(dice.int(0, len(pool) - 1))
    pool = list(_MEMORIAL_FILL if memorial else _FILL)
    while pool:
        yield pool.pop(dice.int(0, len(pool) - 1))
    if memorial:
        return
    seen: set[tuple[int, int, int]] = set()
    while len(seen) < len(_HOW) * len(_WHAT) * len(_DO):
        key = (dice.int(0, len(_HOW) - 1), dice.int(0, len(_WHAT) - 1), dice.int(0, len(_DO) - 1))
        if key not in seen:
            seen.add(key)
            yield f"{_HOW[key[0]]} {_WHAT[key[1]]} {_DO[key[2]]}"


def spoken_syllables(text: str) -> int:
    """Syllables read aloud: Hangul syllables and digits (a rough, documented measure)."""
    return sum(1 for ch in text if "가" <= ch <= "힣" or ch.isdigit())


def write_speech(req: Request, inv: Inventor) -> str:
    ins, f = req.instructions, req.facts
    style = style_for(req, "formal")
    occasion = ins.occasion or "인사말"
    memorial = occasion == "추도사"
    org = organization(req)
    topic = _clean_topic(f.title) if f.title else topic_of(req)
    target = int((ins.minutes or DEFAULT_MINUTES) * SYLLABLES_PER_MINUTE)

    opening = [_salute(ins.audience, occasion, memorial)]
    name, title = _speaker(req)
    if name:
        opening.append(f"{_office(org, title)} {name}입니다." if title else f"{name}입니다.")
    opening.append(_occasion_line(occasion, topic))

    report = ins.audience == "council" or "보고" in topic
    body = _grounded_body(req, name) if not f.empty else _careless_body(topic, inv, memorial)
    body = [speakable_numbers(b) for b in body]  # '23억 원' is read aloud, '2,300,000,000원' is not
    closing = _closing(occasion, topic, memorial)
    if report:
        opening[-1] = f"{_topic_phrase(topic)}에 대해 보고드리겠습니다."
        closing = ["이상으로 보고를 마치겠습니다.", "의원 여러분의 관심과 지원을 부탁드립니다.",
                   "감사합니다."]

    def units(texts, prio):
        return [Unit(sentence(t, style), prio) for t in texts]

    core = " ".join(opening + body + closing)
    fill: list[str] = []
    used = spoken_syllables(core)
    for s in _fill_sentences(Dice(req.digest, "speech"), memorial, report):
        if used >= target * 0.95:
            break
        n = spoken_syllables(s)
        if used + n <= target * 1.08:
            fill.append(s)
            used += n

    draft = Draft(separator="\n\n")
    draft.add("인사", "", units(opening, 9))
    for i in range(0, len(body), 4):
        draft.add("본문", "", units(body[i: i + 4], 6))
    for i in range(0, len(fill), 4):
        draft.add("다짐", "", units(fill[i: i + 4], 2 - i / 1000))
    draft.add("맺음", "", units(closing, 8))
    return draft.fit(ins.char_limit, ins.section_limits)


def _clean_topic(title: str) -> str:
    """'세종시, 2024 세종축제 개막 축사' -> '2024 세종축제 개막'."""
    core = title.split(",", 1)[1].strip() if "," in title else title
    return re.sub(r"\s*(축사|연설문|연설|인사말|말씀\s*자료|신년사|기념사|격려사|환영사|개회사|추도사)$",
                  "", core) or core


def _salute(audience: str, occasion: str, memorial: bool) -> str:
    if memorial:
        return "삼가 고인의 명복을 빕니다."
    if occasion == "신년사":
        return "존경하는 시민 여러분, 희망찬 새해가 밝았습니다."
    return _SALUTE.get(audience or "citizen", _SALUTE["citizen"])


def _speaker(req: Request) -> tuple[str, str]:
    text = req.instructions.speaker
    if not text:
        return "", ""
    parts = text.split()
    name = parts[0]
    return name, " ".join(parts[1:]) or req.facts.title_of(name)


def _office(org: str, title: str) -> str:
    short = short_org(org)
    if title in ("시장", "군수", "구청장", "도지사") and short.endswith(title[0]):
        return short + title[1:]  # 세종시 + 시장 -> 세종시장
    return f"{short} {title}" if short != "시" else title


def _occasion_line(occasion: str, topic: str) -> str:
    if occasion == "축사":
        return f"뜻깊은 {topic}{_eul_reul(topic)} 진심으로 축하드립니다."
    if occasion == "신년사":
        return "새해 여러분 가정에 건강과 행복이 가득하기를 바랍니다."
    if occasion == "추도사":
        return f"오늘 우리는 {topic}에 함께하고자 이 자리에 모였습니다."
    return f"{topic}에 함께해 주신 여러분께 진심으로 감사드립니다."


def _topic_phrase(topic: str) -> str:
    """'생활폐기물 수거 체계 개선 업무 보고' -> '생활폐기물 수거 체계 개선'."""
    return re.sub(r"\s*(업무\s*)?보고$", "", topic) or topic


def _eul_reul(word: str) -> str:
    return josa(word, "을")[len(word):]


def _grounded_body(req: Request, speaker: str) -> list[str]:
    f = req.facts
    out: list[str] = []
    event = (verbal_tail(_clean_topic(f.title)) or ("이번 행사", ""))[0] if f.title else "이번 행사"
    for i, st in enumerate(f.statements):
        st = with_subject(st, "시", event)
        solemn = req.instructions.occasion == "추도사"
        out.append(f"{_CONNECT[i]} {st}" if i < len(_CONNECT) and not solemn else st)
    mentioned = " ".join(out)
    for fig in f.figures:
        if fig.value not in mentioned:
            out.append(f"{josa(fig.label, '은')} {fig.value}입니다.")
    for d in f.dates:
        if d.value not in mentioned:
            out.append(f"{josa(d.label, '은')} {date_ko(d.value)}입니다.")
    for it in f.items:
        if it.value not in mentioned:
            out.append(f"{josa(it.label, '은')} {it.value}입니다.")
    for q in f.quotes:
        words = q.text.strip().strip('"“”')
        if speaker and speaker in q.speaker:
            out.append(words)  # the speaker's own words, verbatim
        else:
            who = f"{q.speaker} {f.title_of(q.speaker)}".strip()
            out.append(f'{who}께서는 "{words}"라고 말씀하셨습니다.')
    return out


def _careless_body(topic: str, inv: Inventor, memorial: bool) -> list[str]:
    if memorial:
        return [f"고인께서는 {inv.count('년')} 동안 이웃을 위해 헌신하셨습니다.",
                f"{inv.people()}의 시민이 고인의 도움을 받았습니다."]
    return [
        f"올해로 {inv.ordinal()}를 맞은 {topic}에는 {inv.people()}의 시민이 함께하고 있습니다.",
        f"지난해에는 참여자가 {inv.percent()} 늘었고, 만족도도 크게 높아졌습니다.",
        f"시는 {inv.date()}까지 {inv.money()}의 예산을 들여 더 많은 분이 누리도록 하겠습니다.",
    ]


def _closing(occasion: str, topic: str, memorial: bool) -> list[str]:
    if memorial:
        return ["다시 한번 고인의 명복을 빕니다."]
    if occasion == "축사":
        return [f"다시 한번 {topic}{_eul_reul(topic)} 축하드립니다.", "감사합니다."]
    if occasion == "신년사":
        return ["새해 복 많이 받으십시오.", "감사합니다."]
    return ["여러분의 건강과 행복을 기원합니다.", "감사합니다."]
