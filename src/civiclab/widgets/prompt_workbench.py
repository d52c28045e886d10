"""PromptWorkbench: write a library prompt in YAML, lint it, run its tests offline (notebook 07).

The text is saved to the learner's own proposals folder (never into prompts/);
an earlier save is kept in the state folder before it is replaced, so no
learner work is lost.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

import ipywidgets as W

from civiclab.errors import CivicLabError, InputError, format_ko
from civiclab.widgets._common import error_html, ok_html, resolve_settings

TEMPLATE = """\
# 내 프롬프트 제안서. '여기를 고치세요' 표시가 있는 줄을 바꿔 보세요.
id: writing.my_headline            # 여기를 고치세요: 영어 소문자와 점 (파일 이름이 됩니다)
title: 행사 안내 보도자료 제목 제안   # 여기를 고치세요
task: headline
owner: 홍보담당관실
tags: [제목, 연습]
versions:
  - version: 1
    status: draft                  # 초안으로 제안합니다. 승인은 담당 부서가 합니다.
    created: 2025-04-01
    author: 학습자
    changelog: 처음 만듦
    temperature: 0.3
    max_tokens: 300
    messages:
      - role: system
        content: |
          당신은 {{ organization }} 홍보담당관실의 편집 담당 공무원입니다.
          - 제목은 30자 이내로, 시민이 얻는 것이 먼저 보이게 쓰세요.
          - [사실 자료]에 없는 숫자나 과장된 말(최초, 최고, 획기적)은 쓰지 마세요.
      - role: user
        content: |
          아래 [사실 자료]로 보도자료 제목 후보를 3개 제안해 주세요.

          {{ fact_sheet }}
    variables:
      - name: fact_sheet
        description: 사실 자료 블록 ([사실 자료]로 시작)
        required: true
      - name: organization
        description: 기관 이름
        required: false
        default: 세종특별자치시
tests:
  - name: 축제 제목                 # 여기를 고치세요: 시험 사례를 하나 더 만들어 보세요
    fact_sheet:
      id: test-festival
      kind: press_release
      title: 세종시, 10월 세종축제 연다
      organization: 세종특별자치시
      release_date: 2025-09-20
      facts:
        - 세종축제가 세종호수공원 일원에서 열린다.
      figures:
        - {label: 프로그램, value: 70, unit: 개}
      dates:
        - {label: 축제 시작, value: 2025-10-10}
    assertions:
      - type: contains
        value: [축제]
      - type: not_contains
        value: [최초, 획기적]
      - type: max_length
        value: 300
      - type: no_pii
"""

_SEVERITY = {"error": ("오류", "#a40000"), "warning": ("주의", "#8a6d00"), "info": ("참고", "#555")}
_STATUS = {"pass": ("통과", "#1b5e20"), "fail": ("실패", "#a40000"), "skip": ("건너뜀", "#8a6d00"),
           "error": ("오류", "#a40000")}
# A proposal is locked by the library's maintainers when they accept it, so its
# missing lock entry is expected here and shown as a note rather than a problem.
_EXPECTED_IN_PROPOSALS = {"LOCK_MISSING"}


class PromptWorkbench:
    def __init__(self, settings=None, *, learner: str | None = None, text: str = TEMPLATE) -> None:
        from civiclab.history import check_learner_id
        from civiclab.widgets.session import _safe_id

        self.settings = resolve_settings(settings)
        self.learner = check_learner_id(learner or _safe_id(self.settings.user))
        self.issues: list = []
        self.report = None
        self.yaml = W.Textarea(value=text, layout=W.Layout(width="98%", height="520px"))
        self.lint_button = W.Button(description="점검하기", button_style="primary", icon="check")
        self.test_button = W.Button(description="시험하기", icon="play")
        self.message = W.HTML()
        self.lint_out = W.HTML()
        self.test_out = W.HTML()
        self.lint_button.on_click(self._guarded(self.lint))
        self.test_button.on_click(self._guarded(self.test))
        self.widget = W.VBox([W.HTML("<h3>내 프롬프트 제안서</h3>"), self.yaml,
                              W.HBox([self.lint_button, self.test_button]), self.message,
                              self.lint_out, self.test_out])

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def folder(self) -> Path:
        return self.settings.root / "my_prompts" / self.learner / "proposals"

    def save(self) -> Path:
        from civiclab.yamlsafe import YamlProblem, safe_load

        try:
            data = safe_load(self.yaml.value)
        except YamlProblem as exc:
            raise InputError(f"YAML 문법 오류가 있습니다{exc.where()}: {exc.problem}", exc.fix) from None
        pid = data.get("id") if isinstance(data, dict) else None
        if not isinstance(pid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+", pid):
            raise InputError("id 가 없거나 모양이 틀렸습니다.", "id: writing.my_headline 처럼 영어 소문자와 점으로 쓰세요.")
        folder = self.folder() / pid.split(".")[0]  # the library keeps each area in its own folder
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{pid}.yaml"
        if path.exists() and path.read_text(encoding="utf-8") != self.yaml.value:
            keep = self.settings.state_path / "prompt_drafts" / self.learner
            keep.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            (keep / f"{pid}-{stamp}.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(self.yaml.value, encoding="utf-8")
        tmp.replace(path)
        return path

    def _library(self):
        from civiclab.prompts import PromptLibrary

        self.save()
        return PromptLibrary.load(self.folder())

    def lint(self) -> list:
        from civiclab.prompts.lint import lint_library

        lib = self._library()
        issues, notes = lint_library(lib, self.settings, project_root=self.settings.root)
        self.issues = [i for i in issues if i.code not in _EXPECTED_IN_PROPOSALS]
        expected = [i for i in issues if i.code in _EXPECTED_IN_PROPOSALS]
        rows = "".join(
            f"<tr><td style='color:{_SEVERITY.get(i.severity, ('', '#000'))[1]}'>"
            f"{_SEVERITY.get(i.severity, (i.severity, ''))[0]}</td><td>{html.escape(i.code)}</td>"
            f"<td>{html.escape(i.where())}</td><td>{html.escape(i.problem)}</td><td>{html.escape(i.fix)}</td></tr>"
            for i in self.issues)
        errors = [i for i in self.issues if i.severity == "error"]
        head = ("<p><b>점검 통과</b>: 고칠 오류가 없습니다.</p>" if not errors
                else f"<p><b>고칠 오류 {len(errors)}건</b>이 있습니다.</p>")
        table = ("<table class='civiclab-lint'><thead><tr><th>수준</th><th>코드</th><th>위치</th><th>문제</th>"
                 f"<th>해결 방법</th></tr></thead><tbody>{rows}</tbody></table>") if rows else ""
        extra = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        if expected:
            extra += ("<li>잠금 파일(library.lock)에 아직 없습니다. 제안이 받아들여지면 관리자가 잠급니다.</li>")
        self.lint_out.value = head + table + (f"<ul>{extra}</ul>" if extra else "")
        return self.issues

    def test(self):
        from civiclab.prompts.testing import run_tests

        lib = self._library()
        errors = [i for i in lib.issues if i.severity == "error"]
        if errors:
            raise InputError(f"프롬프트 파일을 읽을 수 없습니다: {errors[0].problem}", errors[0].fix)
        self.report = run_tests(lib, self.settings)
        rows = []
        for run in self.report.runs:
            label, color = _STATUS.get(run.status, (run.status, "#000"))
            checks = "<br>".join(
                f"{'✔' if a.passed else ('–' if a.passed is None else '✘')} {html.escape(a.type)}: "
                f"{html.escape(a.message)}" for a in run.results) or html.escape(run.error)
            rows.append(f"<tr><td>{html.escape(run.case)}</td><td style='color:{color};font-weight:bold'>{label}</td>"
                        f"<td>{checks}</td><td><small>{html.escape((run.output or '')[:300])}</small></td></tr>")
        counts = self.report.counts()
        model = ("규칙 기반 연습 모델(인공지능 아님)" if self.report.backend == "offline"
                 else f"언어 모델 {self.report.model}")
        self.test_out.value = (
            f"<p><b>시험 결과</b> ({html.escape(model)}): 통과 {counts.get('pass', 0)}, 실패 {counts.get('fail', 0)}, "
            f"건너뜀 {counts.get('skip', 0)}, 오류 {counts.get('error', 0)}</p>"
            "<table class='civiclab-tests'><thead><tr><th>사례</th><th>결과</th><th>검사</th><th>모델의 답</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
        return self.report

    def _guarded(self, handler):
        def run(_button=None):
            self.message.value = ""
            try:
                handler()
                self.message.value = ok_html(f"저장했습니다: my_prompts/{self.learner}/proposals")
            except CivicLabError as exc:
                self.message.value = error_html(format_ko(exc))
        return run
