"""Smaller tasks: plain-language rewrite, summary, headlines, fact extraction, fact check."""

from __future__ import annotations

import re
from collections import Counter

from civiclab.llm.practice.korean import date_ko, jong_of, josa, set_jong, split_sentences
from civiclab.llm.practice.parse import FIGURE, Request
from civiclab.llm.practice.writers.chatbot import content_words
from civiclab.llm.practice.writers.common import (
    Draft,
    Inventor,
    Unit,
    cut,
    sentence,
    shorten_title,
    style_for,
)
from civiclab.llm.practice.writers.topic import organization, short_org, topic_of

# Plain words for foreign and hard administrative terms, written for this lab from
# the 국립국어원 principles (Korean first; a kept foreign term goes in parentheses).
PLAIN_WORDS: list[tuple[str, str]] = [
    ("민관 거버넌스", "민관 협력"), ("거버넌스", "민관 협력"), ("킥오프 회의", "첫 회의"), ("킥오프", "시작"), ("페스티벌", "축제"),
    ("페스타", "축제"), ("플랜트", "설비"), ("니즈", "요구"), ("인프라", "기반 시설"), ("매뉴얼", "지침서"),
    ("가이드라인", "지침"), ("로드맵", "단계별 계획"), ("스타트업", "새싹 기업"), ("원스톱", "한 번에 처리하는"), ("스마트", "지능형"),
    ("이슈", "쟁점"), ("모니터링", "점검"), ("벤치마킹", "본보기 삼기"), ("태스크포스", "전담 조직"),
    ("컨트롤타워", "총괄 기구"), ("MOU", "업무 협약"), ("워크숍", "연수회"), ("힐링", "치유"),
    ("랜드마크", "상징물"), ("인센티브", "성과 보상"), ("리플릿", "홍보 책자"), ("팸플릿", "안내 책자"),
    ("바우처", "이용권"), ("키오스크", "무인 안내기"), ("테스트베드", "시험장"), ("브리핑", "설명"),
    ("R&D", "연구 개발"), ("TF", "전담 조직"), ("콘퍼런스", "학술 대회"),
    ("익일", "다음 날"), ("금일", "오늘"), ("명일", "내일"), ("상기", "위"), ("하기", "아래"),
    ("제고", "향상"), ("수범사례", "모범 사례"), ("내방", "방문"), ("게첨", "게시"), ("송부", "발송"),
    ("시달", "전달"), ("개소", "곳"), ("만전을 기하", "빈틈없이 준비하"), ("적의 조치", "알맞은 조치"),
    ("불요불급한", "급하지 않은"), ("가료", "치료"), ("잔여", "남은"),
]
# Pieces inside words: double passives and old-style endings.
PLAIN_ENDINGS: list[tuple[str, str]] = [
    ("되어질", "될"), ("되어진", "된"), ("되어져", "돼"), ("되어지", "되"), ("보여질", "보일"),
    ("보여진", "보인"), ("보여져", "보여"), ("보여지", "보이"), ("하여야", "해야"), ("하였", "했"),
    ("하여 ", "해 "),
]
_PARTICLES = "을|를|이|가|은|는|과|와|으로|로"
_LONG = 60  # characters; longer sentences are split at a clause ending


def write_rewrite(req: Request, inv: Inventor) -> str:
    text = req.passage("original", "", "source", "draft") or _unfenced_body(req)
    if not text:
        return "다듬을 글을 찾지 못했습니다. 원문을 따옴표 세 개(\"\"\")나 ``` 안에 넣어 주십시오."
    style = style_for(req, "") or ""
    paras = [p for p in unwrap(text).split("\n") if p.strip()]
    # Old-style endings (…예정임, …신청할 것) become full sentences in the text's own style.
    own = "plain" if re.search(r"다\.(\s|$)", text) else "formal"
    out_paras = []
    for para in paras:
        sents = []
        for s in split_sentences(plain_words(para.strip())):
            for piece in _split_long(s):
                if _NOMINAL_END.search(piece):
                    piece = sentence(_NOMINAL_END.sub(_obligation, piece), style or own)
                sents.append(sentence(piece, style) if style else piece)
        out_paras.append(" ".join(sents))
    result = "\n".join(out_paras)
    return cut(result, req.instructions.char_limit) if req.instructions.char_limit else result


_NOMINAL_END = re.compile(r"(할|될|볼|쓸|낼|갈|올|줄)\s*것\.?$|(임|음|함|됨)\.?$")


def _obligation(m: re.Match) -> str:
    """'신청할 것' -> '신청해야 합니다'; other nominal endings are left to :func:`sentence`."""
    if not m.group(1):
        return m.group(0)
    stem = {"할": "해", "될": "돼", "볼": "봐", "쓸": "써", "낼": "내", "갈": "가", "올": "와",
            "줄": "줘"}[m.group(1)]
    return f"{stem}야 합니다."


def unwrap(text: str) -> str:
    """Join lines a text was wrapped at (a line that does not end a sentence, list item or
    paragraph continues on the next)."""
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if out and out[-1].strip() and stripped and not re.search(r"[.!?:：]$", out[-1].strip()) \
                and not re.match(r"^([-*•·○□]|\d+[.)])\s", stripped):
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line)
    return "\n".join(out)


def plain_words(text: str) -> str:
    """Replace whole words from PLAIN_WORDS (fixing the particle after them) and endings."""
    for hard, easy in PLAIN_WORDS:
        pattern = rf"(?<![가-힣A-Za-z]){re.escape(hard)}({_PARTICLES})?(?![A-Za-z])"
        text = re.sub(pattern, lambda m, e=easy: _with_particle(e, m.group(1)), text)
    for hard, easy in PLAIN_ENDINGS:
        text = text.replace(hard, easy)
    return text


def _with_particle(word: str, particle: str | None) -> str:
    return josa(word, particle) if particle else word


def _split_long(s: str) -> list[str]:
    """Split a sentence over _LONG characters at a clause ending (…했으며, / …이고,)."""
    if len(s) <= _LONG:
        return [s]
    for m in re.finditer(r"([가-힣]+?)(으며|며|고),\s", s):
        if m.start() < 15 or len(s) - m.end() < 15:
            continue
        head = _finish(m.group(1))
        if head:
            return [s[: m.start()] + head + "."] + _split_long(s[m.end():].strip())
    return [s]


def _finish(stem: str) -> str:
    """The plain sentence ending of a clause stem: 개최했 -> 개최했다, 하 -> 한다."""
    last = stem[-1]
    if jong_of(last) in ("ㅆ", "ㅄ") or stem.endswith(("이", "겠", "있", "없")):
        return stem + "다"
    if not jong_of(last):
        return stem[:-1] + set_jong(last, "ㄴ") + "다"
    return ""  # a consonant stem could be a verb or an adjective: leave the sentence whole


def _unfenced_body(req: Request) -> str:
    lines = [ln for ln in req.last_user.split("\n")
             if ln.strip() and not re.search(r"(다듬|바꿔|고쳐|쉬운 말|요약|정리)", ln)]
    return "\n".join(lines)


def write_summary(req: Request, inv: Inventor) -> str:
    text = unwrap(req.passage("original", "", "source", "draft") or _unfenced_body(req))
    sents = [s for line in text.split("\n") for s in split_sentences(line.strip()) if s]
    if not sents:
        return "요약할 글을 찾지 못했습니다. 원문을 따옴표 세 개(\"\"\")나 ``` 안에 넣어 주십시오."
    freq = Counter(w for s in sents for w in content_words(s))

    def score(i: int, s: str) -> float:
        words = content_words(s)
        base = sum(freq[w] for w in words) / (len(words) + 3)
        return base + (2.0 if i == 0 else 0) + (1.0 if FIGURE.search(s) else 0)

    n = req.instructions.count or 3
    ranked = sorted(range(len(sents)), key=lambda i: (-score(i, sents[i]), i))[:n]
    picked = [sents[i] for i in sorted(ranked)]
    style = style_for(req, "")
    if style:
        picked = [sentence(s, style) for s in picked]
    draft = Draft(separator="\n")
    draft.add("요약", "", [Unit(f"- {s}", 9 - k, k == 0) for k, s in enumerate(picked)], "\n")
    return draft.fit(req.instructions.char_limit)


def write_headlines(req: Request, inv: Inventor) -> str:
    """Numbered title candidates within the title limit (default 30 characters)."""
    f = req.facts
    org = short_org(organization(req))
    topic = (f.title.split(",", 1)[-1].strip() if f.title else "") or topic_of(req)
    short = re.sub(r"^\d{4}\s*", "", topic)
    figs = [(x.label, x.value) for x in f.figures]
    if f.empty:
        figs = [("참여", inv.people()), ("예산", inv.money())]
    when = [date_ko(d.value, year=False, weekday=False) for d in f.dates]
    cands = [f"{org}, {topic}", f"{org}, {short}"]
    cands += [f"{t}… {label} {value}" for label, value in figs[:2] for t in (topic, short)]
    cands += [f"{t}, {when[0]}부터" for t in (topic, short)] if when else []
    cands += [f"{org} {short}, 시민 곁으로", f"한눈에 보는 {short}", f"{short}, 이렇게 달라집니다",
              short]
    limit = req.instructions.section_limits.get("제목") or req.instructions.char_limit or 30
    if re.search(r"부제", req.last_user) and not re.search(r"제목", req.last_user):
        cands = _subtitles(req, figs, when)
        limit = req.instructions.section_limits.get("부제") or req.instructions.char_limit or 45
    n = req.instructions.count or 3
    out: list[str] = []
    for c in cands:
        if len(c) <= limit and c not in out and not any(c in o or o in c for o in out[-1:]):
            out.append(c)
    if not out:
        out = [shorten_title(topic, limit)]
    return "\n".join(f"{i}. {c}" for i, c in enumerate(out[:n], 1))


def _subtitles(req: Request, figs: list[tuple[str, str]], when: list[str]) -> list[str]:
    """Subtitle candidates: the figures and dates a title leaves out."""
    pairs = [f"{label} {value}" for label, value in figs]
    out = [", ".join(pairs[i: i + 2]) for i in range(0, len(pairs), 2)]
    if when:
        out.append(f"{when[0]}부터, {pairs[0]}" if pairs else f"{when[0]}부터")
    out += [cut(s.rstrip("."), 40) for s in req.facts.statements[:3]]
    return out


_DATE_ANY = re.compile(r"\d{4}[-.]\s?\d{1,2}[-.]\s?\d{1,2}\.?|(\d{4}년\s*)?\d{1,2}월\s*\d{1,2}일")
_PERSON = re.compile(r"([가-힣]{2,4})\s*(시장|부시장|군수|구청장|도지사|교육감|의장|국장|과장|실장|원장|청장|"
                     r"장관|대표|위원장|센터장|이사장|회장|총장|교장|주무관|팀장)")
_QUOTE = re.compile(r"[\"“]([^\"”]{4,300})[\"”]")


def write_extraction(req: Request, inv: Inventor) -> str:
    """A ``[사실 자료]`` block of the statements, figures, dates, people and quotes in a text."""
    text = unwrap(req.passage("original", "", "source", "draft") or _unfenced_body(req))
    sents = [s for line in text.split("\n") for s in split_sentences(line.strip()) if s]
    figures, dates, people, quotes, facts = [], [], [], [], []
    for s in sents:
        in_dates = [range(*d.span()) for d in _DATE_ANY.finditer(s)]
        for m in FIGURE.finditer(s):
            if any(m.start() in r for r in in_dates):
                continue  # '2024년' of a date is not a figure
            figures.append(f"- {_label_before(s, m.start())}: {m.group(0).strip()}")
        for m in _DATE_ANY.finditer(s):
            obj = re.search(r"([가-힣]{2,})(을|를)\s", s[m.end():])
            label = obj.group(1) if obj else "일자"
            dates.append(f"- {label}: {m.group(0).strip()}")
        for m in _PERSON.finditer(s):
            entry = f"- {m.group(1)} ({m.group(2)})"
            if entry not in people:
                people.append(entry)
        for m in _QUOTE.finditer(s):
            who = _PERSON.search(s)
            quotes.append(f'- {who.group(1) if who else "[발언자 확인 필요]"}: "{m.group(1)}"')
        if not _QUOTE.search(s):
            facts.append(f"- {s}")
    out = ["[사실 자료]"]
    for name, items in (("사실", facts), ("수치", figures), ("날짜", dates), ("인물", people),
                        ("인용", quotes)):
        if items:
            out.append(f"{name}:")
            out.extend(dict.fromkeys(items))
    return "\n".join(out) if len(out) > 1 else "[사실 자료]\n사실:\n- (글에서 사실을 찾지 못했습니다)"


_PARTICLE_END = re.compile(r"(에서는|에게는|에는|에서|에게|까지|부터|으로|로|은|는|이|가|을|를|의|도|만|에)$")
_VERB_END = re.compile(r"(며|고|다|서|면|는데|지만|했|하여|해|된|한|할|인)$")


def _label_before(s: str, at: int) -> str:
    """The noun right before a figure ('예산 3억 원' -> '예산'), else '항목'."""
    words = re.findall(r"[가-힣A-Za-z]+", s[:at])
    if not words or _VERB_END.search(words[-1]):
        return "항목"
    word = _PARTICLE_END.sub("", words[-1]) if len(words[-1]) > 2 else words[-1]
    return word or "항목"


def write_factcheck(req: Request, inv: Inventor) -> str:
    draft = req.passage("draft", "", "original")
    basis = "\n".join([req.passage("source")] + req.facts.statements +
                      [f"{x.label} {x.value} {date_ko(x.value)}" for x in req.facts.figures +
                       req.facts.dates + req.facts.items] + [q.text for q in req.facts.quotes])
    if not draft:
        return "확인할 초안을 찾지 못했습니다. 초안을 '초안:' 아래나 ``` 안에 넣어 주십시오."
    if not basis.strip():
        return "비교할 사실 자료가 없어 확인할 수 없습니다. [사실 자료] 블록이나 출처를 함께 넣어 주십시오."
    norm_basis = _norm(basis)
    lines, bad = [], 0
    for s in split_sentences(draft.replace("\n", " ")):
        claims = [m.group(0).strip() for m in FIGURE.finditer(s)] + \
                 [m.group(0).strip() for m in _DATE_ANY.finditer(s)]
        for c in dict.fromkeys(claims):
            ok = _norm(re.sub(r"^약\s*", "", c)) in norm_basis
            bad += not ok
            mark = "근거 있음" if ok else "근거 없음(사실 자료에서 찾을 수 없음)"
            lines.append(f"- '{c}': {mark}")
        for m in _QUOTE.finditer(s):
            ok = _norm(m.group(1)) in norm_basis
            bad += not ok
            lines.append(f"- 인용 '{cut(m.group(1), 30)}': {'원문과 같음' if ok else '원문과 다름 또는 근거 없음'}")
    if not lines:
        return "초안에서 확인할 수치, 날짜, 인용을 찾지 못했습니다."
    head = f"사실 확인 결과: 확인한 항목 {len(lines)}개 가운데 {bad}개는 근거를 찾지 못했습니다."
    return head + "\n" + "\n".join(lines)


def _norm(text: str) -> str:
    return re.sub(r"[\s,]", "", text)
