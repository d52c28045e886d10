"""Score distributions per assignment and criterion: the export's long table into the report,
and rubric criteria in the learner history (old lines still read)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from civiclab.metrics import course
from civiclab.metrics.html import write_report
from civiclab.metrics.report import build_report


def _raw(path):
    return pd.read_csv(path, dtype={"score": float})


def test_criterion_tables_count_only_final_scores(tmp_path, writers):
    path = writers.grade_criteria(tmp_path / "grades_by_criterion.csv")
    gc = course.load_grade_criteria(path)
    t = course.criterion_tables(gc)["grades_by_criterion"].set_index(["cohort", "assignment", "criterion"])
    raw = _raw(path)
    final = raw[raw["status"] == "graded"].assign(pct=lambda d: 100 * d["score"] / d["max_score"])
    for (cohort, a, crit), grp in final.groupby(["cohort", "assignment", "criterion"]):
        row = t.loc[(cohort, a, crit)]
        assert row["learners"] == grp["student_id"].nunique()
        assert row["mean_pct"] == pytest.approx(grp["pct"].mean())
        assert row["median_pct"] == pytest.approx(grp["pct"].median())
    # 12 learners per cohort: reasoning waits for the instructor for 3 (i % 4 == 0), the
    # chatbot answer is missing for 3 (i % 5 == 0), one speech needs review
    assert t.loc[("2026-04-A", "01_보도자료", "reasoning"), "learners"] == 9
    assert t.loc[("2026-04-A", "03_챗봇답변", "handover"), "learners"] == 9
    assert t.loc[("2026-04-A", "02_연설문", "accuracy"), "learners"] == 11
    dept = course.criterion_tables(gc)["grades_by_criterion_department"]
    assert set(dept["department"]) == {"대변인실", "기획조정실", "자치행정과"}
    assert dept.groupby(["assignment", "criterion"])["learners"].sum().loc[("01_보도자료", "prompt")] == 24


def test_report_shows_criteria_by_cohort_and_department(tmp_path, writers):
    grades = writers.grades(tmp_path / "grades.csv")
    crit = writers.grade_criteria(tmp_path / "grades_by_criterion.csv")
    rep = build_report(grades=grades, grade_criteria=crit)
    gs = rep.section("grades")
    assert [c.key for c in gs.charts] == ["score_distribution", "criterion_distribution", "criterion_by_group"]
    facts = dict(gs.facts)
    assert facts["채점 기준 수"] == "5"
    assert facts["가장 낮은 기준(평균)"].startswith("상담원 연결 판단")  # the fixture makes it hardest
    assert any("강사 채점이 남은" in w for w in gs.warnings) is False  # the per-assignment file has no status
    index = write_report(rep, tmp_path / "out")
    html = index.read_text(encoding="utf-8")
    for key in ("criterion_distribution", "criterion_by_group"):
        assert f'data-chart="{key}"' in html
    for name in ("grades_by_criterion", "grades_by_criterion_department"):
        csv = pd.read_csv(tmp_path / "out" / "tables" / f"{name}.csv")
        pq = pd.read_parquet(tmp_path / "out" / "tables" / f"{name}.parquet")
        assert len(csv) == len(pq) == len(gs.tables[name]) > 0
        assert "사실 정확성" in set(pq["criterion_ko"])
    assert "기준 이름" in html and "말하기 분량·문장" in html


def test_grades_without_criteria_file_say_so(tmp_path, writers):
    rep = build_report(grades=writers.grades(tmp_path / "grades.csv"))
    gs = rep.section("grades")
    assert gs.available and [c.key for c in gs.charts] == ["score_distribution"]
    assert any("기준별 성적 파일이 없어" in w for w in gs.warnings)


def test_make_report_finds_the_criteria_beside_the_grades(tmp_path, make_settings, writers):
    from civiclab.metrics.run import make_report

    grades = writers.grades(tmp_path / "grades.csv")
    writers.grade_criteria(tmp_path / "grades_by_criterion.csv")
    settings = make_settings(state_dir=tmp_path / "state")
    _, rep = make_report(settings, tmp_path / "r", grades=grades, complaints=None)
    assert "grades_by_criterion" in rep.section("grades").tables
    assert rep.inputs["기준별 성적"].endswith("grades_by_criterion.csv")


@pytest.mark.parametrize("content,expect", [
    ("student_id,cohort,department,assignment,score,max_score\na,b,c,d,1,2\n", "필요한 열이 없습니다: criterion"),
    ("student_id,cohort,department,assignment,criterion,score,max_score\na,b,c,d,e,x,2\n", "숫자가 아닙니다"),
    ("student_id,cohort,department,assignment,criterion,score,max_score\na,b,c,d,e,3,2\n", "맞지 않는 점수"),
    ("", "비어 있습니다"),
])
def test_bad_criterion_file_is_a_korean_error(tmp_path, cli, content, expect, writers):
    path = tmp_path / "c.csv"
    path.write_text(content, encoding="utf-8")
    code, _, err = cli(["metrics", "report", "--out", tmp_path / "o", "--grades", writers.grades(tmp_path / "g.csv"),
                        "--grade-criteria", path, "--categories", "datasets/categories.yaml"])
    assert code == 2 and expect in err and "기준별 성적 파일" in err and "Traceback" not in err


def test_not_submitted_is_missing_work_not_a_zero(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("student_id,cohort,department,assignment,score,max_score,status\n"
                    "s1,C,D,a1,8,10,graded\ns2,C,D,a1,0,10,not_submitted\ns3,C,D,a1,6,10,needs_manual_grade\n",
                    encoding="utf-8")
    g = course.load_grades(path)
    t = course.grade_tables(g)["grades_by_cohort_assignment"].iloc[0]
    assert t["submitted"] == 2 and t["completion"] == pytest.approx(2 / 3)
    assert t["mean_pct"] == pytest.approx(70.0)
    rep = build_report(grades=path)
    assert any("강사 채점이 남은 과제 성적 1건" in w for w in rep.section("grades").warnings)


def test_history_criteria_improvement_skips_old_lines(tmp_path, writers):
    h, problems = course.load_history(writers.history(tmp_path / "history"))
    assert problems == []
    t = course.criteria_improvement(h).set_index("criterion")
    assert set(t.index) == {"accuracy", "ease"}  # the judge had no score: nothing to compare
    assert (t["learners"] == 6).all()  # a000 and a001 wrote before criteria were recorded
    assert t.loc["accuracy", "first_score"] == 50.0 and t.loc["accuracy", "final_score"] == 90.0
    assert t.loc["ease", "gain"] == pytest.approx(10.0)
    assert t.loc["accuracy", "label"] == "정확성"
    rep = build_report(history=tmp_path / "history")
    assert "improvement_by_criterion" in rep.section("history").tables
    # the overall improvement still counts every learner, old lines included
    assert len(rep.section("history").tables["improvement_per_learner"]) == 8


def test_recorded_draft_keeps_the_score_reports_criteria(make_settings, tmp_path):
    from civiclab.facts import load_fact_sheet
    from civiclab.history import read_history, record_draft
    from civiclab.scoring import score_draft

    settings = make_settings(state_dir=tmp_path / "state")
    sheet = load_fact_sheet(settings.datasets_path / "fact_sheets" / "sejong-zero-docs.yaml")
    draft = (f"{sheet.title}\n\n세종시는 시민이 서류 없이 민원을 처리할 수 있게 합니다. "
             "자세한 내용은 시청 누리집에서 볼 수 있습니다.")
    reports = [score_draft(draft, sheet, kind="press_release", settings=settings, judge=False),
               score_draft(draft + "\n\n문의: 디지털정책과", sheet, kind="press_release", settings=settings,
                           judge=False)]
    for r in reports:
        record_draft(settings, learner="learner01", text=r.text, report=r, fact_sheet=sheet.id)
    # an old line without criteria, as written before this field existed
    path = settings.state_path / "history" / "learner01.jsonl"
    old = {"ts": "2020-01-01T00:00:00+00:00", "learner": "learner01", "fact_sheet": "old", "total": 50.0,
           "findings_per_eojeol": 0.1, "codes": []}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(old) + "\n")
    events = read_history(settings, "learner01")
    assert "criteria" not in events[0]
    stored = events[1]["criteria"]
    assert stored.keys() == reports[0].criteria.keys()
    for cid, c in reports[0].criteria.items():
        assert stored[cid]["score"] == (None if c.get("score") is None else pytest.approx(c["score"]))
        assert stored[cid]["label"] == c["label"]
    assert events[1]["kind"] == "press_release"
    h, problems = course.load_history(path.parent)
    assert problems == [] and len(h) == 3
    t = course.criteria_improvement(h).set_index("criterion")
    scored = {k for k, c in reports[0].criteria.items() if c.get("score") is not None}
    assert set(t.index) == scored
    for cid in scored:
        assert t.loc[cid, "final_score"] - t.loc[cid, "first_score"] == pytest.approx(
            reports[1].criteria[cid]["score"] - reports[0].criteria[cid]["score"])
