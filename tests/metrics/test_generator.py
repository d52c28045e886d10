"""The complaint-log generator: deterministic, coherent rows, planted effect as specified."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from civiclab.datagen.complaints import COLUMNS, ComplaintConfig, generate_complaints
from civiclab.errors import InputError


@pytest.fixture(scope="module")
def log(categories):
    return generate_complaints(ComplaintConfig(rows_per_month=1200, seed=11,
                                               prompt_schedule=(("2024-01", 1), ("2024-07", 2))),
                               categories)


def test_same_seed_same_rows_other_seed_other_rows(categories):
    cfg = ComplaintConfig(rows_per_month=300, months=14, start="2023-01", launch="2024-01", seed=5)
    a = generate_complaints(cfg, categories)
    b = generate_complaints(cfg, categories)
    pd.testing.assert_frame_equal(a, b)
    c = generate_complaints(ComplaintConfig(rows_per_month=300, months=14, start="2023-01",
                                            launch="2024-01", seed=6), categories)
    assert len(a) != len(c) or not a["citizen_id"].equals(c["citizen_id"])


def test_columns_and_value_domains(log, covered):
    assert list(log.columns) == COLUMNS
    assert set(log["channel"]) == {"call120", "website", "visit", "chatbot"}
    assert set(log["category"]) == set(covered)
    assert log["contact_id"].is_unique and log["ts"].is_monotonic_increasing
    sat = log["satisfaction"].dropna()
    assert sat.between(1, 5).all() and 0.2 < log["satisfaction"].notna().mean() < 0.4
    assert (log["month"] == log["ts"].dt.strftime("%Y-%m")).all()
    assert log["month"].min() == "2022-01" and log["month"].max() == "2024-12"
    assert (log["chatbot_covered"] == log["category"].map(covered)).all()


def test_rows_are_internally_consistent(log):
    bot = log["handled_by"] == "chatbot"
    assert (log.loc[bot, "channel"] == "chatbot").all()
    assert not log.loc[log["handed_over"], "handled_by"].eq("chatbot").any()
    assert (log.loc[log["handed_over"], "channel"] == "chatbot").all()
    # the chatbot answers only covered simple questions, and only after launch
    assert log.loc[bot, "is_simple"].all() and log.loc[bot, "chatbot_covered"].all()
    assert (log.loc[log["channel"] == "chatbot", "month"] >= "2024-01").all()
    assert log.loc[log["channel"] == "chatbot", "prompt_ref"].notna().all()
    assert log.loc[log["channel"] != "chatbot", "prompt_ref"].isna().all()
    # prompt ids of the library: one per covered category, chatbot.handover for hand-overs
    late = log[(log["month"] >= "2024-07") & (log["channel"] == "chatbot")]
    expected = np.where(late["handed_over"], "chatbot.handover@2",
                        "chatbot." + late["category"].str.lower() + "@2")
    assert (late["prompt_ref"].to_numpy() == expected).all()
    early = log[(log["month"] < "2024-07") & (log["channel"] == "chatbot")]
    assert early["prompt_ref"].str.endswith("@1").all()


def test_repeat_contacts_point_back_within_seven_days(log):
    rep = log[log["repeat_of"].notna()]
    orig = log.set_index("contact_id").loc[rep["repeat_of"].astype(int)]
    assert (orig["citizen_id"].to_numpy() == rep["citizen_id"].to_numpy()).all()
    assert (orig["category"].to_numpy() == rep["category"].to_numpy()).all()
    gap = rep["ts"].to_numpy() - orig["ts"].to_numpy()
    assert (gap > np.timedelta64(0, "s")).all() and (gap <= np.timedelta64(7, "D")).all()
    assert orig["repeat_within_7d"].all()
    assert log["repeat_within_7d"].sum() == len(rep)


def test_planted_effect_matches_expected_human_volume(categories):
    """Solved routing share gives the planted fall of simple human contacts (no noise, big n)."""
    cfg = ComplaintConfig(rows_per_month=20000, months=24, start="2023-01", launch="2024-01",
                          effect=0.25, seed=2, month_shock_sd=0, cell_noise_sd=0, growth_per_year=0)
    log = generate_complaints(cfg, categories)
    t = log[(log["handled_by"] == "human") & log["is_simple"]]
    t = t.assign(post=t["month"] >= "2024-01").groupby(["chatbot_covered", "post"]).size()
    treat = t[(True, True)] / t[(True, False)]
    ctrl = t[(False, True)] / t[(False, False)]
    assert treat / ctrl == pytest.approx(0.75, abs=0.015)  # about 2.5 sampling SDs


@pytest.mark.parametrize("kwargs", [
    {"launch": "2024-13"}, {"start": "24-01"}, {"effect": 1.2}, {"effect": 0.95},
    {"months": 0}, {"rows_per_month": 0},
])
def test_bad_settings_raise_korean_input_error(kwargs):
    with pytest.raises(InputError) as err:
        ComplaintConfig(**kwargs)
    assert any("\uac00" <= ch <= "\ud7a3" for ch in err.value.problem)


def test_cli_writes_csv_that_reads_back(tmp_path, cli, categories):
    out = tmp_path / "c.csv"
    code, stdout, _ = cli(["data", "complaints", "--months", "14", "--start", "2023-01", "--launch",
                           "2024-01", "--rows-per-month", "200", "--seed", "3", "--out", out,
                           "--categories", "datasets/categories.yaml"])
    assert code == 0 and "만들었습니다" in stdout
    back = pd.read_csv(out)
    again = generate_complaints(ComplaintConfig(months=14, start="2023-01", launch="2024-01",
                                                rows_per_month=200, seed=3), categories)
    assert len(back) == len(again)
    assert (back["citizen_id"].to_numpy() == again["citizen_id"].to_numpy()).all()


def test_cli_bad_month_exits_2_in_korean(tmp_path, cli):
    code, _, err = cli(["data", "complaints", "--launch", "2024-3", "--out", tmp_path / "x.csv",
                        "--categories", "datasets/categories.yaml"])
    assert code == 2 and "문제:" in err and "YYYY-MM" in err
    code, _, err = cli(["data", "complaints", "--out", tmp_path / "x.xlsx",
                        "--categories", "datasets/categories.yaml", "--months", "2"])
    assert code == 2 and ".csv 또는 .parquet" in err


def test_committed_sample_is_small_and_regenerable(categories):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "datasets" / "complaints" / "complaints_sample.parquet"
    assert sample.stat().st_size < 5 * 1024 * 1024
    committed = pd.read_parquet(sample)
    fresh = generate_complaints(ComplaintConfig(), categories)
    assert len(committed) == len(fresh)
    for col in ("citizen_id", "ts", "channel", "category", "handled_by", "is_simple", "resolved",
                "repeat_of", "satisfaction", "prompt_ref"):
        a = committed[col].astype("string" if committed[col].dtype == object else committed[col].dtype)
        b = fresh[col].astype(a.dtype)
        assert a.reset_index(drop=True).equals(b.reset_index(drop=True)), col
