"""Charts with awkward but real inputs: empty and one-row tables, all-NaN columns, one
category, huge counts, 0 원, 40-character Korean names, values beyond the axis.  Every
chart must be well-formed SVG that stays inside its canvas, shows no "nan", gives the
same bytes twice, and draws the numbers it was given."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civiclab.metrics import charts, fontinfo, grade_charts, svg

NS = "{http://www.w3.org/2000/svg}"
NAN = float("nan")
LONG = "민원서류 발급 및 구비서류 제로화 시범사업 대상 분야(세종특별자치시 전체 읍면동 포함)"  # 45 characters
P = pd.Period


def _font():
    return fontinfo.metrics()


def _text_corners(el: ET.Element, font) -> list[tuple[float, float]]:
    """The four corners of a <text>'s box from the font's advance widths, rotation included."""
    x, y, size = float(el.get("x")), float(el.get("y")), float(el.get("font-size"))
    w = font.width(el.text or "", size)
    anchor = el.get("text-anchor", "start")
    x0 = x if anchor == "start" else x - w / 2 if anchor == "middle" else x - w
    y0, y1 = (y - size / 2, y + size / 2) if el.get("dominant-baseline") else (y - 0.8 * size, y + 0.2 * size)
    pts = [(x0, y0), (x0 + w, y0), (x0, y1), (x0 + w, y1)]
    if el.get("transform"):
        ang, cx, cy = map(float, re.fullmatch(r"rotate\((\S+) (\S+) (\S+)\)", el.get("transform")).groups())
        r = math.radians(ang)
        pts = [(cx + (px - cx) * math.cos(r) - (py - cy) * math.sin(r),
                cy + (px - cx) * math.sin(r) + (py - cy) * math.cos(r)) for px, py in pts]
    return pts


def _points(el: ET.Element, font) -> list[tuple[float, float]]:
    tag = el.tag.removeprefix(NS)
    f = lambda k: float(el.get(k))  # noqa: E731
    if tag == "text":
        return _text_corners(el, font)
    if tag == "rect":
        return [(f("x"), f("y")), (f("x") + f("width"), f("y") + f("height"))]
    if tag == "line":
        return [(f("x1"), f("y1")), (f("x2"), f("y2"))]
    if tag == "circle":
        return [(f("cx") - f("r"), f("cy") - f("r")), (f("cx") + f("r"), f("cy") + f("r"))]
    if tag == "path":
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", el.get("d"))]
        return list(zip(nums[::2], nums[1::2]))
    return []


def outside(doc: str) -> list[str]:
    """Marks and labels that reach beyond the viewBox.  Marks in a clipped group are cut
    at its clip box, so only that box (a <rect> in <clipPath>) must be inside."""
    root = ET.fromstring(doc)
    width, height = map(float, root.get("viewBox").split()[2:])
    font, bad = _font(), []

    def walk(el: ET.Element) -> None:
        for child in el:
            pts = _points(child, font)
            if any(not (-0.6 <= x <= width + 0.6 and -0.6 <= y <= height + 0.6) for x, y in pts):
                bad.append(f"{child.tag.removeprefix(NS)} {child.text or ''!r} {pts[:2]}")
            if child.get("clip-path") is None:
                walk(child)

    walk(root)
    return bad


def _texts(doc: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(doc).iter(f"{NS}text")]


def _monthly(months, cats, value=lambda i, c: 100.0) -> pd.DataFrame:
    rows = [{"month": P(m, "M"), "category": c, "simple_human": value(i, c)}
            for i, m in enumerate(months) for c in cats]
    return pd.DataFrame(rows, columns=["month", "category", "simple_human"]).astype({"simple_human": float})


MONTHS = [f"2023-{m:02d}" for m in range(1, 13)] + [f"2024-{m:02d}" for m in range(1, 13)]
NAMES, COVERED = {"A": "여권", "B": "주차"}, {"A": True, "B": False}
L24 = P("2024-01", "M")


def _cf(months, observed, cf) -> pd.DataFrame:
    return pd.DataFrame({"month": pd.PeriodIndex(months, freq="M"), "observed": observed, "counterfactual": cf})


def _est(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["method", "method_ko", "scope", "reduction", "ci_low", "ci_high", "covered"])


OVERALL = [("naive", "단순 전후 비교", "전체", 0.2, 0.1, 0.3, True),
           ("yoy", "전년 같은 달 대비", "전체", 0.25, 0.2, 0.3, True),
           ("did", "이중차분", "전체", 0.3, 0.2, 0.4, True)]


def _outcomes(months, v) -> pd.DataFrame:
    return pd.DataFrame({"group": months, "containment": v, "handover_rate": v, "repeat_rate_chatbot": v})


def _grades(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["student_id", "cohort", "assignment", "pct"])


def _crit(rows) -> pd.DataFrame:
    cols = ["student_id", "cohort", "department", "assignment", "criterion", "criterion_ko", "pct"]
    return pd.DataFrame(rows, columns=cols)


def _per(rows) -> pd.DataFrame:
    per = pd.DataFrame(rows, columns=["learner", "first_total", "final_total"])
    return per.assign(total_gain=per["final_total"] - per["first_total"])


def _cost(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["cohort", "cost_krw", "cost_per_learner_krw"])


def _daily(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["day", "prompt_ref", "calls"])


def _proj(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["prompt_ref", "projected_reduction", "meets_target"])


VERSIONS_40 = _daily([(f"2026-04-{1 + k % 28:02d}", f"prompt_{k}@{k}", 1 + k) for k in range(40)])

CASES = {
    "monthly: no rows": lambda: charts.monthly_by_category(_monthly([], "AB"), NAMES, COVERED, L24),
    "monthly: one month": lambda: charts.monthly_by_category(_monthly(["2024-03"], "AB"), NAMES, COVERED, L24),
    "monthly: all NaN": lambda: charts.monthly_by_category(_monthly(MONTHS, "AB", lambda i, c: NAN), NAMES,
                                                           COVERED, L24),
    "monthly: no covered": lambda: charts.monthly_by_category(_monthly(MONTHS, "B"), NAMES, {"B": False}, L24),
    "monthly: no control": lambda: charts.monthly_by_category(_monthly(MONTHS, "A"), NAMES, {"A": True}, L24),
    "monthly: 10 million": lambda: charts.monthly_by_category(_monthly(MONTHS, "AB", lambda i, c: 1e7 + i),
                                                              NAMES, COVERED, L24),
    "monthly: long names, launch last month": lambda: charts.monthly_by_category(
        _monthly(MONTHS, "AB"), {"A": LONG, "B": LONG}, COVERED, P("2024-12", "M"),
        [(P("2024-11", "M"), "chatbot.passport@" + "9" * 120)]),
    "counterfactual: no rows": lambda: charts.counterfactual(_cf([], [], []), L24, 0.3),
    "counterfactual: one month": lambda: charts.counterfactual(_cf(["2024-12"], [5.0], [7.0]), L24, 0.3),
    "counterfactual: all NaN": lambda: charts.counterfactual(_cf(MONTHS, [NAN] * 24, [NAN] * 24), L24, 0.3),
    "counterfactual: target over 95%": lambda: charts.counterfactual(
        _cf(MONTHS, [1e3] * 24, [NAN] * 12 + [1.2e3] * 12), L24, 1.2),
    "estimates: no rows": lambda: charts.estimates(_est([]), 0.3, NAMES),
    "estimates: NaN intervals only": lambda: charts.estimates(
        _est([r[:4] + (NAN, NAN, True) for r in OVERALL] + [("did", "이중차분", "A", 0.3, NAN, NAN, True)]),
        0.3, NAMES),
    "estimates: far below zero": lambda: charts.estimates(
        _est(OVERALL + [("did", "이중차분", "A", -2.5, -4.0, -1.0, True)]), 0.3, NAMES),
    "estimates: long names": lambda: charts.estimates(
        _est(OVERALL + [("did", "이중차분", c, 0.1, 0.0, 0.2, c == "A") for c in "AB"]), 0.3,
        {"A": LONG, "B": LONG * 2}),
    "estimates: base year of zeros": lambda: charts.estimates(
        _est(OVERALL + [("did", "이중차분", "A", -math.inf, -math.inf, math.inf, True)]), 0.3, NAMES),
    "outcomes: one month": lambda: charts.outcomes_by_month(_outcomes(["2024-03"], [0.5]), P("2024-03", "M")),
    "outcomes: all NaN": lambda: charts.outcomes_by_month(_outcomes(MONTHS, [NAN] * 24), L24),
    "outcomes: above 100%": lambda: charts.outcomes_by_month(_outcomes(MONTHS, [1.5] * 24), L24),
    "scores: no rows": lambda: grade_charts.score_distribution(_grades([])),
    "scores: one learner": lambda: grade_charts.score_distribution(_grades([("s1", "A", "01", 50.0)])),
    "scores: identical": lambda: grade_charts.score_distribution(
        _grades([(f"s{i}", "A", "01", 70.0) for i in range(5)])),
    "scores: all NaN": lambda: grade_charts.score_distribution(_grades([(f"s{i}", "A", "01", NAN) for i in range(5)])),
    "scores: long names, 6 cohorts": lambda: grade_charts.score_distribution(
        _grades([(f"s{i}", LONG[:10 + i], LONG + str(i), 60.0 + i) for i in range(6)])),
    "scores: above 100": lambda: grade_charts.score_distribution(
        _grades([(f"s{i}", "A", "01", 150.0 - i) for i in range(6)])),
    "criteria: one score": lambda: grade_charts.criterion_distribution(
        _crit([("s1", "A", "D", "01", "acc", "정확성", 80.0)])),
    "criteria: long names": lambda: grade_charts.criterion_distribution(
        _crit([("s1", "A", "D", LONG, "acc", LONG, 80.0), ("s1", "A", "D", "02", "b", LONG, -10.0)])),
    "criteria: far outside 0-100": lambda: grade_charts.criterion_distribution(
        _crit([("s1", "A", "D", "01", "acc", "정확성", -1e6), ("s2", "A", "D", "01", "acc", "정확성", 1e7)])),
    "heatmap: one cell": lambda: grade_charts.criterion_heatmap(_crit([("s1", "A", "D", "01", "acc", "정확성", 80.0)])),
    "heatmap: criterion no group has": lambda: grade_charts.criterion_heatmap(
        _crit([("s1", "A", "D", "01", "acc", "정확성", 80.0), ("s2", "B", "E", "01", "x", "없는 기준", NAN)])),
    "heatmap: long names": lambda: grade_charts.criterion_heatmap(
        _crit([("s1", LONG, LONG, "01", "acc", LONG, 80.0)])),
    "improvement: one learner": lambda: grade_charts.improvement_per_learner(_per([("a1", 50.0, 60.0)])),
    "improvement: NaN totals": lambda: grade_charts.improvement_per_learner(_per([("a1", NAN, NAN)])),
    "improvement: long id": lambda: grade_charts.improvement_per_learner(_per([(LONG, 0.0, 100.0), ("a2", 30.0, 20.0)])),
    "improvement: outside 0-100": lambda: grade_charts.improvement_per_learner(_per([("a1", -20.0, 130.0)])),
    "cost: no rows": lambda: charts.cost_per_cohort(_cost([])),
    "cost: 0 원": lambda: charts.cost_per_cohort(_cost([("A", 0.0, 0.0)])),
    "cost: 10 million": lambda: charts.cost_per_cohort(_cost([("A", 1e7, 1e7 / 3), ("B", 5.0, 1.0)])),
    "cost: long cohorts": lambda: charts.cost_per_cohort(
        _cost([(LONG, 10.0, 1.0), (LONG + "2", 10.0, 1.0), ("C", 3.0, 1.0)])),
    "cost: NaN": lambda: charts.cost_per_cohort(_cost([("A", NAN, NAN)])),
    "versions: no rows": lambda: charts.prompt_versions(_daily([])),
    "versions: one day": lambda: charts.prompt_versions(_daily([("2026-04-06", "p@1", 3)])),
    "versions: 40 versions": lambda: charts.prompt_versions(VERSIONS_40),
    "versions: long refs, 10 million calls": lambda: charts.prompt_versions(
        _daily([("2026-04-06", LONG + "@1", 3), ("2026-04-07", LONG + "@2", 10_000_000)])),
    "projection: no rows": lambda: charts.projection_chart(_proj([]), 0.3),
    "projection: negative": lambda: charts.projection_chart(_proj([("p@1", -0.4, False), ("p@2", 0.5, True)]), 0.3),
    "projection: huge": lambda: charts.projection_chart(_proj([("p@1", 5e6, True)]), 0.3),
    "projection: long ref": lambda: charts.projection_chart(_proj([(LONG + "@1", 0.2, False)]), 0.3),
}


@pytest.mark.parametrize("name", list(CASES))
def test_awkward_input_gives_valid_svg_inside_its_canvas(name):
    doc = CASES[name]()
    root = ET.fromstring(doc)
    assert root.tag == f"{NS}svg" and root.get("viewBox")
    assert outside(doc) == []
    assert not re.search(r"\bnan\b|\binf\b", doc, flags=re.IGNORECASE)  # no "nan%" or x="nan"
    assert CASES[name]() == doc  # same data, same bytes


def _long_labels(doc: str) -> list[tuple[str, str]]:
    """(shown, tooltip) of every label that was cut."""
    return [(t.text, t.find(f"{NS}title").text) for t in ET.fromstring(doc).iter(f"{NS}text")
            if t.find(f"{NS}title") is not None]


@pytest.mark.parametrize("name, full", [
    ("estimates: long names", LONG),
    ("scores: long names, 6 cohorts", LONG + "0"),
    ("criteria: long names", LONG),
    ("heatmap: long names", LONG),
    ("improvement: long id", LONG),
    ("cost: long cohorts", LONG),
    ("projection: long ref", LONG + "@1"),
    ("monthly: long names, launch last month", "chatbot.passport@" + "9" * 120 + " 적용"),
])
def test_a_long_name_is_cut_with_an_ellipsis_and_kept_whole_as_a_tooltip(name, full):
    cut = dict((tip, shown) for shown, tip in _long_labels(CASES[name]()))
    assert full in cut
    shown = cut[full]
    assert shown.endswith("…") and full.startswith(shown[:-1]) and len(shown) < len(full)


def test_control_line_is_the_mean_of_the_control_categories_present():
    data = _monthly(MONTHS, "ABC", lambda i, c: {"A": 100.0, "B": 40.0, "C": 60.0}[c])
    cov = {"A": True, "B": False, "C": False}
    doc = charts.monthly_by_category(data, NAMES, cov, L24)
    # a code the caller knows but the table lacks must not pull the mean down
    assert charts.monthly_by_category(data, NAMES, {**cov, "Z": False}, L24) == doc
    ctrl = next(p for p in ET.fromstring(doc).iter(f"{NS}path") if p.get("stroke") == "#999999")
    ys = {float(v) for v in re.findall(r"\d+(?:\.\d+)? (\d+(?:\.\d+)?)", ctrl.get("d"))}
    blue = next(p for p in ET.fromstring(doc).iter(f"{NS}path") if p.get("stroke") == svg.TAB10[0])
    (y100,) = {float(v) for v in re.findall(r"\d+(?:\.\d+)? (\d+(?:\.\d+)?)", blue.get("d"))}
    (y50,) = ys
    y0 = float(next(t.get("y1") for t in ET.fromstring(doc).iter(f"{NS}line") if t.get("y1") == t.get("y2")
                    and t.get("stroke") == svg.MUTED))  # the x axis
    assert (y0 - y50) == pytest.approx((y0 - y100) / 2, abs=0.2)  # (40 + 60) / 2 = 50 of 100


def test_no_control_categories_means_no_control_line_in_the_legend():
    assert "미대상 분야 평균(대조군)" not in _texts(CASES["monthly: no control"]())
    assert "미대상 분야 평균(대조군)" in _texts(CASES["monthly: no covered"]())


@pytest.mark.parametrize("name", ["monthly: one month", "outcomes: one month", "counterfactual: one month"])
def test_a_single_month_sits_mid_plot_under_its_label(name):
    root = ET.fromstring(CASES[name]())
    width = float(root.get("viewBox").split()[2])
    label = next(t for t in root.iter(f"{NS}text") if re.fullmatch(r"\d{4}-\d\d", t.text or ""))
    dots = [float(c.get("cx")) for c in root.iter(f"{NS}circle")]
    assert dots and all(x == pytest.approx(float(label.get("x")), abs=0.1) for x in dots)
    assert width * 0.3 < dots[0] < width * 0.7


@pytest.mark.parametrize("name, tick", [
    ("scores: above 100", "150"), ("outcomes: above 100%", "150"), ("improvement: outside 0-100", "-20"),
    ("improvement: outside 0-100", "140"), ("criteria: long names", "-20"),
])
def test_values_outside_the_usual_range_widen_the_axis(name, tick):
    assert tick in _texts(CASES[name]())


def test_marks_beyond_the_axis_are_clipped_at_the_plot_frame():
    c = svg.Canvas(300, 200, "clip")
    p = svg.Panel(c, (40, 20, 240, 150), (0, 10), (0, 100))
    with p.clipped():
        p.polyline([0, 5, 10], [50, 400, -300], color="#000")
    root = ET.fromstring(c.to_svg())
    clip = root.find(f"{NS}clipPath")
    box = clip.find(f"{NS}rect")
    assert [float(box.get(k)) for k in ("x", "y", "width", "height")] == [34, 14, 252, 162]
    group = root.find(f"{NS}g")
    assert group.get("clip-path") == f"url(#{clip.get('id')})" and group.find(f"{NS}path") is not None
    other = svg.Canvas(300, 200, "다른 차트")
    with svg.Panel(other, (40, 20, 240, 150), (0, 10), (0, 100)).clipped():
        pass
    assert f'id="{clip.get("id")}"' not in other.to_svg()  # two charts on one page: two clips


def test_prompt_versions_keep_every_call_when_40_versions_fold_into_the_rest():
    doc = CASES["versions: 40 versions"]()
    root = ET.fromstring(doc)
    counts = [int(re.search(r": ([\d,]+)회$", t.text).group(1).replace(",", ""))
              for t in root.iter(f"{NS}title") if t.text and t.text.endswith("회")]
    assert sum(counts) == VERSIONS_40["calls"].sum()
    legend = [t for t in _texts(doc) if t.startswith("prompt_") or t == "그 밖의 버전"]
    assert len(legend) == 12 and "그 밖의 버전" in legend


def test_cost_chart_shows_zero_huge_and_unknown_costs_as_such():
    assert "1인 0원" in _texts(CASES["cost: 0 원"]())
    big = CASES["cost: 10 million"]()
    assert "기수 A: 10,000,000원, 1인 3,333,333원" in big and "1인 3,333,333원" in _texts(big)
    unknown = CASES["cost: NaN"]()
    assert "자료 없음" in _texts(unknown) and ET.fromstring(unknown).find(f"{NS}rect") is None


def test_negative_projection_grows_left_of_a_zero_line():
    root = ET.fromstring(CASES["projection: negative"]())
    zero = next(ln for ln in root.iter(f"{NS}line") if ln.get("stroke") == "#999999")
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    left = next(r for r in bars if "-40.0%" in r.find(f"{NS}title").text)
    assert float(left.get("x")) + float(left.get("width")) == pytest.approx(float(zero.get("x1")), abs=0.1)


def test_estimates_say_no_data_in_an_empty_panel_and_keep_the_target_label_inside():
    doc = CASES["estimates: no rows"]()
    assert _texts(doc).count("자료 없음") == 2 and _texts(doc).count("목표 30%") == 2


@given(st.text(st.sampled_from("가나다라마바사 abcWi.@_0-9…"), max_size=60), st.floats(9, 400))
@settings(max_examples=60, deadline=None)
def test_fit_never_exceeds_its_width_and_keeps_a_prefix(s, width):
    c = svg.Canvas(10, 10)
    out = c.fit(s, 9, width)
    if out == s:
        assert c.text_width(s, 9) <= width
    else:
        assert out.endswith("…") and s.startswith(out[:-1].rstrip()) and c.text_width(out, 9) <= width + 1e-6


@given(st.lists(st.one_of(st.none(), st.floats(0, 1e7)), min_size=1, max_size=30))
@settings(max_examples=25, deadline=None)
def test_monthly_chart_with_gaps_and_any_counts_stays_inside(values):
    months = [str(P("2023-01", "M") + i) for i in range(len(values))]
    data = _monthly(months, "AB", lambda i, c: NAN if values[i] is None else values[i])
    doc = charts.monthly_by_category(data, NAMES, COVERED, P(months[-1], "M"))
    assert outside(doc) == [] and "nan" not in doc.replace("Nanum", "")


def _log(tmp_path, categories, **kw):
    from civiclab.datagen.complaints import ComplaintConfig, generate_complaints, write_complaints

    df = generate_complaints(ComplaintConfig(seed=3, rows_per_month=200, **kw), categories)
    return write_complaints(df, tmp_path / "log.parquet")


def test_report_without_a_year_before_launch_says_no_data_instead_of_empty_charts(tmp_path, categories):
    from civiclab.metrics.report import build_report

    log = _log(tmp_path, categories, months=4, start="2024-01", launch="2024-01")
    red = build_report(categories=categories, complaints=log, seed=1).section("reduction")
    assert [c.key for c in red.charts] == ["monthly_by_category"]
    notes = [w for w in red.warnings if "자료 없음" in w]
    assert any("반사실" in w for w in notes) and any("감소율 추정" in w for w in notes)


def test_report_with_no_score_at_all_shows_no_data_not_nan(tmp_path):
    from civiclab.metrics.report import build_report

    path = tmp_path / "grades.csv"
    path.write_text("student_id,cohort,department,assignment,score,max_score\ns1,A,D,01,,10\ns2,A,D,01,,10\n",
                    encoding="utf-8")
    gs = build_report(grades=path).section("grades")
    assert dict(gs.facts)["평균 점수(만점 대비)"] == "자료 없음" and gs.charts == []
    assert any(w.startswith("과제별 점수 분포: 자료 없음") for w in gs.warnings)


@pytest.mark.browser
def test_in_a_browser_no_label_leaves_its_chart(tmp_path):
    """Chromium draws the awkward charts with the embedded font: every label's painted box
    (rotation included) stays inside its chart, so the font widths used for layout hold."""
    from test_metrics_browser import ARGS, CHROMIUM

    from civiclab.metrics.html import write_report
    from civiclab.metrics.report import Chart, Report, Section

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium 이 없습니다: apt-get install -y chromium (browser tests skipped)")
    from playwright import sync_api

    shown = [Chart(f"c{i}", name, CASES[name]()) for i, name in enumerate(CASES)]
    index = write_report(Report("보고서", "세종시", [Section("edges", "어려운 입력", charts=shown)], {}),
                         tmp_path / "r")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(index.as_uri())
        page.evaluate("document.fonts.ready")
        stray = page.evaluate("""() => [...document.querySelectorAll('figure.chart > svg')].flatMap(svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')].filter(t => {
                const r = t.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                    || r.bottom > box.bottom + 1;
            }).map(t => svg.getAttribute('aria-label') + ': ' + t.textContent);
        })""")
        # every data dot with a tooltip is really painted (hit-testing honours the clip): a
        # page style that collapsed the clip would hide the marks and leave the labels
        hidden = page.evaluate("""() => [...document.querySelectorAll('figure.chart > svg')].flatMap(svg => {
            svg.scrollIntoView();
            return [...svg.querySelectorAll('g[clip-path] circle')].filter(c => c.querySelector('title'))
                .filter(c => {
                    const r = c.getBoundingClientRect();
                    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
                    return !(hit && hit.closest('svg') === svg && hit.tagName === 'circle');
                }).map(c => svg.getAttribute('aria-label') + ': ' + c.textContent);
        })""")
        dots = page.locator("figure.chart > svg g[clip-path] circle").count()
        browser.close()
    assert stray == []
    assert dots > 20 and hidden == []


def test_cutting_a_name_never_cuts_a_number():
    four = grade_charts.criterion_distribution(_crit([("s1", "A", "D", "01", f"c{k}", f"{k}{LONG}", 80.0)
                                                      for k in range(4)]))
    titles = [t for t in _texts(four) if t.endswith("명)")]
    assert len(titles) == 4 and all(t.endswith("… (1명)") for t in titles)  # the name is cut, the count kept
    many = charts.cost_per_cohort(_cost([(f"{k:02d}", 1e7 + k, 3_333_333.0) for k in range(40)]))
    assert outside(many) == []
    assert not [t for t in _texts(many) if t.startswith("1인") and not t.endswith("원")]
    assert many.count("1인 3,333,333원</title>") == 40  # too narrow to print: each bar's tooltip has it


def test_an_estimate_over_a_zero_base_is_named_not_drawn_at_infinity():
    doc = CASES["estimates: base year of zeros"]()
    assert "계산할 수 없음" in _texts(doc)
    assert len([c for c in ET.fromstring(doc).iter(f"{NS}circle")]) == 3  # the three overall methods


def test_report_with_a_launch_after_the_log_says_no_data_instead_of_empty_outcomes(complaint_file, categories):
    from civiclab.metrics.report import build_report

    out = build_report(categories=categories, complaints=complaint_file, launch="2030-01").section("outcomes")
    assert out.charts == [] and any(w.startswith("챗봇 상담 성과(월별) 그림: 자료 없음") for w in out.warnings)
