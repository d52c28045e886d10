"""ScoreReport and its Signature: what a score is, and how to reproduce it.

The signature follows sacrebleu: every component that changes a score (scorer
version, tokenizer, glossary and misspelling-list content, rubric, judge model) is in one
string, e.g. ``civiclab-score:v1|tok:kiwi-0.24.1+morph|glossary:1a2b3c4d|typos:5e6f7a8b|rubric:press_release@2|judge:none``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from itertools import pairwise

from civiclab.scoring.findings import Finding

SCORER_VERSION = "v1"

FAMILY_KO = {"FACT_": "사실", "PII_": "개인정보", "STYLE_": "표현", "STRUCTURE_": "구성",
             "INJECTION_": "지시문 삽입"}
SEVERITY_KO = {"error": "오류", "warning": "주의", "info": "참고"}
_COLORS = {"FACT_": "#ffd6d6", "PII_": "#ffb3c7", "STYLE_": "#fff1b8", "STRUCTURE_": "#d6e8ff",
           "INJECTION_": "#e5d4ff"}


@dataclass(frozen=True)
class Signature:
    tokenizer: str
    glossary: str
    rubric: str
    judge: str = "none"
    version: str = SCORER_VERSION
    typos: str = "none"  # content hash of the misspelling list (datasets/glossary/typos.yaml)

    def __str__(self) -> str:
        return (f"civiclab-score:{self.version}|tok:{self.tokenizer}|glossary:{self.glossary}"
                f"|typos:{self.typos}|rubric:{self.rubric}|judge:{self.judge}")

    @classmethod
    def parse(cls, text: str) -> Signature:
        parts = dict(p.split(":", 1) for p in text.split("|"))
        # Signatures written before the typo list existed have no typos part.
        return cls(tokenizer=parts["tok"], glossary=parts["glossary"], rubric=parts["rubric"],
                   judge=parts.get("judge", "none"), version=parts["civiclab-score"],
                   typos=parts.get("typos", "none"))


@dataclass
class ScoreReport:
    text: str
    kind: str
    total: float
    criteria: dict[str, dict]
    findings: list[Finding]
    signature: Signature
    eojeol_count: int = 0
    fact_sheet: str | None = None
    notes: list[str] = field(default_factory=list)
    draft: str | None = None  # a name for the draft (file name) where one exists

    @property
    def findings_per_eojeol(self) -> float:
        counted = sum(1 for f in self.findings if f.severity != "info")
        return round(counted / max(self.eojeol_count, 1), 4)

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict:
        return {
            "draft": self.draft,
            "kind": self.kind,
            "fact_sheet": self.fact_sheet,
            "total": self.total,
            "criteria": self.criteria,
            "findings": [f.to_dict() for f in self.findings],
            "eojeol_count": self.eojeol_count,
            "findings_per_eojeol": self.findings_per_eojeol,
            "notes": list(self.notes),
            "signature": str(self.signature),
        }

    # -- notebook rendering ------------------------------------------------
    def _repr_html_(self) -> str:
        e = html.escape
        rows = []
        for name, c in self.criteria.items():
            if "score" not in c or c["score"] is None:
                detail = c.get("status_ko") or c.get("status") or ""
                rows.append(f"<tr><td>{e(str(c.get('label', name)))}</td><td>-</td><td>{e(str(detail))}</td></tr>")
                continue
            extra = ""
            if name == "rouge":
                extra = ", ".join(f"{k} {c[k]:.3f}" for k in ("rouge1", "rouge2", "rougeL") if k in c)
            elif "problems" in c:
                extra = f"문제 {c['problems']}건"
            rows.append(f"<tr><td>{e(str(c.get('label', name)))}</td><td>{c['score']:.1f}"
                        f" (가중치 {c.get('weight', 0):g})</td><td>{e(extra)}</td></tr>")
        notes = "".join(f"<li>{e(n)}</li>" for n in self.notes)
        table = "".join(
            f"<tr><td>{i}</td><td>{e(FAMILY_KO.get(f.family, f.family))}</td>"
            f"<td>{e(SEVERITY_KO[f.severity])}</td><td><code>{e(f.code)}</code></td>"
            f"<td>{e(self.text[f.start:f.end][:40])}</td><td>{e(f.message)}</td>"
            f"<td>{e(f.suggestion or '')}</td></tr>"
            for i, f in enumerate(self.findings, 1))
        return (
            "<div class='civiclab-score' lang='ko'>"
            f"<h4>총점 {self.total:.1f} / 100</h4>"
            "<table><thead><tr><th>기준</th><th>점수</th><th>내용</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "<div style='white-space:pre-wrap;border:1px solid #ccc;padding:8px;line-height:1.7'>"
            + self._highlighted() + "</div>"
            + ("<table><thead><tr><th>#</th><th>구분</th><th>심각도</th><th>코드</th><th>위치</th>"
               f"<th>설명</th><th>고칠 방법</th></tr></thead><tbody>{table}</tbody></table>"
               if self.findings else "<p>찾은 문제가 없습니다.</p>")
            + f"<p style='color:#777;font-size:small'><code>{e(str(self.signature))}</code></p></div>")

    def _highlighted(self) -> str:
        """The draft with each finding's span marked in place (overlaps nest by segment)."""
        e = html.escape
        text = self.text
        cuts = {0, len(text)}
        for f in self.findings:
            cuts.update((min(f.start, len(text)), min(f.end, len(text))))
        cuts = sorted(cuts)
        out = []
        for a, b in pairwise(cuts):
            covering = [(i, f) for i, f in enumerate(self.findings, 1) if f.start <= a and b <= f.end
                        and f.start < f.end]
            segment = e(text[a:b])
            if covering:
                first = covering[0][1]
                tip = e(" / ".join(f"[{n}] {f.message}" for n, f in covering))
                color = _COLORS.get(first.family, "#eee")
                segment = f"<mark style='background:{color}' title='{tip}'>{segment}</mark>"
            out.append(segment)
            ends_here = [i for i, f in enumerate(self.findings, 1) if f.start < f.end and f.end == b]
            if ends_here:
                out.append("<sup>" + ",".join(str(i) for i in ends_here) + "</sup>")
        # Findings about something missing (empty span) are flagged where it was expected.
        return "".join(out)


def reports_to_frame(reports):
    """One row per report: totals, criterion scores and finding counts per family."""
    import pandas as pd

    rows = []
    for r in reports:
        row = {"draft": r.draft, "kind": r.kind, "fact_sheet": r.fact_sheet, "total": r.total,
               "eojeol_count": r.eojeol_count, "findings_per_eojeol": r.findings_per_eojeol}
        for name, c in r.criteria.items():
            row[f"{name}_score"] = c.get("score")
            if name == "rouge":
                for k in ("rouge1", "rouge2", "rougeL"):
                    row[k] = c.get(k)
        for fam in FAMILY_KO:
            row[f"n_{fam.rstrip('_').lower()}"] = sum(1 for f in r.findings if f.family == fam)
        row["signature"] = str(r.signature)
        rows.append(row)
    return pd.DataFrame(rows)
