"""The reduction estimates on generated logs with known, planted truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from civiclab.datagen.complaints import ComplaintConfig, generate_complaints
from civiclab.metrics import complaints as cm
from civiclab.metrics import impact


def _estimates(categories, covered, **cfg):
    log = generate_complaints(ComplaintConfig(**cfg), categories)
    mon = cm.monthly_counts(cm.check_complaints(log, covered))
    launch = pd.Period(cfg.get("launch", "2024-01"), "M")
    return {e.method: e for e in impact.estimate_reduction(mon, covered, launch, n_boot=1000)}


@pytest.mark.parametrize("seed", [101, 202, 303])
def test_did_recovers_planted_25_percent(categories, covered, seed):
    est = _estimates(categories, covered, effect=0.25, seed=seed, rows_per_month=3000)
    did = est["did"]
    assert did.ci_low <= 0.25 <= did.ci_high
    assert did.ci_low > 0.1  # and the interval is informative, not everything
    assert len(did.months_used) == 12


@pytest.mark.parametrize("seed", [101, 202, 303])
def test_did_reports_no_effect_when_none_planted(categories, covered, seed):
    did = _estimates(categories, covered, effect=0.0, seed=seed, rows_per_month=3000)["did"]
    assert did.ci_low <= 0 <= did.ci_high
    assert abs(did.reduction) < 0.05


@pytest.mark.parametrize("seed", [101, 202, 303])
def test_naive_before_after_is_biased_by_seasonality(categories, covered, seed):
    """Launch in February, five months of data after, seasons planted twice as strong as the
    documented ones: the March school-entry and moving peak and the summer peaks make the
    naive comparison report a large *increase* although nothing was planted, while the
    difference-in-differences stays near zero."""
    # a city-sized volume, so sampling noise is small beside the seasonal bias
    est = _estimates(categories, covered, effect=0.0, seed=seed, rows_per_month=15000,
                     months=30, launch="2024-02", season_scale=2.0)
    naive, did = est["naive"], est["did"]
    assert naive.reduction < -0.10  # visibly wrong: an "increase" of more than 10%
    assert did.ci_low <= 0 <= did.ci_high and abs(did.reduction) < abs(naive.reduction) / 2


def test_placebo_launch_shows_no_effect(categories, covered):
    log = generate_complaints(ComplaintConfig(effect=0.3, seed=9, rows_per_month=2000), categories)
    mon = cm.monthly_counts(cm.check_complaints(log, covered))
    p = impact.placebo(mon, covered, pd.Period("2024-01", "M"), n_boot=500)
    assert p is not None and p.ci_low <= 0 <= p.ci_high


def test_gap_month_is_a_gap_not_a_zero(categories, covered):
    log = generate_complaints(ComplaintConfig(effect=0.25, seed=4, rows_per_month=3000), categories)
    log = log[log["month"] != "2024-05"]  # e.g. an export that lost a month
    df = cm.check_complaints(log, covered)
    assert cm.gap_months(df) == ["2024-05"]
    mon = cm.monthly_counts(df)
    may = mon[mon["month"] == pd.Period("2024-05", "M")]
    assert may["simple_human"].isna().all() and not may["has_data"].any()
    est = {e.method: e for e in impact.estimate_reduction(mon, covered, pd.Period("2024-01", "M"))}
    assert "2024-05" not in est["did"].months_used and len(est["did"].months_used) == 11
    assert "2024-05" in est["did"].note
    assert est["did"].ci_low <= 0.25 <= est["did"].ci_high
    cf = impact.counterfactual_series(mon, covered, pd.Period("2024-01", "M"))
    assert np.isnan(cf.loc[cf["month"] == pd.Period("2024-05", "M"), "observed"]).all()


def test_too_little_history_gives_no_number(categories, covered):
    log = generate_complaints(ComplaintConfig(months=8, start="2023-09", launch="2024-01", seed=1,
                                              rows_per_month=500), categories)
    mon = cm.monthly_counts(cm.check_complaints(log, covered))
    est = {e.method: e for e in impact.estimate_reduction(mon, covered, pd.Period("2024-01", "M"))}
    assert np.isnan(est["did"].reduction) and np.isnan(est["yoy"].reduction)
    assert "12개월" in est["did"].note


def test_bootstrap_is_seeded(categories, covered):
    a = _estimates(categories, covered, effect=0.2, seed=5, rows_per_month=800)["did"]
    b = _estimates(categories, covered, effect=0.2, seed=5, rows_per_month=800)["did"]
    assert (a.reduction, a.ci_low, a.ci_high) == (b.reduction, b.ci_low, b.ci_high)


def test_outcomes_computed_from_links_match_generator_flags(categories, covered):
    log = generate_complaints(ComplaintConfig(seed=8, rows_per_month=1500), categories)
    df = cm.add_follow_up(cm.check_complaints(log, covered))
    # the log's own flag and the recomputed link agree (ids drawn from 90 million: collisions rare)
    agree = (df["repeat7"].to_numpy() == log["repeat_within_7d"].to_numpy()).mean()
    assert agree > 0.999
    out = cm.chatbot_outcomes(df).iloc[0]
    chat = log[log["channel"] == "chatbot"]
    expected_contained = (chat["handled_by"].eq("chatbot") & chat["resolved"] & ~chat["repeat_within_7d"]).mean()
    assert out["containment"] == pytest.approx(expected_contained, abs=0.005)
    assert out["handover_rate"] == pytest.approx(chat["handed_over"].mean())


def test_several_groupings_at_once_equal_one_at_a_time(categories, covered):
    log = generate_complaints(ComplaintConfig(seed=9, rows_per_month=800,
                                              prompt_schedule=(("2024-01", 1), ("2024-07", 2))), categories)
    df = cm.add_follow_up(cm.check_complaints(log, covered))
    chat = (df["channel"] == "chatbot").to_numpy()
    many = cm.chatbot_outcomes_many(df, [(None, None), ("month", None), ("prompt_ref", chat)])
    pd.testing.assert_frame_equal(many[0], cm.chatbot_outcomes(df))
    pd.testing.assert_frame_equal(many[1], cm.chatbot_outcomes(df, by="month"))
    pd.testing.assert_frame_equal(many[2], cm.chatbot_outcomes(df[chat], by="prompt_ref"))
    assert len(many[2]) > 2 and (many[2]["contacts"] == many[2]["chatbot_sessions"]).all()


@pytest.mark.parametrize("seed", [101, 202])
def test_city_wide_shock_fools_year_on_year_but_not_did(categories, covered, seed):
    """A COVID-like surge of 40% in every category for three post-launch months (Seoul 2021:
    26.5% of consultations were about COVID-19) hides much of the planted 25% in the
    year-on-year number; the uncovered categories carry the same surge, so DiD still finds it."""
    shocks = (("2024-06", 1.4), ("2024-07", 1.4), ("2024-08", 1.4))
    est = _estimates(categories, covered, effect=0.25, seed=seed, rows_per_month=3000, shocks=shocks)
    assert est["yoy"].reduction < 0.20  # the surge masks the effect
    assert est["did"].ci_low <= 0.25 <= est["did"].ci_high
