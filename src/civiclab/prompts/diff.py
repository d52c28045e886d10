"""A readable Korean diff between two versions of one prompt (or of two prompts)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from civiclab.prompts.model import STATUS_KO, PromptVersion

_PARAMS = [("status", "상태"), ("temperature", "온도(temperature)"), ("max_tokens", "최대 토큰(max_tokens)"),
           ("author", "작성자"), ("created", "작성일")]
_ROLE_KO = {"system": "시스템", "user": "사용자", "assistant": "예시 답변"}


@dataclass
class PromptDiff:
    a: str
    b: str
    params: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)
    variables: list[str] = field(default_factory=list)  # Korean lines
    messages: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, unified diff lines)

    @property
    def changed(self) -> bool:
        return bool(self.params or self.variables or self.messages)

    def to_dict(self) -> dict:
        return {
            "a": self.a, "b": self.b, "changed": self.changed,
            "params": [{"name": n, "old": o, "new": w} for n, o, w in self.params],
            "variables": self.variables,
            "messages": [{"title": t, "diff": d} for t, d in self.messages],
        }


def _show(name: str, value) -> str:
    if name == "status":
        return f"{STATUS_KO.get(value, value)}({value})"
    return str(value)


def diff_versions(a: PromptVersion, b: PromptVersion) -> PromptDiff:
    out = PromptDiff(a.ref, b.ref)
    for name, label in _PARAMS:
        old, new = getattr(a, name), getattr(b, name)
        if old != new:
            out.params.append((label, _show(name, old), _show(name, new)))
    va = {v.name: v for v in a.variables}
    vb = {v.name: v for v in b.variables}
    for name in sorted(vb.keys() - va.keys()):
        out.variables.append(f"추가: {name} ({vb[name].description})")
    for name in sorted(va.keys() - vb.keys()):
        out.variables.append(f"삭제: {name} ({va[name].description})")
    for name in sorted(va.keys() & vb.keys()):
        if va[name] != vb[name]:
            what = [k for k in ("description", "required", "example", "default")
                    if getattr(va[name], k) != getattr(vb[name], k)]
            out.variables.append(f"변경: {name} ({', '.join(what)})")
    n = max(len(a.messages), len(b.messages))
    for i in range(n):
        ma = a.messages[i] if i < len(a.messages) else None
        mb = b.messages[i] if i < len(b.messages) else None
        role = (mb or ma).role
        title = f"메시지 {i + 1} ({_ROLE_KO.get(role, role)})"
        old = ma.content.splitlines() if ma else []
        new = mb.content.splitlines() if mb else []
        if ma and mb and ma.role != mb.role:
            title += f": 역할 {ma.role} → {mb.role}"
        lines = list(difflib.unified_diff(old, new, a.ref, b.ref, lineterm="", n=1))
        if lines or (ma and mb and ma.role != mb.role):
            out.messages.append((title, lines[2:]))
    if len(a.examples) != len(b.examples) or a.examples != b.examples:
        out.params.append(("예시(few-shot)", f"{len(a.examples)}개", f"{len(b.examples)}개 (내용 변경)"
                           if len(a.examples) == len(b.examples) else f"{len(b.examples)}개"))
    return out
