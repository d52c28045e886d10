"""The report's charts about the course: score distributions per assignment and
criterion, criterion means per cohort and department, and each learner's improvement
(the complaint, impact and usage charts are in :mod:`charts`; same kit, same rules)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from civiclab.metrics.charts import _LABEL, _TICK, _frame, _pct_scale
from civiclab.metrics.svg import MUTED, TAB10, Canvas, Panel, finite, fmt_tick, nice_ticks, rdylgn


def _slant_bottom(c: Canvas, labels, size: float, angle: float, fit: float) -> float:
    """Room below a plot for x labels slanted by ``angle`` degrees (cut to ``fit``)."""
    w = max([c.text_width(c.fit(str(s), size, fit), size) for s in labels] or [0])
    return 8 + size + np.sin(np.radians(angle)) * w + 14


def score_distribution(g: pd.DataFrame) -> str:
    """Boxes per assignment; with 2-6 cohorts, one box per cohort side by side."""
    assignments = sorted(g["assignment"].dropna().unique())
    cohorts = sorted(g["cohort"].dropna().unique()) if "cohort" in g else []
    split = 1 < len(cohorts) <= 6
    legend = [(f"기수 {k}", TAB10[i % 10], "soft") for i, k in enumerate(cohorts)] if split else []
    yticks, ylim = _pct_scale(g["pct"])
    bottom = max(58.0, _slant_bottom(Canvas(0, 0), assignments, _TICK, 20, 160))
    c, p, ly = _frame("과제별 점수 분포" + (" — 기수별" if split else ""), 1000, 260, legend=legend,
                      ylabels=[t for _, t in yticks], bottom=bottom)
    p.xlim, p.ylim = (-0.5, len(assignments) - 0.5), ylim
    p.axes(xticks=list(enumerate(assignments)), yticks=yticks, ylabel="점수(만점 대비 %)", xrotate=20,
           xfit=160)
    groups = [(k, g[g["cohort"] == k]) for k in cohorts] if split else [(None, g)]
    width = 0.8 / len(groups)
    with p.clipped():
        for k, (_cohort, sub) in enumerate(groups):
            for i, a in enumerate(assignments):
                pos = i + (k - (len(groups) - 1) / 2) * width
                color = TAB10[k % 10] if split else "#1f4e79"
                p.box(pos, sub.loc[sub["assignment"] == a, "pct"].tolist(), width=width * 0.85, color=color,
                      fill=color if split else "#ffffff", opacity=0.45 if split else 1.0,
                      median="#222222" if split else "#e67e22")
    if legend:
        c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def _criteria_order(gc: pd.DataFrame) -> list[tuple[str, str]]:
    """(criterion, Korean label) in the order the export lists them (course order)."""
    pairs = gc[["criterion", "criterion_ko"]].drop_duplicates("criterion")
    return list(pairs.itertuples(index=False, name=None))


def criterion_distribution(gc: pd.DataFrame) -> str:
    """One panel per criterion (Korean title), one box per assignment that grades it."""
    crits = _criteria_order(gc)
    ncols = min(4, max(1, len(crits)))
    nrows = -(-len(crits) // ncols)
    cell_w, cell_h = 1100 / ncols, 235
    c = Canvas(1100, 40 + nrows * cell_h, "기준별·과제별 점수 분포")
    c.title_text("기준별·과제별 점수 분포")
    yticks, ylim = _pct_scale(gc["pct"], -3)
    for k, (crit, label) in enumerate(crits):
        row, col = divmod(k, ncols)
        sub = gc[gc["criterion"] == crit]
        assignments = sorted(sub["assignment"].unique())
        # room for the y tick labels (wide only for scores far outside 0-100) and the axis title
        ticks_w = max(c.text_width(t, 8) for _, t in yticks)
        left = col * cell_w + max(58 if col == 0 else 34, ticks_w + (34 if col == 0 else 12))
        p = Panel(c, (left, 70 + row * cell_h, col * cell_w + cell_w - left - 12, cell_h - 95),
                  (-0.5, len(assignments) - 0.5), ylim)
        # 110 px slanted 25 degrees fits the 65 px left below the last row's axis
        p.axes(xticks=list(enumerate(assignments)), yticks=yticks, xrotate=25, size=8, xfit=110,
               title=label, title_keep=f" ({sub['student_id'].nunique()}명)",
               ylabel="만점 대비 %" if col == 0 else "")
        with p.clipped():
            for i, a in enumerate(assignments):
                p.box(i, sub.loc[sub["assignment"] == a, "pct"].tolist(), width=0.6)
    return c.to_svg()


def criterion_heatmap(gc: pd.DataFrame) -> str:
    """Mean score (% of the criterion's points) per criterion, for every cohort and department."""
    crits = _criteria_order(gc)
    rows, labels = [], []
    for name, col in (("기수", "cohort"), ("부서", "department")):
        means = gc.groupby([col, "criterion"])["pct"].mean()
        for value in sorted(gc[col].dropna().unique()):
            if str(value).strip() == "":
                continue
            rows.append([means.get((value, cr), np.nan) for cr, _ in crits])
            labels.append(f"{name} {value}")
    c = Canvas(0, 0, "기수·부서별 기준 평균 점수(만점 대비 %)")
    left = 16 + max([c.text_width(c.fit(s, _TICK, _LABEL), _TICK) for s in labels] or [0])
    col_fit = 160.0
    col_w = max(86.0, max([c.text_width(c.fit(s, _TICK, col_fit), _TICK) + 10 for _, s in crits] or [0]))
    row_h = 24
    # a table of one or two criteria is narrower than the title: the title decides the width
    c.width = max(left + col_w * len(crits) + 90, c.text_width(c.title, 13) + 32)
    c.height = 60 + row_h * len(rows) + 12
    c.title_text(c.title)
    top = 56
    for j, (_, clabel) in enumerate(crits):
        c.text(left + col_w * (j + 0.5), top - 8, clabel, size=_TICK, anchor="middle", color=MUTED, fit=col_fit)
    n_cohorts = sum(1 for lab in labels if lab.startswith("기수"))
    for i, (label, vals) in enumerate(zip(labels, rows)):
        y = top + i * row_h
        c.text(left - 6, y + row_h / 2 + 3, label, size=_TICK, anchor="end", color=MUTED, fit=_LABEL)
        for j, v in enumerate(vals):
            x = left + j * col_w
            fill = "#eeeeee" if not finite(v) else rdylgn(v / 100)
            c.rect(x, y, col_w - 1, row_h - 1, fill=fill, tip=f"{label} · {crits[j][1]}: " + (
                "자료 없음" if not finite(v) else f"{v:.1f}%"))
            dark = finite(v) and (v < 20 or v > 85)
            c.text(x + col_w / 2, y + row_h / 2 + 3, "—" if not finite(v) else f"{v:.0f}", size=9,
                   anchor="middle", color="#ffffff" if dark else "#222")
    if 0 < n_cohorts < len(labels):
        y = top + n_cohorts * row_h - 0.5
        c.line(left, y, left + col_w * len(crits), y, color="#333", width=1.5)
    bx, steps = left + col_w * len(crits) + 24, 20
    bar_h = max(row_h * len(rows), 100)
    c.height = max(c.height, top + bar_h + 12)
    for k in range(steps):  # the colour scale as stacked cells: no gradient ids to clash in one page
        c.rect(bx, top + bar_h * (1 - (k + 1) / steps), 14, bar_h / steps + 0.5, fill=rdylgn((k + 0.5) / steps))
    for v in (0, 50, 100):
        c.text(bx + 18, top + bar_h * (1 - v / 100) + 3, str(v), size=8, color=MUTED)
    return c.to_svg()


def improvement_per_learner(per: pd.DataFrame, limit: int = 60) -> str:
    per = per.sort_values("total_gain").tail(limit)
    legend = [("첫 초안", "#e67e22", "dot"), ("최종 초안", "#1f4e79", "dot")]
    labels = [str(s) for s in per["learner"]]
    c, p, ly = _frame("교육생별 향상: 첫 초안 → 최종 초안", 1000, max(160.0, 14.0 * len(per)),
                      ylabels=labels, legend=legend, ylabel=False, bottom=44, yfit=_LABEL)
    vals = [v for v in list(per["first_total"]) + list(per["final_total"]) if finite(v)] or [0, 100]
    lo, hi = min(vals) - 5, max(vals) + 5
    # totals are 0-100, so the axis stops there, unless a total outside it must be shown
    xt = nice_ticks(max(0.0, lo) if min(vals) >= 0 else lo, min(100.0, hi) if max(vals) <= 100 else hi, 8)
    p.xlim, p.ylim = (xt[0], xt[-1]), (-0.7, len(per) - 0.3)
    p.axes(xticks=[(v, fmt_tick(v)) for v in xt], xlabel="채점 총점(0~100)", grid="x", size=8,
           yticks=[(i, s) for i, s in enumerate(labels)], yfit=_LABEL)
    with p.clipped():
        for i, (a, b, who) in enumerate(zip(per["first_total"], per["final_total"], labels)):
            if finite(a) and finite(b):
                c.line(p.x(a), p.y(i), p.x(b), p.y(i), color="#bbbbbb", width=1.5)
            if finite(a):
                c.circle(p.x(a), p.y(i), 3.5, fill="#e67e22", tip=f"{who} 첫 초안 {a:.0f}점")
            if finite(b):
                c.circle(p.x(b), p.y(i), 3.5, fill="#1f4e79", tip=f"{who} 최종 초안 {b:.0f}점")
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()
