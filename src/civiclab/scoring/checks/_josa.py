"""Korean particles for generated messages: 63,000명으로, 56종으로, 30%로, 시장으로.

A particle depends on the last sound of the word before it, so messages that
quote a learner's text cannot hard-code 을/를 or 으로/로.
"""

from __future__ import annotations


def josa(word: str, with_final: str, without_final: str) -> str:
    """``word`` plus 으로/로, 은/는 ... by its last sound (digits read in Sino-Korean)."""
    last = word.rstrip(" .)")[-1:] or "가"
    if last.isdigit():
        has_final, rieul = last in "013678", last in "178"
    elif "가" <= last <= "힣":
        jong = (ord(last) - 0xAC00) % 28
        has_final, rieul = jong != 0, jong == 8
    else:
        has_final, rieul = False, False
    if last == "%":
        has_final, rieul = False, False  # 퍼센트
    if with_final == "으로" and rieul:
        return word + without_final
    return word + (with_final if has_final else without_final)


def quoted(word: str, with_final: str, without_final: str) -> str:
    """``'word'`` in quotes followed by the right particle."""
    return f"'{word}'" + josa(word, with_final, without_final)[len(word) :]
