"""An offline token estimate for budgets and the practice model's usage.

Real tokenizers are not used because the popular one (tiktoken) downloads its
tables at run time.  BPE vocabularies of current models spend about one token
per Hangul syllable and about one per four Latin characters; we count that way
and round up, which errs on the side of a budget refusing early.
"""

from __future__ import annotations

import math
import re

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SPACE = re.compile(r"\s+")


def count_tokens(text: str) -> int:
    if not text:
        return 0
    hangul = len(_HANGUL.findall(text))
    rest = len(_SPACE.sub("", text)) - hangul
    return hangul + math.ceil(rest / 4)


def count_message_tokens(messages: list[dict]) -> int:
    # About four tokens of framing per message in the chat format.
    return sum(count_tokens(m["content"]) + 4 for m in messages)
