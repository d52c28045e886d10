"""Small Korean grammar helpers for the practice model (pure Python, no Kiwi).

The practice model writes every sentence of its own templates in the formal
polite style (합쇼체, ``-습니다``) and converts endings to the style a draft
needs: plain written style (해라체, ``-다``) for press releases, polite informal
style (해요체, ``-요``) for friendly answers and children.  Facts copied from a
prompt are first brought to 합쇼체 (:func:`to_formal`) so they can take any style.
Only sentence endings change; the words before them, and so every figure and
quote, stay exactly as given.

The rules cover regular verbs and adjectives, the copula, ``하다``/``되다``,
past and future markers, and the irregular stems listed below.  Anything not
recognised is left as it is rather than guessed.
"""

from __future__ import annotations

import datetime as _dt
import re

_BASE = 0xAC00
_JUNG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONG = ["", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ",
         "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ"]

STYLES = ("plain", "formal", "polite")  # 해라체, 합쇼체, 해요체

# Digits read in Korean: whether the reading ends in a consonant (일, 삼, 육, 칠, 팔, 십 ...).
_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False,
                  "6": True, "7": True, "8": True, "9": False}
_CLOSERS = ")]}\"'”’」』》〉"


def is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def split_syllable(ch: str) -> tuple[int, int, int]:
    code = ord(ch) - _BASE
    return code // 588, (code % 588) // 28, code % 28


def join_syllable(cho: int, jung: int, jong: int) -> str:
    return chr(_BASE + cho * 588 + jung * 28 + jong)


def set_jong(ch: str, jong: str) -> str:
    cho, jung, _ = split_syllable(ch)
    return join_syllable(cho, jung, _JONG.index(jong))


def jong_of(ch: str) -> str:
    return _JONG[split_syllable(ch)[2]] if is_hangul(ch) else ""


def vowel_of(ch: str) -> str:
    return _JUNG[split_syllable(ch)[1]] if is_hangul(ch) else ""


def has_batchim(word: str) -> bool:
    """Whether ``word`` (as read aloud) ends in a consonant; decides 은/는, 이/가 ..."""
    word = re.sub(r"\s*\([^()]*\)$", "", word.rstrip())  # '11일(토)' is read '11일', then 이다
    word = word.rstrip(_CLOSERS + ".,")
    if not word:
        return False
    ch = word[-1]
    if is_hangul(ch):
        return split_syllable(ch)[2] != 0
    if ch.isdigit():
        return _DIGIT_BATCHIM[ch]
    if ch == "%":  # 퍼센트
        return False
    return ch.lower() in "lmnr"


def ends_in_rieul(word: str) -> bool:
    word = word.rstrip().rstrip(_CLOSERS)
    if not word:
        return False
    ch = word[-1]
    if is_hangul(ch):
        return jong_of(ch) == "ㄹ"
    return ch in "178" or ch.lower() == "l"  # 일, 칠, 팔


_JOSA = {
    "은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와"),
    "이에요": ("이에요", "예요"), "이라고": ("이라고", "라고"), "이며": ("이며", "며"),
    "이다": ("이다", "다"), "으로": ("으로", "로"), "로": ("으로", "로"),
}


def josa(word: str, particle: str) -> str:
    """``word`` followed by the right form of ``particle`` (given either form)."""
    after_consonant, after_vowel = _JOSA[particle]
    if after_consonant == "으로":
        use = after_vowel if (not has_batchim(word) or ends_in_rieul(word)) else after_consonant
        return word + use
    return word + (after_consonant if has_batchim(word) else after_vowel)


# --- sentence endings ---------------------------------------------------------------------

VERBAL_NOUNS = {
    "개최", "운영", "지원", "추진", "실시", "시행", "확대", "마련", "제공", "모집", "선정", "발표",
    "참여", "완료", "설치", "조성", "개설", "개통", "도입", "착공", "준공", "개관", "진행", "접수",
    "신청", "배부", "지급", "출범", "협약", "체결", "시작", "종료", "추가", "강화", "개편", "공개",
    "증가", "감소", "달성", "기록", "투입", "확정", "발간", "안내", "점검", "정비", "홍보",
    "예약", "발급", "개방", "신설", "개선", "폐지", "교육", "배치", "출시", "개발", "구축", "보급",
    "설립", "연장", "변경", "적용", "단속", "수거", "공모", "개막", "개장", "재개", "감면", "면제",
    "인상", "인하", "완화", "해소", "공시", "통합", "전환", "발령", "가동", "배포",
}
_ADJ_STEMS = {"많", "좋", "높", "낮", "넓", "좁", "깊", "작", "적", "같", "짧", "괜찮", "어렵", "쉽",
              "가깝", "멀", "길", "없", "있", "크", "아니", "바쁘", "기쁘", "슬프", "빠르", "다르",
              "새롭", "아름답", "즐겁", "반갑", "고맙", "소중하", "중요하", "필요하", "가능하", "싸",
              "비싸", "짜", "느리", "흐리"}
_B_IRREGULAR = {"쉽": "쉬워", "어렵": "어려워", "가깝": "가까워", "고맙": "고마워", "반갑": "반가워",
                "즐겁": "즐거워", "새롭": "새로워", "아름답": "아름다워", "돕": "도와", "춥": "추워",
                "덥": "더워", "무겁": "무거워", "가볍": "가벼워", "자랑스럽": "자랑스러워"}
_SPECIAL_POLITE = {"하": "해", "되": "돼", "그렇": "그래", "듣": "들어", "걷": "걸어", "묻": "물어"}
_END_PUNCT = re.compile(r"[.!?。]+$")


def _split_end(sentence: str) -> tuple[str, str]:
    s = sentence.rstrip()
    m = _END_PUNCT.search(s)
    if m:
        return s[: m.start()], s[m.start():]
    return s, ""


def _formal_stem(body: str) -> tuple[str, str] | None:
    """Split a 합쇼체 statement into (stem, kind): kind 'sup' (-습니다) or 'bnida' (-ㅂ니다)."""
    if body.endswith("습니다"):
        return body[:-3], "sup"
    if body.endswith("니다") and len(body) >= 3 and jong_of(body[-3]) == "ㅂ":
        ch = body[-3]
        return body[:-3] + set_jong(ch, ""), "bnida"
    return None


def to_formal(sentence: str) -> str:
    """Bring one sentence (plain, polite, nominal or formal) to 합쇼체."""
    body, punct = _split_end(sentence)
    if not body or body[-1] in _CLOSERS or "?" in punct or "!" in punct:
        return sentence.rstrip()
    if _formal_stem(body) or body.endswith("십시오"):
        return body + (punct or ".")
    out = _plain_to_formal(body) or _polite_to_formal(body) or _nominal_to_formal(body)
    return (out or body) + (punct[:1] or ".")


# Vowel-final stems of adjectives and the copula; other vowel-final words before 다 are
# nouns with the copula dropped (서비스다, 무료다).
_VOWEL_ADJ = ("이", "아니", "싸", "짜", "비싸", "크", "바쁘", "기쁘", "슬프", "아프", "예쁘", "나쁘",
              "고프", "쓰", "빠르", "다르", "느리", "흐리", "시리")


def _plain_to_formal(body: str) -> str | None:
    if not body.endswith("다") or len(body) < 2 or not is_hangul(body[-2]):
        return None
    pre = body[-2]
    if body.endswith("는다") and len(body) >= 3 and is_hangul(body[-3]):
        return body[:-2] + "습니다"  # 받는다 -> 받습니다
    if jong_of(pre) == "ㄴ":
        return body[:-2] + set_jong(pre, "ㅂ") + "니다"  # 한다 -> 합니다, 연다 -> 엽니다
    if jong_of(pre):
        return body[:-1] + "습니다"  # 했다, 있다, 많다
    if body[:-1].endswith(_VOWEL_ADJ):
        return body[:-2] + set_jong(pre, "ㅂ") + "니다"  # 이다 -> 입니다, 크다 -> 큽니다
    return body[:-1] + "입니다"  # 무료다 -> 무료입니다 (a noun with the copula)


_POLITE_TO_FORMAL = [("이에요", "입니다"), ("예요", "입니다"), ("해요", "합니다"), ("돼요", "됩니다"),
                     ("있어요", "있습니다"), ("없어요", "없습니다"), ("했어요", "했습니다"),
                     ("됐어요", "됐습니다"), ("겠어요", "겠습니다"), ("드려요", "드립니다"),
                     ("세요", "십시오"), ("아요", "습니다"), ("어요", "습니다")]


def _polite_to_formal(body: str) -> str | None:
    for old, new in _POLITE_TO_FORMAL:
        if body.endswith(old):
            return body[: -len(old)] + new
    return None


_EUM_NOUNS = {"믿음", "웃음", "울음", "얼음", "죽음", "걸음", "놀음", "물음", "묶음"}
_NOT_NOMINALISED = {"모임", "지름", "처음", "마음", "걸음", "이음", "놀이함", "보관함", "우체함"}


def _nominal_to_formal(body: str) -> str | None:
    words = body.split()
    last_word = words[-1] if words else body
    if last_word not in _NOT_NOMINALISED and len(last_word) >= 2:
        for old, new in (("함", "합니다"), ("됨", "됩니다"), ("임", "입니다")):
            if body.endswith(old):
                return body[:-1] + new
        if body.endswith("음") and jong_of(body[-2]) and last_word not in _EUM_NOUNS:
            return body[:-1] + "습니다"  # 있음, 했음, 받음
    if last_word in VERBAL_NOUNS and len(words) > 1:
        return body + "합니다"  # 축제 개최 -> 축제 개최합니다
    if body[-1].isalnum() or body[-1] in "%)":
        return body + "입니다"
    return None


def formal_to(sentence: str, style: str) -> str:
    """Convert a 합쇼체 sentence to ``style`` ('plain', 'formal' or 'polite')."""
    if style == "formal":
        return sentence
    body, punct = _split_end(sentence)
    if "?" in punct:
        return _question(body, style) + punct
    if body.endswith("십시오"):
        stem = body[:-3]
        return stem + ("기 바란다" if style == "plain" else "세요") + (punct or ".")
    split = _formal_stem(body)
    if not split:
        return sentence
    stem, kind = split
    if not stem:
        return sentence
    out = _to_plain(stem, kind) if style == "plain" else _to_polite(stem, kind)
    return out + (punct or ".")


def _stem_key(stem: str) -> str:
    for n in (4, 3, 2, 1):
        if stem[-n:] in _ADJ_STEMS or stem[-n:] in _B_IRREGULAR:
            return stem[-n:]
    return stem[-1:]


def _to_plain(stem: str, kind: str) -> str:
    last = stem[-1]
    if kind == "bnida":
        if stem.endswith("이") and (len(stem) == 1 or not stem.endswith("아니")):
            noun = stem[:-1]
            if noun and is_hangul(noun[-1]) and not jong_of(noun[-1]):
                return noun + "다"  # 규모입니다 -> 규모다 (news style)
            return stem + "다"  # 입니다 -> 이다
        if _stem_key(stem) in _ADJ_STEMS:
            return stem + "다"
        if jong_of(last) == "ㄹ":  # 만들 -> 만든다
            return stem[:-1] + set_jong(last, "ㄴ") + "다"
        return stem[:-1] + set_jong(last, "ㄴ") + "다"  # 하 -> 한다
    if jong_of(last) == "ㅆ" or stem.endswith("겠") or _stem_key(stem) in _ADJ_STEMS:
        return stem + "다"
    return stem + "는다"  # 받 -> 받는다


# ㄹ-stems lose their ㄹ before -ㅂ니다 (만들다 -> 만듭니다); the few the templates may meet.
_RIEUL_DROPPED = {"만드": "만들어", "느": "늘어", "이루어지": "이루어져"}
# Whole one-syllable stems that can only be ㄹ-verbs (엽니다 <- 열다).
_RIEUL_WORDS = {"여": "열어", "아": "알아", "사": "살아", "노": "놀아", "파": "팔아", "거": "걸어",
                "드": "들어", "푸": "풀어", "미": "밀어", "흔드": "흔들어"}
_POLITE_VOWEL = {"ㅗ": "ㅘ", "ㅜ": "ㅝ", "ㅣ": "ㅕ", "ㅚ": "ㅙ"}


def _to_polite(stem: str, kind: str) -> str:
    last = stem[-1]
    key = _stem_key(stem)
    if kind == "bnida":
        if stem.endswith("아니"):
            return stem + "에요"
        if stem.endswith("이") and is_hangul(last):
            noun = stem[:-1]
            return noun + ("이에요" if has_batchim(noun) else "예요") if noun else "이에요"
        if last in _SPECIAL_POLITE:
            return stem[:-1] + _SPECIAL_POLITE[last] + "요"
        v = vowel_of(last)
        cho, _, _ = split_syllable(last)
        word = stem.split()[-1] if stem.split() else stem
        if word in _RIEUL_WORDS:
            return stem[: -len(word)] + _RIEUL_WORDS[word] + "요"
        if stem.endswith(tuple(_RIEUL_DROPPED)):
            tail = next(t for t in _RIEUL_DROPPED if stem.endswith(t))
            return stem[: -len(tail)] + _RIEUL_DROPPED[tail] + "요"
        if v in ("ㅟ", "ㅢ"):
            return stem + "어요"
        if v in ("ㅏ", "ㅐ", "ㅓ", "ㅔ", "ㅕ", "ㅑ"):
            return stem + "요"
        if v in _POLITE_VOWEL:
            return stem[:-1] + join_syllable(cho, _JUNG.index(_POLITE_VOWEL[v]), 0) + "요"
        if last == "르" and len(stem) > 1 and is_hangul(stem[-2]):  # 빠르 -> 빨라, 부르 -> 불러
            prev = stem[-2]
            ending = "라" if vowel_of(prev) in ("ㅏ", "ㅗ") else "러"
            return stem[:-2] + set_jong(prev, "ㄹ") + ending + "요"
        if v == "ㅡ":  # 크 -> 커, 바쁘 -> 바빠
            prev = vowel_of(stem[-2]) if len(stem) > 1 else ""
            nv = "ㅏ" if prev in ("ㅏ", "ㅗ") else "ㅓ"
            return stem[:-1] + join_syllable(cho, _JUNG.index(nv), 0) + "요"
        return stem + "요"
    if key in _B_IRREGULAR:
        return stem[: -len(key)] + _B_IRREGULAR[key] + "요"
    if last in _SPECIAL_POLITE:
        return stem[:-1] + _SPECIAL_POLITE[last] + "요"
    if jong_of(last) == "ㅆ" or stem.endswith("겠"):
        return stem + "어요"
    return stem + ("아요" if vowel_of(last) in ("ㅏ", "ㅗ", "ㅑ") else "어요")


def _question(body: str, style: str) -> str:
    if style == "plain":
        return body
    for old in ("습니까", "ㅂ니까"):
        if body.endswith(old):
            return body[: -len(old)] + "나요"
    if body.endswith("니까") and len(body) >= 3 and jong_of(body[-3]) == "ㅂ":
        return body[:-3] + set_jong(body[-3], "") + "나요"
    return body


def restyle(text: str, style: str) -> str:
    """Bring every sentence of ``text`` to ``style`` (sentence by sentence, endings only)."""
    out = []
    for sent in split_sentences(text):
        out.append(formal_to(to_formal(sent), style))
    return " ".join(out)


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\S)")


def split_sentences(text: str) -> list[str]:
    """Split at . ! ? followed by space; quotes and decimals (3.5%) stay whole."""
    text = text.strip()
    if not text:
        return []
    parts, buf, depth = [], "", 0
    for piece in _SENT_SPLIT.split(text):
        buf = f"{buf} {piece}" if buf else piece
        depth = buf.count('"') % 2 + (buf.count("“") - buf.count("”"))
        if depth == 0:
            parts.append(buf)
            buf = ""
    if buf:
        parts.append(buf)
    return parts


# --- dates -----------------------------------------------------------------------------------

_WEEKDAYS = "월화수목금토일"
_ISO = re.compile(r"(\d{4})[-./]\s?(\d{1,2})[-./]\s?(\d{1,2})\.?")


def parse_date(text: str) -> _dt.date | None:
    m = _ISO.search(text)
    if not m:
        m2 = re.search(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일", text)
        if not m2:
            return None
        m = m2
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def date_ko(value: str, *, year: bool = True, weekday: bool = True) -> str:
    """'2024-03-28' -> '2024년 3월 28일(목)'; text that is not a date is returned unchanged."""
    d = parse_date(value)
    if d is None:
        return value.strip()
    out = f"{d.year}년 {d.month}월 {d.day}일" if year else f"{d.month}월 {d.day}일"
    if weekday:
        out += f"({_WEEKDAYS[d.weekday()]})"
    return out


# --- numbers read aloud -----------------------------------------------------------------------

_PLAIN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d{5,})(?![\d.,]*\d)\s*(원|명|개|곳|건|가구|대)?")


def korean_amount(n: int) -> str:
    """63000 -> '6만 3,000'; 2300000000 -> '23억'; 2435000000000 -> '2조 4,350억'."""
    parts = []
    for size, name in ((10**12, "조"), (10**8, "억"), (10**4, "만")):
        if n >= size:
            parts.append(f"{n // size:,}{name}")
            n %= size
    if n:
        parts.append(f"{n:,}")
    return " ".join(parts) or "0"


def speakable_numbers(text: str) -> str:
    """Big plain numbers in Korean units, as a speech reads them ('2,300,000,000원' -> '23억 원')."""

    def repl(m: re.Match) -> str:
        n = int(m.group(1).replace(",", ""))
        if n < 10**4:
            return m.group(0)
        amount = korean_amount(n)
        unit = m.group(2) or ""
        if not unit:
            return amount
        return f"{amount} {unit}" if amount[-1] in "조억만" else f"{amount}{unit}"

    return _PLAIN_NUMBER.sub(repl, text)
