"""Deterministic prompt-injection detector (runs before any judge sees a draft).

A graded draft is data.  Text in it that addresses an evaluator or a model
("이 글을 평가하는 AI는 …", "ignore previous instructions"), chat role tags,
fake system blocks, invisible characters and base64-wrapped instructions are
flagged here, without a model, so they cannot steer the optional LLM judge.

Matching runs on normalised views of the draft (``injection_views``): invisible
characters dropped, look-alike letters folded, jamo composed, and, line by line
where a cheap gate fires, spaced-out letters collapsed, leetspeak, escapes,
backwards and upside-down text undone, and lines broken around an instruction word
joined (``injection_lines``); offsets map back, so findings point at what the learner
wrote.  French, Spanish, German, Italian, Portuguese, Russian, Chinese and Japanese
phrasings have their own patterns.  Held-out sets: tests/security/test_injection_{heldout,lines_flipped}.py.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

from civiclab.scoring.checks.injection_views import (
    FOLD,
    INVISIBLE,
    all_views,
    base_view,
    remap_sub,
)
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
    # Other languages a model reads as well as Korean: French, Spanish, German (override
    # verbs in the imperative only, so "Ignorer les règles est dangereux" is prose),
    # Chinese and Japanese (and Hanja inside Korean: "指示를 無視하고").
    ("INJECTION_OVERRIDE", re.compile(
        r"\b(?:ignorez|ignore|oubliez|oublie|négligez|ignora|ignoren|ignorad|olvida|olvide|olviden|"
        r"ignoriere|ignorieren\s+Sie|vergiss|vergessen\s+Sie|missachte)\b[^.\n]{0,40}?"
        r"\b(?:instructions?|consignes?|règles|directives|critères|instrucciones|reglas|indicaciones|"
        r"directrices|criterios|Anweisungen|Anweisung|Regeln|Vorgaben|Instruktionen|Richtlinien|Kriterien)\b",
        re.IGNORECASE),
     "앞선 지시를 무시하라는 외국어 문장이 있습니다."),
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        r"\b(?:donnez|donne|attribuez|attribue|accordez|accorde|mettez|asigna|asigne|dale|otorga|otorgue|"
        r"ponle|gib|geben\s+Sie|vergib|vergeben\s+Sie|bewerte|bewerten\s+Sie)\b[^.\n]{0,40}?"
        r"(?:note\s+maximale|meilleure\s+note|note\s+parfaite|note\s+maximum|máxima\s+puntuación|"
        r"puntuación\s+máxima|calificación\s+más\s+alta|nota\s+máxima|puntuación\s+perfecta|"
        r"volle(?:n)?\s+Punktzahl|Höchstnote|Bestnote|höchste(?:n)?\s+Punktzahl|Bestbewertung|"
        r"20\s?/\s?20|10\s?/\s?10|100\s?/\s?100)", re.IGNORECASE),
     "점수를 요구하는 외국어 문장이 있습니다."),
    ("INJECTION_OVERRIDE", re.compile(
        r"(?:忽略|忽视|忽視|无视|無視|不要理会|不要理會|不要遵守|忘记|忘記|忘れ)[^。\n]{0,20}?"
        r"(?:指令|指示|提示词|提示詞|规则|規則|命令|ルール|プロンプト|説明|要求)"
        r"|(?:指令|指示|命令|ルール|プロンプト|规则|規則)[^。\n]{0,12}?(?:忽略|无视|無視|忘れ|忘记|忘記)"),
     "앞선 지시를 무시하라는 중국어·일본어 문장이 있습니다."),
    # Italian, Portuguese and Russian; Russian is written as the folded text reads it
    # (Cyrillic letters that pass for Latin are folded before matching).
    ("INJECTION_OVERRIDE", re.compile((
        r"\b(?:ignora|ignorate|dimentica|dimenticate|ignore|ignorem|esqueça|esqueçam|"
        r"игнорируй|игнорируйте|проигнорируй|забудь|забудьте)\b[^.\n]{0,40}?"
        r"\b(?:istruzioni|regole|indicazioni|instruções|regras|orientações|"
        r"инструкции|указания|правила|команды)").translate(FOLD), re.IGNORECASE),
     "앞선 지시를 무시하라는 외국어 문장이 있습니다."),
    ("INJECTION_ADDRESSES_EVALUATOR", re.compile(
        r"(?:给|給|打|评为|評為|评|評|付け|つけ|与え|あげ)[^。\n]{0,12}?"
        r"(?:满分|滿分|最高分|一百分|100分|満点|100点|最高点|最高評価)"
        r"|(?:满分|滿分|滿點|満点|100点|最高点|最高評価)\s?(?:を|을|를)?\s?"
        r"(?:付け|つけ|与え|あげ|ください|下さい|주세요|주십시오|줘|주어야|부여)"),
     "점수를 요구하는 중국어·일본어 문장이 있습니다."),
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
    r"|\b(?:to|for)\s+the\s+(?:AI|grader|evaluator|reviewer|model|assistant|judge)\b"
    r"|\b(?:to|for)\s+(?:whoever|anyone|the\s+(?:person|one))\s+(?:who\s+)?(?:grades|grading|scores|scoring"
    r"|evaluates|evaluating|reviews|reviewing|marks|marking|judges|judging)\b", _C)
_META = re.compile(
    r"(?:이|본|위|아래|해당|위의)\s?(?:글|문서|텍스트|초안|답변|원고|보도\s?자료|연설문|대화|부분)"
    r"|\bthis\s+(?:draft|document|text|press release|essay|answer|response|submission|conversation)"
    r"|\bthe\s+(?:draft|document|text)\s+(?:above|below)", _C)
_GRADING = re.compile(
    r"점수|\d+\s?점(?![자포])|만점|총점|감점|가점|채점|평가\s?(?:결과|점수|기준|단계)|등급|'우수'|합격|"
    r"오류|문제\s?삼|사실\s?확인|\bscore|\bgrade|\bgrading|\bmarks?\b|\brating|\brate\b|criteri|"
    r"\bpass(?:ed)?\b|\bchecks?\b|exemplary|\bperfect\b|\d+\s?/\s?\d+", _C)
_IMPERATIVE_KO = (
    r"(?:하|주|줘|말|매기|부여하|출력하|무시하|건너뛰|잊|따르|처리하|보여|알려|붙여|써|해)"
    r"(?:세요|십시오|시오|라|어라|아라|요망|야\s?(?:한다|합니다))|주어야|줘야|해야|어야\s?(?:한다|합니다)|"
    r"할\s?것|마세요|마십시오|마라|하지\s?말|요망|줘\b|줘[.!]|해봐|봐[.!?]?$|잊어[.!]")
_IMPERATIVE = re.compile(_IMPERATIVE_KO + r"|\b(?:must|should|please|do not|don't|never|always|ignore|disregard"
                         r"|overlook|treat|mark|output|print|reveal|pretend|act as)\b", _C | re.MULTILINE)
# Lines joined into one: an English "ignore" or "please" is an order only to someone addressed
# (a glossary joined across its rows has "ignore" beside "instructions" and speaks to no one).
_IMPERATIVE_JOINED = re.compile(_IMPERATIVE_KO, _C | re.MULTILINE)
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


def _cue_findings(text: str, imperatives: re.Pattern = _IMPERATIVE) -> list[tuple[int, int]]:
    spans = []
    if not _CUE_RE.search(text.lower()):
        return spans
    for m in _SENTENCE.finditer(text):
        low = m.group(0).lower()
        if not _CUE_RE.search(low):  # cheap: most sentences stop here
            continue
        sent = m.group(0)
        if len(sent.strip()) < 4:
            continue
        addressed = _ADDRESSEE.search(sent)
        grading = _GRADING.search(sent)
        imperative = imperatives.search(sent)
        override = _OVERRIDE.search(sent) and _INSTRUCTION_OBJECT.search(sent) and (
            imperative or addressed or _META.search(sent) or _ROLE.search(sent))
        demand = _SCORE_DEMAND.search(sent) and imperative
        role = _ROLE.search(sent) and imperatives.search(text, m.start(), _line_end(text, m.end()))
        meta = _META.search(sent) and grading and imperative and not _FEEDBACK.search(sent)
        reveal = _REVEAL.search(sent) and imperative
        skip = _EVALUATOR_TOPIC.search(sent) and _OVERRIDE.search(sent) and imperative
        if (addressed and (grading or _IMPERATIVE.search(sent))) or meta or override or demand or role or reveal or skip:
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
    ("igno", "oubli", "néglig", "olvid", "vergiss", "vergessen", "missacht"),
    ("donn", "attribu", "accord", "mettez", "asign", "dale", "otorg", "ponle", "gib", "geben", "vergib",
     "vergeben", "bewert"),
    ("忽", "无视", "無視", "不要", "忘"),
    ("igno", "diment", "esque", "игн".translate(FOLD), "заб".translate(FOLD), "проиг".translate(FOLD)),
    ("满分", "滿分", "滿點", "最高", "一百分", "100分", "満点", "100点"),
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
_B64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=])")
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
# A comment is invisible once rendered; one that talks about grading or to a grader
# has no business in a press release even when it gives no order.
# Grading words only: "<!-- 사진: AI 교육 현장 -->" is an ordinary caption.
_COMMENT_TALK = re.compile(r"채점|점수|만점|평가\s?(?:자|모델|위원)|심사\s?위원|\bgrad(?:e|es|er|ers|ing)\b"
                           r"|\bscor(?:e|es|ing)\b|\bmarks\b|criteri|\bevaluator|\breviewer|\bjudge", _C)
_NOT_SPACE = re.compile(r"[\W_]+")
# Matched on spaced-out letters with every gap removed ("ignoreallpreviousinstructions"),
# where the word boundaries the English patterns need are gone.
_COMPACT = re.compile(
    r"(?:ignor(?:e|ing)|disregard|forget|bypass|override)(?:all|the|any|your|every|of|my)*"
    r"(?:previous|prior|above|earlier|preceding|former|system|safety)?"
    r"(?:instructions?|prompts?|rules|guidelines|directions|criteria)"
    r"|(?:give|assign|award|rate)\w{0,20}?(?:fullmarks|perfectscore|maximumscore|highestscore|topscore|fullscore)"
    r"|youarenow(?:a|an|the)", re.IGNORECASE)
_DISGUISED_KO = "글자를 띄우거나 바꿔 써서(또는 거꾸로 써서) 숨긴 지시문이 있습니다."
_LINES_KO = "여러 줄에 나눠 써서 숨긴 지시문이 있습니다."
_FIX_KO = "평가자나 모델에게 하는 말을 지우고 글 내용만 남기세요."


def _spans(clean: str, imperatives: re.Pattern = _IMPERATIVE) -> list[tuple[str, str, int, int]]:
    """(code, message, start, end) of every fixed-pattern and cue match in ``clean``."""
    spans = []
    low = clean.lower()
    for (code, pattern, message), keys in zip(_PATTERNS, _PATTERN_KEY_RES, strict=True):
        if not keys.search(low):
            continue
        for m in pattern.finditer(clean):
            if m.end() > m.start():
                spans.append((code, message, m.start(), m.end()))
    for s_, e_ in _cue_findings(clean, imperatives):
        spans.append(("INJECTION_INSTRUCTION", "평가자나 모델에게 지시하는 문장으로 보입니다.", s_, e_))
    return spans


def _view_spans(view: str, kind: str) -> list[tuple[int, int]]:
    """Match spans in a disguise view (see ``injection_views.all_views`` for the kinds)."""
    joined = kind in ("lines", "vertical")
    spans = [(s_, e_) for _c, _m, s_, e_ in _spans(view, _IMPERATIVE_JOINED if joined else _IMPERATIVE)]
    if kind in ("spaced", "vertical"):
        squeezed, smap = remap_sub(view, list(range(len(view) + 1)), _NOT_SPACE, lambda m: [])
        spans += [(smap[m.start()], smap[m.end() - 1] + 1) for m in _COMPACT.finditer(squeezed)]
    return spans


def find_injections(text: str) -> list[Finding]:
    """All injection findings in ``text``, sorted by position (one per span and code)."""
    findings: list[Finding] = []
    clean, index_map = base_view(text)

    def back(s_: int, e_: int, vmap: list[int] | None = None) -> tuple[int, int]:
        if vmap is not None:  # a disguise view: first into ``clean``, then the original
            ends = (vmap[s_], vmap[e_ - 1])
            s_, e_ = min(ends), max(ends) + 1
        return index_map[s_], index_map[e_ - 1] + 1

    hidden = list(INVISIBLE.finditer(text))
    if hidden:
        # Report runs of invisible characters once each.
        runs = _runs([m.start() for m in hidden])
        for start, end in runs:
            findings.append(Finding(
                "INJECTION_HIDDEN_TEXT", "error",
                "눈에 보이지 않는 문자(폭 없는 공백 등)가 들어 있습니다. 평가 모델을 속이는 데 쓰일 수 있습니다.",
                start, end, "보이지 않는 문자를 지우세요."))

    covered = []
    for code, message, s_, e_ in _spans(clean):
        covered.append((s_, e_))
        findings.append(Finding(code, "error", message, *back(s_, e_), _FIX_KO))

    # Disguised text read as a model would; reported where the plain text had no finding.
    for view, vmap, kind in all_views(clean):
        joined = kind in ("lines", "vertical")  # new only where a match crosses a line break
        for s_, e_ in _view_spans(view, kind):
            lo, hi = min(vmap[s_], vmap[e_ - 1]), max(vmap[s_], vmap[e_ - 1]) + 1
            if any(a < hi and lo < b for a, b in covered) or (joined and "\n" not in clean[lo:hi]):
                continue
            findings.append(Finding("INJECTION_DISGUISED", "error", _LINES_KO if joined else _DISGUISED_KO,
                                    *back(s_, e_, vmap), _FIX_KO))

    for m in _HTML_COMMENT.finditer(clean):
        if _matches_any(m.group(1)) or _COMMENT_TALK.search(m.group(1)):
            findings.append(Finding("INJECTION_HIDDEN_TEXT", "error", "주석 속에 숨긴 지시문이 있습니다.",
                                    *back(m.start(), m.end()), "주석을 지우세요."))

    for m in _B64.finditer(clean):
        decoded = _decode_b64(m.group(0))
        if decoded is not None and _matches_any(decoded):
            findings.append(Finding(
                "INJECTION_ENCODED", "error",
                "base64로 감춘 지시문이 있습니다: " + decoded[:60],
                *back(m.start(), m.end()), "인코딩된 문자열을 지우세요."))
    return _dedupe(findings)


def has_injection(text: str) -> bool:
    return any(f.severity == "error" for f in find_injections(text))


def _matches_any(text: str) -> bool:
    """Whether hidden text (a comment, a decoded base64 string) holds an instruction,
    read through the same views as the draft."""
    clean, _ = base_view(text)
    return bool(_spans(clean)) or any(_view_spans(v, kind) for v, _m, kind in all_views(clean))


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
