"""Prompt-library quality and the projected complaint reduction of a chatbot prompt.

Input: prompt-test results as JSON, either a list of case records or
``{"results": [...]}`` (several files in a folder are concatenated).  One record per
test case::

    {"prompt_ref": "chatbot.cert@2", "label": "production",     # label optional
     "case_id": "cert-001", "passed": true, "score": 87.5,          # score optional
     "category": "CERT", "should_hand_over": false,                # chatbot eval only
     "handed_over": false, "correct": true}

The output of ``civiclab prompts test --json`` (``{"runs": [{"prompt_ref", "case", "status"}]}``)
is read too: ``status`` pass/fail/error gives ``passed``.  ``correct`` means the answer holds every required fact and no ``FACT_`` error against
the source passage.  Projection for a chatbot release (``chatbot.*@n``: version n of the per-category prompts):
``sum over categories of answer_rate[c] x share[c]``, where ``answer_rate`` is the share
of the category's answerable evaluation questions answered correctly without a hand-over,
and ``share`` is the category's share of simple complaints reaching a person in the
12 months before launch (uncovered categories count 0: the chatbot hands them over).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from civiclab.errors import InputError


def load_prompt_tests(path: Path) -> pd.DataFrame:
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not path.exists():
        raise InputError(f"프롬프트 시험 결과 '{path}'이 없습니다.", "--prompts 로 결과 JSON 파일이나 폴더를 지정해 주세요.")
    if not files:
        raise InputError(f"폴더 '{path}'에 프롬프트 시험 결과(.json)가 없습니다.", "civiclab prompts test 결과를 저장해 주세요.")
    records = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"프롬프트 시험 결과 '{f.name}'을 읽을 수 없습니다(JSON 형식 오류).",
                             "파일이 올바른 JSON인지 확인해 주세요.", detail=str(exc)) from None
        recs = data
        if isinstance(data, dict):  # {"results": [...]}, or `civiclab prompts test --json` ({"runs": [...]})
            recs = next((data[k] for k in ("results", "cases", "runs") if k in data), None)
        if not isinstance(recs, list) or not all(isinstance(r, dict) for r in recs):
            raise InputError(f"프롬프트 시험 결과 '{f.name}'의 구조가 다릅니다.",
                             "사례 목록(list) 또는 {\"results\": [...]} 형식이어야 합니다.")
        records.extend(recs)
    if not records:
        raise InputError(f"프롬프트 시험 결과 '{path}'에 사례가 없습니다.", "시험을 먼저 실행해 주세요.")
    df = pd.DataFrame(records)
    if "prompt_ref" not in df.columns or df["prompt_ref"].isna().any():
        raise InputError("프롬프트 시험 결과의 일부 사례에 prompt_ref 가 없습니다.",
                         "각 사례에 'id@버전' 형식의 prompt_ref 를 넣어 주세요.")
    if "passed" not in df.columns and "status" in df.columns:
        # prompts test runs: pass / fail / error count; a skipped case has no verdict
        df["passed"] = df["status"].map({"pass": True, "fail": False, "error": False})
    if "case_id" not in df.columns and "case" in df.columns:
        df["case_id"] = df["case"]
    for col in ("passed", "should_hand_over", "handed_over", "correct"):
        if col in df.columns:
            df[col] = df[col].map(lambda v: np.nan if v is None or pd.isna(v) else bool(v))
    if "score" in df.columns:
        df["score"] = pd.to_numeric(df["score"], errors="coerce")
    return df


def _version_key(ref: str):
    ver = ref.split("@", 1)[-1]
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-]", ver)]


def prompt_quality(df: pd.DataFrame) -> pd.DataFrame:
    """One row per prompt version: pass rate, mean score, chatbot evaluation rates."""
    rows = []
    for ref, g in df.groupby("prompt_ref"):
        row = {"prompt_ref": ref, "prompt_id": ref.split("@")[0], "cases": len(g)}
        row["label"] = ",".join(sorted(set(g["label"].dropna()))) if "label" in g else ""
        row["pass_rate"] = g["passed"].astype(float).mean() if "passed" in g else np.nan
        row["mean_score"] = g["score"].mean() if "score" in g else np.nan
        if {"should_hand_over", "handed_over", "correct"} <= set(g.columns) and g["category"].notna().any():
            ans = g[g["should_hand_over"].eq(False)]
            ho = g[g["should_hand_over"].eq(True)]
            row["answer_accuracy"] = (ans["correct"].eq(True)).mean() if len(ans) else np.nan
            row["wrong_answer_rate"] = (
                ((ans["correct"].eq(False)) & (ans["handed_over"].eq(False))).mean() if len(ans) else np.nan
            )
            row["correct_handover_rate"] = (ho["handed_over"].eq(True)).mean() if len(ho) else np.nan
        rows.append(row)
    t = pd.DataFrame(rows)
    # previous version of the same prompt, for "compared with the one before"
    t["previous"] = None
    for _pid, g in t.groupby("prompt_id"):
        refs = sorted(g["prompt_ref"], key=_version_key)
        for i, r in enumerate(refs):
            t.loc[t["prompt_ref"] == r, "previous"] = refs[i - 1] if i else None
    # change against the previous version (percentage points / score points)
    by_ref = t.set_index("prompt_ref")
    for col in ("pass_rate", "mean_score", "answer_accuracy", "wrong_answer_rate", "correct_handover_rate"):
        if col in t.columns:
            prev_val = t["previous"].map(lambda r, c=col: by_ref[c].get(r, np.nan) if r else np.nan)
            t[f"{col}_change"] = t[col] - prev_val.astype(float)
    return t.sort_values(["prompt_id", "prompt_ref"], key=lambda s: s.map(str)).reset_index(drop=True)


def answer_rates(df: pd.DataFrame) -> pd.DataFrame:
    """prompt_ref x category answer rate on answerable evaluation questions."""
    need = {"category", "should_hand_over", "handed_over", "correct"}
    if not need <= set(df.columns):
        return pd.DataFrame(columns=["prompt_ref", "category", "questions", "answer_rate"])
    ans = df[(df["should_hand_over"].eq(False)) & df["category"].notna()].copy()
    ans["ok"] = (ans["correct"].eq(True)) & (ans["handed_over"].eq(False))
    t = ans.groupby(["prompt_ref", "category"]).agg(
        questions=("ok", "size"), answer_rate=("ok", "mean")).reset_index()
    t["candidate"] = t["prompt_ref"].map(candidate_key)
    return t


def candidate_key(ref: str) -> str:
    """The chatbot has one prompt per category (``chatbot.cert@2``); a candidate release is
    the set of one version number across them (``chatbot.*@2``)."""
    pid, _, ver = str(ref).rpartition("@")
    if "." not in pid:
        return str(ref)
    return f"{pid.split('.', 1)[0]}.*@{ver}"


def projection(rates: pd.DataFrame, shares: pd.Series, covered: dict[str, bool],
               target: float = 0.30) -> pd.DataFrame:
    """Projected reduction of simple complaints per chatbot prompt version."""
    rows = []
    key = "candidate" if "candidate" in rates.columns else "prompt_ref"
    for ref, g in rates.groupby(key):
        r = g.groupby("category")["answer_rate"].mean()
        missing = [c for c, v in covered.items() if v and c not in r.index and shares.get(c, 0) > 0]
        contrib = sum(float(r.get(c, 0.0)) * float(shares.get(c, 0.0)) for c, v in covered.items() if v)
        rows.append({
            "prompt_ref": ref, "projected_reduction": contrib, "target_reduction": target,
            "gap_to_target": contrib - target, "meets_target": contrib >= target,
            "categories_without_eval": " ".join(missing),
        })
    return pd.DataFrame(rows)


def simple_shares(monthly: pd.DataFrame, launch: pd.Period) -> pd.Series:
    """Each category's share of simple complaints reaching a person, 12 months before launch."""
    pre = monthly[(monthly["month"] < launch) & (monthly["month"] >= launch - 12)]
    s = pre.groupby("category", observed=True)["simple_human"].sum()
    return s / s.sum() if s.sum() > 0 else s
