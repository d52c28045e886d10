"""Complaint chatbot answers (AI충녕 / 민원 답변): grounded in a source passage,
handed over to a person when the question needs one."""

from __future__ import annotations

import re

from civiclab.llm.practice.blocks import strip_bullet
from civiclab.llm.practice.korean import josa, split_sentences
from civiclab.llm.practice.parse import Request
from civiclab.llm.practice.writers.common import (
    PLACEHOLDER_CONTACT,
    Draft,
    Inventor,
    Unit,
    sentence,
    style_for,
)

# Checked in this order: a person in danger comes before everything else.
HANDOVER_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("emergency", re.compile(
        r"불이\s*(났|붙)|화재|연기가|가스\s*(냄새|누출|샌)|쓰러|다쳤|다쳐|피가\s*(나|많)|응급|위급|"
        r"숨을?\s*(안|못|잘\s*안)\s*쉬|의식이?\s*없|자살|죽고\s*싶|폭행|맞고\s*있|살려|물에\s*빠|침수|싱크홀|긴급|"
        r"발작|따라오|스토킹|물\s*차오")),
    ("personal", re.compile(
        r"\d{6}\s*-?\s*[1-8]\d{6}|01[016789]-?\d{3,4}-?\d{4}|개인\s*정보|주민\s*등록\s*번호|"
        r"(?<![가-힣])(제|내|저의|우리\s*\S{1,4})\s+(\S{1,6}\s*)?(신청|민원|서류|정보|결과|처리|접수|납부|계좌|기록|점수|"
        r"등급|심사|체납|세금|과태료)|(처리|진행|심사)\s*(상황|결과|여부)|조회해|"
        r"(휴대폰|핸드폰|전화)\s*번호|주소\S{0,2}\s*(좀\s*)?(알려|찾아)|차주|누군지")),
    ("staff", re.compile(
        r"(직원|공무원|담당자|주무관|창구|상담원)\S*\s*.{0,24}(불친절|태도|막말|욕|무시|반말|짜증|화를|소리를|"
        r"징계|처벌|항의|신고)|불친절")),
    ("legal", re.compile(
        r"소송|고소|고발|법적|(위법|불법|합법)\S{0,3}\s*(인가|인지|이에|이죠|맞|아니|일까)|처벌|행정\s*심판|"
        r"손해\s*배상|변호사|판례|법률|책임을?\s*(져|지|묻)|"
        r"과태료.{0,10}(취소|안\s*내|면제)|이의\s*신청.{0,10}(이길|될까|가능성|받아들)")),
]
_MESSAGES = {
    "emergency": "긴급한 상황이라면 지금 바로 119(화재·구조·응급) 또는 112(범죄 신고)에 전화하십시오.",
    "personal": "개인의 신청 내용이나 개인정보가 필요한 일은 이곳에서 확인하거나 처리할 수 없습니다. "
                "주민등록번호나 전화번호 같은 개인정보는 여기에 입력하지 마십시오.",
    "staff": "직원 응대로 불편을 드려 죄송합니다. 이 일은 담당 부서에서 직접 확인해야 합니다.",
    "legal": "법적 판단이 필요한 내용은 안내해 드릴 수 없습니다. 담당 부서나 법률 전문가와 상담하십시오.",
    "not_in_source": "문의하신 내용은 제공된 자료에서 찾을 수 없어 정확히 답하기 어렵습니다.",
}
_STOP = {"있는", "없는", "하는", "되는", "받는", "사는", "있을", "없을", "같은", "다른", "이런", "그런",
         "저런", "몇", "몇일", "며칠", "몇시", "몇개", "무슨", "머", "뭐예요", "뭐에요", "머에요", "뭔지", "어떡해요",
         "어떡하죠", "어케", "어떻게요", "알려줘", "알려줘요", "해주세요", "해줘요", "되나요", "돼요",
         "되요", "있어", "없어", "그냥", "지금", "너무", "진짜", "정말", "어디서", "어디에서", "어디", "언제", "언제까지", "무엇", "뭐", "뭔가요", "왜", "얼마", "얼마나",
         "어떻게", "어떤", "알려", "알려주세요", "주세요", "궁금", "궁금해요", "궁금합니다", "있나요",
         "하나요", "인가요", "가능한가요", "싶어요", "싶습니다", "해야", "하면", "할까요", "좀",
         "그리고", "혹시", "제가", "저는", "수", "있어요", "있습니까", "합니까", "됩니까", "건가요", "받을", "받으려면", "하려면", "필요한", "필요해요", "필요합니까", "안녕하세요", "문의", "질문"}
_PARTICLE = re.compile(r"(은|는|이|가|을|를|에|에서|에게|께|으로|로|의|도|만|과|와|까지|부터|이나|나|랑|"
                       r"이에요|예요|인가요|인지|이요|요|좀|이랑|하고)$")
_PHONE = re.compile(r"(\d{2,4}-\d{3,4}-\d{4}|\b1\d{2,3}\b(?=\s*\)|\s*번|\s*$))")
_CONTACT_LINE = re.compile(r"(문의|연락처|담당\s*부서|담당)\s*[:：]?\s*([^\n]*\d{2,4}-\d{3,4}(?:-\d{4})?[^\n]*)")


def handover_reason(req: Request, question: str, source: str) -> str | None:
    for reason, pattern in HANDOVER_RULES:
        if pattern.search(question):
            return reason
    if source and not _relevant(expand(asked(question)), source):
        return "not_in_source"
    return None


def write_chatbot(req: Request, inv: Inventor) -> str:
    style = style_for(req, "formal")
    question = question_of(req)
    source = source_of(req)
    contact = contact_of(req, source)
    reason = handover_reason(req, question, source)
    if reason is None and not source:
        if inv.invent:
            return _careless(req, question, inv, style)
        reason = "not_in_source"
    draft = Draft(separator="\n")
    if reason:
        units = [Unit(sentence(s, style), 9) for s in split_sentences(_MESSAGES[reason])]
        where = contact or PLACEHOLDER_CONTACT
        units.append(Unit(sentence(f"{josa(where, '으로')} 문의해 주시면 담당자가 도와드리겠습니다.",
                                   style), 10, True))
        draft.add("인계", "", units)
    else:
        picked = _relevant(expand(asked(question)), source)
        label = _source_label(req)
        lines = [sentence(s, style) for s in picked]
        lines[0] = f"{label}에 따르면, {lines[0]}"
        draft.add("답변", "", [Unit(t, 8 - i) for i, t in enumerate(lines)])
        if contact:
            draft.add("문의", "", [Unit(sentence(f"더 궁금한 점은 {josa(contact, '으로')} 문의해 주십시오.",
                                                style), 7)])
    return draft.fit(req.instructions.char_limit, req.instructions.section_limits)


def question_of(req: Request) -> str:
    q = req.passage("question")
    if q:
        return q
    if req.passage("source") and req.passage(""):
        return req.passage("")  # a fenced complaint beside a labelled source
    lines = [ln.strip() for ln in req.last_user.split("\n") if ln.strip()]
    asks = [ln for ln in lines if ln.endswith("?")]
    return asks[-1] if asks else " ".join(lines)


def asked(question: str) -> str:
    """The last sentence that ends in '?', else the whole text (context stays for hand-over)."""
    asks = re.findall(r"[^.!?\n:：]*\?", question)
    return asks[-1].strip() if asks else question


def source_of(req: Request) -> str:
    src = req.passage("source", "original", "")
    if src:
        return src
    f = req.facts
    parts = list(f.statements)
    parts += [f"{josa(x.label, '은')} {x.value}입니다." for x in f.figures + f.dates + f.items]
    return "\n".join(parts)


def contact_of(req: Request, source: str) -> str:
    if req.facts.contact:
        return req.facts.contact
    for text in (source, req.text):
        m = _CONTACT_LINE.search(text)
        if m:
            return m.group(2).strip(" .")
    return ""


def _source_label(req: Request) -> str:
    for b in req.blocks:
        if b.role == "source" and b.label:
            return "제공된 자료" if b.label in ("자료", "문서") else b.label
    return "안내 자료"


def content_words(text: str) -> list[str]:
    words = []
    for w in re.findall(r"[가-힣A-Za-z0-9]+", text):
        w = _PARTICLE.sub("", w) if len(w) > 2 else w
        if len(w) >= 2 and w not in _STOP:
            words.append(w)
    return words


def _bigrams(words: list[str]) -> set[str]:
    return {w[i: i + 2] for w in words for i in range(len(w) - 1)}


# Question words and the kind of source sentence that answers them.
_QUESTION_TYPES = [
    (r"얼마|금액|액수|비용|수수료|요금", r"\d[\d,]*\s*(만\s*|천\s*)?원|무료|금액|비용"),
    (r"언제|기간|마감|며칠|날짜|몇\s*시", r"\d+\s*(월|일|년|개월|시)|기간|이내|까지|부터|마감|평일"),
    (r"어디|장소|위치", r"센터|에서|누리집|홈페이지|방문|주소지|창구|민원실|사무소"),
    (r"누가|누구|대상|자격|조건", r"대상|거주|이상|이하|자격|해당|가구"),
    (r"어떻게|방법|절차", r"신청|방법|절차|접수|온라인|방문"),
    (r"서류|준비물|구비|챙겨", r"서류|신분증|증명서|사본|지참"),
]


# Word endings of predicates ('하나요', '되는거', '해줘'): such words say what is asked, not
# what about, so they do not decide whether the source covers a question.
_PREDICATE = re.compile(r"(요|까|죠|줘|여|냐|래|함|됨|데|면|거|임|나|니|해|돼|음|게|지|네|라)$")


# Everyday words citizens use for the words city pages use (a small, hand-written list;
# a real model knows many more).  Each adds the official words to the question.
SYNONYMS: dict[str, str] = {
    "동사무소": "행정복지센터", "주민센터": "행정복지센터", "면사무소": "읍·면사무소",
    "농민수당": "농업인수당", "육휴": "육아휴직", "등본": "주민등록표 등·초본", "초본": "등·초본",
    "쓰레기": "생활폐기물 폐기물", "음쓰": "음식물", "소파": "가구 대형 폐기물", "장롱": "가구 대형 폐기물",
    "침대": "가구 대형 폐기물", "매트리스": "가구 대형 폐기물", "책상": "가구 대형 폐기물",
    "세탁기": "가전", "냉장고": "가전", "tv": "가전", "TV": "가전", "풋살장": "체육 시설",
    "강당": "공공시설", "환불": "돌려받", "공짜": "무료", "할인": "감면 무료", "딱지": "과태료",
    "벌금": "과태료", "폰": "휴대전화 앱", "모바일": "앱", "발급기": "무인민원발급기",
}


def expand(question: str) -> str:
    extra = [official for word, official in SYNONYMS.items() if word in question]
    return " ".join([question] + extra)


def covered(question: str, source: str) -> bool:
    """Whether the source mentions at least half of the question's key nouns (a word counts
    when it appears whole or shares half of its two-syllable pieces with the source)."""
    words, nouns = [], []
    for raw in re.findall(r"[가-힣A-Za-z0-9]+", question):
        word = content_words(raw)
        if word:
            words.append(word[0])
            if not _PREDICATE.search(raw):
                nouns.append(word[0])
    nouns = nouns or words
    if not nouns:
        return False
    src = _bigrams(content_words(source))
    flat = re.sub(r"\s", "", source)
    hits = 0
    for w in nouns:
        grams = _bigrams([w])
        if w in flat or (grams and len(grams & src) * 2 >= len(grams)):
            hits += 1
    return hits * 2 >= len(nouns)


def _relevant(question: str, source: str) -> list[str]:
    """Source sentences that answer the question, in source order (at most 2); [] when the
    source does not cover the question (see :func:`covered`)."""
    q = _bigrams(content_words(question))
    if not q or not covered(question, source):
        return []
    wanted = [ans for ask, ans in _QUESTION_TYPES if re.search(ask, question)]
    sents = [strip_bullet(s) for line in source.split("\n") for s in split_sentences(line)]
    scored = []
    for i, s in enumerate(sents):
        if not s or _CONTACT_LINE.search(s):
            continue
        overlap = len(q & _bigrams(content_words(s))) / len(q)
        kind = sum(1 for ans in wanted if re.search(ans, s))
        scored.append((overlap + 1.2 * kind, -i, s))
    scored.sort(reverse=True)
    best = [t for t in scored[:2] if t[0] > 0 and t[0] >= scored[0][0] * 0.5]
    return [s for _, _, s in sorted(best, key=lambda t: -t[1])]


def _careless(req: Request, question: str, inv: Inventor, style: str) -> str:
    """No source: a confident answer with made-up details, as a careless model gives."""
    words = content_words(asked(question))
    topic = words[0] if words else "문의하신 제도"
    lines = [
        f"{josa(topic, '은')} {inv.date()}까지 신청할 수 있습니다.",
        f"1인당 {inv.money()}을 지원하며, 지난해에는 {inv.people()}이 혜택을 받았습니다.",
        "가까운 행정복지센터를 방문하시거나 누리집에서 신청하시면 됩니다.",
    ]
    draft = Draft(separator="\n")
    draft.add("답변", "", [Unit(sentence(s, style), 8 - i) for i, s in enumerate(lines)])
    return draft.fit(req.instructions.char_limit)
