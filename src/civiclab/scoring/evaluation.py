"""Evaluate the scorer on the labelled set in datasets/scoring_eval (``civiclab score-eval``).

Each label row names a draft file, its fact sheet and kind, a category (clean,
planted, rewrite, injection) and the expected findings: family, optional code and
optional span.  A planted problem is detected when a finding of its family (and
code, when given) overlaps its span.  Precision counts every error or warning of a
family across the whole set; info findings are never counted.
"""

from __future__ import annotations

import json
from pathlib import Path

from civiclab.errors import InputError
from civiclab.scoring.findings import FAMILIES

GOALS = {"FACT_": "≥ 0.95", "PII_": "≥ 0.95", "INJECTION_": "≥ 0.9"}  # recall goals


def load_labels(folder: Path) -> list[dict]:
    path = Path(folder) / "labels.jsonl"
    if not path.is_file():
        raise InputError(f"평가 세트의 labels.jsonl이 없습니다: {path}",
                         "python datasets/scoring_eval/generate.py 로 만들거나 --dataset 경로를 확인하세요.")
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"labels.jsonl {n}번째 줄을 읽을 수 없습니다.", "JSON 한 줄에 하나씩 쓰세요.",
                                 detail=str(exc)) from exc
    return rows


def _matches(finding, expected: dict) -> bool:
    if finding.family != expected["family"]:
        return False
    if expected.get("code") and finding.code != expected["code"]:
        return False
    if finding.start == finding.end:
        # Something missing (a figure, a contact line) has no place in the text: it
        # counts for any planted problem of its family in the draft.
        return True
    if "start" in expected:
        s, e = expected["start"], expected["end"]
        return finding.start < e and s < finding.end
    return True


def evaluate(folder: Path, settings=None) -> dict:
    from civiclab.facts import load_fact_sheet
    from civiclab.scoring.scorer import Scorer

    folder = Path(folder)
    rows = load_labels(folder)
    sheets = {}
    for row in rows:
        sid = row["fact_sheet"]
        if sid not in sheets:
            sheets[sid] = load_fact_sheet(folder / "fact_sheets" / f"{sid}.yaml")
    # Batch by (kind, target) so Kiwi sees many paragraphs at once.
    scorer = Scorer(disabled=("judge",))
    groups: dict[tuple, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault((row["kind"], row.get("target_minutes")), []).append(i)
    reports: list = [None] * len(rows)
    for (kind, target), idx in groups.items():
        texts = [(folder / rows[i]["file"]).read_text(encoding="utf-8") for i in idx]
        got = scorer.score_many(texts, [sheets[rows[i]["fact_sheet"]] for i in idx], kind=kind,
                                settings=settings, target_minutes=target, judge=False)
        for i, rep in zip(idx, got):
            reports[i] = rep

    fam = {f: {"planted": 0, "detected": 0, "flagged": 0, "correct": 0, "missed": [], "false": []}
           for f in FAMILIES}
    rewrites_flagged, clean_flagged, examples = 0, 0, []
    for row, rep in zip(rows, reports):
        counted = [f for f in rep.findings if f.severity != "info"]
        for exp in row["expected"]:
            m = fam[exp["family"]]
            m["planted"] += 1
            if any(_matches(f, exp) for f in counted):
                m["detected"] += 1
            else:
                m["missed"].append(f"{row['id']}: {row.get('note', '')}")
        for f in counted:
            m = fam[f.family]
            m["flagged"] += 1
            if any(_matches(f, exp) for exp in row["expected"]):
                m["correct"] += 1
            else:
                m["false"].append(f"{row['id']}: {f.code} '{rep.text[f.start:f.end][:20]}'")
        if row["category"] in ("rewrite", "clean") and counted:
            if row["category"] == "rewrite":
                rewrites_flagged += 1
            else:
                clean_flagged += 1
            examples.append(f"{row['id']} ({row['category']}, {row.get('note', '')}): "
                            + ", ".join(f"{f.code} '{rep.text[f.start:f.end][:20]}'" for f in counted))
    families = {}
    for f, m in fam.items():
        families[f] = {
            "planted": m["planted"], "detected": m["detected"],
            "recall": round(m["detected"] / m["planted"], 3) if m["planted"] else None,
            "flagged": m["flagged"], "correct": m["correct"],
            "precision": round(m["correct"] / m["flagged"], 3) if m["flagged"] else None,
            "goal": GOALS.get(f, ""), "missed": m["missed"], "false_positives": m["false"],
        }
    categories: dict[str, int] = {}
    codes = _per_code(rows, reports)
    for row in rows:
        categories[row["category"]] = categories.get(row["category"], 0) + 1
    return {
        "drafts": len(rows), "categories": categories, "families": families, "codes": codes,
        "rewrites": {"total": categories.get("rewrite", 0), "flagged": rewrites_flagged,
                     "clean_total": categories.get("clean", 0), "clean_flagged": clean_flagged,
                     "examples": examples},
        "notes": sorted({n for rep in reports for n in rep.notes}),
        "signature": str(reports[0].signature) if reports else None,
    }


def _per_code(rows: list[dict], reports: list) -> dict[str, dict]:
    """Recall and precision per finding code, for every code a label names (STYLE_TYPO …):
    a family's figures can hide one weak check among several strong ones."""
    named = sorted({e["code"] for row in rows for e in row["expected"] if e.get("code")})
    out = {}
    for code in named:
        planted = detected = flagged = correct = 0
        for row, rep in zip(rows, reports):
            counted = [f for f in rep.findings if f.severity != "info" and f.code == code]
            exps = [e for e in row["expected"] if e.get("code") == code]
            planted += len(exps)
            detected += sum(1 for e in exps if any(_matches(f, e) for f in counted))
            flagged += len(counted)
            correct += sum(1 for f in counted if any(_matches(f, e) for e in row["expected"]))
        out[code] = {"planted": planted, "detected": detected, "flagged": flagged, "correct": correct,
                     "recall": round(detected / planted, 3) if planted else None,
                     "precision": round(correct / flagged, 3) if flagged else None}
    return out
