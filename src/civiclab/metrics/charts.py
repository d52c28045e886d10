"""The report's charts as inline SVG strings with Korean labels (see :mod:`svg`).

Each function takes the table the report already shows and returns one ``<svg>``.
Missing months stay gaps in lines and bands, never zeros.  Names longer than a chart
has room for are cut with "…" (whole in a tooltip); values beyond an axis are cut at the
plot's frame.  The course charts are in :mod:`grade_charts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from civiclab.metrics.svg import (
    MUTED,
    TAB10,
    TAB20,
    Canvas,
    Panel,
    finite,
    fmt_tick,
    nice_ticks,
)

_TICK = 9  # tick label size, px
# Widest a name (category, learner, prompt version) may be as an axis label, px: about 24
# Hangul; longer ones are cut with "…" and keep the whole name as a tooltip.
_LABEL = 220.0


def _frame(title: str, width: float, plot_h: float, *, ylabels=(), legend=(), bottom: float = 34,
           top: float = 40, right: float = 24, ylabel: bool = True,
           yfit: float | None = None) -> tuple[Canvas, Panel, float]:
    """A canvas sized to fit the title, y tick labels (cut to ``yfit``), plot and a wrapped
    legend below it; returns the canvas, the panel and the y where the legend goes."""
    c = Canvas(width, 0, title)
    left = 14 + (_TICK + 14 if ylabel else 0) + max([c.text_width(c.fit(s, _TICK, yfit), _TICK)
                                                      for s in ylabels] or [0])
    legend_h = c.legend_height(legend, width - 40) if legend else 0
    c.height = top + plot_h + bottom + legend_h + 8
    c.title_text(title)
    return c, Panel(c, (left, top, width - left - right, plot_h), (0, 1), (0, 1)), top + plot_h + bottom


def _y_scale(panel: Panel, lo: float, hi: float, n: int = 5) -> list[tuple[float, str]]:
    """Ticks for a count axis (whole numbers), setting the panel's y limits to them."""
    ticks = nice_ticks(lo, hi, n, integer=True)
    panel.ylim = (ticks[0], ticks[-1])
    return [(t, fmt_tick(t)) for t in ticks]


def _y_labels(lo: float, hi: float) -> list[str]:
    return [fmt_tick(t) for t in nice_ticks(lo, hi, integer=True)]


def _months(periods) -> tuple[list[int], list[tuple[float, str]]]:
    """Month ordinals for x, and ticks every 1, 2, 3, 6 or 12 months (at most ~13 labels)."""
    ps = [pd.Period(p, "M") for p in periods]
    xs = [p.ordinal for p in ps]
    if not ps:
        return xs, []
    span = max(xs) - min(xs) + 1
    step = next((s for s in (1, 2, 3, 6, 12) if span / s <= 13), 24)
    ticks = [(p.ordinal, str(p)) for p in sorted(set(ps)) if (p.month - 1) % step == 0]
    return xs, ticks


def _month_lim(xs: list[int]) -> tuple[float, float]:
    """x limits over the months; a single month sits mid-plot, not on the y axis."""
    if not xs:
        return (0, 1)
    lo, hi = min(xs), max(xs)
    return (lo - 0.5, hi + 0.5) if lo == hi else (lo, hi)


def _markers(panel: Panel, launch, versions) -> None:
    """The launch line (labelled at the top) and one dotted line per month a prompt version changed."""
    c = panel.c
    if launch is not None:
        x = pd.Period(launch, "M").ordinal
        if panel.xlim[0] <= x <= panel.xlim[1]:
            panel.vline(x, color="#c0392b", width=1.5)
            # right of the line, unless that runs off the canvas (launch in the last months)
            right = panel.x(x) + 4 + c.text_width("챗봇 출시", 9) <= c.width - 4
            c.text(panel.x(x) + (4 if right else -4), panel.top + 11, "챗봇 출시", size=9, color="#c0392b",
                   anchor="start" if right else "end")
    by_month: dict = {}
    for m, ref in versions or []:
        by_month.setdefault(pd.Period(m, "M"), []).append(ref)
    for m, refs in sorted(by_month.items()):
        label = refs[0] if len(refs) == 1 else f"프롬프트 {len(refs)}개"
        if panel.xlim[0] <= m.ordinal <= panel.xlim[1]:
            panel.vline(m.ordinal, color="#7f8c8d", dash="2 3")
            px, py = panel.x(m.ordinal) + 10, panel.top + panel.h - 4
            c.text(px, py, f"{label} 적용", size=8, color=MUTED, rotate=-90, fit=panel.h - 20)


def _finite_max(*cols) -> float:
    vals = [float(v) for col in cols for v in col if finite(v)]
    return max(vals) if vals else 1.0


def monthly_by_category(monthly: pd.DataFrame, names: dict[str, str], covered: dict[str, bool],
                        launch, versions=None) -> str:
    wide = monthly.pivot(index="month", columns="category", values="simple_human")
    ctrl_cols = [c for c in wide.columns if not covered.get(c)]
    # the mean over the control categories in the table, not over every code ``covered`` knows
    ctrl = wide[ctrl_cols].mean(axis=1) if ctrl_cols else pd.Series(np.nan, index=wide.index)
    shown = [c for c in wide.columns if covered.get(c)]
    legend = [(names.get(code, code), TAB10[i % 10], "line") for i, code in enumerate(shown)]
    if ctrl_cols:  # no legend entry for a line that is not drawn
        legend.append(("미대상 분야 평균(대조군)", "#999999", "dash"))
    top = _finite_max(ctrl, *(wide[c] for c in shown))
    c, p, ly = _frame("월별 단순 민원(사람이 처리한 건) — 챗봇 대상 분야별", 1000, 330,
                      ylabels=_y_labels(0, top), legend=legend)
    xs, xticks = _months(wide.index)
    p.xlim = _month_lim(xs)
    p.axes(xticks=xticks, yticks=_y_scale(p, 0, top), ylabel="건수")
    with p.clipped():
        for i, code in enumerate(shown):
            p.polyline(xs, wide[code].tolist(), color=TAB10[i % 10])
        p.polyline(xs, ctrl.tolist(), color="#999999", width=2, dash="6 4")
    _markers(p, launch, versions)
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def counterfactual(cf: pd.DataFrame, launch, target: float, versions=None) -> str:
    lo = (cf["counterfactual"] * (1 - target - 0.05)).clip(lower=0)  # no band below zero complaints
    hi = cf["counterfactual"] * (1 - target + 0.05)
    legend = [("실제(챗봇 대상 분야 단순 민원)", "#1f4e79", "line"),
              ("챗봇이 없었다면(반사실 추정)", "#e67e22", "dash"),
              (f"목표 범위({target:.0%} 감소 ±5%p)", "#27ae60", "soft")]
    top = _finite_max(cf["observed"], cf["counterfactual"], hi)
    c, p, ly = _frame("챗봇 대상 분야 단순 민원: 실제와 반사실 비교", 1000, 300, ylabels=_y_labels(0, top),
                      legend=legend)
    xs, xticks = _months(cf["month"])
    p.xlim = _month_lim(xs)
    p.axes(xticks=xticks, yticks=_y_scale(p, 0, top), ylabel="건수")
    with p.clipped():
        p.band(xs, lo.tolist(), hi.tolist(), color="#27ae60", opacity=0.22)
        p.polyline(xs, cf["observed"].tolist(), color="#1f4e79", width=2)
        p.polyline(xs, cf["counterfactual"].tolist(), color="#e67e22", width=2, dash="6 4")
    _markers(p, launch, versions)
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def _interval_rows(p: Panel, rows: list[tuple[float, float, float, str]]) -> None:
    """One row per estimate: the interval as a line with caps, the estimate as a dot."""
    for i, (est, lo, hi, color) in enumerate(rows):
        y = len(rows) - 1 - i
        if finite(lo) and finite(hi):
            p.c.line(p.x(lo * 100), p.y(y), p.x(hi * 100), p.y(y), color=color, width=1.6)
            for end in (lo, hi):
                p.c.line(p.x(end * 100), p.y(y) - 4, p.x(end * 100), p.y(y) + 4, color=color, width=1.2)
        if not finite(est):  # e.g. no simple complaints in the base year: a ratio over zero
            p.c.text(p.left + 4, p.y(y) + 3, "계산할 수 없음", size=8, color=MUTED)
            continue
        p.c.circle(p.x(est * 100), p.y(y), 4, fill=color,
                   tip=f"{est:.1%}" + (f" ({lo:.1%} ~ {hi:.1%})" if finite(lo) and finite(hi) else ""))


def _line_label(p: Panel, x: float, label: str, color: str) -> None:
    """A label at the top of a vertical line: right of it, or left where the plot ends."""
    right = p.x(x) + 3 + p.c.text_width(label, 8) <= p.left + p.w
    p.c.text(p.x(x) + (3 if right else -3), p.top + 10, label, size=8, color=color,
             anchor="start" if right else "end")


def _pct_axis(p: Panel, values, target: float) -> list[tuple[float, str]]:
    vals = [v * 100 for v in values if finite(v)] + [0.0, target * 100]
    ticks = nice_ticks(min(vals), max(vals), 6)
    p.xlim = (ticks[0], ticks[-1])
    return [(t, fmt_tick(t)) for t in ticks]


def estimates(est: pd.DataFrame, target: float, names: dict[str, str] | None = None) -> str:
    overall = est[est["scope"] == "전체"].dropna(subset=["reduction"])
    per = est[(est["scope"] != "전체") & (est["method"] == "did")].dropna(subset=["reduction"])
    c = Canvas(1100, 0, "감소율 추정 비교")
    rows_h = 26 * max(len(per), len(overall), 4)
    c.height = 40 + rows_h + 70
    c.title_text("감소율 추정 비교 — 점: 추정값, 선: 95% 신뢰구간")
    left_labels = [str(s) for s in overall["method_ko"]]
    l1 = 10 + max([c.text_width(c.fit(s, _TICK, _LABEL), _TICK) for s in left_labels] or [0]) + 8
    right_labels = [(names or {}).get(s, str(s)) for s in per["scope"]]
    l2 = 10 + max([c.text_width(c.fit(s, _TICK, _LABEL), _TICK) for s in right_labels] or [0]) + 8
    w1 = 300
    panels = [(Panel(c, (l1, 50, w1, rows_h), (0, 1), (-0.7, max(len(overall), 1) - 0.3)), overall,
               [(r, lo, hi, "#1f4e79") for r, lo, hi in zip(overall["reduction"], overall["ci_low"],
                                                             overall["ci_high"])],
               left_labels, "전체 감소율: 방법별", "감소율(%)"),
              (Panel(c, (l1 + w1 + 30 + l2, 50, c.width - (l1 + w1 + 30 + l2) - 20, rows_h), (0, 1),
                     (-0.7, max(len(per), 1) - 0.3)), per,
               [(r, lo, hi, "#1f4e79" if cov else "#999999") for r, lo, hi, cov in
                zip(per["reduction"], per["ci_low"], per["ci_high"], per["covered"].fillna(False))],
               right_labels, "분야별 감소율(이중차분)", "감소율(%) — 파랑: 챗봇 대상, 회색: 미대상(효과 없어야 정상)")]
    for p, frame, rows, labels, title, xlabel in panels:
        xt = _pct_axis(p, list(frame["reduction"]) + list(frame["ci_low"]) + list(frame["ci_high"]), target)
        yt = [(len(labels) - 1 - i, s) for i, s in enumerate(labels)]
        p.axes(xticks=xt, yticks=yt, xlabel=xlabel, grid="x", title=title, yfit=_LABEL)
        p.vline(0, color="#999999")
        p.vline(target * 100, color="#27ae60", dash="5 3")
        _line_label(p, target * 100, f"목표 {target:.0%}", "#27ae60")
        with p.clipped():
            _interval_rows(p, rows)
        if not rows:  # e.g. no control categories: no per-category estimate exists
            p.c.text(p.left + p.w / 2, p.top + p.h / 2, "자료 없음", size=10, anchor="middle", color=MUTED)
    return c.to_svg()


def _pct_scale(values, floor: float = 0, head: float = 5) -> tuple[list[tuple[float, str]], tuple[float, float]]:
    """Ticks and limits for percentages: 0-100 by 20 with room ``floor`` below and ``head``
    above; wider when a value lies outside 0-100 (extra credit, a bad export), so it is
    drawn where it is rather than cut off or hidden."""
    vals = [float(v) for v in values if finite(v)]
    lo, hi = min(vals + [0.0]), max(vals + [100.0])
    if lo >= 0 and hi <= 100:
        return [(v, str(v)) for v in range(0, 101, 20)], (floor, 100 + head)
    ticks = nice_ticks(lo, hi, 6)
    return [(t, fmt_tick(t)) for t in ticks], (ticks[0] + (floor if ticks[0] == 0 else 0), ticks[-1] + head)


def outcomes_by_month(out: pd.DataFrame, launch) -> str:
    months = pd.PeriodIndex(out["group"], freq="M")
    keep = months >= pd.Period(launch, "M")
    out, months = out[keep], months[keep]
    series = [("containment", "자체 해결률(7일 안 재접촉 없음)", "#1f4e79"),
              ("handover_rate", "상담원 연결률", "#e67e22"),
              ("repeat_rate_chatbot", "7일 안 재문의율(챗봇 상담)", "#c0392b")]
    legend = [(label, color, "line") for _, label, color in series]
    ticks, ylim = _pct_scale([v * 100 for col, _, _ in series for v in out[col]], head=0)
    c, p, ly = _frame("챗봇 상담 성과(월별)", 1000, 260, ylabels=[t for _, t in ticks], legend=legend)
    xs, xticks = _months(months)
    p.xlim = (min(xs) - 0.5, max(xs) + 0.5) if xs else (0, 1)
    p.ylim = ylim
    p.axes(xticks=xticks, yticks=ticks, ylabel="%")
    with p.clipped():
        for col, label, color in series:
            vals = (out[col] * 100).tolist()
            p.polyline(xs, vals, color=color, marker=3,
                       tips=[f"{m} {label} {v:.1f}%" if finite(v) else "" for m, v in zip(months, vals)])
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def cost_per_cohort(per_cohort: pd.DataFrame) -> str:
    top = max(1.0, _finite_max(per_cohort["cost_krw"]) * 1.15)  # 0 원 stays on the floor
    c, p, _ = _frame("기수별 인공지능(AI) 사용 추정 비용", 800, 240, ylabels=_y_labels(0, top))
    cohorts = [str(k) for k in per_cohort["cohort"]]
    p.xlim = (-0.5, len(cohorts) - 0.5)
    p.axes(xticks=list(enumerate(cohorts)), yticks=_y_scale(p, 0, top), ylabel="추정 비용(원)")
    half, slot = min(60.0, p.x(0.35) - p.x(0)), p.x(1) - p.x(0)
    for i, (cost, each) in enumerate(zip(per_cohort["cost_krw"], per_cohort["cost_per_learner_krw"])):
        if not finite(cost):  # unknown, not 0 원
            c.text(p.x(i), p.y(0) - 4, "자료 없음", size=8, anchor="middle", color=MUTED, fit=slot - 4)
            continue
        each_s = f"1인 {each:,.0f}원" if finite(each) else "1인 자료 없음"
        c.rect(p.x(i) - half, p.y(cost), 2 * half, p.y(0) - p.y(cost), fill="#1f4e79",
               tip=f"기수 {cohorts[i]}: {cost:,.0f}원, {each_s}")
        if c.text_width(each_s, 8) <= slot - 4:  # a cut number would misread: the tooltip has it
            c.text(p.x(i), p.y(cost) - 4, each_s, size=8, anchor="middle")
    return c.to_svg()


def prompt_versions(daily: pd.DataFrame) -> str:
    wide = daily.pivot_table(index="day", columns="prompt_ref", values="calls", aggfunc="sum", fill_value=0)
    if wide.shape[1] > 12:  # a readable legend: the 11 most used versions, the rest together
        top_cols = wide.sum().sort_values(ascending=False).index[:11]
        rest = wide.drop(columns=top_cols).sum(axis=1)
        wide = wide[top_cols].assign(**{"그 밖의 버전": rest})
    legend = [(str(col), TAB20[i % 20], "box") for i, col in enumerate(wide.columns)]
    totals = wide.sum(axis=1).to_numpy(dtype=float)
    top = float(totals.max()) if len(totals) else 1.0
    c, p, ly = _frame("프롬프트 버전별 사용(일별)", 1000, 240, ylabels=_y_labels(0, top), legend=legend,
                      bottom=70)
    days = [str(d) for d in wide.index]
    step = max(1, len(days) // 15)
    p.xlim = (-0.5, len(days) - 0.5)  # one bar per day that has calls; no empty calendar days
    p.axes(xticks=[(i, d) for i, d in enumerate(days)][::step], yticks=_y_scale(p, 0, top), ylabel="호출 수",
           xrotate=30, size=8, xfit=100)
    bottom = np.zeros(len(wide))
    half = p.x(0.4) - p.x(0)
    for i, col in enumerate(wide.columns):
        vals = wide[col].to_numpy(dtype=float)
        for k, v in enumerate(vals):
            if v > 0:
                c.rect(p.x(k) - half, p.y(bottom[k] + v), 2 * half, p.y(bottom[k]) - p.y(bottom[k] + v),
                       fill=TAB20[i % 20], tip=f"{days[k]} {col}: {v:,.0f}회")
        bottom += vals
    c.legend(legend, 20, ly, c.width - 40, size=8)
    return c.to_svg()


def projection_chart(proj: pd.DataFrame, target: float) -> str:
    labels = [str(s) for s in proj["prompt_ref"]]
    legend = [("목표 달성", "#27ae60", "box"), ("목표 미달", "#e67e22", "box"), (f"목표 {target:.0%}", "#c0392b", "dash")]
    c, p, ly = _frame("프롬프트 버전별 예상 단순 민원 감소율", 820, max(80.0, 30.0 * len(proj)), ylabels=labels,
                      legend=legend, ylabel=False, bottom=40, yfit=_LABEL)
    p.ylim = (-0.6, len(proj) - 0.4)
    xt = _pct_axis(p, list(proj["projected_reduction"]) + [0.0], target)
    p.axes(xticks=xt, yticks=[(len(labels) - 1 - i, s) for i, s in enumerate(labels)], xlabel="예상 감소율(%)",
           grid="x", yfit=_LABEL)
    with p.clipped():
        for i, (v, ok) in enumerate(zip(proj["projected_reduction"], proj["meets_target"])):
            if finite(v):
                y = len(labels) - 1 - i
                c.rect(p.x(0), p.y(y + 0.3), p.x(v * 100) - p.x(0), p.y(y - 0.3) - p.y(y + 0.3),
                       fill="#27ae60" if ok else "#e67e22", tip=f"{labels[i]}: {v:.1%}")
    if p.xlim[0] < 0:  # a negative projection grows left of the zero line
        p.vline(0, color="#999999")
    p.vline(target * 100, color="#c0392b", dash="5 3")
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()
