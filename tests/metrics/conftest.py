"""Fixtures for the metrics tests: small, seeded inputs of every kind the report reads."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
CATEGORIES = REPO / "datasets" / "categories.yaml"


@pytest.fixture(scope="session")
def categories():
    from civiclab.datagen.complaints import load_categories

    return load_categories(CATEGORIES)


@pytest.fixture(scope="session")
def covered(categories):
    return {c: v for c, _, v in categories}


@pytest.fixture(scope="session")
def complaint_file(tmp_path_factory, categories):
    from civiclab.datagen.complaints import ComplaintConfig, generate_complaints, write_complaints

    df = generate_complaints(ComplaintConfig(rows_per_month=1500, seed=7,
                                             prompt_schedule=(("2024-01", 1), ("2024-07", 2))), categories)
    return write_complaints(df, tmp_path_factory.mktemp("complaints") / "log.parquet")


def write_grades(path: Path) -> Path:
    rng = np.random.default_rng(1)
    lines = ["student_id,cohort,department,assignment,score,max_score"]
    depts = ["대변인실", "기획조정실", "자치행정과"]
    for cohort in ("2026-04-A", "2026-04-B"):
        for i in range(12):
            sid = f"{cohort[-1].lower()}{i:03d}"
            for a, base in (("01_보도자료", 60), ("02_연설문", 65), ("03_챗봇답변", 70)):
                if a == "03_챗봇답변" and i % 5 == 0:
                    lines.append(f"{sid},{cohort},{depts[i % 3]},{a},,10")  # not submitted
                    continue
                score = min(10.0, max(0.0, round(rng.normal(base / 10, 1.2), 1)))
                lines.append(f"{sid},{cohort},{depts[i % 3]},{a},{score},10")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# (criterion, Korean label, points) per assignment of write_grades: a criterion may recur across
# assignments (accuracy), and one is graded by the instructor (reasoning).
CRITERIA = {
    "01_보도자료": [("prompt", "프롬프트 설계", 3), ("accuracy", "사실 정확성", 4), ("reasoning", "설명과 자기 점검", 3)],
    "02_연설문": [("accuracy", "사실 정확성", 5), ("speech_form", "말하기 분량·문장", 5)],
    "03_챗봇답변": [("handover", "상담원 연결 판단", 6), ("accuracy", "사실 정확성", 4)],
}


def write_grade_criteria(path: Path) -> Path:
    """The per-criterion export for the learners of :func:`write_grades`, with every status."""
    rng = np.random.default_rng(2)
    lines = ["student_id,cohort,department,assignment,criterion,criterion_ko,score,max_score,status"]
    depts = ["대변인실", "기획조정실", "자치행정과"]
    for cohort, skill in (("2026-04-A", 0.55), ("2026-04-B", 0.75)):
        for i in range(12):
            sid = f"{cohort[-1].lower()}{i:03d}"
            for a, crits in CRITERIA.items():
                for crit, label, points in crits:
                    row = f"{sid},{cohort},{depts[i % 3]},{a},{crit},{label}"
                    if a == "03_챗봇답변" and i % 5 == 0:
                        lines.append(f"{row},0.0,{points},not_submitted")
                    elif crit == "reasoning" and i % 4 == 0:
                        lines.append(f"{row},0.0,{points},needs_manual_grade")  # not marked yet
                    elif a == "02_연설문" and i == 7:
                        lines.append(f"{row},,{points},needs_review")
                    else:
                        p = skill + (0.15 if crit == "accuracy" else 0) - (0.2 if crit == "handover" else 0)
                        score = float(rng.binomial(points, min(max(p, 0.05), 0.95)))
                        lines.append(f"{row},{score},{points},graded")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_history(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(8):
        learner = f"a{i:03d}"
        recs = []
        for f, sheet in enumerate(("press-001", "speech-002")):
            for d in range(3):
                recs.append({
                    "ts": f"2026-04-{7 + f:02d}T0{1 + d}:00:00+09:00", "learner": learner,
                    "prompt_ref": f"press_release@{1 + (d > 1)}", "fact_sheet": sheet,
                    "source": "generated" if d == 0 else "edited", "total": 55 + 10 * d + i,
                    "findings_per_eojeol": round(0.12 - 0.03 * d, 3),
                    "codes": ["STYLE_FOREIGN_TERM", "FACT_NUMBER_MISMATCH"][: 2 - (d > 0)],
                })
                if i >= 2:  # learners a000, a001 wrote before criteria were recorded (old lines)
                    recs[-1]["kind"] = "press_release"
                    recs[-1]["criteria"] = {
                        "accuracy": {"label": "정확성", "score": 50.0 + 20 * d, "weight": 40.0},
                        "ease": {"label": "용이성", "score": 70.0 + 5 * d, "weight": 35.0},
                        "judge": {"label": "모델 평가", "score": None, "weight": 0.0},
                    }
        (folder / f"{learner}.jsonl").write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    return folder


def write_ledger(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE calls(id INTEGER PRIMARY KEY, ts TEXT, user TEXT, cohort TEXT, prompt_ref TEXT,"
                " backend TEXT, model TEXT, prompt_tokens INT, completion_tokens INT, latency_ms INT,"
                " cache_hit INT, cost_krw REAL, status TEXT, error TEXT)")
    rows = []
    for k in range(120):
        cohort = "2026-04-A" if k % 2 else "2026-04-B"
        model = "gpt-4o-mini" if k % 3 else "civiclab-practice"
        cost = 0.0 if model == "civiclab-practice" else 0.35
        rows.append((f"2026-04-{6 + k % 10:02d}T10:00:00+09:00", f"u{k % 9}", cohort,
                     f"press_release@{1 + (k >= 60)}", "openai", model, 800, 400, 900, 0, cost, "ok", None))
    con.executemany("INSERT INTO calls(ts,user,cohort,prompt_ref,backend,model,prompt_tokens,"
                    "completion_tokens,latency_ms,cache_hit,cost_krw,status,error) VALUES"
                    " (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.close()
    return path


def write_prompt_tests(path: Path, covered: dict[str, bool]) -> Path:
    rng = np.random.default_rng(3)
    recs = []
    for version, label, acc in ((1, "production", 0.55), (2, "candidate", 0.8)):
        for code, cov in covered.items():
            ref = f"chatbot.{code.lower()}@{version}" if cov else f"chatbot.handover@{version}"
            for q in range(6):
                should = (not cov) or q == 5
                handed = should if rng.random() < 0.9 else not should
                correct = (not handed) and rng.random() < acc
                recs.append({"prompt_ref": ref, "label": label, "case_id": f"{code}-{q}", "category": code,
                             "should_hand_over": should, "handed_over": handed, "correct": correct,
                             "passed": correct or (should and handed)})
    for ref, sc in (("press_release@1", 71.0), ("press_release@2", 78.5)):
        for q in range(5):
            recs.append({"prompt_ref": ref, "label": "production" if ref.endswith("2") else None,
                         "case_id": f"pr-{q}", "passed": q != 4, "score": sc + q})
    path.write_text(json.dumps({"results": recs}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def writers():
    """The input writers above, for tests that need their own files (``from conftest import``
    is ambiguous when tests/grading's conftest is collected too)."""
    from types import SimpleNamespace

    return SimpleNamespace(grades=write_grades, grade_criteria=write_grade_criteria, history=write_history)


@pytest.fixture()
def all_inputs(tmp_path, complaint_file, covered):
    return {
        "complaints": complaint_file,
        "grades": write_grades(tmp_path / "grades.csv"),
        "grade_criteria": write_grade_criteria(tmp_path / "grades_by_criterion.csv"),
        "history": write_history(tmp_path / "state" / "history"),
        "ledger": write_ledger(tmp_path / "state" / "ledger.sqlite"),
        "prompts": write_prompt_tests(tmp_path / "prompt_tests.json", covered),
    }


@pytest.fixture()
def cli(capsys):
    """Run the data and metrics groups through the real CLI edge: (exit code, stdout, stderr).

    Only these two groups are registered so the test does not depend on groups other
    helpers are still building; ``civiclab.cli.main`` wires them the same way.
    """
    import typer

    from civiclab.cli import data, metrics
    from civiclab.cli._edge import run

    def _run(argv: list[str]) -> tuple[int, str, str]:
        app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False)
        data.register(app)
        metrics.register(app)
        code = run(app, [str(a) for a in argv])
        cap = capsys.readouterr()
        return code, cap.out, cap.err

    return _run
