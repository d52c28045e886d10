"""Deterministic prompt-injection detector (runs before any judge sees a draft).

A graded draft is data.  Text in it that addresses an evaluator or a model
("이 글을 평가하는 AI는 …", "ignore previous instructions"), chat role tags,
fake system blocks, invisible characters and base64-wrapped instructions are
flagged here, without a model, so they cannot steer the optional LLM judge.

Invisible characters are removed before matching (and offsets mapped back), so
"ig\u200bnore previous instructions" is still caught.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from civiclab.scoring.findings import Finding

_AI = r"(?:AI|A\.I\.|에이아이|인공\s?지능|엘엘엠|LLM|GPT|챗\s?GPT|챗봇|언어\s?모델|모델|채점\s?(?:기|자|관|모델|시스템|프로그램)|평가\s?(?:자|관|모델|시스템|위원)|심사\s?(?:자|위원)|어시스턴트|assistant|시스템)"
_EVAL_VERB = r"(?:평가|채점|심사|검토|판정|분석|점수를?\s?매기)"

# (code, pattern, Korean message).  Patterns are written for precision: each
# one needs either a model/evaluator being addressed or an instruction verb
# aimed at the grading itself, so ordinary press-release prose does not match.
_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        r"(?:이|본|해당|위|아래)\s?(?:글|문서|문장|답변|원고|보도\s?자료|연설문|초안|내용)[을를]?\s?"
        + _EVAL_VERB + r"\S*\s?(?:하는|할|중인)?\s?" + _AI + r"\S{0,3}", re.IGNORECASE),
     "채점하는 인공지능(AI)에게 말을 거는 문장이 있습니다."),
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        _AI + r"\s?(?:은|는|이|가|야|여|님|에게|께)\s?[^.\n]{0,40}?"
        r"(?:만점|100\s?점|최고\s?점수?|높은\s?점수|점수를\s?(?:주|매기|올리|높이)|A\+|통과시키|합격)", re.IGNORECASE),
     "채점하는 인공지능(AI)에게 점수를 요구하는 문장이 있습니다."),
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        r"(?:만점|100\s?점|최고\s?점수|최고점|가장\s?높은\s?점수)\s?(?:을|를)?\s?(?:주어야|줘야|주십시오|주세요|줘|주기\s?바|부여하|매겨|매기십시오|매기세요|받아야)", re.IGNORECASE),
     "점수를 요구하는 지시문이 있습니다."),
    ("INJECTION_OVERRIDE", re.compile(
        r"(?:이전|앞|위|기존|모든|지금까지)(?:의|에서)?\s?(?:모든\s?)?(?:지시|지침|명령|규칙|프롬프트|채점\s?기준|평가\s?기준)\S{0,3}\s?"
        r"(?:은|는|을|를)?\s?(?:모두\s?|전부\s?)?(?:무시|잊|따르지\s?말|취소|무효)", re.IGNORECASE),
     "앞선 지시를 무시하라는 문장이 있습니다."),
    ("INJECTION_OVERRIDE", re.compile(
        r"(?:채점|평가)\s?(?:기준|규칙|지침)\S{0,3}\s?(?:무시|잊|적용하지\s?말)", re.IGNORECASE),
     "채점 기준을 무시하라는 문장이 있습니다."),
    ("INJECTION_OVERRIDE", re.compile(
        r"\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,30}?\b(?:previous|prior|above|earlier|all|any|the|your|system)\b[^.\n]{0,20}?"
        r"\b(?:instructions?|prompts?|rules?|directions?|guidelines?|context|messages?)\b", re.IGNORECASE),
     "앞선 지시를 무시하라는 영어 문장이 있습니다."),
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        r"\b(?:dear|attention|note (?:to|for))?\s?(?:AI|LLM|GPT|model|grader|evaluator|assistant|judge|reviewer)s?\b[^.\n]{0,40}?"
        r"\b(?:give|assign|award|rate|score|grade|mark)\b[^.\n]{0,30}?\b(?:score|grade|marks?|points?|10/10|100|full|maximum|highest|A\+?)\b", re.IGNORECASE),
     "채점하는 모델에게 점수를 요구하는 영어 문장이 있습니다."),
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        r"\b(?:give|assign|award)\s+(?:this|the|my)\s+(?:essay|text|draft|answer|document|response|submission)\s+(?:a\s+)?(?:perfect|full|maximum|high(?:est)?|top)?\s*(?:score|grade|marks?|rating)", re.IGNORECASE),
     "점수를 요구하는 영어 문장이 있습니다."),
    ("INJECTION_ROLE_PLAY", re.compile(
        r"\byou\s+are\s+(?:now\s+)?(?:an?\s+|the\s+)?(?:AI|assistant|grader|evaluator|judge|language model|helpful|DAN)\b"
        r"|\bas\s+an\s+AI\s+language\s+model\b|\bfrom\s+now\s+on,?\s+you\b|\bnew\s+instructions?\s*:", re.IGNORECASE),
     "모델의 역할을 바꾸려는 영어 문장이 있습니다."),
    ("INJECTION_ROLE_PLAY", re.compile(
        r"(?:너는|당신은|넌)\s?(?:이제|지금부터|앞으로)\s?[^.\n]{0,30}?(?:이다|입니다|야|이야|역할|처럼)"
        r"|지금부터\s?(?:너|당신)(?:는|은)|시스템\s?프롬프트|system\s?prompt", re.IGNORECASE),
     "모델의 역할을 바꾸거나 시스템 지시를 건드리는 문장이 있습니다."),
    ("INJECTION_ROLE_TAG", re.compile(
        r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>"
        r"|\[/?INST\]|<<\s?/?SYS\s?>>|</?s>|</?(?:system|assistant|user|instructions?)>"
        r"|^\s*(?:#{1,6}\s*)?(?:system|assistant|developer|user)\s*:"
        r"|[\"']role[\"']\s*:\s*[\"'](?:system|assistant|developer)[\"']",
        re.IGNORECASE | re.MULTILINE),
     "대화 역할 표지(role tag)가 들어 있습니다."),
    ("INJECTION_FAKE_SYSTEM", re.compile(
        r"^\s*(?:[\[【<=#*]{1,5}\s*)(?:시스템|관리자|운영자|평가\s?지침|채점\s?지침|SYSTEM|ADMIN|DEVELOPER)(?:\s?(?:메시지|지시|공지|명령|안내|MESSAGE|PROMPT|NOTE|OVERRIDE))?\s*[\]】>)=#*:-]"
        r"|^\s*```\s*(?:system|prompt|instructions?)\b"
        r"|[\[【]\s*(?:시스템|관리자|운영자|채점|심사|SYSTEM|ADMIN|DEVELOPER)\s?(?:참고|지침|)\s?(?:메시지|지시|공지|명령|프롬프트|MESSAGE|PROMPT|NOTE|OVERRIDE)?\s*[\]】]",
        re.IGNORECASE | re.MULTILINE),
     "가짜 시스템 지시 블록이 들어 있습니다."),
]

# Cue combinations, sentence by sentence: the fixed patterns above catch the known
# phrasings; these catch new ones by what an injection must do -- speak to the
# model or evaluator, or override its instructions, and ask for a grade or an action.
_C = re.IGNORECASE
_WHO = (r"(?:\bAI|인공\s?지능|언어\s?모델|모델|\bLLM|\bGPT|챗\s?GPT|챗봇|평가\s?(?:자|관|모델|위원|시스템)"
        r"|채점\s?(?:자|기|관|모델|위원|시스템)|심사\s?(?:자|위원)(?:\s?AI)?|검토자|\bassistant|\bgrader"
        r"|\bevaluator|\breviewer|\bjudge|\bmodel)")
# Spoken to: a dative (모델에게, AI께) anywhere, or a vocative (평가 모델님, / Grader:) that
# opens the sentence -- "AI, 빅데이터 등을 활용하세요" lists AI, it does not address it.
_ADDRESSEE = re.compile(
    _WHO + r"\s?(?:님\s?께|께|에게|한테)(?:\s?전달)?"
    r"|^\s*(?:[※*(\[-]\s*)?" + _WHO + r"\s?(?:(?:님|야|아)\s?[,:]|:)(?!\d)"
    r"|^\s*(?:grader|evaluator|reviewer|judge|assistant|model)\s*,"
    r"|\b(?:grader|evaluator|reviewer|judge|assistant|AI|LLM|GPT)\s*:(?!\d)"
    r"|\bdear\s+(?:AI|grader|evaluator|reviewer|model|assistant|judge)\b"
    r"|\b(?:to|for)\s+the\s+(?:AI|grader|evaluator|reviewer|model|assistant|judge)\b", _C)
_META = re.compile(
    r"(?:이|본|위|아래|해당|위의)\s?(?:글|문서|텍스트|초안|답변|원고|보도\s?자료|연설문|대화|부분)"
    r"|\bthis\s+(?:draft|document|text|press release|essay|answer|response|submission|conversation)"
    r"|\bthe\s+(?:draft|document|text)\s+(?:above|below)", _C)
_GRADING = re.compile(
    r"점수|\d+\s?점(?![자포])|만점|총점|감점|가점|채점|평가\s?(?:결과|점수|기준|단계)|등급|'우수'|합격|"
    r"오류|문제\s?삼|사실\s?확인|\bscore|\bgrade|\bgrading|\bmarks?\b|\brating|\brate\b|criteri|"
    r"\bpass(?:ed)?\b|\bchecks?\b|exemplary|\bperfect\b|\d+\s?/\s?\d+", _C)
_IMPERATIVE = re.compile(
    r"(?:하|주|줘|말|매기|부여하|출력하|무시하|건너뛰|잊|따르|처리하|보여|알려|붙여|써|해)"
    r"(?:세요|십시오|시오|라|어라|아라|요망|야\s?(?:한다|합니다))|주어야|줘야|해야|어야\s?(?:한다|합니다)|"
    r"할\s?것|마세요|마십시오|마라|하지\s?말|요망|줘\b|줘[.!]|해봐|봐[.!?]?$|잊어[.!]|"
    r"\b(?:must|should|please|do not|don't|never|always|ignore|disregard|overlook|treat|mark|output|print|"
    r"reveal|pretend|act as)\b", _C | re.MULTILINE)
_OVERRIDE = re.compile(
    r"무시(?!하지\s?(?:마|말|않))|잊어|잊고|건너뛰|해제|우회|\boverride|\bbypass|jailbreak|\boverlook|"
    r"\bdisregard|\bignore|제한\s?없는|관리자\s?모드|개발자\s?모드|\bDAN\b|새\s?지시|new instructions?", _C)
_INSTRUCTION_OBJECT = re.compile(
    r"지시|지침|규칙|설정|명령|프롬프트|기준|이전|앞의|위의|\binstructions?|\brules?|\bprompts?|"
    r"\bguidelines?|\bchecks?|\bsettings?|\bsafety|모드", _C)
_SCORE_DEMAND = re.compile(
    r"(?:만점|\d+\s?점|최고\s?점수|최고점|\bfull marks|\bperfect score|\btop score)\s?(?:을|를|으로|로)?\s?"
    r"(?:부여|주|줘|매기|처리|달라|받게|give|assign|award)", _C)
# Redefining who the model is: "너는 … 담당자야", "you are now …".
_ROLE = re.compile(r"^\s*(?:(?:너는|넌|당신은)\s[^.!?\n]{0,40}(?:야|이야|이다|입니다|역할)[.!]?\s*$"
                   r"|you\s+are\s+(?:now\s+)?(?:a|an|the)\b|act\s+as\b|pretend\b)", _C)
# Asking the model to reveal its own instructions ("지시문을 모두 알려 주세요").
_REVEAL = re.compile(
    r"(?:지시문|지시\s?사항|프롬프트|시스템\s?메시지|\binstructions|\bsystem prompt|\bprompt)"
    r"\S{0,3}[^.\n]{0,15}?(?:알려|보여|출력|공개|말해|\breveal|\bprint|\bshow|\brepeat)", _C)
# The evaluator as the topic ("채점 모델은 …") told to skip or ignore part of its job.
_EVALUATOR_TOPIC = re.compile(r"(?:채점|평가|심사)\s?(?:자|모델|AI|시스템|프로그램)\s?(?:은|는|이|가)\b", _C)
# Requests to the reader for feedback ("만족도 점수를 남겨 주세요") are not injections.
_FEEDBACK = re.compile(r"만족도|설문|후기|별점")
_SENTENCE = re.compile(r"[^.!?。\n]+[.!?。]*")


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _cue_findings(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        low = m.group(0).lower()
        if not _CUE_RE.search(low):  # cheap: most sentences stop here
            continue
        sent = m.group(0)
        if len(sent.strip()) < 4:
            continue
        addressed = _ADDRESSEE.search(sent)
        grading = _GRADING.search(sent)
        imperative = _IMPERATIVE.search(sent)
        override = _OVERRIDE.search(sent) and _INSTRUCTION_OBJECT.search(sent) and (
            imperative or addressed or _META.search(sent) or _ROLE.search(sent))
        demand = _SCORE_DEMAND.search(sent) and imperative
        role = _ROLE.search(sent) and _IMPERATIVE.search(text, m.start(), _line_end(text, m.end()))
        meta = _META.search(sent) and grading and imperative and not _FEEDBACK.search(sent)
        reveal = _REVEAL.search(sent) and imperative
        skip = _EVALUATOR_TOPIC.search(sent) and _OVERRIDE.search(sent) and imperative
        if (addressed and (imperative or grading)) or meta or override or demand or role or reveal or skip:
            lead = len(sent) - len(sent.lstrip())
            spans.append((m.start() + lead, m.end()))
    return spans


# Literal words at least one of which each fixed pattern needs (same order as
# _PATTERNS): a cheap `in` test on the lower-cased text skips patterns that cannot
# match, which is most of them on ordinary prose.
_PATTERN_KEYS: list[tuple[str, ...]] = [
    ("평가", "채점", "심사", "검토", "판정", "분석", "점수"),
    ("만점", "100", "최고", "높은", "점수", "a+", "통과", "합격"),
    ("만점", "100", "최고", "가장"),
    ("무시", "잊", "따르지", "취소", "무효"),
    ("채점", "평가"),
    ("ignore", "disregard", "forget", "override", "bypass"),
    ("ai", "a.i.", "llm", "gpt", "model", "grader", "evaluator", "assistant", "judge", "reviewer"),
    ("give", "assign", "award"),
    ("you", "as an ai", "from now on", "instruction"),
    ("너는", "넌", "당신은", "지금부터", "프롬프트", "prompt"),
    ("<|", "inst]", "<<", "<s>", "</s>", "system", "assistant", "developer", "user", "instruction", "role"),
    ("시스템", "관리자", "운영자", "평가", "채점", "심사", "system", "admin", "developer", "```"),
]
# Words at least one of which every cue rule needs (see _cue_findings).
_CUE_KEYS = (
    "ai", "인공", "모델", "llm", "gpt", "챗봇", "평가", "채점", "심사", "검토", "assistant", "grader",
    "evaluator", "reviewer", "judge", "model", "무시", "잊", "건너뛰", "해제", "우회", "override",
    "bypass", "jailbreak", "overlook", "disregard", "ignore", "제한", "모드", "dan", "지시",
    "instruction", "만점", "점", "full marks", "perfect", "top score", "너는", "넌", "당신", "you are",
    "act as", "pretend", "오류", "문제 삼", "문제삼", "사실 확인", "우수", "합격", "score", "grade", "mark",
    "pass", "check", "criteri", "exemplary", "rating", "프롬프트", "prompt", "시스템",
)


def _any_of(keys) -> re.Pattern:
    """One compiled alternation: a substring test for many keys in one C scan."""
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


_CUE_RE = _any_of(_CUE_KEYS)
_PATTERN_KEY_RES = [_any_of(keys) for keys in _PATTERN_KEYS]

# Zero-width, bidi-control and Unicode tag characters hide text from a reader
# but not from a model.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
# Look-alike letters folded before matching, one character for one so offsets hold:
# full-width ASCII (ｉｇｎｏｒｅ) and the Cyrillic/Greek letters that pass for Latin ones
# (іgnore).  Hangul is untouched.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20})
_FOLD.update(str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406"
    "\u03bf\u03b1\u03b9\u039f\u0391\u0399",
    "aeopcyxijsdh" "ABEKMHOPCTXI" "oaiOAI"))
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")
_B64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


def find_injections(text: str) -> list[Finding]:
    """All injection findings in ``text``, sorted by position (one per span and code)."""
    findings: list[Finding] = []
    clean, index_map = _strip_invisible(text)
    if _FOLDABLE.search(clean):  # a dict look-up per character: only when something folds
        clean = clean.translate(_FOLD)  # one character for one: offsets still map back

    hidden = list(_INVISIBLE.finditer(text))
    if hidden:
        # Report runs of invisible characters once each.
        runs = _runs([m.start() for m in hidden])
        for start, end in runs:
            findings.append(Finding(
                "INJECTION_HIDDEN_TEXT", "error",
                "눈에 보이지 않는 문자(폭 없는 공백 등)가 들어 있습니다. 평가 모델을 속이는 데 쓰일 수 있습니다.",
                start, end, "보이지 않는 문자를 지우세요."))

    low = clean.lower()
    for (code, pattern, message), keys in zip(_PATTERNS, _PATTERN_KEY_RES, strict=True):
        if not keys.search(low):
            continue
        for m in pattern.finditer(clean):
            if m.end() == m.start():
                continue
            start, end = index_map[m.start()], index_map[m.end() - 1] + 1
            findings.append(Finding(code, "error", message, start, end,
                                    "평가자나 모델에게 하는 말을 지우고 글 내용만 남기세요."))

    for s_, e_ in _cue_findings(clean):
        start, end = index_map[s_], index_map[e_ - 1] + 1
        findings.append(Finding("INJECTION_INSTRUCTION", "error",
                                "평가자나 모델에게 지시하는 문장으로 보입니다.", start, end,
                                "평가자나 모델에게 하는 말을 지우고 글 내용만 남기세요."))

    for m in _HTML_COMMENT.finditer(clean):
        if _matches_any(m.group(1)):
            start, end = index_map[m.start()], index_map[m.end() - 1] + 1
            findings.append(Finding("INJECTION_HIDDEN_TEXT", "error",
                                    "주석 속에 숨긴 지시문이 있습니다.", start, end, "주석을 지우세요."))

    for m in _B64.finditer(clean):
        decoded = _decode_b64(m.group(0))
        if decoded is not None and _matches_any(decoded):
            start, end = index_map[m.start()], index_map[m.end() - 1] + 1
            findings.append(Finding(
                "INJECTION_ENCODED", "error",
                "base64로 감춘 지시문이 있습니다: " + decoded[:60],
                start, end, "인코딩된 문자열을 지우세요."))
    return _dedupe(findings)


def has_injection(text: str) -> bool:
    return any(f.severity == "error" for f in find_injections(text))


def _matches_any(text: str) -> bool:
    text = _INVISIBLE.sub("", text).translate(_FOLD)
    return any(p.search(text) for _c, p, _m in _PATTERNS) or bool(_cue_findings(text))


def _strip_invisible(text: str) -> tuple[str, list[int]]:
    """Text without invisible characters, and a map from its indexes to the original's."""
    if not _INVISIBLE.search(text):
        return text, list(range(len(text) + 1))
    kept, index_map = [], []
    for i, ch in enumerate(text):
        if not _INVISIBLE.match(ch):
            kept.append(ch)
            index_map.append(i)
    index_map.append(len(text))
    return "".join(kept), index_map


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and p - runs[-1][1] <= 1:
            runs[-1] = (runs[-1][0], p + 1)
        else:
            runs.append((p, p + 1))
    return runs


def _decode_b64(token: str) -> str | None:
    padded = token + "=" * (-len(token) % 4)
    try:
        raw = base64.b64decode(padded, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    printable = sum(1 for ch in text if ch.isprintable() or ch.isspace())
    if not text or printable / len(text) < 0.95:
        return None
    return unicodedata.normalize("NFC", text)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop a finding fully inside another one of the same family (keep the widest)."""
    findings.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for f in findings:
        if any(k.start <= f.start and f.end <= k.end and k.code == f.code for k in kept):
            continue
        kept.append(f)
    return kept
