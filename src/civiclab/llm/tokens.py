"""The one offline token estimate, for budgets and the practice model's usage.

No tokenizer is downloaded (tiktoken fetches its tables at run time).  The
estimate follows how BPE vocabularies of current OpenAI models treat text,
rounded up so that budgets err on the side of refusing early:

- Hangul syllable: 1 token each (cl100k uses 1-2, o200k about 0.6-1)
- Latin letters: 1 token per 4 letters of a word (English averages about 4 chars/token)
- digits: 1 token per 3 digits (both vocabularies split numbers in 3s)
- other characters: 1 token each (punctuation, Hanja, symbols; whitespace is free)
"""

from __future__ import annotations

import re

_TOKEN_RUN = re.compile(r"[가-힣]+|[A-Za-z]+|\d+|\s+|.", re.DOTALL)


def message_text(message: dict) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):  # OpenAI content parts
        return "\n".join(p.get("text", "") for p in content if isinstance(p, dict))
    return str(content)


def count_tokens(text: str) -> int:
    n = 0
    for m in _TOKEN_RUN.finditer(text or ""):
        run = m.group(0)
        ch = run[0]
        if "가" <= ch <= "힣":
            n += len(run)
        elif ch.isascii() and ch.isalpha():
            n += -(-len(run) // 4)
        elif ch.isdigit():
            n += -(-len(run) // 3)
        elif not ch.isspace():
            n += 1
    return n


def count_message_tokens(messages: list[dict]) -> int:
    """Prompt tokens of a chat request: content plus 4 per message and 3 for the reply."""
    return sum(count_tokens(message_text(m)) + 4 for m in messages) + 3
