"""PromptBox: type a request, send it through the gateway, see the answer (and its score).

Used where a notebook shows one idea at a time: the PII guard blocking (01), a
bare prompt making up figures (01, 02), a structured prompt (02).  Everything
goes through :class:`civiclab.llm.Gateway`, so the guard, cache and ledger apply.
"""

from __future__ import annotations

import html

import ipywidgets as W

from civiclab.errors import CivicLabError, format_ko
from civiclab.widgets._common import PRACTICE_NOTE, error_html, load_sheet, resolve_settings


class PromptBox:
    def __init__(self, prompt: str = "", *, system: str = "", sheet=None, kind: str | None = None,
                 settings=None, title: str = "지시문 보내기", prompt_ref: str | None = None,
                 height: str = "160px") -> None:
        self.settings = resolve_settings(settings)
        self.sheet = load_sheet(self.settings, sheet)
        self.kind = kind or (self.sheet.kind if self.sheet is not None else None)
        self.system = system
        self.prompt_ref = prompt_ref
        self.last_text: str | None = None
        self.last_report = None
        self._gateway = None
        self.prompt = W.Textarea(value=prompt, layout=W.Layout(width="98%", height=height))
        self.send_button = W.Button(description="보내기", button_style="primary", icon="paper-plane")
        self.status = W.HTML()
        self.message = W.HTML()
        self.answer = W.HTML()
        self.report = W.HTML()
        self.send_button.on_click(self._on_send)
        self.widget = W.VBox([W.HTML(f"<b>{html.escape(title)}</b>"), self.prompt, self.send_button,
                              self.status, self.message, self.answer, self.report])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def gateway(self):
        if self._gateway is None:
            from civiclab.llm import Gateway

            self._gateway = Gateway(self.settings)
        return self._gateway

    def send(self):
        """Send the box's text; returns the Generation.  Raises CivicLabError (e.g. PII blocked)."""
        messages = ([{"role": "system", "content": self.system}] if self.system else [])
        messages.append({"role": "user", "content": self.prompt.value})
        gen = self.gateway().generate(messages, prompt_ref=self.prompt_ref)
        self.last_text = gen.text
        note = PRACTICE_NOTE if gen.is_practice_model else f"<i>{html.escape(gen.label_ko)}</i>"
        self.status.value = note
        self.answer.value = ("<div style='white-space:pre-wrap;border:1px solid #ccc;padding:8px;"
                             f"line-height:1.7'>{html.escape(gen.text)}</div>")
        if self.sheet is not None and self.kind:
            from civiclab.scoring import score_draft

            self.last_report = score_draft(gen.text, self.sheet, kind=self.kind, settings=self.settings)
            self.report.value = ("<p><b>사실 자료와 맞춰 본 채점 결과</b></p>" + self.last_report._repr_html_())
        return gen

    def _on_send(self, _button=None) -> None:
        self.message.value = ""
        self.answer.value = self.report.value = self.status.value = ""
        self.last_text = self.last_report = None
        try:
            self.send()
        except CivicLabError as exc:
            self.message.value = error_html(format_ko(exc))
