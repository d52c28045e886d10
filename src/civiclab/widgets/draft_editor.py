"""DraftEditor: a text box, a score button and the score report (notebooks 04, 05, 08).

The learner edits the text in place; each scoring is appended to their history
as an ``edited`` draft, so the metrics see the improvement.
"""

from __future__ import annotations

import ipywidgets as W

from civiclab.errors import CivicLabError, InputError, format_ko
from civiclab.widgets._common import error_html, load_sheet, resolve_settings


class DraftEditor:
    def __init__(self, text: str = "", *, sheet=None, kind: str | None = None, settings=None,
                 learner: str | None = None, title: str = "초안 고치기", record_as: str | None = None,
                 height: str = "300px") -> None:
        from civiclab.history import check_learner_id
        from civiclab.widgets.session import _safe_id

        self.settings = resolve_settings(settings)
        self.sheet = load_sheet(self.settings, sheet)
        self.kind = kind or (self.sheet.kind if self.sheet is not None else None)
        self.learner = check_learner_id(learner or _safe_id(self.settings.user))
        self.record_as = record_as
        self.last_report = None
        self.text = W.Textarea(value=text, layout=W.Layout(width="98%", height=height))
        self.score_button = W.Button(description="채점하기", button_style="primary", icon="check")
        self.message = W.HTML()
        self.report = W.HTML()
        self.score_button.on_click(self._on_score)
        self.widget = W.VBox([W.HTML(f"<b>{title}</b>"), self.text, self.score_button, self.message, self.report])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def score(self):
        """Score the current text; returns the ScoreReport (also shown in the widget)."""
        from civiclab.history import record_draft
        from civiclab.scoring import score_draft

        if not self.text.value.strip():
            raise InputError("채점할 글이 비어 있습니다.", "상자에 글을 써 넣은 뒤 '채점하기'를 누르세요.")
        report = score_draft(self.text.value, self.sheet, kind=self.kind, settings=self.settings)
        record_draft(self.settings, learner=self.learner, text=self.text.value, report=report,
                     prompt_ref=self.record_as, fact_sheet=self.sheet.id if self.sheet is not None else None,
                     source="edited")
        self.last_report = report
        self.report.value = report._repr_html_()
        return report

    def _on_score(self, _button=None) -> None:
        self.message.value = ""
        try:
            self.score()
        except CivicLabError as exc:
            self.message.value = error_html(format_ko(exc))
