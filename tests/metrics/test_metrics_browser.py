"""Open the dashboard in a real headless browser (Debian chromium + Playwright)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian chromium 이 없습니다: apt-get install -y chromium (browser tests skipped)")
    from playwright import sync_api
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_dashboard_renders_every_chart_and_korean_text(tmp_path, browser, all_inputs, categories):
    from civiclab.metrics.html import write_report
    from civiclab.metrics.report import build_report

    rep = build_report(categories=categories, **all_inputs)
    index = write_report(rep, tmp_path / "report")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"requestfailed: {r.url}"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")

    assert problems == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests  # works offline
    charts = page.locator("figure.chart svg")
    assert charts.count() == 11
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
    text = page.inner_text("body")
    for phrase in ("AI 행정 실습실 성과 보고서", "자체 해결률", "이중차분", "단순 전후 비교", "교육생별 향상",
                   "기수별 비용", "프롬프트 버전별 사용", "목표", "기준별·과제별 점수 분포", "사실 정확성"):
        assert phrase in text
    # the embedded Korean font is what the page actually uses (no boxes without system fonts)
    assert page.evaluate("document.fonts.check('16px civiclab-ko', '자체 해결률')")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('civiclab-ko') && f.status === 'loaded')")
    # Ask the renderer which font drew each glyph of the chart labels and headings: all of
    # them must come from the embedded subset, none from a system fallback (or a box).
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "figure.chart svg text, h2"})["nodeIds"]
    used: dict[tuple[str, bool], int] = {}
    for node in nodes:
        for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used[(f["familyName"], f["isCustomFont"])] = used.get((f["familyName"], f["isCustomFont"]), 0) + f["glyphCount"]
    assert len(nodes) > 100 and set(used) == {("NanumGothic", True)}, used
    assert sum(used.values()) > 1000
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "metrics_dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    page.close()


def test_missing_sections_are_visible_in_browser(tmp_path, browser, categories):
    from civiclab.metrics.html import write_report
    from civiclab.metrics.report import build_report

    index = write_report(build_report(categories=categories), tmp_path / "empty")
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(index.as_uri())
    missing = page.locator("section[data-available='false']")
    assert missing.count() == 7
    for i in range(missing.count()):
        assert missing.nth(i).is_visible() and "자료 없음" in missing.nth(i).inner_text()
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "metrics_dashboard_empty.png"), full_page=True)
    page.close()
