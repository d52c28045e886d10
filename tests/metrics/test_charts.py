"""Charts: valid SVG with Korean text, gaps for missing months, true box statistics,
font metrics and coverage, and the embedded font subset cache."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from civiclab.metrics import charts, fontinfo, svg

NS = "{http://www.w3.org/2000/svg}"


def _parse(doc: str) -> ET.Element:
    assert doc.startswith("<svg")
    return ET.fromstring(doc)


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def _counts(months: list[str], values: list[float | None]) -> pd.DataFrame:
    rows = []
    for m, v in zip(months, values):
        rows += [{"month": pd.Period(m, "M"), "category": "passport", "simple_human": v},
                 {"month": pd.Period(m, "M"), "category": "parking", "simple_human": 50.0}]
    return pd.DataFrame(rows)


def test_line_chart_is_valid_svg_with_korean_text_and_a_gap_for_a_missing_month():
    months = [f"2024-{m:02d}" for m in range(1, 8)]
    doc = charts.monthly_by_category(_counts(months, [100, 110, None, 90, 80, 70, 60]),
                                     {"passport": "여권", "parking": "주차"},
                                     {"passport": True, "parking": False}, pd.Period("2024-05", "M"),
                                     versions=[(pd.Period("2024-05", "M"), "chatbot-answer@3")])
    root = _parse(doc)
    texts = _texts(root)
    assert "월별 단순 민원(사람이 처리한 건) — 챗봇 대상 분야별" in texts
    assert {"여권", "미대상 분야 평균(대조군)", "챗봇 출시", "chatbot-answer@3 적용", "2024-01"} <= set(texts)
    solid = [p for p in root.iter(f"{NS}path") if p.get("stroke") == svg.TAB10[0]]
    # 100, 110 | gap | 90 .. 60: two pieces, never a line through zero
    assert len(solid) == 2 and [p.get("d").count("L") for p in solid] == [1, 3]
    assert root.get("role") == "img" and "civiclab-ko" in root.get("font-family")


def test_same_data_gives_the_same_bytes():
    months = [f"2023-{m:02d}" for m in range(1, 13)]
    args = (_counts(months, list(range(12))), {"passport": "여권"}, {"passport": True}, pd.Period("2023-06", "M"))
    assert charts.monthly_by_category(*args) == charts.monthly_by_category(*args)


def test_box_draws_tukey_statistics_and_the_mean():
    values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 300]
    c = svg.Canvas(400, 300, "상자")
    p = svg.Panel(c, (40, 20, 300, 200), (-1, 1), (0, 300))
    p.box(0, values + [float("nan")], width=0.5)
    root = _parse(c.to_svg())
    q1, med, q3 = np.percentile(values, [25, 50, 75])
    rect = next(root.iter(f"{NS}rect"))
    assert float(rect.get("y")) == pytest.approx(p.y(q3), abs=0.06)
    assert float(rect.get("height")) == pytest.approx(p.y(q1) - p.y(q3), abs=0.11)
    median = [ln for ln in root.iter(f"{NS}line") if ln.get("stroke") == "#e67e22"]
    assert float(median[0].get("y1")) == pytest.approx(p.y(med), abs=0.06)
    rings = [ci for ci in root.iter(f"{NS}circle") if ci.get("fill") == "none"]
    assert [round(float(r.get("cy")), 1) for r in rings] == [round(p.y(300), 1)]  # 300 is beyond 1.5 IQR
    assert "10명" in "".join(t.text or "" for t in root.iter(f"{NS}title"))


@pytest.mark.parametrize("lo, hi, expected", [
    (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
    (0, 97, [0, 20, 40, 60, 80, 100]),
    (0, 12345, [0, 2500, 5000, 7500, 10000, 12500]),
    (-12, 41, [-20, 0, 20, 40, 60]),
])
def test_nice_ticks_table(lo, hi, expected):
    assert svg.nice_ticks(lo, hi) == pytest.approx(expected)


@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6))
def test_nice_ticks_cover_the_range_with_few_round_steps(lo, span):
    hi = lo + span
    ticks = svg.nice_ticks(lo, hi)
    assert ticks[0] <= lo + 1e-6 * span and ticks[-1] >= hi - 1e-6 * span
    assert 2 <= len(ticks) <= 12
    steps = np.diff(ticks)
    assert np.allclose(steps, steps[0], rtol=1e-6)
    mantissa = steps[0] / 10 ** math.floor(math.log10(steps[0]))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))


def test_colour_scale_ends_and_middle():
    assert svg.rdylgn(0) == "#a50026" and svg.rdylgn(1) == "#006837" and svg.rdylgn(0.5) == "#ffffbf"
    assert svg.rdylgn(-3) == svg.rdylgn(0) and svg.rdylgn(7) == svg.rdylgn(1)


def test_font_metrics_widths_and_coverage(tmp_path):
    fontinfo._metrics_for.cache_clear()
    m = fontinfo.metrics(cache_dir=tmp_path)
    assert m.advance("가") == pytest.approx(0.94) and m.advance("힣") == pytest.approx(0.94)
    assert m.advance("0") == pytest.approx(0.606, abs=1e-3) and m.advance("i") < m.advance("m")
    assert m.width("가나", 10) == pytest.approx(18.8)
    assert m.missing("챗봇 \U0001F916 출시") == "\U0001F916"  # NanumGothic has no emoji
    cached = list(tmp_path.glob("metrics-*.json"))
    assert len(cached) == 1
    cached[0].write_text("{broken")  # a damaged cache is rebuilt, not trusted
    fontinfo._metrics_for.cache_clear()
    assert fontinfo.metrics(cache_dir=tmp_path) == m
    fontinfo._metrics_for.cache_clear()


def test_a_label_the_font_lacks_is_named_on_the_page(categories):
    from civiclab.metrics.html import render_html
    from civiclab.metrics.report import Chart, Report, Section

    c = svg.Canvas(400, 100, "챗봇 \U0001F916")
    c.title_text("챗봇 \U0001F916")
    rep = Report("보고서", "세종시", [Section("s", "성과", charts=[Chart("k", "차트", c.to_svg())])], {})
    page = render_html(rep, embed_font=False)
    assert "보고서 글꼴(나눔고딕)에 없는 글자 \U0001F916" in page
    clean = Report("보고서", "세종시", [Section("s", "성과")], {})
    assert "없는 글자" not in render_html(clean, embed_font=False)


def test_font_subset_cache_gives_the_same_bytes_and_survives_a_bad_file(tmp_path, monkeypatch):
    from civiclab.metrics import html

    monkeypatch.setattr(html, "_SUBSETS", {})
    cold = html.embedded_font_css("자체 해결률 이중차분", cache_dir=tmp_path)
    files = sorted(tmp_path.glob("*.woff"))
    assert len(files) == 2 and all(f.read_bytes()[:4] == b"wOFF" for f in files)  # regular and bold
    monkeypatch.setattr(html, "_SUBSETS", {})
    made = []
    real = html._make_subset
    monkeypatch.setattr(html, "_make_subset", lambda *a: made.append(a) or real(*a))
    assert html.embedded_font_css("이중차분 자체 해결률", cache_dir=tmp_path) == cold  # same glyph set: a hit
    assert made == []
    files[0].write_bytes(b"<html>cut")  # a broken cache file is rebuilt, never embedded
    monkeypatch.setattr(html, "_SUBSETS", {})
    assert html.embedded_font_css("자체 해결률 이중차분", cache_dir=tmp_path) == cold
    assert len(made) == 1 and files[0].read_bytes()[:4] == b"wOFF"
    other = html.embedded_font_css("상담원 연결률", cache_dir=tmp_path)
    assert other != cold and len(list(tmp_path.glob("*.woff"))) == 4
