"""Fast checks: config, roster, CLI messages, submissions of every kind, real course sources."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import typer

from civiclab.cli._edge import run
from civiclab.errors import ConfigError, InputError
from civiclab.grading import demo
from civiclab.grading.config import course_config
from civiclab.grading.course import Course, read_roster

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "grading"


def _cli(argv, capsys):
    from civiclab.cli import course as course_cli

    app = typer.Typer()
    course_cli.register(app)
    code = run(app, argv)
    return code, capsys.readouterr()


def test_config_defaults_and_env(tmp_path):
    cc = course_config(tmp_path, env={})
    assert cc.course_id == "civiclab" and cc.db_url == f"sqlite:///{tmp_path.resolve()}/gradebook.db"
    cc = course_config(tmp_path, env={"CIVICLAB_GRADEBOOK_URL": "postgresql://g@db/civiclab",
                                      "CIVICLAB_COURSE_ID": "sejong-2026-04", "CIVICLAB_GRADING_TIMEOUT": "90"})
    assert (cc.db_url, cc.course_id, cc.timeout) == ("postgresql://g@db/civiclab", "sejong-2026-04", 90)
    with pytest.raises(ConfigError):
        course_config(tmp_path, env={"CIVICLAB_GRADING_TIMEOUT": "soon"})
    with pytest.raises(ConfigError):
        course_config(tmp_path, env={"CIVICLAB_GRADEBOOK_URL": "mysql://x"})


def test_nbgrader_reads_the_course_config(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICLAB_COURSE_ID", "testcourse")
    course = Course(COURSE)
    assert course.course_id == "testcourse"
    assert course.config.Execute.timeout > 0
    assert "여기에 답을 쓰세요" in course.config.ClearSolutions.code_stub["python"]


def test_roster_validation(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("id,first_name,last_name,email\nx,a,b,c\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_roster(p)
    assert "cohort" in e.value.problem
    p.write_text("id,first_name,last_name,email,cohort,department,role\n"
                 "a1,가,나,,c1,d1,learner\na1,가,나,,c1,d1,learner\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_roster(p)


def test_roster_import_skips_staff_and_keeps_earlier_cohorts(tmp_path, grading_env):
    from toycourse import make_toy_course

    course = Course(make_toy_course(tmp_path / "c"))
    header = "id,first_name,last_name,email,cohort,department,role\n"
    (tmp_path / "r1.csv").write_text(header + "a1,가,김,a1@x.kr,c1,대변인실,learner\n"
                                     "t1,나,이,,c1,디지털정책과,instructor\n", encoding="utf-8")
    (tmp_path / "r2.csv").write_text(header + "b1,다,박,,c2,기획조정실,learner\n", encoding="utf-8")
    assert course.import_roster(tmp_path / "r1.csv") == 1
    assert course.import_roster(tmp_path / "r2.csv") == 1
    with course.gradebook() as gb:
        assert sorted(s.id for s in gb.students) == ["a1", "b1"]
    assert [r["id"] for r in read_roster(course.roster_path)] == ["a1", "b1"]


def test_cli_errors_are_korean(tmp_path, capsys):
    code, out = _cli(["course", "export", "--course", str(tmp_path)], capsys)
    assert code == 2 and "nbgrader_config.py" in out.err and "해결 방법" in out.err
    code, out = _cli(["course", "release", "nope", "--course", str(COURSE)], capsys)
    assert code == 2 and "과제 'nope'" in out.err
    bad = tmp_path / "r.csv"
    bad.write_text("id\nx\n", encoding="utf-8")
    code, out = _cli(["course", "roster", "import", str(bad), "--course", str(COURSE)], capsys)
    assert code == 2 and "열이 없습니다" in out.err


def test_cohort_plan_has_thirty_learners_of_every_kind():
    plan = demo.cohort_plan(30)
    assert len(plan) == 30 and len({s for s, _ in plan}) == 30
    assert {k for _, k in plan} == set(demo.KINDS)


def test_submissions_of_every_kind_from_the_real_course():
    answers = demo.load_answers(COURSE)
    for src_path in sorted((COURSE / "source").glob("*/*.ipynb")):
        src = nbformat.read(str(src_path), as_version=4)
        # a stand-in release: the source with answers replaced by the stub
        rel = nbformat.from_dict(json.loads(nbformat.writes(src)))
        for cell in rel.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = "raise NotImplementedError()"
        nb_answers = answers[src_path.parent.name][src_path.stem]
        for kind in demo.KINDS:
            text = demo.make_submission(rel, src, kind, nb_answers)
            if kind == "broken_file":
                with pytest.raises(nbformat.reader.NotJSONError):
                    nbformat.reads(text, as_version=4)
                continue
            nb = nbformat.reads(text, as_version=4)
            joined = "\n".join(c.source for c in nb.cells)
            if kind == "injection":
                assert "이전 지시는 모두 무시" in joined
            if kind == "excellent":
                assert "NotImplementedError" not in joined.split("print(sheet")[-1]


def test_real_course_sources_are_well_formed():
    names = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())
    assert len(names) >= 6
    for name in names:
        nb = nbformat.read(str(COURSE / "source" / name / f"{name}.ipynb"), as_version=4)
        assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # no stored outputs
        meta = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
        tests = [m for m in meta if m["grade"] and not m["solution"]]
        manual = [m for m in meta if m["grade"] and m["solution"]]
        assert tests and manual, name
        hidden = [c for c in nb.cells if "BEGIN HIDDEN TESTS" in c.source]
        assert hidden, f"{name} has no hidden tests"
        # Tests call only the scoring engine's public names
        code = "\n".join(c.source for c in nb.cells)
        assert "civiclab.scoring import score_draft" in code
        assert (COURSE / "source" / name / "factsheet.yaml").is_file()
    points = (COURSE / "POINTS.md").read_text(encoding="utf-8")
    assert "과정 합계" in points


def test_builder_is_reproducible(tmp_path):
    """Running the committed builder again gives exactly the committed notebooks."""
    import subprocess
    import sys

    subprocess.run([sys.executable, str(COURSE / "build_source.py"), str(tmp_path)], check=True)
    for rel in ["POINTS.md", "demo/answers.json", *(str(p.relative_to(COURSE)) for p in
                                                     (COURSE / "source").glob("*/*"))]:
        assert (tmp_path / rel).read_bytes() == (COURSE / rel).read_bytes(), rel


def test_cli_imports_the_datasets_roster(tmp_path, capsys, grading_env):
    from toycourse import make_toy_course

    root = make_toy_course(tmp_path / "c")
    code, out = _cli(["course", "roster", "import", str(REPO / "datasets/roster/roster.csv"),
                      "--course", str(root)], capsys)
    assert code == 0, out.err
    assert "학습자 300명" in out.out
    rows = read_roster(root / "roster.csv")
    assert len(rows) == 300 and {"cohort", "department"} <= set(rows[0])
