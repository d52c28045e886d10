"""Named exceptions shared by every package.

Each exception carries a Korean explanation for the learner (``problem`` and
``fix``) as data; the English ``str()`` is for developers and logs.  Only the
edges (the CLI, the widgets) turn them into on-screen messages, via
:func:`civiclab.errors.format_ko`.
"""

from __future__ import annotations


class CivicLabError(Exception):
    """Base class.  ``exit_code`` 2 marks a usage or input error."""

    exit_code = 2

    def __init__(self, problem: str, fix: str = "", *, detail: str = "") -> None:
        self.problem = problem  # Korean: what is wrong
        self.fix = fix  # Korean: what to do about it
        self.detail = detail  # developer detail (English or raw), never shown first
        super().__init__(detail or problem)

    def format_ko(self) -> str:
        return format_ko(self)


class InputError(CivicLabError):
    """A file, argument or value given by the user is missing or malformed."""


class ConfigError(CivicLabError):
    """The settings (env vars, civiclab.toml) are inconsistent or incomplete."""


class PiiBlockedError(CivicLabError):
    """The PII guard refused to send text that holds personal data."""

    def __init__(self, problem: str, fix: str = "", *, matches=(), detail: str = "") -> None:
        super().__init__(problem, fix, detail=detail)
        self.matches = list(matches)


class BudgetExceededError(CivicLabError):
    """A learner's or cohort's daily model budget would be exceeded."""


class BackendError(CivicLabError):
    """The model endpoint failed in a way the user must fix or wait out."""

    exit_code = 1


class StorageFullError(CivicLabError):
    """The disk holding the state folder (cache, ledger, learner history) is full."""

    exit_code = 1


def format_ko(exc: CivicLabError) -> str:
    """One Korean message: the problem, then the fix."""
    text = f"문제: {exc.problem}"
    if exc.fix:
        text += f"\n해결 방법: {exc.fix}"
    return text
