"""Did simple complaints fall after the chatbot launch, and is it the chatbot or the season?

Three estimates of the reduction (positive = fewer simple complaints reaching a person):

* ``naive``   post-launch months against the same number of months just before:
  misled by seasonality and growth; shown only to show why it misleads.
* ``yoy``     post-launch months against the same calendar months a year before:
  removes seasonality, not growth or city-wide shocks.
* ``did``     difference-in-differences on those year-apart pairs, with the categories
  the chatbot does not cover as controls: ``1 - (T_post/T_prev) / (C_post/C_prev)``.
  Removes seasonality, growth and shocks shared by all categories.

Confidence intervals: bootstrap over months (post months resampled with their
year-before partner), seeded, so the same data give the same interval.  With a dozen
months the plain percentile interval is too narrow (measured: about 90% coverage of a
planted effect instead of 95%), so the interval is ``estimate ± t(n-1) x bootstrap SE x
sqrt(n/(n-1))``, a bootstrap-t interval with the small-sample correction.
Only post months whose year-before partner is itself before launch are used, and
only where both months have data (gaps are skipped and listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

METHODS_KO = {
    "naive": "단순 전후 비교(출시 전 같은 기간 대비)",
    "yoy": "전년 같은 달 대비",
    "did": "이중차분(전년 같은 달 + 챗봇 미대상 분야 대조)",
}


@dataclass
class Estimate:
    method: str
    scope: str  # "전체" or a category code
    reduction: float
    ci_low: float
    ci_high: float
    months_used: list[str] = field(default_factory=list)
    note: str = ""

    def as_row(self) -> dict:
        return {
            "method": self.method,
            "method_ko": METHODS_KO.get(self.method, self.method),
            "scope": self.scope,
            "reduction": self.reduction,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "n_months": len(self.months_used),
            "months": " ".join(self.months_used),
            "note": self.note,
        }


def _pivot(monthly: pd.DataFrame) -> pd.DataFrame:
    """month x category of simple human contacts (NaN in gap months)."""
    return monthly.pivot(index="month", columns="category", values="simple_human")


# Student t 97.5% quantiles for 1..30 degrees of freedom (no scipy dependency).
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t975(df: int) -> float:
    return _T975[df - 1] if df <= 30 else 1.96 + 2.4 / df


def _interval(est: float, boot: np.ndarray, n: int) -> tuple[float, float]:
    half = t975(n - 1) * float(np.std(boot, ddof=1)) * np.sqrt(n / (n - 1))
    return est - half, est + half


def estimate_reduction(
    monthly: pd.DataFrame,
    covered: dict[str, bool],
    launch: pd.Period,
    *,
    treated: list[str] | None = None,
    controls: list[str] | None = None,
    scope: str = "전체",
    n_boot: int = 2000,
    seed: int = 12345,
) -> list[Estimate]:
    """Return naive, yoy and did estimates (each with a 95% bootstrap interval)."""
    wide = _pivot(monthly)
    treated = treated or [c for c, v in covered.items() if v]
    controls = controls or [c for c, v in covered.items() if not v]
    T = wide[treated].sum(axis=1, min_count=1)
    C = wide[controls].sum(axis=1, min_count=1)
    T[wide[treated].isna().all(axis=1)] = np.nan
    rng = np.random.default_rng(seed)
    out: list[Estimate] = []

    post = [m for m in wide.index if m >= launch and not np.isnan(T[m])]
    pre_all = [m for m in wide.index if m < launch and not np.isnan(T[m])]
    # naive: as many pre months (just before launch) as there are post months
    k = min(len(post), len(pre_all))
    if k >= 2:
        p_vals = T[post[:k]].to_numpy(float)
        b_vals = T[pre_all[-k:]].to_numpy(float)
        est = 1 - p_vals.mean() / b_vals.mean()
        i1 = rng.integers(0, k, (n_boot, k))
        i2 = rng.integers(0, k, (n_boot, k))
        boot = 1 - p_vals[i1].mean(1) / b_vals[i2].mean(1)
        lo, hi = _interval(est, boot, k)
        months = [str(m) for m in pre_all[-k:] + post[:k]]
        out.append(Estimate("naive", scope, est, lo, hi, months))
    else:
        out.append(Estimate("naive", scope, np.nan, np.nan, np.nan, note="출시 전후 자료가 2개월 미만"))

    pairs = [
        m for m in post
        if (m - 12) < launch and (m - 12) in wide.index
        and not np.isnan(T[m - 12]) and not np.isnan(C[m]) and not np.isnan(C[m - 12])
    ]
    skipped = [str(m) for m in wide.index if m >= launch and m not in pairs]
    note = f"제외한 달(짝이 되는 전년 달 자료 없음 또는 출시 후): {', '.join(skipped)}" if skipped else ""
    if len(pairs) < 2:
        reason = "출시 전 12개월 이상과 출시 후 2개월 이상의 자료가 필요합니다"
        for m in ("yoy", "did"):
            out.append(Estimate(m, scope, np.nan, np.nan, np.nan, note=reason))
        return out
    tp = T[pairs].to_numpy(float)
    tb = T[[m - 12 for m in pairs]].to_numpy(float)
    cp = C[pairs].to_numpy(float)
    cb = C[[m - 12 for m in pairs]].to_numpy(float)
    months = [str(m) for m in pairs]
    n = len(pairs)
    idx = rng.integers(0, n, (n_boot, n))

    yoy = 1 - tp.sum() / tb.sum()
    lo, hi = _interval(yoy, 1 - tp[idx].sum(1) / tb[idx].sum(1), n)
    out.append(Estimate("yoy", scope, yoy, lo, hi, months, note))

    did = 1 - (tp.sum() / tb.sum()) / (cp.sum() / cb.sum())
    boot = 1 - (tp[idx].sum(1) / tb[idx].sum(1)) / (cp[idx].sum(1) / cb[idx].sum(1))
    lo, hi = _interval(did, boot, n)
    out.append(Estimate("did", scope, did, lo, hi, months, note))
    return out


def estimates_table(monthly: pd.DataFrame, covered: dict[str, bool], launch: pd.Period,
                    *, n_boot: int = 2000, seed: int = 12345) -> pd.DataFrame:
    """Overall and per-category estimates.  Uncovered categories act as placebos:
    each is compared with the other uncovered ones and should show no effect."""
    rows = [e.as_row() for e in estimate_reduction(monthly, covered, launch, n_boot=n_boot, seed=seed)]
    controls = [c for c, v in covered.items() if not v]
    for code, is_cov in covered.items():
        ctrl = controls if is_cov else [c for c in controls if c != code]
        if not ctrl:
            continue
        for e in estimate_reduction(monthly, covered, launch, treated=[code], controls=ctrl,
                                    scope=code, n_boot=n_boot, seed=seed):
            row = e.as_row()
            row["covered"] = is_cov
            rows.append(row)
    t = pd.DataFrame(rows)
    t.loc[t["scope"] == "전체", "covered"] = True
    return t


def placebo(monthly: pd.DataFrame, covered: dict[str, bool], launch: pd.Period,
            *, n_boot: int = 2000, seed: int = 12345) -> Estimate | None:
    """The same DiD with a fake launch 12 months earlier, on pre-launch data only.

    A sound design shows no effect here; needs 24 months before the real launch.
    """
    pre = monthly[monthly["month"] < launch]
    if pre["month"].nunique() < 14:
        return None
    est = estimate_reduction(pre, covered, launch - 12, n_boot=n_boot, seed=seed, scope="가짜 출시일")
    return est[-1]


def counterfactual_series(monthly: pd.DataFrame, covered: dict[str, bool], launch: pd.Period,
                          target: float = 0.30) -> pd.DataFrame:
    """Per month: observed covered simple complaints, the counterfactual (year-before
    month scaled by the controls' change) and the target line (counterfactual x (1-target))."""
    wide = _pivot(monthly)
    treated = [c for c, v in covered.items() if v]
    controls = [c for c, v in covered.items() if not v]
    T = wide[treated].sum(axis=1, min_count=1)
    C = wide[controls].sum(axis=1, min_count=1)
    rows = []
    for m in wide.index:
        cf = np.nan
        if m >= launch and (m - 12) in wide.index and (m - 12) < launch:
            cf = T[m - 12] * C[m] / C[m - 12]
        rows.append({"month": m, "observed": T[m], "counterfactual": cf,
                     "target": cf * (1 - target)})
    return pd.DataFrame(rows)
