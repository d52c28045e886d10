"""The LLM gateway: every model call in civiclab goes through here.

Order of one call (see :class:`civiclab.llm.gateway.Gateway`):
trusted-endpoint check -> PII guard -> budget -> cache -> openai client -> ledger.

Names are re-exported lazily so that ``import civiclab.llm`` stays cheap.
"""

from __future__ import annotations

__all__ = ["ChatRequest", "Gateway", "Generation"]


def __getattr__(name: str):
    if name in ("ChatRequest", "Generation"):
        from civiclab.llm import types

        return getattr(types, name)
    if name == "Gateway":
        from civiclab.llm.gateway import Gateway

        return Gateway
    raise AttributeError(name)
