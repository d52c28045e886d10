"""The per-criterion grades export: real nbgrader grades summed per criterion, and the
course's grade-cell -> criterion map kept complete."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from civiclab.errors import InputError
from civiclab.grading.course import Course
from civiclab.grading.export import (
    COLUMNS,
    CRITERION_COLUMNS,
    criteria_csv_path,
    export_criteria,
    load_criteria_map,
)

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "grading"


def _grade_cells(assignment_dir: Path) -> list[str]:
    ids = []
    for path in sorted(assignment_dir.glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") or meta.get("task"):
                ids.append(meta["grade_id"])
    return ids


def test_every_graded_cell_of_the_course_has_exactly_one_criterion():
    labels, cells = load_criteria_map(COURSE / "criteria.yaml")
    raw = yaml.safe_load((COURSE / "criteria.yaml").read_text(encoding="utf-8"))
    assignments = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())
    assert sorted(cells) == assignments
    for a in assignments:
        graded = _grade_cells(COURSE / "source" / a)
        assert sorted(raw["cells"][a]) == sorted(graded), a  # nothing unmapped, nothing stale
    used = {c for m in cells.values() for c in m.values()}
    assert used == set(labels)  # every criterion is graded somewhere
    assert all(any("\uac00" <= ch <= "\ud7a3" for ch in label) for label in labels.values())


def test_export_sums_real_cell_grades_per_criterion(demo_run):
    """run_demo copies the course's criteria.yaml and writes grades_by_criterion.csv beside grades.csv."""
    assert demo_run["criteria_csv"] == str(criteria_csv_path(demo_run["grades_csv"]))
    by_c = pd.read_csv(demo_run["criteria_csv"])
    grades = pd.read_csv(demo_run["grades_csv"])
    assert list(by_c.columns) == CRITERION_COLUMNS and list(grades.columns) == COLUMNS
    assert set(by_c["criterion"]) == {"accuracy", "reasoning"}
    assert set(by_c["criterion_ko"]) == {"사실 정확성", "설명과 자기 점검"}
    assert len(by_c) == 2 * len(grades)
    per = by_c.groupby(["student_id", "assignment"]).agg(score=("score", lambda s: s.sum(min_count=1)),
                                                         max_score=("max_score", "sum"))
    joined = grades.merge(per.reset_index(), on=["student_id", "assignment"], suffixes=("", "_c"))
    assert (joined["max_score"] == joined["max_score_c"]).all()  # 3 + 1 points
    assert ((joined["score"] == joined["score_c"]) | (joined["score"].isna() & joined["score_c"].isna())).all()
    status = by_c.groupby("student_id")["status"].agg(set)
    for sid, st in grades.set_index("student_id")["status"].items():
        if st in ("needs_review", "not_submitted"):
            assert status[sid] == {st}
    # the written reflection waits for the instructor; the autograded tests do not
    graded_subs = grades.loc[grades["status"].isin(["graded", "needs_manual_grade"]), "student_id"]
    rows = by_c[by_c["student_id"].isin(graded_subs)]
    assert set(rows.loc[rows["criterion"] == "accuracy", "status"]) == {"graded"}
    excellent = next(s for s, k in demo_run["kinds"].items() if k == "excellent")
    assert by_c.set_index(["student_id", "criterion"]).loc[(excellent, "accuracy"), "score"] == 3.0


def test_without_a_map_each_cell_is_its_own_criterion(demo_run, tmp_path):
    course = Course(demo_run["course"])
    df = export_criteria(course, tmp_path / "c.csv", criteria_file=tmp_path / "none.yaml")
    assert set(df["criterion"]) == {"test_answer", "test_draft", "reflection"}
    assert (df["criterion"] == df["criterion_ko"]).all()
    assert pd.read_csv(tmp_path / "c.csv").shape == df.shape


@pytest.mark.parametrize("text,expect", [
    ("criteria: [a, b]\n", "모양이 맞지 않습니다"),
    ("- just a list\n", "모양이 맞지 않습니다"),
    ("criteria: {a: {label_ko: 가}}\ncells: {toy: {test_answer: b}}\n", "정의되지 않은 기준"),
    ("criteria: {a: [\n", "읽을 수 없습니다"),
])
def test_broken_map_is_a_korean_input_error(tmp_path, text, expect):
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_criteria_map(path)
    assert expect in info.value.problem


def test_cli_export_writes_both_tables(demo_run, tmp_path, capsys):
    import typer

    from civiclab.cli import course as course_cli
    from civiclab.cli._edge import run

    app = typer.Typer()
    course_cli.register(app)
    out = tmp_path / "export" / "grades.csv"
    assert run(app, ["course", "export", "--course", demo_run["course"], "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert out.is_file() and (tmp_path / "export" / "grades_by_criterion.csv").is_file()
    assert "기준별 성적" in said
    assert pd.read_csv(out).shape[1] == len(COLUMNS)  # the per-assignment CSV is unchanged


def test_metrics_report_reads_the_real_export(demo_run, tmp_path):
    from civiclab.metrics.html import write_report
    from civiclab.metrics.report import build_report

    rep = build_report(grades=Path(demo_run["grades_csv"]), grade_criteria=Path(demo_run["criteria_csv"]))
    gs = rep.section("grades")
    assert [c.key for c in gs.charts] == ["score_distribution", "criterion_distribution", "criterion_by_group"]
    t = gs.tables["grades_by_criterion"].set_index("criterion")
    graded = pd.read_csv(demo_run["criteria_csv"]).query("status == 'graded' and criterion == 'accuracy'")
    assert t.loc["accuracy", "learners"] == graded["student_id"].nunique()
    assert t.loc["accuracy", "mean_pct"] == pytest.approx((100 * graded["score"] / graded["max_score"]).mean())
    # reflections are not marked yet: they are pending, not zeros in the distribution
    assert "reasoning" not in t.index or t.loc["reasoning", "learners"] < len(demo_run["kinds"])
    assert any("강사 채점이 남은" in w for w in gs.warnings)
    html = write_report(rep, tmp_path / "r").read_text(encoding="utf-8")
    assert 'data-chart="criterion_distribution"' in html
