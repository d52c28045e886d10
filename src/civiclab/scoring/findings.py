"""The unit every check produces: a located, explained finding."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
FAMILIES = ("FACT_", "PII_", "STYLE_", "STRUCTURE_", "INJECTION_")


@dataclass(frozen=True)
class Finding:
    """One problem in a draft.

    ``start``/``end`` are character offsets into the draft text (end exclusive),
    so a renderer can highlight the span in place.  ``message`` and
    ``suggestion`` are Korean, written for the learner.
    """

    code: str
    severity: Severity
    message: str
    start: int
    end: int
    suggestion: str | None = None

    def __post_init__(self) -> None:
        if not self.code.startswith(FAMILIES):
            raise ValueError(f"finding code {self.code!r} must start with one of {FAMILIES}")
        if self.severity not in ("error", "warning", "info"):
            raise ValueError(f"unknown severity {self.severity!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    @property
    def family(self) -> str:
        return self.code.split("_", 1)[0] + "_"

    def to_dict(self) -> dict:
        return asdict(self)
