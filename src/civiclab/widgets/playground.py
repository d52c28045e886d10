"""The drafting playground: pick a prompt and a fact sheet, generate, read the score, revise.

Every label is Korean; every error appears in the message line and the
learner's inputs stay in the form.  All logic lives in :mod:`session`; this
module only lays out widgets and wires their callbacks.
"""

from __future__ import annotations

import html

import ipywidgets as W

from civiclab.errors import CivicLabError, format_ko
from civiclab.widgets.session import FACT_SHEET_VAR, TASK_LABELS, Session

_WIDE = W.Layout(width="98%")


class Playground:
    def __init__(self, settings=None, *, learner: str | None = None, gateway=None) -> None:
        from civiclab.settings import load_settings

        self.session = Session(settings or load_settings(), learner=learner, gateway=gateway)
        s = self.session
        self.last_prompt_ref: str | None = None

        self.search = W.Text(description="찾기", placeholder="예: 행사, 챗봇, 연설")
        self.task = W.Dropdown(description="글 종류", options=[("전체", "")] + [(v, k) for k, v in TASK_LABELS.items()])
        self.prompt = W.Dropdown(description="프롬프트", layout=_WIDE)
        self.version = W.Dropdown(description="판")
        self.sheet = W.Dropdown(description="사실 자료", options=s.sheet_options(), layout=_WIDE)
        self.backend = W.ToggleButtons(description="모델", options=[("연습 모델", "offline"), ("실제 모델", "openai")],
                                       value="offline" if s.settings.backend == "offline" else "openai")
        self.backend_note = W.HTML()
        self.form = W.VBox()
        self.fields: dict[str, W.Widget] = {}
        self.templates = W.Accordion()
        self.template_boxes: dict[str, W.Textarea] = {}
        self.generate_button = W.Button(description="초안 만들기", button_style="primary", icon="pencil")
        self.status = W.HTML()
        self.draft = W.Textarea(description="초안", layout=W.Layout(width="98%", height="260px"))
        self.score_button = W.Button(description="다시 채점하기", icon="check")
        self.report = W.HTML()
        self.compare_prompt = W.Dropdown(description="비교할 것", layout=_WIDE)
        self.compare_version = W.Dropdown(description="판")
        self.compare_button = W.Button(description="나란히 비교하기", icon="columns")
        self.compare_out = W.HTML()
        self.save_id = W.Text(description="새 id", placeholder="press_release.my_event")
        self.save_button = W.Button(description="내 프롬프트로 저장", icon="save")
        self.export_button = W.Button(description="문서(.docx)로 내보내기", icon="file",
                                       layout=W.Layout(width="auto"))
        self.message = W.HTML()

        self.search.observe(self._refresh_prompts, "value")
        self.task.observe(self._refresh_prompts, "value")
        self.prompt.observe(self._on_prompt, "value")
        self.version.observe(self._on_version, "value")
        self.compare_prompt.observe(self._on_compare_prompt, "value")
        self.sheet.observe(self._on_sheet, "value")
        self.backend.observe(self._on_backend, "value")
        self.generate_button.on_click(self._guarded(self._on_generate))
        self.score_button.on_click(self._guarded(self._on_score))
        self.compare_button.on_click(self._guarded(self._on_compare))
        self.save_button.on_click(self._guarded(self._on_save))
        self.export_button.on_click(self._guarded(self._on_export))

        self._refresh_prompts()
        self._on_backend()
        self.widget = W.VBox([
            W.HTML("<h3>초안 실습장</h3>"),
            W.HBox([self.search, self.task]), self.prompt, self.version, self.sheet,
            W.HBox([self.backend]), self.backend_note,
            W.HTML("<b>입력 항목</b>"), self.form, self.templates,
            self.generate_button, self.status, self.message, self.draft,
            self.score_button, self.report,
            W.HTML("<b>다른 프롬프트·판과 비교</b>"), self.compare_prompt, self.compare_version, self.compare_button,
            self.compare_out,
            W.HTML("<b>저장과 내보내기</b>"), W.HBox([self.save_id, self.save_button]), self.export_button,
        ])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    # -- helpers ---------------------------------------------------------------
    def _guarded(self, handler):
        def run(_button=None):
            self.message.value = ""
            try:
                handler()
            except CivicLabError as exc:
                self.status.value = ""
                self.message.value = _error_html(format_ko(exc))
        return run

    def variables(self) -> dict:
        return {name: w.value for name, w in self.fields.items() if str(w.value).strip()}

    def edited_templates(self) -> dict | None:
        pv = self.session.library.get(f"{self.prompt.value}@{self.version.value}")
        original = {m.role: m.content for m in pv.messages}
        edited = {role: box.value for role, box in self.template_boxes.items()}
        return edited if any(edited[r] != original.get(r) for r in edited) else None

    # -- observers -------------------------------------------------------------
    def _refresh_prompts(self, _change=None) -> None:
        options = self.session.prompt_options(self.search.value, self.task.value)
        current = self.prompt.value
        self.prompt.options = options
        self.compare_prompt.options = self.session.prompt_options()
        if options:
            ids = [v for _, v in options]
            self.prompt.value = current if current in ids else ids[0]
        if self.compare_prompt.options and self.compare_prompt.value is None:
            self.compare_prompt.value = self.compare_prompt.options[0][1]

    def _on_prompt(self, _change=None) -> None:
        if not self.prompt.value:
            return
        self.version.options = self.session.version_options(self.prompt.value)
        self.version.value = self.session.default_version(self.prompt.value)
        self._on_version()

    def _on_compare_prompt(self, _change=None) -> None:
        if self.compare_prompt.value:
            self.compare_version.options = self.session.version_options(self.compare_prompt.value)
            self.compare_version.value = self.session.default_version(self.compare_prompt.value)

    def _on_version(self, _change=None) -> None:
        if not self.prompt.value or self.version.value is None:
            return
        old = self.variables()  # keep what the learner typed when switching versions
        pv = self.session.library.get(f"{self.prompt.value}@{self.version.value}")
        self.fields = {}
        rows = []
        for var in pv.variables:
            long = var.name == FACT_SHEET_VAR or len(var.example or "") > 60
            cls = W.Textarea if long else W.Text
            w = cls(value=old.get(var.name, ""), placeholder=var.example or "", layout=_WIDE)
            self.fields[var.name] = w
            need = " (필수)" if var.required else ""
            rows.append(W.HTML(f"<div>{html.escape(var.description)}{need}</div>"))
            rows.append(w)
        self.form.children = rows
        self.template_boxes = {m.role: W.Textarea(value=m.content, layout=W.Layout(width="98%", height="140px"))
                               for m in pv.messages}
        self.templates.children = [W.VBox([box]) for box in self.template_boxes.values()]
        for i, role in enumerate(self.template_boxes):
            self.templates.set_title(i, {"system": "지시문 고치기: 시스템(역할)", "user": "지시문 고치기: 요청",
                                         "assistant": "지시문 고치기: 예시 답변"}[role])
        self.templates.selected_index = None
        self._on_sheet()

    def _on_sheet(self, _change=None) -> None:
        if self.sheet.value and FACT_SHEET_VAR in self.fields:
            self.fields[FACT_SHEET_VAR].value = self.session.sheet(_path(self.sheet.value)).to_prompt_block()

    def _on_backend(self, _change=None) -> None:
        if self.backend.value == "offline":
            self.backend_note.value = ("<i>규칙 기반 연습 모델입니다. 인공지능이 아니며 인터넷에 연결하지 않습니다. "
                                       "사실 자료를 주지 않으면 근거 없는 수치를 지어냅니다.</i>")
        elif self.session.settings.backend == "openai":
            self.backend_note.value = f"<i>실제 언어 모델: {html.escape(self.session.settings.model)}</i>"
        else:
            self.backend_note.value = ("<i>실제 언어 모델이 설정되어 있지 않습니다. 강사에게 요청하거나 "
                                       "연습 모델을 쓰세요.</i>")

    # -- buttons ---------------------------------------------------------------
    def _on_generate(self) -> None:
        self.status.value = "<i>초안을 만드는 중입니다…</i>"
        self.generate_button.disabled = True
        try:
            result = self.session.generate(self.prompt.value, self.version.value, self.variables(),
                                           backend=self.backend.value, sheet_path=self.sheet.value or "",
                                           templates=self.edited_templates())
        finally:
            self.generate_button.disabled = False
        self.last_prompt_ref = result.prompt_ref
        self.draft.value = result.text
        how = "저장된 답변을 다시 씀" if result.cached else "새로 만듦"
        self.status.value = f"<i>{html.escape(result.model_label)} · {how} · {html.escape(result.prompt_ref or '')}</i>"
        self._show_report(result.report)

    def _on_score(self) -> None:
        task = self.session.library.spec(self.prompt.value).task if self.prompt.value else ""
        report = self.session.rescore(self.draft.value, self.sheet.value or "", task, self.last_prompt_ref,
                                      minutes=self.variables().get("minutes"))
        self._show_report(report)

    def _show_report(self, report) -> None:
        if report is None:
            self.report.value = "<i>이 글 종류는 사실 자료 없이 채점하지 않습니다. 사실 자료를 고르면 채점합니다.</i>"
        else:
            self.report.value = report._repr_html_()

    def _on_compare(self) -> None:
        variables, sheet = self.variables(), self.sheet.value or ""
        a = self.session.generate(self.prompt.value, self.version.value, variables,
                                  backend=self.backend.value, sheet_path=sheet)
        # The other prompt gets the same facts, but only the variables it declares.
        other = self.session.library.get(f"{self.compare_prompt.value}@{self.compare_version.value}")
        declared = {v.name for v in other.variables}
        b = self.session.generate(self.compare_prompt.value, self.compare_version.value,
                                  {k: v for k, v in variables.items() if k in declared},
                                  backend=self.backend.value, sheet_path=sheet)
        cols = []
        for r in (a, b):
            score = f"{r.report.total:.1f}점" if r.report is not None else "채점 안 함"
            body = r.report._repr_html_() if r.report is not None else f"<pre>{html.escape(r.text)}</pre>"
            cols.append(f"<div class='civiclab-compare-col' style='flex:1;min-width:0;padding:4px'><h4>{html.escape(r.prompt_ref or '')}"
                        f" — {score}</h4>{body}</div>")
        self.compare_out.value = f"<div style='display:flex;gap:8px'>{''.join(cols)}</div>"

    def _on_save(self) -> None:
        path = self.session.save_prompt(self.prompt.value, self.version.value,
                                        self.edited_templates() or {}, self.save_id.value.strip())
        self.message.value = _ok_html(f"저장했습니다: {path.relative_to(self.session.settings.root)}")

    def _on_export(self) -> None:
        path = self.session.export_docx(self.draft.value, self.sheet.value or "")
        self.message.value = _ok_html(f"내보냈습니다: {path.relative_to(self.session.settings.root)}")


def _path(value: str):
    from pathlib import Path

    return Path(value)


def _error_html(text: str) -> str:
    body = html.escape(text).replace("\n", "<br>")
    return f"<div style='color:#a40000;border-left:4px solid #a40000;padding:4px 8px'>{body}</div>"


def _ok_html(text: str) -> str:
    return f"<div style='color:#1b5e20;padding:4px 8px'>{html.escape(text)}</div>"
