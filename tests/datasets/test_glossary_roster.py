"""Glossary and roster: schema, uniqueness, nbgrader import shape."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from civiclab.datasets_schema import ROSTER_COLUMNS, load_glossary, load_roster
from civiclab.errors import InputError


def test_glossary_schema_and_size(datasets_dir):
    g = load_glossary(datasets_dir / "glossary" / "glossary.yaml")
    assert len(g.entries) >= 300
    assert g.version
    table = g.lookup()
    # The examples the course and the scorer rely on.
    for term, rec in [("테스트베드", "시험대"), ("원스톱", "한자리"), ("거버넌스", "협치"),
                      ("킥오프 회의", "첫 회의"), ("페스타", "축제"), ("플랜트", "설비"),
                      ("인프라", "기반 시설"), ("로드맵", "이행안"), ("니즈", "요구")]:
        assert rec in table[term].recommended, term
    # 스마트 depends on context: the note must say which Korean fits where.
    assert "지능형" in table["스마트"].note and "똑똑한" in table["스마트"].note
    assert all(e.source for e in g.entries)


def test_glossary_terms_do_not_hit_common_korean(datasets_dir):
    # A term that is a substring of everyday Korean would flood drafts with false findings.
    g = load_glossary(datasets_dir / "glossary" / "glossary.yaml")
    everyday = "기존 방식을 그린다. 우수 사례를 알리고 하기 쉬운 일부터 한다. 견인 차량, 식재료, 2.1%포인트"
    hits = [e.term for e in g.entries if e.term in everyday]
    assert hits == []


def test_glossary_duplicate_is_rejected(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text("version: x\nentries:\n"
                 "- {term: 니즈, recommended: [요구], kind: foreign, note: n, source: s}\n"
                 "- {term: 니즈, recommended: [수요], kind: foreign, note: n, source: s}\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as ei:
        load_glossary(p)
    assert "두 번" in ei.value.problem


def test_roster_shape(datasets_dir):
    rows = load_roster(datasets_dir / "roster" / "roster.csv")
    assert len(rows) == 300
    per = Counter(r.cohort for r in rows)
    assert sorted(per) == [f"2025-04-{c}" for c in "ABCDEF"]
    assert all(30 <= n <= 50 for n in per.values())
    assert all(r.email == "" or r.email.endswith("@example.org") for r in rows)
    assert len({(r.last_name, r.first_name) for r in rows}) == 300
    with open(datasets_dir / "roster" / "roster.csv", encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == ROSTER_COLUMNS


def test_roster_builder_is_deterministic(datasets_dir):
    path = datasets_dir / "roster" / "build_roster.py"
    spec = importlib.util.spec_from_file_location("build_roster", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with open(datasets_dir / "roster" / "roster.csv", encoding="utf-8") as fh:
        committed = list(csv.DictReader(fh))
    assert mod.build_rows() == committed


def test_roster_rejects_real_looking_email(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("id,first_name,last_name,email,cohort,department,role\n"
                 "sj0001,민수,김,minsu@korea.kr,2025-04-A,대변인실,홍보 담당\n", encoding="utf-8")
    with pytest.raises(InputError) as ei:
        load_roster(p)
    assert "2번째 줄" in ei.value.problem and "example.org" in ei.value.problem


@pytest.mark.slow
def test_nbgrader_imports_the_roster(datasets_dir, tmp_path):
    """The roster's format really loads with `nbgrader db student import` (extra columns ignored).

    nbgrader commits once per row (about 0.1 s each on a busy 2-core machine), so a
    slice of the real file is imported; the schema test above covers all 300 rows.
    """
    nbgrader = Path(sys.executable).parent / "nbgrader"
    exe = str(nbgrader) if nbgrader.exists() else shutil.which("nbgrader")
    assert exe, "nbgrader is a dependency: make install"
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'civiclab'\n"
        f"c.CourseDirectory.root = r'{tmp_path}'\n", encoding="utf-8")
    lines = (datasets_dir / "roster" / "roster.csv").read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "roster_sample.csv"
    sample.write_text("\n".join(lines[:21]) + "\n", encoding="utf-8")
    res = subprocess.run([exe, "db", "student", "import", str(sample)],
                         check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path),
                              "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    assert res.returncode == 0, res.stderr[-2000:]
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}", course_id="civiclab") as gb:
        students = gb.students
        assert len(students) == 20
        s = gb.find_student("sj0001")
        assert s.email == "sj0001@example.org" and s.last_name


def test_no_famous_names_in_fictional_people(datasets_dir):
    """Invented officials, contacts and learners must not carry a well-known person's name."""
    import yaml

    path = datasets_dir / "roster" / "build_roster.py"
    spec = importlib.util.spec_from_file_location("build_roster", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    rows = load_roster(datasets_dir / "roster" / "roster.csv")
    assert {r.last_name + r.first_name for r in rows} & mod.AVOID == set()
    invented = set()
    for p in (datasets_dir / "fact_sheets").glob("*.yaml"):
        d = yaml.safe_load(p.read_text(encoding="utf-8"))
        invented |= {x["name"] for x in d["people"] if x["name"] != "최민호"}
        invented.add(d["contact"]["name"])
    assert invented & mod.AVOID == set()
