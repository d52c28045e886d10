"""Deterministic checks.  Each module exposes ``check_<family>(text, ...) -> list[Finding]``."""
