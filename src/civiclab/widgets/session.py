"""The playground's logic without widgets: pick, render, generate, score, save.

Kept apart from the widget layout so notebooks, tests and the widget call the
same functions, and every failure arrives as a :class:`CivicLabError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from civiclab.errors import ConfigError, InputError
from civiclab.settings import Settings
from civiclab.yamlsafe import YamlProblem, safe_load

TASK_LABELS = {
    "press_release": "보도자료", "speech": "연설문·말씀자료", "chatbot_answer": "챗봇 답변",
    "rewrite": "쉬운 말 다듬기", "summary": "요약", "headline": "제목 제안", "fact_extraction": "사실 자료 추출",
}
SCORED_KINDS = ("press_release", "speech", "chatbot_answer")
FACT_SHEET_VAR = "fact_sheet"


@dataclass
class DraftResult:
    text: str
    prompt_ref: str | None
    model_label: str
    cached: bool
    report: object | None  # ScoreReport


class Session:
    """State of one learner's playground: settings, library, sheets, history."""

    def __init__(self, settings: Settings, *, learner: str | None = None, gateway=None) -> None:
        from civiclab.history import check_learner_id
        from civiclab.prompts import PromptLibrary

        self.settings = settings
        self.learner = check_learner_id(learner or _safe_id(settings.user))
        self.library = PromptLibrary.load(settings.prompts_path)
        self._gateway = gateway
        self.sheet_paths = sorted((settings.datasets_path / "fact_sheets").glob("*.yaml"))
        self._sheets: dict[Path, object] = {}

    # -- choosing ------------------------------------------------------------
    def prompt_options(self, query: str = "", task: str = "") -> list[tuple[str, str]]:
        q = query.strip().lower()
        out = []
        for spec in self.library.specs():
            if task and spec.task != task:
                continue
            hay = " ".join([spec.id, spec.title, *spec.tags]).lower()
            if q and q not in hay:
                continue
            out.append((f"{spec.title} ({spec.id})", spec.id))
        return out

    def version_options(self, prompt_id: str) -> list[tuple[str, int]]:
        spec = self.library.spec(prompt_id)
        labels = {getattr(spec.labels, k): k for k in ("production", "staging") if getattr(spec.labels, k)}
        names = {"production": "운영 중", "staging": "시험 중"}
        status = {"approved": "승인", "draft": "초안", "retired": "폐기"}
        out = []
        for v in sorted(spec.versions, key=lambda v: -v.version):
            tag = f", {names[labels[v.version]]}" if v.version in labels else ""
            out.append((f"{v.version}판 ({status.get(v.status, v.status)}{tag})", v.version))
        return out

    def default_version(self, prompt_id: str) -> int:
        return self.library.spec(prompt_id).default_version().version

    def sheet(self, path: Path):
        from civiclab.facts import load_fact_sheet

        if path not in self._sheets:
            self._sheets[path] = load_fact_sheet(path)
        return self._sheets[path]

    def sheet_options(self) -> list[tuple[str, str]]:
        out = [("(사실 자료 없음)", "")]
        for p in self.sheet_paths:
            try:
                out.append((f"{self.sheet(p).title} ({p.stem})", str(p)))
            except InputError:
                continue  # a broken sheet is reported by `civiclab` lint, not here
        return out

    # -- generating and scoring -----------------------------------------------
    def gateway(self, backend: str):
        from civiclab.llm import Gateway

        if backend == "openai" and self.settings.backend != "openai":
            raise ConfigError(
                "실제 언어 모델이 설정되어 있지 않습니다.",
                "강사에게 모델 서버 설정을 요청하세요. 지금은 '연습 모델'로 실습할 수 있습니다.",
            )
        if backend == "offline" and self.settings.backend != "offline":
            return Gateway(self.settings.model_copy(update={"backend": "offline"}))
        if self._gateway is None:
            self._gateway = Gateway(self.settings)
        return self._gateway

    def messages(self, prompt_id: str, version: int, variables: dict, templates: dict | None = None):
        """Rendered messages; ``templates`` (role -> text) replaces the version's own text."""
        from civiclab.prompts.library import resolve_variables
        from civiclab.prompts.render import render_text

        pv = self.library.get(f"{prompt_id}@{version}")
        if not templates:
            return self.library.render(pv, variables), pv
        values = resolve_variables(pv, variables)
        out = []
        for m in pv.messages:
            source = templates.get(m.role, m.content)
            out.append({"role": m.role, "content": render_text(source, values, where=f"고친 지시문({m.role})")})
        return out, pv

    def generate(self, prompt_id: str, version: int, variables: dict, *, backend: str,
                 sheet_path: str = "", templates: dict | None = None) -> DraftResult:
        messages, pv = self.messages(prompt_id, version, variables, templates)
        ref = pv.ref + ("+edited" if templates else "")
        gen = self.gateway(backend).generate(messages, temperature=pv.temperature,
                                             max_tokens=pv.max_tokens, prompt_ref=ref)
        report = self.score(gen.text, sheet_path, pv.task, minutes=variables.get("minutes"))
        self._remember(gen.text, report, ref, sheet_path, "generated")
        return DraftResult(gen.text, ref, gen.label_ko, gen.cached, report)

    def score(self, text: str, sheet_path: str = "", task: str = "", *, minutes=None):
        from civiclab.scoring import score_draft

        sheet = self.sheet(Path(sheet_path)) if sheet_path else None
        kind = task if task in SCORED_KINDS else (sheet.kind if sheet is not None else None)
        if kind is None:
            return None  # rewrite/summary tasks without a fact sheet: nothing to score against
        return score_draft(text, sheet, kind=kind, settings=self.settings,
                           target_minutes=_minutes(minutes) if kind == "speech" else None)

    def rescore(self, text: str, sheet_path: str, task: str, prompt_ref: str | None, *, minutes=None):
        if not text.strip():
            raise InputError("채점할 초안이 비어 있습니다.", "초안을 만들거나 직접 써 넣은 뒤 채점하세요.")
        report = self.score(text, sheet_path, task, minutes=minutes)
        self._remember(text, report, prompt_ref, sheet_path, "edited")
        return report

    def _remember(self, text, report, ref, sheet_path, source) -> None:
        from civiclab.history import record_draft

        record_draft(self.settings, learner=self.learner, text=text, report=report, prompt_ref=ref,
                     fact_sheet=Path(sheet_path).stem if sheet_path else None, source=source)

    # -- saving ---------------------------------------------------------------
    def my_prompts_dir(self) -> Path:
        return self.settings.root / "my_prompts" / self.learner

    def save_prompt(self, prompt_id: str, version: int, templates: dict, new_id: str) -> Path:
        """Save the (edited) prompt in library format in the learner's folder, as a new version."""
        import datetime as dt

        if not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", new_id or ""):
            raise InputError(f"새 프롬프트 id '{new_id}'의 모양이 틀렸습니다.",
                             "press_release.my_event 처럼 영어 소문자와 점으로 쓰세요.")
        pv = self.library.get(f"{prompt_id}@{version}")
        spec = self.library.spec(prompt_id)
        folder = self.my_prompts_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{new_id}.yaml"
        if path.exists():  # a second save is a new version in the same file; earlier ones stay
            try:  # hand-edited since our earlier save?  Refuse rather than overwrite it.
                data = safe_load(path.read_text(encoding="utf-8"))
            except YamlProblem as exc:
                raise InputError(f"저장해 둔 '{path.name}' 파일을 읽을 수 없습니다{exc.where()}: {exc.problem}",
                                 f"{exc.fix} 또는 다른 새 id로 저장하세요. 기존 파일은 그대로 두었습니다.") from None
        else:
            data = {"id": new_id, "title": f"{spec.title} (내 수정본)", "task": spec.task,
                    "owner": spec.owner, "tags": list(spec.tags) + ["학습자"], "versions": [], "labels": {}}
        number = max((v["version"] for v in data["versions"]), default=0) + 1
        data["versions"].append({
            "version": number, "status": "draft", "created": dt.date.today().isoformat(),
            "author": self.learner, "changelog": f"{pv.ref}을(를) 고쳐 만듦",
            "temperature": pv.temperature, "max_tokens": pv.max_tokens,
            "messages": [{"role": m.role, "content": (templates or {}).get(m.role, m.content)}
                         for m in pv.messages],
            "variables": [v.model_dump(exclude_none=True) for v in pv.variables],
        })
        data["labels"] = {"staging": number}
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        tmp.replace(path)  # atomic: a crash leaves the old file or the new one, never half
        return path

    def export_docx(self, text: str, sheet_path: str) -> Path:
        from datetime import datetime

        from civiclab.export.docx import write_press_release_docx

        sheet = self.sheet(Path(sheet_path)) if sheet_path else None
        folder = self.settings.root / "my_drafts" / self.learner
        stem = (sheet.id if sheet else "draft") + datetime.now().strftime("-%Y%m%d-%H%M%S")
        contact = sheet.contact if sheet is not None else None
        return write_press_release_docx(
            text, folder / f"{stem}.docx",
            organization=sheet.organization if sheet else self.settings.organization,
            release_date=str(sheet.release_date) if sheet else "",
            department=contact.department if contact else "",
        )


def _minutes(value) -> float | None:
    """The speaking time a learner typed ("3", "3분", "2.5") as minutes, or None."""
    match = re.search(r"\d+(?:\.\d+)?", str(value or ""))
    return float(match.group(0)) if match else None


def _safe_id(user: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "_", user or "learner").strip("._-") or "learner"
    return cleaned[:64]
