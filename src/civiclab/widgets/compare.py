"""Side-by-side score tables for notebooks: two prompts' reports, a learner's first and last draft."""

from __future__ import annotations

import html

_FAMILIES = [("FACT_", "사실 오류"), ("PII_", "개인정보"), ("STYLE_", "공공언어"), ("STRUCTURE_", "짜임")]


class ReportComparison:
    """Rows: 총점 and finding counts per family; one column per named report (None = not yet made)."""

    def __init__(self, reports: dict) -> None:
        self.reports = dict(reports)

    def row(self, name: str) -> dict:
        r = self.reports[name]
        if r is None:
            return {}
        out = {"총점": r.total}
        for prefix, label in _FAMILIES:
            out[label] = sum(1 for f in r.findings if f.code.startswith(prefix) and f.severity != "info")
        return out

    def _repr_html_(self) -> str:
        labels = ["총점"] + [label for _, label in _FAMILIES]
        head = "".join(f"<th>{html.escape(n)}</th>" for n in self.reports)
        body = []
        for label in labels:
            cells = []
            for name in self.reports:
                value = self.row(name).get(label)
                cells.append("<td>아직 없음</td>" if value is None else
                             f"<td>{value:.1f}점</td>" if label == "총점" else f"<td>{value}건</td>")
            body.append(f"<tr><th>{label}</th>{''.join(cells)}</tr>")
        return (f"<table class='civiclab-compare' lang='ko'><thead><tr><th></th>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")


class HistorySummary:
    """A learner's drafts per fact sheet: how many, first score, last score, change."""

    def __init__(self, settings, learner: str | None = None) -> None:
        from civiclab.history import read_history
        from civiclab.widgets.session import _safe_id

        self.learner = learner or _safe_id(settings.user)
        self.events = [e for e in read_history(settings, self.learner) if e.get("total") is not None]

    def by_sheet(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for e in self.events:
            key = e.get("fact_sheet") or "(사실 자료 없음)"
            row = out.setdefault(key, {"drafts": 0, "first": e["total"], "last": e["total"]})
            row["drafts"] += 1
            row["last"] = e["total"]
        return out

    def _repr_html_(self) -> str:
        rows = self.by_sheet()
        if not rows:
            return "<p lang='ko'>아직 채점한 초안이 없습니다. 실습장에서 '초안 만들기'나 '채점하기'를 누르면 여기에 쌓입니다.</p>"
        body = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{r['drafts']}</td><td>{r['first']:.1f}</td><td>{r['last']:.1f}</td>"
            f"<td>{r['last'] - r['first']:+.1f}</td></tr>" for k, r in rows.items())
        return ("<table class='civiclab-history' lang='ko'><thead><tr><th>사실 자료</th><th>채점 횟수</th>"
                f"<th>처음 점수</th><th>마지막 점수</th><th>변화</th></tr></thead><tbody>{body}</tbody></table>")
