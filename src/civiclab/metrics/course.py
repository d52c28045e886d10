"""Cohort and course metrics: grades export, learner draft history, LLM usage ledger.

Each loader returns a DataFrame or raises InputError in Korean; an input that was
not given is handled by the report as a visible "자료 없음" section.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from civiclab.errors import InputError

GRADE_COLUMNS = ["student_id", "cohort", "department", "assignment", "score", "max_score"]
CRITERION_COLUMNS = ["student_id", "cohort", "department", "assignment", "criterion", "score", "max_score"]
HISTORY_KEYS = ["ts", "learner", "cohort", "prompt_ref", "fact_sheet", "source", "total",
                "findings_per_eojeol", "codes", "kind", "criteria"]  # kind, criteria: absent in older lines
LEDGER_COLUMNS = ["id", "ts", "user", "cohort", "prompt_ref", "backend", "model", "prompt_tokens",
                  "completion_tokens", "latency_ms", "cache_hit", "cost_krw", "status", "error"]


# --- grades --------------------------------------------------------------------------

def load_grades(path: Path) -> pd.DataFrame:
    """The per-assignment grades CSV (``civiclab course export``), with ``pct`` added.

    With a ``status`` column, ``not_submitted`` rows (nbgrader counts them 0) get no
    score here: the report shows them as missing work in completion, not as a 0 in
    the score distribution.
    """
    return _read_scores(path, GRADE_COLUMNS, "성적 파일", "nbgrader 성적 내보내기 CSV 경로를 확인해 주세요.")


def load_grade_criteria(path: Path) -> pd.DataFrame:
    """The per-criterion grades CSV (``grades_by_criterion.csv``), with ``pct`` added."""
    df = _read_scores(path, CRITERION_COLUMNS, "기준별 성적 파일",
                      "civiclab course export --out grades.csv 로 grades_by_criterion.csv 를 함께 만드세요.")
    if "criterion_ko" not in df.columns:
        df["criterion_ko"] = df["criterion"]
    df["criterion_ko"] = df["criterion_ko"].where(df["criterion_ko"].str.strip() != "", df["criterion"])
    return df


def _read_scores(path: Path, columns: list[str], what: str, how: str) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{what} '{path}'이 없습니다.", how)
    if path.stat().st_size == 0:
        raise InputError(f"{what} '{path}'이 비어 있습니다.", "성적을 다시 내보내 주세요.")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            f"{what} '{path.name}'을 읽을 수 없습니다(형식 오류).",
            "쉼표로 구분한 UTF-8 CSV인지, 줄마다 열 개수가 같은지 확인해 주세요.",
            detail=str(exc),
        ) from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(
            f"{what} '{path.name}'에 필요한 열이 없습니다: {', '.join(missing)}",
            f"필요한 열: {', '.join(columns)}",
        )
    if df.empty:
        raise InputError(f"{what} '{path.name}'에 성적이 한 줄도 없습니다.", "성적을 다시 내보내 주세요.")
    for col in ("score", "max_score"):
        num = pd.to_numeric(df[col].str.strip(), errors="coerce")
        bad = num.isna() & (df[col].str.strip() != "")
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
            raise InputError(
                f"{what} '{path.name}'의 {col} 열 {line}번째 줄 값 '{df.loc[bad, col].iloc[0]}'은 숫자가 아닙니다.",
                "점수는 숫자로 적어 주세요. 제출하지 않은 과제는 빈칸으로 두세요.",
            )
        df[col] = num
    if (df["max_score"] <= 0).any() or (df["score"] < 0).any() or (df["score"] > df["max_score"]).any():
        raise InputError(
            f"{what} '{path.name}'에 맞지 않는 점수가 있습니다(0 미만, 만점 초과 또는 만점 0).",
            "score 는 0 이상 max_score 이하, max_score 는 0보다 커야 합니다.",
        )
    if "status" in df.columns:
        df.loc[df["status"].str.strip() == "not_submitted", "score"] = np.nan
    df["pct"] = 100 * df["score"] / df["max_score"]
    return df


def grade_tables(g: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Completion and score summaries per cohort, department and assignment."""
    roster = g.groupby("cohort")["student_id"].nunique().rename("learners")
    done = g.dropna(subset=["score"])
    by_ca = done.groupby(["cohort", "assignment"]).agg(
        submitted=("student_id", "nunique"), mean_pct=("pct", "mean"), median_pct=("pct", "median"),
        p25=("pct", lambda s: s.quantile(0.25)), p75=("pct", lambda s: s.quantile(0.75)),
    ).reset_index()
    by_ca = by_ca.merge(roster, on="cohort")
    by_ca["completion"] = by_ca["submitted"] / by_ca["learners"]
    by_dept = done.groupby(["department", "assignment"]).agg(
        learners=("student_id", "nunique"), mean_pct=("pct", "mean")
    ).reset_index()
    return {"grades_by_cohort_assignment": by_ca, "grades_by_department": by_dept}


def _spread(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.groupby(keys, sort=True).agg(
        learners=("student_id", "nunique"), mean_pct=("pct", "mean"), median_pct=("pct", "median"),
        p25=("pct", lambda s: s.quantile(0.25)), p75=("pct", lambda s: s.quantile(0.75)),
    ).reset_index()


def criterion_tables(gc: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Score distributions per assignment and criterion, by cohort and by department.

    Only final scores count: a criterion still waiting for the instructor
    (``needs_manual_grade``) or not processed (``needs_review``, no score) is left
    out rather than counted as 0; :func:`pending_manual` says how many.
    """
    done = final_criterion_scores(gc)
    keys = ["assignment", "criterion", "criterion_ko"]
    return {"grades_by_criterion": _spread(done, ["cohort"] + keys),
            "grades_by_criterion_department": _spread(done, ["department"] + keys)}


def final_criterion_scores(gc: pd.DataFrame) -> pd.DataFrame:
    done = gc.dropna(subset=["score"])
    if "status" in done.columns:
        done = done[done["status"].str.strip() != "needs_manual_grade"]
    return done


def pending_manual(g: pd.DataFrame) -> int:
    return int((g["status"].str.strip() == "needs_manual_grade").sum()) if "status" in g.columns else 0


# --- learner history ---------------------------------------------------------------------

def load_history(folder: Path) -> tuple[pd.DataFrame, list[str]]:
    """Read ``<state>/history/*.jsonl``.  Unreadable lines are reported, not silently dropped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"학습 기록 폴더 '{folder}'이 없습니다.", "--history 로 <상태 폴더>/history 를 지정해 주세요.")
    rows, problems = [], []
    for f in sorted(folder.glob("*.jsonl")):
        for i, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or any(k not in rec for k in ("ts", "learner", "total")):
                    raise ValueError("missing keys")
                rows.append({k: rec.get(k) for k in HISTORY_KEYS})
            except (ValueError, TypeError):
                problems.append(f"{f.name} {i}번째 줄")
    if not rows:
        raise InputError(f"학습 기록 폴더 '{folder}'에 읽을 수 있는 기록이 없습니다.",
                         "초안을 채점하면 기록이 쌓입니다. 폴더 경로를 확인해 주세요.")
    df = pd.DataFrame(rows)
    df["ts"] = pd.to_datetime(df["ts"], errors="coerce", utc=True, format="ISO8601")
    bad = df["ts"].isna()
    if bad.any():
        problems.append(f"시각을 읽을 수 없는 기록 {int(bad.sum())}개")
        df = df[~bad]
    df["total"] = pd.to_numeric(df["total"], errors="coerce")
    df["findings_per_eojeol"] = pd.to_numeric(df["findings_per_eojeol"], errors="coerce")
    return df.sort_values("ts").reset_index(drop=True), problems


def improvement(h: pd.DataFrame) -> pd.DataFrame:
    """Per learner: first vs final draft of each fact sheet, averaged over fact sheets
    with at least two drafts.  Lower findings per 어절 is better."""
    key = ["learner", "fact_sheet"]
    h = h.assign(fact_sheet=h["fact_sheet"].fillna("(없음)"))
    g = h.groupby(key)
    t = pd.DataFrame({
        "drafts": g.size(),
        "first_total": g["total"].first(), "final_total": g["total"].last(),
        "first_fpe": g["findings_per_eojeol"].first(), "final_fpe": g["findings_per_eojeol"].last(),
    }).reset_index()
    t = t[t["drafts"] >= 2]
    per = t.groupby("learner").agg(
        fact_sheets=("fact_sheet", "size"), first_total=("first_total", "mean"),
        final_total=("final_total", "mean"), first_fpe=("first_fpe", "mean"), final_fpe=("final_fpe", "mean"),
    ).reset_index()
    per["total_gain"] = per["final_total"] - per["first_total"]
    per["fpe_drop"] = per["first_fpe"] - per["final_fpe"]
    return per


def criteria_improvement(h: pd.DataFrame) -> pd.DataFrame:
    """Per rubric criterion: mean score of the first and the final draft, over the fact
    sheets a learner drafted at least twice with criteria recorded.  Older history lines
    without criteria are left out of this table (they still count in :func:`improvement`)."""
    cols = ["kind", "criterion", "label", "learners", "first_score", "final_score", "gain"]
    if "criteria" not in h.columns:
        return pd.DataFrame(columns=cols)
    long = [(r.learner, r.fact_sheet if isinstance(r.fact_sheet, str) else "(없음)", r.ts,
             r.kind if isinstance(r.kind, str) else "(모름)", cid, str(c.get("label", cid)), c.get("score"))
            for r in h[["learner", "fact_sheet", "ts", "kind", "criteria"]].itertuples(index=False)
            if isinstance(r.criteria, dict)
            for cid, c in r.criteria.items() if isinstance(c, dict)]
    t = pd.DataFrame(long, columns=["learner", "fact_sheet", "ts", "kind", "criterion", "label", "score"])
    t["score"] = pd.to_numeric(t["score"], errors="coerce")
    t = t.dropna(subset=["score"]).sort_values("ts")
    g = t.groupby(["learner", "fact_sheet", "kind", "criterion"])
    per = pd.DataFrame({"drafts": g.size(), "label": g["label"].last(),
                        "first_score": g["score"].first(), "final_score": g["score"].last()}).reset_index()
    per = per[per["drafts"] >= 2]
    if per.empty:
        return pd.DataFrame(columns=cols)
    out = per.groupby(["kind", "criterion"]).agg(
        label=("label", "last"), learners=("learner", "nunique"),
        first_score=("first_score", "mean"), final_score=("final_score", "mean")).reset_index()
    out["gain"] = out["final_score"] - out["first_score"]
    return out[cols]


def top_findings(h: pd.DataFrame, cohort_of: dict[str, str] | None = None, n: int = 15) -> pd.DataFrame:
    codes = h[["learner", "cohort", "codes"]].explode("codes").dropna(subset=["codes"])
    codes = codes[codes["codes"].map(lambda c: isinstance(c, str))]
    # the history line's own cohort first (the gateway writes it), else the grades roster
    codes["cohort"] = codes["cohort"].fillna(codes["learner"].map(cohort_of or {})).fillna("(모름)")
    t = codes.groupby(["cohort", "codes"]).size().rename("count").reset_index()
    t = t.rename(columns={"codes": "code"}).sort_values(["cohort", "count"], ascending=[True, False])
    return t.groupby("cohort").head(n).reset_index(drop=True)


# --- ledger ----------------------------------------------------------------------------------

def load_ledger(path: Path | None = None, settings=None) -> pd.DataFrame:
    """The usage ledger: ``civiclab.llm.ledger.read_ledger`` when available, else the SQLite table."""
    if path is None and settings is not None:
        try:
            from civiclab.llm.ledger import read_ledger  # lands on main with the gateway
        except ImportError:
            read_ledger = None
        if read_ledger is not None:
            return _norm_ledger(read_ledger(settings))
        path = settings.state_path / "ledger.sqlite"
    path = Path(path)
    if path.is_dir():
        path = path / "ledger.sqlite"
    if not path.exists():
        raise InputError(f"사용 기록(원장) 파일 '{path}'이 없습니다.", "--ledger 로 ledger.sqlite 경로를 지정해 주세요.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            df = pd.read_sql_query("SELECT * FROM calls", con)
    except (sqlite3.DatabaseError, pd.errors.DatabaseError) as exc:
        raise InputError(
            f"사용 기록 파일 '{path.name}'을 읽을 수 없습니다.",
            "civiclab 이 만든 ledger.sqlite 파일인지 확인해 주세요(calls 표가 있어야 합니다).",
            detail=str(exc),
        ) from None
    return _norm_ledger(df)


def _norm_ledger(df: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("ts", "user", "cohort", "prompt_tokens", "completion_tokens", "cost_krw")
               if c not in df.columns]
    if missing:
        raise InputError(f"사용 기록에 필요한 열이 없습니다: {', '.join(missing)}",
                         "civiclab 최신 버전으로 만든 기록인지 확인해 주세요.")
    df = df.copy()
    df["ts"] = pd.to_datetime(df["ts"], errors="coerce", utc=True, format="mixed")
    for c in ("prompt_tokens", "completion_tokens", "cost_krw"):
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0)
    if "prompt_ref" not in df.columns:
        df["prompt_ref"] = None
    return df


def usage_tables(led: pd.DataFrame) -> dict[str, pd.DataFrame]:
    led = led.assign(tokens=led["prompt_tokens"] + led["completion_tokens"])
    per_learner = led.groupby(["cohort", "user"]).agg(
        calls=("tokens", "size"), tokens=("tokens", "sum"), cost_krw=("cost_krw", "sum")
    ).reset_index()
    per_cohort = per_learner.groupby("cohort").agg(
        learners=("user", "nunique"), calls=("calls", "sum"), tokens=("tokens", "sum"),
        cost_krw=("cost_krw", "sum"),
    ).reset_index()
    per_cohort["cost_per_learner_krw"] = per_cohort["cost_krw"] / per_cohort["learners"]
    day = led.dropna(subset=["ts"]).assign(day=lambda d: d["ts"].dt.strftime("%Y-%m-%d"))
    versions = day.assign(prompt_ref=day["prompt_ref"].fillna("(프롬프트 없음)")).groupby(
        ["day", "prompt_ref"]).size().rename("calls").reset_index()
    return {"usage_per_learner": per_learner, "usage_per_cohort": per_cohort,
            "prompt_versions_daily": versions}
