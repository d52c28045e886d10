"""Rubrics: criteria, weights and judge questions per kind, read from grading/rubrics/*.yaml.

A rubric turns findings into criterion scores (0-100) and a weighted total:

- ``penalty``: 100 minus a fixed penalty per finding by severity (facts, structure);
- ``per_eojeol``: problem expressions per 100 어절, the Ministry's way of counting
  ease problems in press releases, times a penalty factor.

Info findings are shown but never counted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from civiclab.errors import InputError
from civiclab.scoring.findings import Finding

KINDS = ("press_release", "speech", "chatbot_answer")


@dataclass(frozen=True)
class Criterion:
    id: str
    label_ko: str
    weight: float
    description_ko: str = ""
    families: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    method: str = "penalty"
    penalty: dict = field(default_factory=lambda: {"error": 25, "warning": 10})
    per_100_eojeol_penalty: float = 20.0

    def owns(self, finding: Finding) -> bool:
        return finding.code in self.codes or finding.family in self.families

    def score(self, findings: list[Finding], eojeol_count: int) -> dict:
        counted = [f for f in findings if self.owns(f) and f.severity != "info"]
        if self.method == "per_eojeol":
            per100 = 100.0 * len(counted) / max(eojeol_count, 1)
            value = max(0.0, 100.0 - self.per_100_eojeol_penalty * per100)
            extra = {"per_100_eojeol": round(per100, 2)}
        else:
            value = max(0.0, 100.0 - sum(self.penalty.get(f.severity, 0) for f in counted))
            extra = {}
        return {"label": self.label_ko, "score": round(value, 1), "weight": self.weight,
                "problems": len(counted), **extra}


@dataclass(frozen=True)
class Rubric:
    id: str
    version: int
    kind: str
    title_ko: str
    criteria: tuple[Criterion, ...]
    params: dict
    reference_weight: float
    judge_weight: float
    judge_injection_cap: float
    judge_criteria: tuple[dict, ...]
    caps: tuple[dict, ...]
    digest: str

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"


def rubric_dirs(settings=None) -> list[Path]:
    dirs = []
    root = getattr(settings, "root", None)
    if root is not None:
        dirs.append(Path(root) / "grading" / "rubrics")
    # A source checkout (editable install): <repo>/grading/rubrics.
    dirs.append(Path(__file__).resolve().parents[3] / "grading" / "rubrics")
    return dirs


def load_rubric(name_or_path: str | Path, settings=None) -> Rubric:
    """A rubric by kind name (``press_release``) or by file path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file():
        if not candidate.is_file():
            raise InputError(f"채점 기준 파일이 없습니다: {candidate}", "파일 경로를 확인하세요.")
        return _load(str(candidate.resolve()), candidate.stat().st_mtime_ns)
    name = str(name_or_path)
    for d in rubric_dirs(settings):
        path = d / f"{name}.yaml"
        if path.is_file():
            return _load(str(path), path.stat().st_mtime_ns)
    raise InputError(f"'{name}' 채점 기준을 찾을 수 없습니다.",
                     f"grading/rubrics/ 에 있는 이름({', '.join(KINDS)}) 또는 YAML 파일 경로를 주세요.")


@lru_cache(maxsize=16)
def _load(path: str, _mtime: int) -> Rubric:
    from civiclab.yamlsafe import YamlProblem, safe_load

    text = Path(path).read_text(encoding="utf-8")
    try:
        raw = safe_load(text)
    except YamlProblem as exc:
        raise InputError(f"채점 기준 파일을 읽을 수 없습니다{exc.where()}: {path}: {exc.problem}", exc.fix) from None
    if not isinstance(raw, dict):
        raise InputError(f"채점 기준 파일 형식이 올바르지 않습니다: {path}", "id, kind, criteria를 적으세요.")
    for key in ("id", "kind", "criteria"):
        if key not in raw:
            raise InputError(f"채점 기준 파일에 '{key}' 항목이 없습니다: {path}", f"'{key}'를 추가하세요.")
    if raw["kind"] not in KINDS:
        raise InputError(f"채점 기준의 kind '{raw['kind']}'는 알 수 없는 종류입니다.",
                         f"{', '.join(KINDS)} 중 하나를 쓰세요.")
    criteria = []
    for c in raw["criteria"]:
        try:
            criteria.append(Criterion(
                id=str(c["id"]), label_ko=str(c.get("label_ko", c["id"])), weight=float(c["weight"]),
                description_ko=str(c.get("description_ko", "")),
                families=tuple(c.get("families") or ()), codes=tuple(c.get("codes") or ()),
                method=str(c.get("method", "penalty")),
                penalty=dict(c.get("penalty") or {"error": 25, "warning": 10}),
                per_100_eojeol_penalty=float(c.get("per_100_eojeol_penalty", 20))))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"채점 기준 {path}의 항목이 올바르지 않습니다: {c!r}",
                             "각 항목에 id와 숫자 weight를 적으세요.", detail=str(exc)) from exc
        if criteria[-1].method not in ("penalty", "per_eojeol"):
            raise InputError(f"채점 방법 '{criteria[-1].method}'는 알 수 없습니다.",
                             "penalty 또는 per_eojeol을 쓰세요.")
    judge = raw.get("judge") or {}
    return Rubric(
        id=str(raw["id"]), version=int(raw.get("version", 1)), kind=raw["kind"],
        title_ko=str(raw.get("title_ko", raw["id"])), criteria=tuple(criteria),
        params=dict(raw.get("params") or {}),
        reference_weight=float((raw.get("reference") or {}).get("weight", 0)),
        judge_weight=float(judge.get("weight", 0)),
        judge_injection_cap=float(judge.get("injection_cap", 30)),
        judge_criteria=tuple(judge.get("criteria") or ()),
        caps=tuple(raw.get("caps") or ()),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest()[:8],
    )
