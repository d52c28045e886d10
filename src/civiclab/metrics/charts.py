"""The report's charts as inline SVG strings with Korean labels (see :mod:`svg`).

Each function takes the table the report already shows and returns one ``<svg>``.
Missing months stay gaps in lines and bands, never zeros.
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
    rdylgn,
)

_TICK = 9  # tick label size, px


def _frame(title: str, width: float, plot_h: float, *, ylabels=(), legend=(), bottom: float = 34,
           top: float = 40, right: float = 24, ylabel: bool = True) -> tuple[Canvas, Panel, float]:
    """A canvas sized to fit the title, y tick labels, plot and a wrapped legend below it;
    returns the canvas, the panel and the y where the legend goes."""
    c = Canvas(width, 0, title)
    left = 14 + (_TICK + 14 if ylabel else 0) + max([c.text_width(s, _TICK) for s in ylabels] or [0])
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


def _markers(panel: Panel, launch, versions) -> None:
    """The launch line (labelled at the top) and one dotted line per month a prompt version changed."""
    c = panel.c
    if launch is not None:
        x = pd.Period(launch, "M").ordinal
        if panel.xlim[0] <= x <= panel.xlim[1]:
            panel.vline(x, color="#c0392b", width=1.5)
            c.text(panel.x(x) + 4, panel.top + 11, "챗봇 출시", size=9, color="#c0392b")
    by_month: dict = {}
    for m, ref in versions or []:
        by_month.setdefault(pd.Period(m, "M"), []).append(ref)
    for m, refs in sorted(by_month.items()):
        label = refs[0] if len(refs) == 1 else f"프롬프트 {len(refs)}개"
        if panel.xlim[0] <= m.ordinal <= panel.xlim[1]:
            panel.vline(m.ordinal, color="#7f8c8d", dash="2 3")
            px, py = panel.x(m.ordinal) + 10, panel.top + panel.h - 4
            c.text(px, py, f"{label} 적용", size=8, color=MUTED, rotate=-90)


def _finite_max(*cols) -> float:
    vals = [float(v) for col in cols for v in col if finite(v)]
    return max(vals) if vals else 1.0


def monthly_by_category(monthly: pd.DataFrame, names: dict[str, str], covered: dict[str, bool],
                        launch, versions=None) -> str:
    wide = monthly.pivot(index="month", columns="category", values="simple_human")
    ctrl_cols = [c for c in wide.columns if not covered.get(c)]
    ctrl = wide[ctrl_cols].sum(axis=1, min_count=1) / max(1, sum(not v for v in covered.values()))
    ctrl[wide.isna().all(axis=1)] = np.nan
    shown = [c for c in wide.columns if covered.get(c)]
    legend = [(names.get(code, code), TAB10[i % 10], "line") for i, code in enumerate(shown)]
    legend.append(("미대상 분야 평균(대조군)", "#999999", "dash"))
    top = _finite_max(ctrl, *(wide[c] for c in shown))
    c, p, ly = _frame("월별 단순 민원(사람이 처리한 건) — 챗봇 대상 분야별", 1000, 330,
                      ylabels=_y_labels(0, top), legend=legend)
    xs, xticks = _months(wide.index)
    p.xlim = (min(xs), max(xs)) if xs else (0, 1)
    p.axes(xticks=xticks, yticks=_y_scale(p, 0, top), ylabel="건수")
    for i, code in enumerate(shown):
        p.polyline(xs, wide[code].tolist(), color=TAB10[i % 10])
    p.polyline(xs, ctrl.tolist(), color="#999999", width=2, dash="6 4")
    _markers(p, launch, versions)
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def counterfactual(cf: pd.DataFrame, launch, target: float, versions=None) -> str:
    lo = cf["counterfactual"] * (1 - target - 0.05)
    hi = cf["counterfactual"] * (1 - target + 0.05)
    legend = [("실제(챗봇 대상 분야 단순 민원)", "#1f4e79", "line"),
              ("챗봇이 없었다면(반사실 추정)", "#e67e22", "dash"),
              (f"목표 범위({target:.0%} 감소 ±5%p)", "#27ae60", "soft")]
    top = _finite_max(cf["observed"], cf["counterfactual"], hi)
    c, p, ly = _frame("챗봇 대상 분야 단순 민원: 실제와 반사실 비교", 1000, 300, ylabels=_y_labels(0, top),
                      legend=legend)
    xs, xticks = _months(cf["month"])
    p.xlim = (min(xs), max(xs)) if xs else (0, 1)
    p.axes(xticks=xticks, yticks=_y_scale(p, 0, top), ylabel="건수")
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
        p.c.circle(p.x(est * 100), p.y(y), 4, fill=color,
                   tip=f"{est:.1%}" + (f" ({lo:.1%} ~ {hi:.1%})" if finite(lo) and finite(hi) else ""))


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
    l1 = 10 + max([c.text_width(s, _TICK) for s in left_labels] or [0]) + 8
    right_labels = [(names or {}).get(s, str(s)) for s in per["scope"]]
    l2 = 10 + max([c.text_width(s, _TICK) for s in right_labels] or [0]) + 8
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
        p.axes(xticks=xt, yticks=yt, xlabel=xlabel, grid="x", title=title)
        p.vline(0, color="#999999")
        p.vline(target * 100, color="#27ae60", dash="5 3")
        p.c.text(p.x(target * 100) + 3, p.top + 10, f"목표 {target:.0%}", size=8, color="#27ae60")
        _interval_rows(p, rows)
    return c.to_svg()


def outcomes_by_month(out: pd.DataFrame, launch) -> str:
    months = pd.PeriodIndex(out["group"], freq="M")
    keep = months >= pd.Period(launch, "M")
    out, months = out[keep], months[keep]
    series = [("containment", "자체 해결률(7일 안 재접촉 없음)", "#1f4e79"),
              ("handover_rate", "상담원 연결률", "#e67e22"),
              ("repeat_rate_chatbot", "7일 안 재문의율(챗봇 상담)", "#c0392b")]
    legend = [(label, color, "line") for _, label, color in series]
    ticks = [(v, str(v)) for v in range(0, 101, 20)]
    c, p, ly = _frame("챗봇 상담 성과(월별)", 1000, 260, ylabels=[t for _, t in ticks], legend=legend)
    xs, xticks = _months(months)
    p.xlim = (min(xs) - 0.5, max(xs) + 0.5) if xs else (0, 1)
    p.ylim = (0, 100)
    p.axes(xticks=xticks, yticks=ticks, ylabel="%")
    for col, label, color in series:
        vals = (out[col] * 100).tolist()
        p.polyline(xs, vals, color=color, marker=3,
                   tips=[f"{m} {label} {v:.1f}%" if finite(v) else "" for m, v in zip(months, vals)])
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def _pct_ticks(lo: float = 0) -> list[tuple[float, str]]:
    return [(v, str(v)) for v in range(0, 101, 20) if v >= lo]


def score_distribution(g: pd.DataFrame) -> str:
    """Boxes per assignment; with 2-6 cohorts, one box per cohort side by side."""
    assignments = sorted(g["assignment"].dropna().unique())
    cohorts = sorted(g["cohort"].dropna().unique()) if "cohort" in g else []
    split = 1 < len(cohorts) <= 6
    legend = [(f"기수 {k}", TAB10[i % 10], "soft") for i, k in enumerate(cohorts)] if split else []
    c, p, ly = _frame("과제별 점수 분포" + (" — 기수별" if split else ""), 1000, 260, legend=legend,
                      ylabels=["100"], bottom=58)
    p.xlim, p.ylim = (-0.5, len(assignments) - 0.5), (0, 105)
    p.axes(xticks=list(enumerate(assignments)), yticks=_pct_ticks(), ylabel="점수(만점 대비 %)", xrotate=20)
    groups = [(k, g[g["cohort"] == k]) for k in cohorts] if split else [(None, g)]
    width = 0.8 / len(groups)
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
    for k, (crit, label) in enumerate(crits):
        row, col = divmod(k, ncols)
        sub = gc[gc["criterion"] == crit]
        assignments = sorted(sub["assignment"].unique())
        left = col * cell_w + (58 if col == 0 else 34)
        p = Panel(c, (left, 70 + row * cell_h, col * cell_w + cell_w - left - 12, cell_h - 95),
                  (-0.5, len(assignments) - 0.5), (-3, 105))
        p.axes(xticks=list(enumerate(assignments)), yticks=_pct_ticks(), xrotate=25, size=8,
               title=f"{label} ({sub['student_id'].nunique()}명)", ylabel="만점 대비 %" if col == 0 else "")
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
    left = 16 + max([c.text_width(s, _TICK) for s in labels] or [0])
    col_w, row_h = max(86.0, max([c.text_width(s, _TICK) + 10 for _, s in crits] or [0])), 24
    c.width = left + col_w * len(crits) + 90
    c.height = 60 + row_h * len(rows) + 12
    c.title_text(c.title)
    top = 56
    for j, (_, clabel) in enumerate(crits):
        c.text(left + col_w * (j + 0.5), top - 8, clabel, size=_TICK, anchor="middle", color=MUTED)
    n_cohorts = sum(1 for lab in labels if lab.startswith("기수"))
    for i, (label, vals) in enumerate(zip(labels, rows)):
        y = top + i * row_h
        c.text(left - 6, y + row_h / 2 + 3, label, size=_TICK, anchor="end", color=MUTED)
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
                      ylabels=labels, legend=legend, ylabel=False, bottom=44)
    vals = [v for v in list(per["first_total"]) + list(per["final_total"]) if finite(v)] or [0, 100]
    xt = [t for t in nice_ticks(max(0.0, min(vals) - 5), min(100.0, max(vals) + 5), 8)]
    p.xlim, p.ylim = (xt[0], xt[-1]), (-0.7, len(per) - 0.3)
    p.axes(xticks=[(v, fmt_tick(v)) for v in xt], xlabel="채점 총점(0~100)", grid="x", size=8,
           yticks=[(i, s) for i, s in enumerate(labels)])
    for i, (a, b, who) in enumerate(zip(per["first_total"], per["final_total"], labels)):
        if finite(a) and finite(b):
            c.line(p.x(a), p.y(i), p.x(b), p.y(i), color="#bbbbbb", width=1.5)
        if finite(a):
            c.circle(p.x(a), p.y(i), 3.5, fill="#e67e22", tip=f"{who} 첫 초안 {a:.0f}점")
        if finite(b):
            c.circle(p.x(b), p.y(i), 3.5, fill="#1f4e79", tip=f"{who} 최종 초안 {b:.0f}점")
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()


def cost_per_cohort(per_cohort: pd.DataFrame) -> str:
    top = max(1.0, float(per_cohort["cost_krw"].max()) * 1.15)  # 0 원 stays on the floor
    c, p, _ = _frame("기수별 인공지능(AI) 사용 추정 비용", 800, 240, ylabels=_y_labels(0, top))
    cohorts = [str(k) for k in per_cohort["cohort"]]
    p.xlim = (-0.5, len(cohorts) - 0.5)
    p.axes(xticks=list(enumerate(cohorts)), yticks=_y_scale(p, 0, top), ylabel="추정 비용(원)")
    for i, (cost, each) in enumerate(zip(per_cohort["cost_krw"], per_cohort["cost_per_learner_krw"])):
        half = min(60.0, p.x(0.35) - p.x(0))
        c.rect(p.x(i) - half, p.y(cost), 2 * half, p.y(0) - p.y(cost), fill="#1f4e79",
               tip=f"기수 {cohorts[i]}: {cost:,.0f}원")
        c.text(p.x(i), p.y(cost) - 4, f"1인 {each:,.0f}원", size=8, anchor="middle")
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
           xrotate=30, size=8)
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
                      legend=legend, ylabel=False, bottom=40)
    p.ylim = (-0.6, len(proj) - 0.4)
    xt = _pct_axis(p, list(proj["projected_reduction"]) + [0.0], target)
    p.axes(xticks=xt, yticks=[(len(labels) - 1 - i, s) for i, s in enumerate(labels)], xlabel="예상 감소율(%)",
           grid="x")
    for i, (v, ok) in enumerate(zip(proj["projected_reduction"], proj["meets_target"])):
        if finite(v):
            y = len(labels) - 1 - i
            c.rect(p.x(0), p.y(y + 0.3), p.x(v * 100) - p.x(0), p.y(y - 0.3) - p.y(y + 0.3),
                   fill="#27ae60" if ok else "#e67e22", tip=f"{labels[i]}: {v:.1%}")
    p.vline(target * 100, color="#c0392b", dash="5 3")
    c.legend(legend, 20, ly, c.width - 40)
    return c.to_svg()
