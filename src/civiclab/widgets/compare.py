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


class SpeechTimer:
    """How long a speech takes to read aloud (the scorer's pace), against the target minutes."""

    def __init__(self, text: str, target_minutes=None) -> None:
        from civiclab.scoring.checks.structure import SYLLABLES_PER_MINUTE, speaking_minutes

        self.pace = SYLLABLES_PER_MINUTE
        self.minutes = speaking_minutes(text or "")
        self.syllables = round(self.minutes * self.pace)
        try:
            self.target = float(str(target_minutes).strip()) if str(target_minutes or "").strip() else None
        except ValueError:
            self.target = None

    def verdict(self) -> str:
        if self.syllables == 0:
            return "아직 초안이 없습니다. '초안 만들기'를 누른 뒤 이 칸을 다시 실행하세요."
        if self.target is None:
            return "목표 시간(분)을 입력 항목에 쓰면 비교해 드립니다."
        diff = self.minutes - self.target
        if abs(diff) <= 0.2 * self.target:
            return "목표 시간에 알맞습니다."
        return (f"목표보다 약 {abs(diff):.1f}분 {'깁니다' if diff > 0 else '짧습니다'}. "
                f"약 {int(self.target * self.pace)}음절 분량으로 고치세요.")

    def _repr_html_(self) -> str:
        target = "-" if self.target is None else f"{self.target:g}분"
        return ("<table class='civiclab-speech-timer' lang='ko'><tbody>"
                f"<tr><th>음절 수</th><td>{self.syllables}</td></tr>"
                f"<tr><th>예상 시간 (1분에 {self.pace}음절)</th><td>{self.minutes:.1f}분</td></tr>"
                f"<tr><th>목표 시간</th><td>{target}</td></tr>"
                f"<tr><th>판단</th><td>{html.escape(self.verdict())}</td></tr></tbody></table>")
