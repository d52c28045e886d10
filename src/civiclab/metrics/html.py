"""Render a :class:`Report` as one self-contained HTML page, and write its tables.

No script, no external font, stylesheet or image: charts are inline SVG whose text uses
the page's embedded NanumGothic subset, so the page reads the same from a USB stick as
from a web server, with or without a Korean font on the computer.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import pandas as pd

from civiclab.metrics.fontinfo import font_cache_dir
from civiclab.metrics.report import DEFINITIONS, Report

_COL_KO = {
    "month": "월", "category": "분야", "method_ko": "방법", "scope": "범위", "reduction": "감소율",
    "ci_low": "신뢰구간 하한", "ci_high": "신뢰구간 상한", "n_months": "사용한 달 수", "note": "비고",
    "group": "구분", "contacts": "상담 수", "chatbot_sessions": "챗봇 상담 수", "containment": "자체 해결률",
    "handover_rate": "상담원 연결률", "repeat_rate": "재문의율", "repeat_rate_chatbot": "재문의율(챗봇)",
    "abandoned_rate": "중단율", "satisfaction_human": "만족도(사람)", "satisfaction_chatbot": "만족도(챗봇)",
    "satisfaction_response": "설문 응답률", "prompt_ref": "프롬프트 버전", "simple_human": "단순 민원(사람 처리)",
    "observed": "실제", "counterfactual": "반사실", "target": "목표", "cohort": "기수",
    "assignment": "과제", "submitted": "제출", "learners": "교육생", "completion": "완료율",
    "mean_pct": "평균(%)", "median_pct": "중앙값(%)", "department": "부서", "learner": "교육생",
    "total_gain": "총점 향상", "fpe_drop": "어절당 지적 감소", "code": "지적 코드", "count": "건수",
    "calls": "호출", "tokens": "토큰", "cost_krw": "비용(원)", "cost_per_learner_krw": "1인당 비용(원)",
    "projected_reduction": "예상 감소율", "meets_target": "목표 달성", "pass_rate": "통과율",
    "mean_score": "평균 점수", "answer_accuracy": "정답률", "wrong_answer_rate": "오답률",
    "correct_handover_rate": "올바른 연결률", "previous": "이전 버전", "label": "표시",
    "covered": "챗봇 대상", "target_reduction": "목표 감소율", "pass_rate_change": "통과율 변화",
    "mean_score_change": "평균 점수 변화", "answer_accuracy_change": "정답률 변화",
    "wrong_answer_rate_change": "오답률 변화", "correct_handover_rate_change": "올바른 연결률 변화", "answer_rate": "정답률", "questions": "질문 수", "share": "비중",
    "gap_to_target": "목표와 차이", "categories_without_eval": "평가 없는 분야", "drafts": "초안 수",
    "prompt_refs": "사용한 프롬프트", "first_total": "첫 총점", "final_total": "최종 총점",
    "first_fpe": "첫 어절당 지적", "final_fpe": "최종 어절당 지적", "fact_sheets": "사실 자료 수",
    "user": "사용자", "day": "날짜", "has_data": "자료 있음", "chatbot_resolved": "챗봇 해결",
    "prompt_id": "프롬프트", "cases": "사례 수", "p25": "하위 25%(%)", "p75": "상위 25%(%)",
    "criterion": "기준", "criterion_ko": "기준 이름", "kind": "글 종류", "first_score": "첫 점수",
    "final_score": "최종 점수", "gain": "향상",
}
_RATE_COLS = {"reduction", "ci_low", "ci_high", "containment", "handover_rate", "repeat_rate",
              "repeat_rate_chatbot", "abandoned_rate", "satisfaction_response", "completion",
              "projected_reduction", "pass_rate", "answer_accuracy", "wrong_answer_rate",
              "correct_handover_rate", "answer_rate", "share", "gap_to_target", "target_reduction",
              "pass_rate_change", "answer_accuracy_change", "wrong_answer_rate_change",
              "correct_handover_rate_change"}

CSS = """
body{font-family:'civiclab-ko','Noto Sans KR','Malgun Gothic','Apple SD Gothic Neo',sans-serif;margin:0;color:#222;
background:#f6f7f9;line-height:1.55}
header{background:#1f4e79;color:#fff;padding:18px 28px}header h1{margin:0;font-size:1.5em}
main{max-width:1180px;margin:0 auto;padding:12px 24px 40px}
section{background:#fff;border-radius:8px;padding:16px 22px;margin:16px 0;box-shadow:0 1px 3px #0002}
h2{color:#1f4e79;margin-top:0}.facts{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 14px}
.fact{background:#eef3f8;border-radius:6px;padding:8px 12px;min-width:150px}
.fact b{display:block;font-size:1.15em}.missing{background:#fff4e5;border-left:5px solid #e67e22}
.warn{background:#fdecea;border-left:4px solid #c0392b;padding:6px 10px;margin:6px 0}
figure{margin:10px 0}figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:.9em}
table{border-collapse:collapse;font-size:.85em;margin:6px 0}td,th{border:1px solid #ddd;padding:3px 7px;
text-align:right}th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}
details{margin:6px 0}nav a{margin-right:12px;color:#1f4e79}dt{font-weight:bold;margin-top:8px}
"""


def _fmt(col: str, v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "—"
    if isinstance(v, (bool, np.bool_)):
        return "예" if v else "아니오"
    if col in _RATE_COLS and isinstance(v, (float, np.floating)):
        return f"{v * 100:.1f}%"
    if isinstance(v, (float, np.floating)):
        return f"{v:,.2f}"
    if isinstance(v, (int, np.integer)):
        return f"{v:,}"
    return str(v)


def _table_html(df: pd.DataFrame, limit: int = 40) -> str:
    from html import escape

    cols = [c for c in df.columns if c not in {"months", "method"}]
    head = "".join(f"<th>{escape(_COL_KO.get(c, c))}</th>" for c in cols)
    body = []
    for _, row in df.head(limit).iterrows():
        body.append("<tr>" + "".join(f"<td>{escape(_fmt(c, row[c]))}</td>" for c in cols) + "</tr>")
    more = f"<p>… {len(df) - limit:,}줄 더 있음(CSV 파일 참고)</p>" if len(df) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


# Bump when the subsetting options below change: cached subsets are keyed by it.
_SUBSET_VERSION = "2"
_SUBSETS: dict[str, bytes] = {}  # this process's subsets (a notebook re-renders often)


def embedded_font_css(text: str, cache_dir: Path | None = None) -> str:
    """@font-face rules with NanumGothic (SIL OFL, shipped by koreanize-matplotlib) cut
    down to the characters of this page, so Hangul renders on machines without a
    Korean font and the page stays small (about 35 KB per weight).

    Subsetting loads the whole 4 MB font (about 0.25 s CPU per weight), yet a report's
    character set hardly changes between runs; subsets are cached by font file, its
    size and mtime, and the exact character set, so a hit gives the very same bytes.
    """
    import base64
    import os

    from civiclab.metrics.fontinfo import font_path

    chars = "".join(sorted(set(text) | set("0123456789%.,")))
    rules = []
    for bold, weight in ((False, 400), (True, 700)):
        path = font_path(bold)
        if not os.path.exists(path):
            continue
        data = base64.b64encode(_subset_woff(path, chars, cache_dir)).decode("ascii")
        rules.append(f"@font-face{{font-family:'civiclab-ko';font-weight:{weight};"
                     f"src:url(data:font/woff;base64,{data}) format('woff')}}")
    return "\n".join(rules)


def _subset_woff(path: str, chars: str, cache_dir: Path | None) -> bytes:
    import hashlib
    import os

    st = os.stat(path)
    key = hashlib.sha256(f"{_SUBSET_VERSION}|{os.path.abspath(path)}|{st.st_size}|{st.st_mtime_ns}|{chars}"
                         .encode()).hexdigest()[:32]
    if key in _SUBSETS:
        return _SUBSETS[key]
    cached = None
    try:
        folder = cache_dir or font_cache_dir()
        cached = folder / f"{key}.woff"
        blob = cached.read_bytes()
        if blob[:4] == b"wOFF":  # a cut or foreign file is recomputed, never embedded
            _SUBSETS[key] = blob
            return blob
    except OSError:
        pass
    blob = _make_subset(path, chars)
    _SUBSETS[key] = blob
    if cached is not None:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, cached)  # concurrent reports never see half a file
        except OSError:
            pass  # a read-only cache only costs time
    return blob


def _make_subset(path: str, chars: str) -> bytes:
    import io
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    opts = subset.Options()
    opts.flavor, opts.hinting, opts.layout_features, opts.name_IDs = "woff", False, [], [1, 2]
    opts.glyph_names, opts.recalc_bounds, opts.recalc_timestamp = False, False, False
    # Kerning and layout tables are most of the subsetting time (~1 s) and unused by
    # Hangul body text; the TSI* tables are VTT sources fontTools cannot subset anyway.
    opts.drop_tables += ["kern", "GPOS", "GSUB", "DSIG", "TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    # recalcTimestamp=False: head.modified stays the font's own, so a subset is the same
    # bytes whenever it is made (the subsetter's recalc_timestamp option does not reach save()).
    font = TTFont(path, lazy=True, recalcTimestamp=False)
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    return buf.getvalue()


def render_html(report: Report, *, embed_font: bool = True, font_cache: Path | None = None) -> str:
    import jinja2

    env = jinja2.Environment(autoescape=True)
    tpl = env.from_string(_TEMPLATE)
    page = tpl.render(
        r=report, css=CSS, definitions=DEFINITIONS, table_html=_table_html,
        now=_dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        safe=lambda s: jinja2.utils.markupsafe.Markup(s), font_css="/*FONT*/", glyph_note="<!--GLYPHS-->",
    )
    missing = _missing_glyphs(page)
    page = page.replace("<!--GLYPHS-->", _glyph_note(missing), 1)
    if embed_font:
        page = page.replace("/*FONT*/", embedded_font_css(page, font_cache), 1)
    return page


def _missing_glyphs(page: str) -> str:
    """Characters of the page (charts included) that the embedded font cannot draw."""
    import re

    from civiclab.metrics.fontinfo import metrics

    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL)
    return metrics().missing(text)


def _glyph_note(missing: str) -> str:
    from html import escape

    if not missing:
        return ""
    # the browser draws them with another installed font, or as boxes where none has them
    return (f"<p class='warn'>보고서 글꼴(나눔고딕)에 없는 글자 {escape(' '.join(missing))} 는 이 컴퓨터에 "
            f"설치된 다른 글꼴로 보입니다. 글꼴이 없으면 네모로 보일 수 있습니다.</p>")


def _font_style(fragment: str) -> str:
    """A ``<style>`` with the embedded font for a notebook fragment (JupyterLab pages have
    no ``civiclab-ko`` font of their own)."""
    return f"<style>{embedded_font_css(fragment)}</style>"


def chart_html(chart) -> str:
    """One chart for a notebook cell: the SVG, its caption and the font it needs."""
    from html import escape

    body = (f"<figure style='max-width:1000px;margin:6px 0'>{chart.svg}"
            f"<figcaption>{escape(chart.title)}: {escape(chart.caption)}</figcaption></figure>")
    return _font_style(body) + body


def summary_html(report: Report) -> str:
    """A fragment for notebooks: headline figures, warnings and charts of every section."""
    from html import escape

    parts = []
    for s in report.sections:
        if s.key == "definitions":
            continue
        parts.append(f"<h3>{escape(s.title)}</h3>")
        if not s.available:
            parts.append(f"<p style='color:#b35900'><b>{escape(s.missing)}</b> {escape(s.how_to)}</p>")
            continue
        facts = " · ".join(f"{escape(k)}: <b>{escape(v)}</b>" for k, v in s.facts)
        parts.append(f"<p>{facts}</p>")
        parts += [f"<p style='color:#c0392b'>{escape(w)}</p>" for w in s.warnings]
        parts += [f"<figure style='max-width:900px'>{c.svg}<figcaption>{escape(c.caption)}</figcaption></figure>"
                  for c in s.charts]
    body = "<div style=\"font-family:civiclab-ko,sans-serif\">" + "".join(parts) + "</div>"
    return _font_style(body) + body


def write_report(report: Report, out_dir: Path, *, font_cache: Path | None = None) -> Path:
    """Write ``index.html`` and every table as ``tables/<name>.csv`` and ``.parquet``.

    ``font_cache``: folder for embedded-font subsets (default :func:`font_cache_dir`)."""
    out_dir = Path(out_dir)
    tables_dir = out_dir / "tables"
    tables_dir.mkdir(parents=True, exist_ok=True)
    for name, df in report.tables().items():
        df = df.copy()
        for c in df.columns:
            if isinstance(df[c].dtype, pd.PeriodDtype) or df[c].dtype == object:
                df[c] = df[c].map(lambda v: None if v is None or v is pd.NA else str(v)).astype("string")
            elif isinstance(df[c].dtype, pd.CategoricalDtype):
                df[c] = df[c].astype("string")
        df.to_csv(tables_dir / f"{name}.csv", index=False, encoding="utf-8-sig")
        df.to_parquet(tables_dir / f"{name}.parquet", index=False)
    index = out_dir / "index.html"
    tmp = index.with_name("index.html.tmp")
    tmp.write_text(render_html(report, font_cache=font_cache), encoding="utf-8")
    tmp.replace(index)
    return index


_TEMPLATE = """<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ r.title }} — {{ r.organization }}</title><style>{{ font_css }}
{{ safe(css) }}</style></head>
<body><header><h1>{{ r.title }}</h1><div>{{ r.organization }} 디지털정책과 · 만든 때 {{ now }}</div></header>
<main>
<nav>{% for s in r.sections %}<a href="#{{ s.key }}">{{ s.title }}</a>{% endfor %}</nav>
{% for s in r.sections %}
<section id="{{ s.key }}" class="{{ '' if s.available else 'missing' }}" data-available="{{ s.available|lower }}">
<h2>{{ s.title }}</h2>
{% if s.key == 'definitions' %}
<dl>{% for name, text, note in definitions %}<dt>{{ name }}</dt><dd>{{ text }}{% if note %}<br><small>{{ note }}</small>{% endif %}</dd>{% endfor %}</dl>
<p><small>입력 자료: {% for k, v in r.inputs.items() %}{{ k }}={{ v }}{% if not loop.last %} · {% endif %}{% endfor %}</small></p>
{% elif not s.available %}
<p class="nodata"><b>{{ s.missing }}</b></p><p>{{ s.how_to }}</p>
{% else %}
{% if s.facts %}<div class="facts">{% for k, v in s.facts %}<div class="fact">{{ k }}<b>{{ v }}</b></div>{% endfor %}</div>{% endif %}
{% for w in s.warnings %}<div class="warn">{{ w }}</div>{% endfor %}
{% for p in s.paragraphs %}<p>{{ p }}</p>{% endfor %}
{% for c in s.charts %}<figure class="chart" data-chart="{{ c.key }}" role="img" aria-label="{{ c.title }}">
{{ safe(c.svg) }}<figcaption>{{ c.title }}: {{ c.caption }}</figcaption></figure>{% endfor %}
{% for name, df in s.tables.items() %}<details{% if loop.first %} open{% endif %}><summary>표: {{ name }}
(<a href="tables/{{ name }}.csv">CSV</a>, <a href="tables/{{ name }}.parquet">Parquet</a>)</summary>
{{ safe(table_html(df)) }}</details>{% endfor %}
{% endif %}
</section>
{% endfor %}
{{ safe(glyph_note) }}<p><small>합성 자료로 만든 예시일 수 있습니다: 입력 자료의 자료 설명서(datasheet)를 확인하세요.
이 보고서는 서버나 인터넷 없이 열립니다.</small></p>
</main></body></html>
"""
