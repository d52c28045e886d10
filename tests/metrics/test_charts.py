"""Charts: Korean labels are real glyph outlines, and a missing glyph fails loudly."""

from __future__ import annotations

import pytest

from civiclab.metrics import charts


def test_korean_label_renders_as_outlines_without_font_fallback():
    plt = charts._setup()
    fig, ax = plt.subplots()
    ax.set_title("월별 단순 민원 — 챗봇 출시")
    svg = charts.render(fig)
    assert svg.startswith("<svg") and "<text" not in svg  # outlines: no font needed to view
    assert svg.count("<path") > 10 and "<metadata>" not in svg


def test_missing_glyph_is_an_error_not_a_box():
    plt = charts._setup()
    fig, ax = plt.subplots()
    ax.set_title("챗봇 \U0001F916")  # NanumGothic has no emoji
    with pytest.raises(charts.GlyphMissing):
        charts.render(fig)
