"""Charts as inline SVG strings (matplotlib, Korean labels in NanumGothic).

Text is stored as glyph outlines (``svg.fonttype='path'``), so the page needs no font
and Hangul never turns into boxes in any browser.  A missing glyph makes matplotlib
warn; :func:`render` turns that warning into an error so a broken label never ships.
"""

from __future__ import annotations

import io
import re
import warnings

import numpy as np
import pandas as pd

_READY = False


class _Figures:
    """The three pyplot calls the charts use, on bare ``matplotlib.figure.Figure`` objects.

    Importing pyplot costs about 0.35 s CPU (backend selection, the figure manager, its
    whole API) and keeps every figure alive until closed; a Figure saved straight to SVG
    needs none of it and is freed like any object.  The SVG is the same.
    """

    @staticmethod
    def subplots(nrows: int = 1, ncols: int = 1, *, figsize=None, **kwargs):
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize)
        return fig, fig.subplots(nrows, ncols, **kwargs)

    @staticmethod
    def get_cmap(name: str):
        import matplotlib

        return matplotlib.colormaps[name]

    @staticmethod
    def close(fig) -> None:
        fig.clear()  # nothing global holds the figure; drop its artists early


def _setup() -> _Figures:
    global _READY
    if not _READY:
        import matplotlib
        from matplotlib import font_manager

        # NanumGothic ships inside koreanize-matplotlib; registering the file directly is
        # ~1 s cheaper than importing koreanize_matplotlib (which rebuilds font lists).
        font = font_path()
        font_manager.fontManager.addfont(font)
        name = font_manager.FontProperties(fname=font).get_name()
        matplotlib.rcParams.update({
            "font.family": name, "svg.fonttype": "path", "svg.hashsalt": "civiclab",
            "axes.unicode_minus": False, "figure.dpi": 100, "axes.spines.top": False,
            "axes.spines.right": False, "font.size": 10,
        })
        _READY = True
    return _Figures()


def font_path(bold: bool = False) -> str:
    """NanumGothic from the installed koreanize-matplotlib package (no import of it)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        from civiclab.errors import ConfigError

        raise ConfigError("한글 글꼴 패키지(koreanize-matplotlib)가 설치되어 있지 않습니다.",
                          "pip install koreanize-matplotlib 로 설치해 주세요.")
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "fonts")
    return os.path.join(folder, "NanumGothicBold.ttf" if bold else "NanumGothic.ttf")


class GlyphMissing(RuntimeError):
    pass


def render(fig) -> str:
    plt = _setup()
    buf = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    for w in caught:
        if "missing from font" in str(w.message) or "Glyph" in str(w.message):
            raise GlyphMissing(str(w.message))
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog so it can sit inside HTML
    return re.sub(r"<metadata>.*?</metadata>", "", svg, count=1, flags=re.DOTALL)


def _month_x(periods) -> np.ndarray:
    return np.array([p.to_timestamp() for p in periods], dtype="datetime64[ns]")


def _launch(ax, launch, versions: pd.Series | None = None):
    x = launch.to_timestamp()
    ax.axvline(x, color="#c0392b", lw=1.5)
    ax.annotate("챗봇 출시", (x, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                textcoords="offset points", color="#c0392b", fontsize=9)
    # versions: [(month, ref)] where a prompt version changed; one marker per month
    by_month: dict = {}
    for m, ref in versions or []:
        by_month.setdefault(m, []).append(ref)
    for m, refs in by_month.items():
        label = refs[0] if len(refs) == 1 else f"프롬프트 {len(refs)}개"
        ax.axvline(m.to_timestamp(), color="#7f8c8d", lw=1, ls=":")
        ax.annotate(f"{label} 적용", (m.to_timestamp(), 0.02), xycoords=("data", "axes fraction"),
                    xytext=(3, 0), textcoords="offset points", color="#555", fontsize=8, rotation=90)


def monthly_by_category(monthly: pd.DataFrame, names: dict[str, str], covered: dict[str, bool],
                        launch, versions=None) -> str:
    plt = _setup()
    wide = monthly.pivot(index="month", columns="category", values="simple_human")
    x = _month_x(wide.index)
    fig, ax = plt.subplots(figsize=(10, 4.6))
    cmap = plt.get_cmap("tab10")
    i = 0
    for code in wide.columns:
        if covered.get(code):
            ax.plot(x, wide[code], lw=1.6, color=cmap(i % 10), label=f"{names.get(code, code)}")
            i += 1
    ctrl = wide[[c for c in wide.columns if not covered.get(c)]].sum(axis=1, min_count=1)
    ctrl[wide.isna().all(axis=1)] = np.nan
    ax.plot(x, ctrl / max(1, sum(not v for v in covered.values())), color="#999", lw=2, ls="--",
            label="미대상 분야 평균(대조군)")
    _launch(ax, launch, versions)
    ax.set_title("월별 단순 민원(사람이 처리한 건) — 챗봇 대상 분야별")
    ax.set_ylabel("건수")
    ax.legend(ncol=4, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    return render(fig)


def counterfactual(cf: pd.DataFrame, launch, target: float, versions=None) -> str:
    plt = _setup()
    x = _month_x(cf["month"])
    fig, ax = plt.subplots(figsize=(10, 4.2))
    ax.plot(x, cf["observed"], color="#1f4e79", lw=2, label="실제(챗봇 대상 분야 단순 민원)")
    ax.plot(x, cf["counterfactual"], color="#e67e22", lw=2, ls="--", label="챗봇이 없었다면(반사실 추정)")
    lo = cf["counterfactual"] * (1 - target - 0.05)
    hi = cf["counterfactual"] * (1 - target + 0.05)
    ax.fill_between(x, lo, hi, color="#27ae60", alpha=0.2,
                    label=f"목표 범위({target:.0%} 감소 ±5%p)")
    _launch(ax, launch, versions)
    ax.set_title("챗봇 대상 분야 단순 민원: 실제와 반사실 비교")
    ax.set_ylabel("건수")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False)
    return render(fig)


def estimates(est: pd.DataFrame, target: float) -> str:
    plt = _setup()
    overall = est[est["scope"] == "전체"].dropna(subset=["reduction"])
    per = est[(est["scope"] != "전체") & (est["method"] == "did")].dropna(subset=["reduction"])
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 2]})
    ax = axes[0]
    y = np.arange(len(overall))
    ax.errorbar(overall["reduction"] * 100, y,
                xerr=[(overall["reduction"] - overall["ci_low"]) * 100,
                      (overall["ci_high"] - overall["reduction"]) * 100],
                fmt="o", color="#1f4e79", capsize=4)
    ax.set_yticks(y, overall["method_ko"].str.replace("(", "\n(", regex=False), fontsize=8)
    ax.axvline(target * 100, color="#27ae60", ls="--")
    ax.axvline(0, color="#999", lw=1)
    ax.set_xlabel("감소율(%) — 95% 신뢰구간")
    ax.set_title("전체 감소율: 방법별")
    ax = axes[1]
    y = np.arange(len(per))
    colors = ["#1f4e79" if c else "#999" for c in per["covered"].fillna(False)]
    for yi, (_r, lo, hi, col) in enumerate(zip(per["reduction"], per["ci_low"], per["ci_high"], colors)):
        ax.plot([lo * 100, hi * 100], [yi, yi], color=col, lw=1.5)
    ax.scatter(per["reduction"] * 100, y, c=colors, zorder=3)
    ax.set_yticks(y, per["scope"], fontsize=8)
    ax.axvline(target * 100, color="#27ae60", ls="--", label=f"목표 {target:.0%}")
    ax.axvline(0, color="#999", lw=1)
    ax.set_xlabel("이중차분 감소율(%) — 파랑: 챗봇 대상, 회색: 미대상(효과 없어야 정상)")
    ax.set_title("분야별 감소율(이중차분)")
    ax.legend(fontsize=8, frameon=False)
    return render(fig)


def outcomes_by_month(out: pd.DataFrame, launch) -> str:
    plt = _setup()
    out = out.copy()
    out["month"] = pd.PeriodIndex(out["group"], freq="M")
    out = out[out["month"] >= launch]
    x = _month_x(out["month"])
    fig, ax = plt.subplots(figsize=(10, 3.8))
    for col, label, color in [("containment", "자체 해결률(7일 안 재접촉 없음)", "#1f4e79"),
                              ("handover_rate", "상담원 연결률", "#e67e22"),
                              ("repeat_rate_chatbot", "7일 안 재문의율(챗봇 상담)", "#c0392b")]:
        ax.plot(x, out[col] * 100, marker="o", ms=3, label=label, color=color)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_title("챗봇 상담 성과(월별)")
    ax.legend(fontsize=8, frameon=False, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.1))
    return render(fig)


def score_distribution(g: pd.DataFrame) -> str:
    """Boxes per assignment; with several cohorts, one box per cohort side by side."""
    plt = _setup()
    assignments = sorted(g["assignment"].dropna().unique())
    cohorts = sorted(g["cohort"].dropna().unique()) if "cohort" in g else []
    fig, ax = plt.subplots(figsize=(10, 3.8))
    if 1 < len(cohorts) <= 6:
        width = 0.8 / len(cohorts)
        cmap = plt.get_cmap("tab10")
        for k, cohort in enumerate(cohorts):
            sub = g[g["cohort"] == cohort]
            data = [sub.loc[sub["assignment"] == a, "pct"].dropna().to_numpy() for a in assignments]
            pos = np.arange(len(assignments)) + (k - (len(cohorts) - 1) / 2) * width
            bp = ax.boxplot(data, positions=pos, widths=width * 0.85, showmeans=True, patch_artist=True,
                            manage_ticks=False)
            for box in bp["boxes"]:
                box.set(facecolor=cmap(k % 10), alpha=0.45)
            ax.plot([], [], color=cmap(k % 10), lw=6, alpha=0.45, label=f"기수 {cohort}")
        ax.set_xticks(np.arange(len(assignments)), assignments)
        ax.legend(fontsize=8, frameon=False, ncol=min(6, len(cohorts)), loc="upper center",
                  bbox_to_anchor=(0.5, -0.22))
    else:
        data = [g.loc[g["assignment"] == a, "pct"].dropna().to_numpy() for a in assignments]
        ax.boxplot(data, tick_labels=assignments, showmeans=True)
    ax.set_ylabel("점수(만점 대비 %)")
    ax.set_ylim(0, 105)
    ax.set_title("과제별 점수 분포" + (" — 기수별" if 1 < len(cohorts) <= 6 else ""))
    ax.tick_params(axis="x", labelsize=8, rotation=20)
    return render(fig)


def _criteria_order(gc: pd.DataFrame) -> list[tuple[str, str]]:
    """(criterion, Korean label) in the order the export lists them (course order)."""
    pairs = gc[["criterion", "criterion_ko"]].drop_duplicates("criterion")
    return list(pairs.itertuples(index=False, name=None))


def criterion_distribution(gc: pd.DataFrame) -> str:
    """One panel per criterion (Korean title), one box per assignment that grades it."""
    plt = _setup()
    crits = _criteria_order(gc)
    ncols = min(4, len(crits))
    nrows = -(-len(crits) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(11, 2.9 * nrows + 0.4), squeeze=False, sharey=True)
    for ax, (crit, label) in zip(axes.flat, crits):
        sub = gc[gc["criterion"] == crit]
        assignments = sorted(sub["assignment"].unique())
        data = [sub.loc[sub["assignment"] == a, "pct"].to_numpy() for a in assignments]
        ax.boxplot(data, tick_labels=assignments, showmeans=True, widths=0.6)
        n = sub["student_id"].nunique()
        ax.set_title(f"{label} ({n}명)", fontsize=10)
        ax.set_ylim(-3, 105)
        ax.tick_params(axis="x", labelsize=7, rotation=25)
    for ax in list(axes.flat)[len(crits):]:
        ax.set_visible(False)
    for row in axes:
        row[0].set_ylabel("만점 대비 %")
    fig.suptitle("기준별·과제별 점수 분포", fontsize=12)
    fig.tight_layout()
    return render(fig)


def criterion_heatmap(gc: pd.DataFrame) -> str:
    """Mean score (% of the criterion's points) per criterion, for every cohort and department."""
    plt = _setup()
    crits = _criteria_order(gc)
    groups = [("기수", "cohort"), ("부서", "department")]
    rows, labels = [], []
    for name, col in groups:
        means = gc.groupby([col, "criterion"])["pct"].mean()
        for value in sorted(gc[col].dropna().unique()):
            if str(value).strip() == "":
                continue
            rows.append([means.get((value, c), np.nan) for c, _ in crits])
            labels.append(f"{name} {value}")
    grid = np.array(rows, dtype=float).reshape(len(rows), len(crits))
    fig, ax = plt.subplots(figsize=(max(6.5, 1.25 * len(crits) + 2.5), 0.42 * len(rows) + 1.8))
    im = ax.imshow(np.ma.masked_invalid(grid), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    for (i, j), v in np.ndenumerate(grid):
        ax.text(j, i, "—" if np.isnan(v) else f"{v:.0f}", ha="center", va="center", fontsize=8)
    n_cohorts = sum(1 for lab in labels if lab.startswith("기수"))
    if 0 < n_cohorts < len(labels):
        ax.axhline(n_cohorts - 0.5, color="#333", lw=1.5)
    ax.set_xticks(np.arange(len(crits)), [lab for _, lab in crits], fontsize=8, rotation=20, ha="right")
    ax.set_yticks(np.arange(len(labels)), labels, fontsize=8)
    ax.set_title("기수·부서별 기준 평균 점수(만점 대비 %)")
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    return render(fig)


def improvement_per_learner(per: pd.DataFrame, limit: int = 60) -> str:
    plt = _setup()
    per = per.sort_values("total_gain").tail(limit)
    y = np.arange(len(per))
    fig, ax = plt.subplots(figsize=(10, max(3, 0.18 * len(per) + 1)))
    ax.hlines(y, per["first_total"], per["final_total"], color="#bbb")
    ax.scatter(per["first_total"], y, color="#e67e22", label="첫 초안", zorder=3, s=14)
    ax.scatter(per["final_total"], y, color="#1f4e79", label="최종 초안", zorder=3, s=14)
    ax.set_yticks(y, per["learner"], fontsize=6)
    ax.set_xlabel("채점 총점(0~100)")
    ax.set_title("교육생별 향상: 첫 초안 → 최종 초안")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return render(fig)


def cost_per_cohort(per_cohort: pd.DataFrame) -> str:
    plt = _setup()
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.bar(per_cohort["cohort"].astype(str), per_cohort["cost_krw"], color="#1f4e79")
    for i, (c, n) in enumerate(zip(per_cohort["cost_krw"], per_cohort["cost_per_learner_krw"])):
        ax.annotate(f"1인 {n:,.0f}원", (i, c), ha="center", xytext=(0, 3), textcoords="offset points",
                    fontsize=8)
    ax.set_ylim(0, max(1.0, float(per_cohort["cost_krw"].max()) * 1.15))  # 0 원 stays on the floor
    ax.set_ylabel("추정 비용(원)")
    ax.set_title("기수별 인공지능(AI) 사용 추정 비용")
    return render(fig)


def prompt_versions(daily: pd.DataFrame) -> str:
    plt = _setup()
    wide = daily.pivot_table(index="day", columns="prompt_ref", values="calls", aggfunc="sum",
                             fill_value=0)
    if wide.shape[1] > 12:  # a readable legend: the 11 most used versions, the rest together
        top = wide.sum().sort_values(ascending=False).index[:11]
        rest = wide.drop(columns=top).sum(axis=1)
        wide = wide[top].assign(**{"그 밖의 버전": rest})
    fig, ax = plt.subplots(figsize=(10, 3.6))
    bottom = np.zeros(len(wide))
    cmap = plt.get_cmap("tab20")
    x = np.arange(len(wide))  # one bar per day that has calls; no empty calendar days
    for i, col in enumerate(wide.columns):
        ax.bar(x, wide[col], bottom=bottom, label=col, color=cmap(i % 20), width=0.8)
        bottom += wide[col].to_numpy()
    step = max(1, len(wide) // 15)
    ax.set_xticks(x[::step], [str(d) for d in wide.index[::step]], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("호출 수")
    ax.set_title("프롬프트 버전별 사용(일별)")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return render(fig)


def projection_chart(proj: pd.DataFrame, target: float) -> str:
    plt = _setup()
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(proj) + 1.6))
    y = np.arange(len(proj))
    colors = ["#27ae60" if ok else "#e67e22" for ok in proj["meets_target"]]
    ax.barh(y, proj["projected_reduction"] * 100, color=colors)
    ax.set_yticks(y, proj["prompt_ref"], fontsize=8)
    ax.axvline(target * 100, color="#c0392b", ls="--", label=f"목표 {target:.0%}")
    ax.set_xlabel("예상 감소율(%)")
    ax.set_title("프롬프트 버전별 예상 단순 민원 감소율")
    ax.legend(fontsize=8, frameon=False)
    return render(fig)
