"""Each learner's drafting history: one append-only JSON Lines file per learner.

The metrics read it for improvement from first to final draft, overall and per
rubric criterion (``criteria``: id -> label, score, weight; lines written before
criteria were recorded simply lack the key and still read).  A line holds
the learner id, never a name or any other personal data; drafts themselves are
kept too, so no learner work is lost when a notebook kernel dies.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from civiclab.errors import InputError
from civiclab.settings import Settings

_LEARNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def check_learner_id(learner: str) -> str:
    """Learner ids become file names: refuse anything that could leave the folder."""
    if not isinstance(learner, str) or not _LEARNER_ID.fullmatch(learner) or ".." in learner:
        raise InputError(
            f"학습자 번호 '{learner}'은(는) 쓸 수 없습니다.",
            "영문자, 숫자, 밑줄(_), 점(.), 빼기(-)만 써서 64자 이내로 지정하세요 (예: learner01).",
        )
    return learner


def history_dir(settings: Settings) -> Path:
    return settings.state_path / "history"


def history_file(settings: Settings, learner: str) -> Path:
    return history_dir(settings) / f"{check_learner_id(learner)}.jsonl"


def criteria_scores(report) -> dict:
    """The ScoreReport's criteria as ``{id: {"label", "score", "weight"}}``: plain numbers only,
    so a line stays small (ROUGE details and judge notes live in the full report).  A
    criterion that produced no score (a skipped judge) keeps ``score: None``."""
    out = {}
    for cid, c in (getattr(report, "criteria", None) or {}).items():
        if not isinstance(c, dict):
            continue
        score, weight = c.get("score"), c.get("weight")
        out[str(cid)] = {"label": str(c.get("label", cid)),
                         "score": None if score is None else round(float(score), 2),
                         "weight": None if weight is None else float(weight)}
    return out


def record_draft(
    settings: Settings,
    *,
    learner: str,
    text: str,
    report=None,
    prompt_ref: str | None = None,
    fact_sheet: str | None = None,
    source: str = "generated",
) -> dict:
    """Append one draft event; returns the stored record."""
    if source not in ("generated", "edited"):
        raise InputError(f"기록 종류 '{source}'을(를) 알 수 없습니다.", "generated 또는 edited 를 쓰세요.")
    event = {
        "ts": datetime.now(UTC).isoformat(timespec="seconds"),
        "learner": check_learner_id(learner),
        "cohort": settings.cohort,
        "prompt_ref": prompt_ref,
        "fact_sheet": fact_sheet,
        "source": source,
        "text": text,
        "total": None if report is None else report.total,
        "findings_per_eojeol": None if report is None else report.findings_per_eojeol,
        "codes": [] if report is None else [f.code for f in report.findings],
        "kind": None if report is None else report.kind,
        "criteria": {} if report is None else criteria_scores(report),
        "signature": None if report is None else str(report.signature),
    }
    from civiclab.storage import append_line, ensure_room

    path = history_file(settings, learner)
    path.parent.mkdir(parents=True, exist_ok=True)
    ensure_room(path.parent)
    append_line(path, json.dumps(event, ensure_ascii=False) + "\n")
    return event


def read_history(settings: Settings, learner: str | None = None) -> list[dict]:
    """All events (of one learner, or everyone), oldest first; damaged lines are skipped, not fatal."""
    folder = history_dir(settings)
    files = [history_file(settings, learner)] if learner else sorted(folder.glob("*.jsonl"))
    events = []
    for path in files:
        if not path.exists():
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            try:
                events.append(json.loads(raw))
            except ValueError:
                continue  # a line cut by a killed kernel; the rest is intact
    return sorted(events, key=lambda e: e.get("ts", ""))
