"""The offline practice model 'civiclab-practice'.

A deterministic, rule-based Korean drafter — not an LLM.  It is reached through
the same ``openai`` client as a real endpoint, via an in-process HTTP transport
(:mod:`civiclab.llm.practice.transport`), so parsing, usage, caching and the
ledger are exercised identically offline and online.
"""
