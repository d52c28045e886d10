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
