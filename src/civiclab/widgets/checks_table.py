"""Korean tables for notebook 00: the environment checks and which model is in use.

Plain objects with ``_repr_html_`` so a notebook cell shows them and a test
reads the same HTML; no widget state.
"""

from __future__ import annotations

import html

_STATUS = {"ok": ("정상", "#1b5e20"), "warn": ("주의", "#8a6d00"), "bad": ("문제", "#a40000")}


def _status(check) -> str:
    if check.ok:
        return "ok"
    return "warn" if getattr(check, "warn", False) else "bad"


class ChecksTable:
    """The doctor's checks as one Korean table: 항목, 상태, 내용, 해결 방법."""

    def __init__(self, checks) -> None:
        self.checks = list(checks)

    @property
    def problems(self) -> list:
        return [c for c in self.checks if _status(c) == "bad"]

    def summary_ko(self) -> str:
        bad = len(self.problems)
        warn = sum(1 for c in self.checks if _status(c) == "warn")
        if bad:
            return f"문제 {bad}건이 있습니다. 표의 '해결 방법'을 강사에게 보여 주세요."
        if warn:
            return f"실습에는 지장이 없습니다 (주의 {warn}건은 오류가 아닙니다)."
        return "모든 항목이 정상입니다. 다음 공책으로 넘어가세요."

    def _repr_html_(self) -> str:
        rows = []
        for c in self.checks:
            label, color = _STATUS[_status(c)]
            rows.append(
                f"<tr><td>{html.escape(c.name)}</td>"
                f"<td style='color:{color};font-weight:bold'>{label}</td>"
                f"<td>{html.escape(c.detail)}</td><td>{html.escape(c.fix or '')}</td></tr>"
            )
        return ("<div class='civiclab-checks' lang='ko'><table><thead><tr><th>항목</th><th>상태</th>"
                "<th>내용</th><th>해결 방법</th></tr></thead><tbody>" + "".join(rows)
                + f"</tbody></table><p><b>{html.escape(self.summary_ko())}</b></p></div>")


# Names only, never values: the hub or the instructor sets these, a learner never types a key.
ENDPOINT_VARIABLES = [
    ("CIVICLAB_BACKEND", "openai 로 두면 실제 모델을 씁니다 (비우면 연습 모델)"),
    ("OPENAI_BASE_URL 또는 CIVICLAB_BASE_URL", "시가 허가한 모델 서버 주소"),
    ("OPENAI_API_KEY 또는 CIVICLAB_API_KEY", "모델 서버의 열쇠(키). 서버가 넣어 주며 화면에 나오지 않습니다"),
    ("CIVICLAB_MODEL", "모델 이름 (예: gpt-4o-mini)"),
]


class BackendInfo:
    """Which model this notebook talks to, and how an instructor switches it."""

    def __init__(self, settings) -> None:
        self.settings = settings

    @property
    def is_practice(self) -> bool:
        return self.settings.backend == "offline"

    def _repr_html_(self) -> str:
        s = self.settings
        if self.is_practice:
            now = ("지금은 <b>규칙 기반 연습 모델</b>(civiclab-practice)을 씁니다. 인공지능이 아니라 정해진 규칙으로 "
                   "초안을 만드는 연습용 프로그램이며, 인터넷에 연결하지 않습니다.")
        else:
            key = "설정됨(값은 표시하지 않음)" if s.api_key is not None else "없음"
            now = (f"지금은 <b>실제 언어 모델</b> <code>{html.escape(s.model)}</code>을(를) 씁니다. "
                   f"주소: <code>{html.escape(s.effective_base_url)}</code>, 열쇠(키): {key}.")
        rows = "".join(f"<tr><td><code>{html.escape(n)}</code></td><td>{html.escape(d)}</td></tr>"
                       for n, d in ENDPOINT_VARIABLES)
        return (f"<div class='civiclab-backend' lang='ko'><p>{now}</p>"
                "<p>실제 모델로 바꾸는 일은 강사나 실습 서버가 환경 변수로 합니다. "
                "<b>공책에 열쇠(API 키)를 쓰지 마세요.</b></p>"
                f"<table><thead><tr><th>환경 변수</th><th>뜻</th></tr></thead><tbody>{rows}</tbody></table></div>")
