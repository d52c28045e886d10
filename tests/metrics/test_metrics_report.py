"""The report end to end: every section from real inputs, visible gaps, Korean errors."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from civiclab.metrics.html import write_report
from civiclab.metrics.report import build_report

SECTIONS = ["definitions", "outcomes", "reduction", "projection", "prompts", "grades", "history", "usage"]
CHARTS = ["outcomes_by_month", "monthly_by_category", "counterfactual", "estimates", "projection",
          "score_distribution", "criterion_distribution", "criterion_by_group", "improvement",
          "cost_per_cohort", "prompt_versions"]


def test_full_report_has_every_section_chart_and_table(tmp_path, all_inputs, categories):
    rep = build_report(categories=categories, **all_inputs)
    assert [s.key for s in rep.sections] == SECTIONS
    assert all(s.available for s in rep.sections)
    index = write_report(rep, tmp_path / "out")
    html = index.read_text(encoding="utf-8")
    for key in CHARTS:
        assert f'data-chart="{key}"' in html
    assert "자료 없음:" not in html
    assert "<script" not in html  # nothing to run, nothing to fetch
    assert not re.search(r"""(src|href)=["']?(https?:)?//|url\((["']?)https?:|@import""", html)
    assert "@font-face" in html  # Hangul renders even without a Korean system font
    for name, df in rep.tables().items():
        csv = pd.read_csv(tmp_path / "out" / "tables" / f"{name}.csv")
        pq = pd.read_parquet(tmp_path / "out" / "tables" / f"{name}.parquet")
        assert len(csv) == len(pq) == len(df), name


def test_headline_numbers_come_from_the_inputs(all_inputs, categories):
    rep = build_report(categories=categories, **all_inputs)
    est = rep.section("reduction").tables["reduction_estimates"]
    did = est[(est["scope"] == "전체") & (est["method"] == "did")].iloc[0]
    assert did["ci_low"] <= 0.30 <= did["ci_high"]  # the fixture log plants the default 30%
    facts = dict(rep.section("reduction").facts)
    assert facts["이중차분 감소율(95% 신뢰구간)"].startswith(f"{did['reduction'] * 100:.1f}%")
    assert "chatbot.*@1" in facts["그 기간 운영된 프롬프트 버전"]
    assert "chatbot.*@2" in facts["그 기간 운영된 프롬프트 버전"]
    by_month = rep.section("outcomes").tables["chatbot_outcomes_by_month"]
    assert set(by_month.loc[by_month["group"] >= "2024-07", "prompt_ref"]) == {"chatbot.*@2 (11개)"}
    assert set(by_month.loc[by_month["group"].between("2024-01", "2024-06"), "prompt_ref"]) == {
        "chatbot.*@1 (11개)"}
    by_version = rep.section("outcomes").tables["chatbot_outcomes_by_prompt_version"]
    assert {"chatbot.cert@1", "chatbot.cert@2", "chatbot.handover@2"} <= set(by_version["group"])
    proj = rep.section("projection").tables["projection"].set_index("prompt_ref")
    rates = rep.section("projection").tables["answer_rates"]
    shares = rep.section("projection").tables["simple_shares"].set_index("category")["share"]
    r1 = rates[rates["candidate"] == "chatbot.*@1"].set_index("category")["answer_rate"]
    expected = sum(r1.get(c, 0) * shares.get(c, 0) for c, _, cov in categories if cov)
    assert proj.loc["chatbot.*@1", "projected_reduction"] == pytest.approx(expected)
    assert proj.loc["chatbot.*@1", "label"] == "production"
    assert proj.loc["chatbot.*@2", "projected_reduction"] > proj.loc["chatbot.*@1", "projected_reduction"]
    usage = rep.section("usage").tables["usage_per_cohort"]
    assert usage["calls"].sum() == 120 and usage["cost_krw"].sum() == pytest.approx(80 * 0.35)


def test_missing_optional_inputs_are_visible_gaps(tmp_path, complaint_file, categories):
    rep = build_report(categories=categories, complaints=complaint_file)
    missing = {s.key for s in rep.sections if not s.available}
    assert missing == {"projection", "prompts", "grades", "history", "usage"}
    html = write_report(rep, tmp_path / "r").read_text(encoding="utf-8")
    assert html.count("자료 없음:") == 5
    nothing = build_report(categories=categories)
    assert {s.key for s in nothing.sections if not s.available} == set(SECTIONS) - {"definitions"}


def test_cli_report_runs_and_names_gaps(tmp_path, all_inputs, cli, monkeypatch):
    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "empty-state"))
    out = tmp_path / "cli-out"
    code, stdout, err = cli(["metrics", "report", "--out", out, "--complaints", all_inputs["complaints"],
                             "--grades", all_inputs["grades"], "--categories", "datasets/categories.yaml"])
    assert code == 0, err
    assert (out / "index.html").exists() and "자료 없음으로 표시한 부분" in stdout
    assert "교육생 향상과 자주 나온 지적" in stdout


def _bad(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("content, expect", [
    (None, "없습니다"),
    ("", "비어 있습니다"),
    ("ts,channel,category,is_simple,handled_by\n2024-01-01T10:00:00,call120,CERT,true\n", "형식 오류"),
    ("ts,channel,category\n2024-01-01T10:00:00,call120,CERT\n", "꼭 필요한 열이 없습니다"),
    ("ts,channel,category,is_simple,handled_by\n2024-01-01T10:00:00,fax,CERT,true,human\n", "channel"),
    ("ts,channel,category,is_simple,handled_by\n2024-01-01T10:00:00,call120,PIZZA,true,human\n", "PIZZA"),
    ("ts,channel,category,is_simple,handled_by\n어제,call120,CERT,true,human\n", "2번째 줄"),
    ("ts,channel,category,is_simple,handled_by\n2024-01-01T10:00:00,call120,CERT,maybe,human\n", "maybe"),
])
def test_bad_complaint_logs_get_korean_message_and_exit_2(tmp_path, cli, content, expect):
    path = tmp_path / "log.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _out, err = cli(["metrics", "report", "--out", tmp_path / "o", "--complaints", path,
                             "--categories", "datasets/categories.yaml"])
    assert code == 2
    assert err.startswith("문제:") and "해결 방법:" in err and expect in err
    assert "Traceback" not in err and not (tmp_path / "o" / "index.html").exists()


@pytest.mark.parametrize("content, expect", [
    ("", "비어 있습니다"),
    ("student_id,cohort\nx,A\n", "필요한 열이 없습니다"),
    ("student_id,cohort,department,assignment,score,max_score\ns1,A,d,a1,열,10\n", "숫자가 아닙니다"),
    ("student_id,cohort,department,assignment,score,max_score\ns1,A,d,a1,12,10\n", "만점 초과"),
    ('student_id,cohort,department,assignment,score,max_score\ns1,A,"d,a1,5,10\n', "형식 오류"),
])
def test_bad_grades_get_korean_message_and_exit_2(tmp_path, cli, content, expect):
    path = _bad(tmp_path, "g.csv", content)
    code, _, err = cli(["metrics", "report", "--out", tmp_path / "o", "--grades", path,
                        "--categories", "datasets/categories.yaml"])
    assert code == 2 and expect in err and "Traceback" not in err


def test_bad_ledger_and_prompt_results(tmp_path, cli):
    code, _, err = cli(["metrics", "report", "--out", tmp_path / "o", "--ledger",
                        _bad(tmp_path, "ledger.sqlite", "not a database"),
                        "--categories", "datasets/categories.yaml"])
    assert code == 2 and "calls" in err
    code, _, err = cli(["metrics", "report", "--out", tmp_path / "o", "--prompts",
                        _bad(tmp_path, "p.json", "{oops"), "--categories", "datasets/categories.yaml"])
    assert code == 2 and "JSON" in err
    code, _, err = cli(["metrics", "report", "--out", tmp_path / "o", "--launch", "2024/01",
                        "--categories", "datasets/categories.yaml"])
    assert code == 2 and "YYYY-MM" in err


def test_history_with_broken_lines_reports_them(tmp_path, all_inputs, categories):
    broken = all_inputs["history"] / "zz.jsonl"
    broken.write_text('{"ts": "2026-04-09T10:00:00+09:00", "learner": "zz", "total": 50}\n{not json\n',
                      encoding="utf-8")
    rep = build_report(categories=categories, history=all_inputs["history"])
    warn = " ".join(rep.section("history").warnings)
    assert "읽지 못한 기록 1건" in warn and "zz.jsonl 2번째 줄" in warn


def test_log_with_only_post_launch_months_shows_no_reduction_number(tmp_path, categories):
    from civiclab.datagen.complaints import ComplaintConfig, generate_complaints, write_complaints

    log = generate_complaints(ComplaintConfig(months=6, start="2024-01", launch="2024-01",
                                              rows_per_month=300), categories)
    path = write_complaints(log, tmp_path / "short.csv")
    rep = build_report(categories=categories, complaints=path)
    facts = dict(rep.section("reduction").facts)
    assert facts["이중차분 감소율(95% 신뢰구간)"] == "자료 없음"
    assert "판정" not in facts
    html = write_report(rep, tmp_path / "r").read_text(encoding="utf-8")
    assert re.search(r"12개월 이상", html)


def test_prompt_quality_compares_with_previous_version(all_inputs, categories):
    rep = build_report(categories=categories, prompts=all_inputs["prompts"])
    q = rep.section("prompts").tables["prompt_quality"].set_index("prompt_ref")
    assert q.loc["chatbot.cert@2", "previous"] == "chatbot.cert@1"
    assert q.loc["chatbot.cert@2", "pass_rate_change"] == pytest.approx(
        q.loc["chatbot.cert@2", "pass_rate"] - q.loc["chatbot.cert@1", "pass_rate"])
    assert pd.isna(q.loc["chatbot.cert@1", "pass_rate_change"])
    # without complaint logs the projection cannot weigh categories: a visible gap
    assert not rep.section("projection").available


def test_ledger_frame_from_gateway_reader_is_accepted(tmp_path, all_inputs, categories):
    import sqlite3

    with sqlite3.connect(all_inputs["ledger"]) as con:
        frame = pd.read_sql_query("SELECT * FROM calls", con)
    rep = build_report(categories=categories, ledger=frame)
    assert rep.section("usage").tables["usage_per_cohort"]["calls"].sum() == 120


def test_timestamps_with_offset_are_counted_in_korean_months(tmp_path, covered):
    from civiclab.metrics import complaints as cm

    p = tmp_path / "tz.csv"
    p.write_text("ts,channel,category,is_simple,handled_by\n"
                 "2024-01-31T23:30:00+09:00,call120,CERT,true,human\n"
                 "2024-02-01T00:10:00+09:00,call120,TAX,false,human\n", encoding="utf-8")
    df = cm.load_complaints(p, covered)
    assert [str(m) for m in df["month"]] == ["2024-01", "2024-02"]


def test_reads_prompts_test_json_output(tmp_path, categories):
    """The shape `civiclab prompts test --json` prints: runs with a status per case."""
    import json

    p = tmp_path / "runs.json"
    p.write_text(json.dumps({"backend": "offline", "passed": False, "runs": [
        {"prompt_ref": "press_release.basic@1", "case": "a", "status": "pass"},
        {"prompt_ref": "press_release.basic@1", "case": "b", "status": "fail"},
        {"prompt_ref": "press_release.basic@2", "case": "a", "status": "pass"},
        {"prompt_ref": "press_release.basic@2", "case": "b", "status": "skip"},
    ]}), encoding="utf-8")
    rep = build_report(categories=categories, prompts=p)
    q = rep.section("prompts").tables["prompt_quality"].set_index("prompt_ref")
    assert q.loc["press_release.basic@1", "pass_rate"] == 0.5
    assert q.loc["press_release.basic@2", "pass_rate"] == 1.0  # the skipped case has no verdict
    assert not rep.section("projection").available


def test_make_report_uses_state_defaults_and_explicit_inputs(tmp_path, all_inputs, monkeypatch):
    from civiclab.metrics.run import make_report
    from civiclab.settings import load_settings

    state = all_inputs["history"].parent  # holds history/ and ledger.sqlite
    (tmp_path / "empty" / "history").mkdir(parents=True)
    settings = load_settings(state_dir=state)
    index, rep = make_report(settings, tmp_path / "r", grades=all_inputs["grades"])
    assert index.exists()
    assert rep.section("usage").available and rep.section("history").available
    assert rep.section("grades").available and not rep.section("prompts").available
    # an empty state folder is "no data", never an error
    _, rep2 = make_report(load_settings(state_dir=tmp_path / "empty"), tmp_path / "r2")
    assert not rep2.section("history").available and not rep2.section("usage").available


def test_cli_json_output(tmp_path, cli, complaint_file, monkeypatch):
    import json

    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))
    code, out, err = cli(["metrics", "report", "--out", tmp_path / "o", "--complaints", complaint_file,
                          "--categories", "datasets/categories.yaml", "--json"])
    assert code == 0, err
    data = json.loads(out)
    red = next(s for s in data["sections"] if s["key"] == "reduction")
    assert red["available"] and "이중차분 감소율(95% 신뢰구간)" in red["facts"]
    assert next(s for s in data["sections"] if s["key"] == "grades")["missing"].startswith("자료 없음")


def test_library_labels_fill_in_production(tmp_path, categories):
    import json

    p = tmp_path / "runs.json"
    p.write_text(json.dumps({"runs": [
        {"prompt_ref": "chatbot.cert@1", "case": "a", "status": "pass"},
        {"prompt_ref": "chatbot.cert@2", "case": "a", "status": "fail"},
    ]}), encoding="utf-8")
    rep = build_report(categories=categories, prompts=p, prompt_labels={"chatbot.cert@2": "production"})
    facts = dict(rep.section("prompts").facts)
    assert facts["운영(production) 버전"] == "1개"
    assert facts["앞 버전보다 통과율이 낮은 운영 버전"] == "chatbot.cert@2"
