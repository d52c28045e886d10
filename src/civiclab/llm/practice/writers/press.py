"""Press release (보도자료): title, subtitle, lead, body, quote, contact."""

from __future__ import annotations

import re

from civiclab.llm.practice.korean import VERBAL_NOUNS, date_ko, has_batchim, josa
from civiclab.llm.practice.parse import Request
from civiclab.llm.practice.writers.common import (
    PLACEHOLDER_CONTACT,
    PLACEHOLDER_QUOTE,
    Draft,
    Inventor,
    Unit,
    sentence,
    style_for,
    subject,
    with_subject,
)
from civiclab.llm.practice.writers.topic import organization, short_org, topic_of, verbal_tail

DEFAULT_ORDER = ["제목", "부제", "리드", "본문", "인용", "문의처"]


def write_press(req: Request, inv: Inventor) -> str:
    style = style_for(req, "plain")
    ins = req.instructions
    parts = _grounded(req, style) if not req.facts.empty else _careless(req, inv, style)
    asked = ins.sections
    draft = Draft()
    if asked:
        for name in asked:
            units = list(parts.get(name, []))
            if name == "본문" and "리드" not in asked:
                units = parts.get("리드", []) + units
            if name == "본문" and "인용" not in asked:
                units += parts.get("인용", [])
            if name == "인용" and not units:
                units = [Unit(PLACEHOLDER_QUOTE, 8)]
            if name == "문의처" and not units:
                units = [Unit(inv.phone() if req.facts.empty else PLACEHOLDER_CONTACT, 7)]
            draft.add(name, ins.labels.get(name, name), units)
    else:
        for name in DEFAULT_ORDER:
            units = parts.get(name, [])
            if name == "부제":
                units = [Unit(f"- {u.text}", u.priority) for u in units]
            if name == "문의처":
                units = [Unit(f"문의: {u.text}", u.priority) for u in units]
            joiner = "\n" if name == "본문" else " "
            draft.add(name, "", units, joiner, essential=name in ("제목", "리드"))
    return draft.fit(ins.char_limit, ins.section_limits)


def _grounded(req: Request, style: str) -> dict[str, list[Unit]]:
    f = req.facts
    org = organization(req)
    statements = list(f.statements)
    clean_lead = _lead(f.title, org, f.release_date, style) if f.title else ""
    if clean_lead or (f.title and not statements):
        title = f.title
        lead = clean_lead or sentence(f"{subject(org)} '{f.title}' 소식을 알렸습니다.", style)
    elif statements:
        # No title given: the first fact becomes the lead, and a headline made from it the title.
        first = statements.pop(0)
        title = f.title or f"{short_org(org)}, {headline_from(first)}"
        if first.startswith(("시는 ", "시가 ")):  # the lead names the organisation in full
            first = f"{josa(org, first[1])} {first[3:]}"
        lead = sentence(first if re.search(r"(는|은|이|가)\s", first[:24]) else
                        f"{josa(org, '은')} {first}", style)
    else:
        title = _title_from(f.items[0].value if f.items else topic_of(req), org)
        lead = _lead(title, org, f.release_date, style)
    parts: dict[str, list[Unit]] = {"제목": [Unit(title, 10)], "리드": [Unit(lead, 9)]}

    body: list[Unit] = []
    event = (verbal_tail(title.split(",", 1)[-1].strip()) or ("이번 행사", ""))[0]
    for i, st in enumerate(statements):
        st = with_subject(st, org, event)
        body.append(Unit(sentence(st, style), 5 - i * 0.01))
    mentioned = " ".join([lead] + [u.text for u in body])
    for i, fig in enumerate(f.figures):
        if fig.value not in mentioned:
            body.append(Unit(sentence(f"{josa(fig.label, '은')} {fig.value}입니다.", style), 6 - i * 0.01))
    for i, d in enumerate(f.dates):
        when = date_ko(d.value)
        if when not in mentioned and d.value not in mentioned:
            body.append(Unit(sentence(f"{josa(d.label, '은')} {when}입니다.", style), 6 - i * 0.01))
    for i, it in enumerate(f.items):
        if it.value not in mentioned and it.label != "부제":
            body.append(Unit(sentence(f"{josa(it.label, '은')} {it.value}입니다.", style), 3 - i * 0.01))
    parts["본문"] = body

    sub = next((it.value for it in f.items if it.label == "부제"), "")
    if not sub and f.figures:
        sub = ", ".join(f"{fig.label} {fig.value}" for fig in f.figures[:2])
    if sub:
        parts["부제"] = [Unit(sub, 2)]

    quotes = f.quotes
    if req.instructions.quote_speaker:
        named = [q for q in quotes if req.instructions.quote_speaker in q.speaker]
        quotes = named or quotes
    # A quote ranks below the figures when a length limit bites, unless it was asked for.
    parts["인용"] = [Unit(_quote_sentence(q.speaker, f.title_of(q.speaker), q.text, style), 5.5)
                   for q in quotes]
    if f.contact:
        parts["문의처"] = [Unit(f.contact, 7)]
    return parts


def _careless(req: Request, inv: Inventor, style: str) -> dict[str, list[Unit]]:
    """No facts given: a fluent release whose figures and dates are unsupported."""
    org = organization(req)
    topic = topic_of(req)
    when, people, money, pct, n = inv.date(), inv.people(), inv.money(), inv.percent(), inv.count()
    obj = josa(topic, "을")
    lead = sentence(f"{subject(org)} {when}부터 {obj} 본격적으로 추진한다고 밝혔습니다.", style)
    body = [
        sentence(f"이번 사업에는 총 {money}의 예산이 들어가며, {people}의 시민이 혜택을 볼 것으로 "
                 "기대됩니다.", style),
        sentence(f"이는 지난해보다 {pct} 늘어난 규모입니다.", style),
        sentence(f"시는 모두 {n}의 세부 과제를 마련해 시민 참여를 넓혀 나갈 계획입니다.", style),
        sentence("또한 관계 기관과 협력해 현장의 의견을 꾸준히 반영할 예정입니다.", style),
    ]
    speaker = req.instructions.quote_speaker or req.instructions.speaker or "시 관계자"
    said = f"{topic}{'을' if has_batchim(topic) else '를'} 통해 시민 모두가 체감할 수 있는 변화를 만들겠다"
    quote = _quote_sentence(speaker, "", said, style) if inv.invent else PLACEHOLDER_QUOTE
    lead_in = f"{short_org(org)}, " if org != "시" else ""
    title = f"{lead_in}{topic} 본격 추진… {people} 혜택 기대"
    return {
        "제목": [Unit(title, 10)],
        "부제": [Unit(f"총 {money} 투입, 지난해보다 {pct} 확대", 2)],
        "리드": [Unit(lead, 9)],
        "본문": [Unit(s, 5 - i * 0.01) for i, s in enumerate(body)],
        "인용": [Unit(quote, 8)],
    }


def headline_from(statement: str) -> str:
    """'세종시는 4월부터 심야 버스 2개 노선을 새로 운영한다' -> '4월부터 심야 버스 2개 노선 새로 운영'."""
    text = re.sub(r"^[^ ]{1,12}(는|은)\s", "", statement.strip().rstrip("."))
    m = re.search(r"\s(\S+?)(한다|합니다|했다|했습니다|하며|함)$", text)
    if m and m.group(1) in VERBAL_NOUNS:
        text = text[: m.start()] + " " + m.group(1)
        text = re.sub(r"(\S)(을|를)(\s)", r"\1\3", text)
    return text.strip()


def _quote_sentence(speaker: str, title: str, text: str, style: str) -> str:
    who = f"{speaker} {title}".strip()
    words = text.strip().strip('"“”')
    return sentence(f'{josa(who, "은")} "{words}"라고 말했습니다.', style)


def _title_from(text: str, org: str) -> str:
    words = text.rstrip(".").split()
    head = ""
    for w in words:
        if len(head) + len(w) + 1 > 30:
            break
        head = f"{head} {w}".strip()
    return f"{short_org(org)}, {head}"


_PARTICLE_END = re.compile(r"(에서|으로|로|에게|부터|까지|와|과|의|에)$")


def _lead(title: str, org: str, release_date: str, style: str) -> str:
    """'세종시, 2024 세종 벚꽃축제 개최' -> '세종특별자치시는 3월 25일 2024 세종 벚꽃축제를 개최한다고
    밝혔다.'; '' when the title does not have that shape (then the first fact leads)."""
    head, _, core = title.partition(",")
    if not core:
        core = head  # '세종 호수공원 봄꽃 축제 개최'
    elif head.strip() not in (org, short_org(org)):
        return ""  # '세종시 공공시설, 한 누리집에서 예약': the first fact leads
    core = re.sub(r"[…·]+.*$", "", core).strip()
    tail = verbal_tail(core)
    if not tail or _PARTICLE_END.search(tail[0]):
        return ""
    obj, verb = tail
    day = date_ko(release_date, year=False, weekday=False) + " " if release_date else ""
    return sentence(f"{subject(org)} {day}{josa(obj, '을')} {verb}한다고 밝혔습니다.", style)
