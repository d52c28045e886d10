"""Build the digital-policy report: a list of sections, each from one input.

``build_report`` returns data (sections with tables, charts and Korean text);
``civiclab.metrics.html`` renders it.  An input that was not given becomes a
visible "자료 없음" section; an input that was given but is broken raises
InputError (the CLI shows it in Korean and exits 2).  No number is shown that the
inputs do not support.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from civiclab.metrics import charts, course, grade_charts, impact, prompt_tests
from civiclab.metrics import complaints as cm

TARGET = 0.30  # the city's expected fall of simple complaints

DEFINITIONS = [
    ("자체 해결률(containment)",
     ("챗봇 상담 가운데, 챗봇이 해결로 마쳤고(상담원 연결 없음) 같은 시민이 같은 분야로 7일 안에 "
      "사람(120 전화·누리집·방문)에게 다시 문의하지 않은 비율. 중간에 그만둔 상담은 해결로 세지 않습니다."),
     ("Dialogflow CX는 '24시간 안에 다시 전화하지 않은 상담', Zendesk는 '72시간 동안 상담원 연결 없는 "
      "자동 해결'을 셉니다. 이 보고서는 더 엄격하게 7일을 기준으로 합니다.")),
    ("상담원 연결률(hand-over)", "챗봇 상담 가운데 상담원에게 넘긴 비율.", ""),
    ("재문의율(repeat contact)",
     "모든 상담 가운데, 같은 시민이 같은 분야로 7일 안에 다시 문의한 비율(경로 무관).",
     "시민 식별자(가명)와 시각으로 기록에서 직접 계산합니다."),
    ("만족도", "상담 뒤 설문에 답한 건의 평균(1~5점). 응답률을 함께 적습니다.", ""),
    ("단순 민원",
     ("공개된 정보만으로 답할 수 있는 문의(운영 시간, 구비서류, 자격, 신청 방법, 일정) 가운데 "
      "사람이 처리한 건(상담원 연결과 재문의 포함). 시가 기대한 '단순 민원 약 30% 감소'의 대상입니다."), ""),
    ("이중차분(difference-in-differences)",
     ("챗봇 대상 분야의 '출시 후 달 ÷ 전년 같은 달' 비율을, 챗봇이 다루지 않는 분야의 같은 비율로 나눕니다. "
      "계절(같은 달 비교)과 도시 전체의 증감(대조 분야)을 함께 걸러 냅니다. 신뢰구간은 달을 무작위로 다시 뽑는 "
      "부트스트랩(2,000회, 고정 난수)으로 구합니다."), ""),
]


@dataclass
class Chart:
    key: str
    title: str
    svg: str
    caption: str = ""

    def _repr_html_(self) -> str:
        from civiclab.metrics.html import chart_html

        return chart_html(self)


@dataclass
class Section:
    key: str
    title: str
    available: bool = True
    missing: str = ""  # why there is no data (Korean)
    how_to: str = ""  # how to provide it (Korean)
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)  # headline figures (label, value)
    charts: list[Chart] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    title: str
    organization: str
    sections: list[Section]
    inputs: dict[str, str]

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {}
        for s in self.sections:
            out.update(s.tables)
        return out

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def _repr_html_(self) -> str:
        from civiclab.metrics.html import summary_html

        return summary_html(self)


def pct(x, digits: int = 1) -> str:
    return "자료 없음" if x is None or np.isnan(x) else f"{x * 100:.{digits}f}%"


def _num(x, digits: int = 2) -> str:
    return "자료 없음" if x is None or np.isnan(x) else f"{x:.{digits}f}"


def _missing(key, title, what, how) -> Section:
    return Section(key, title, available=False, missing=f"자료 없음: {what}", how_to=how)


def complaint_sections(df: pd.DataFrame | None, covered: dict[str, bool], names: dict[str, str],
                       launch: str | None = None, seed: int = 12345) -> tuple[list[Section], dict]:
    """Chatbot outcomes, observed reduction; returns the sections and context for projection."""
    t1, t2 = "챗봇 상담 성과", "단순 민원 감소 효과"
    if df is None:
        how = "civiclab metrics report --complaints <민원 기록 파일> 로 지정해 주세요."
        return [_missing("outcomes", t1, "민원 상담 기록을 주지 않았습니다.", how),
                _missing("reduction", t2, "민원 상담 기록을 주지 않았습니다.", how)], {}
    if "citizen_id" in df.columns:
        df = cm.add_follow_up(df)  # once, shared by every outcome table below
    if not covered:
        covered = {c: bool(df.loc[df["category"] == c, "covered"].any())
                   for c in df["category"].cat.categories}
    monthly = cm.monthly_counts(df)
    gaps = cm.gap_months(df)
    versions = cm.production_versions(df)
    changes = cm.version_changes(df)
    launch_p = pd.Period(launch, "M") if launch else cm.infer_launch(df)
    gap_note = [f"기록이 전혀 없는 달(차트에서 끊김, 계산에서 제외): {', '.join(gaps)}"] if gaps else []

    # --- outcomes ---
    out = Section("outcomes", t1, warnings=list(gap_note))
    if not (df["channel"] == "chatbot").any():
        out = _missing("outcomes", t1, "기록에 챗봇 상담이 한 건도 없습니다.",
                       "챗봇 출시 뒤의 기록을 포함해 주세요.")
    else:
        specs = [(None, None), ("month", None)]
        if "prompt_ref" in df.columns:  # versions: chatbot sessions only
            specs.append(("prompt_ref", (df["channel"] == "chatbot").to_numpy()))
        overall, by_month, *rest = cm.chatbot_outcomes_many(df, specs)
        by_version = rest[0] if rest else pd.DataFrame()
        by_month["prompt_ref"] = by_month["group"].map(lambda m: versions.get(pd.Period(m, "M"), None))
        o = overall.iloc[0]
        out.facts = [("자체 해결률", pct(o["containment"])), ("상담원 연결률", pct(o["handover_rate"])),
                     ("7일 안 재문의율(전체)", pct(o["repeat_rate"])),
                     ("7일 안 재문의율(챗봇 상담)", pct(o.get("repeat_rate_chatbot"))),
                     ("만족도(챗봇/사람, 5점 만점)",
                      f"{_num(o.get('satisfaction_chatbot'))} / {_num(o.get('satisfaction_human'))}")]
        if "citizen_id" not in df.columns:
            out.warnings.append("기록에 citizen_id(시민 가명 식별자)가 없어 자체 해결률과 재문의율을 계산할 수 "
                                "없습니다(자료 없음).")
        out.paragraphs.append("자체 해결률은 재문의율·만족도와 함께 보아야 합니다. 챗봇이 시민을 돌려보내기만 해도 "
                              "'해결'처럼 보일 수 있기 때문입니다.")
        out.tables = {"chatbot_outcomes": overall, "chatbot_outcomes_by_month": by_month}
        if len(by_version):
            out.tables["chatbot_outcomes_by_prompt_version"] = by_version
        rates = by_month[["containment", "handover_rate", "repeat_rate_chatbot"]]
        if launch_p is not None:  # the chart starts at launch: earlier months do not count
            rates = rates[pd.PeriodIndex(by_month["group"], freq="M") >= launch_p]
        if launch_p is not None and rates.notna().to_numpy().any():
            out.charts.append(Chart("outcomes_by_month", "챗봇 상담 성과(월별)",
                                    charts.outcomes_by_month(by_month, launch_p),
                                    "출시 후 월별 자체 해결률·상담원 연결률·재문의율"))
        elif launch_p is not None:
            out.warnings.append(f"챗봇 상담 성과(월별) 그림: 자료 없음(출시 월 {launch_p}부터 계산할 수 있는 "
                                "챗봇 상담 비율이 없습니다).")

    # --- reduction ---
    red = Section("reduction", t2, warnings=list(gap_note))
    ctx = {"monthly": monthly, "launch": launch_p, "covered": covered}
    if launch_p is None:
        return [out, _missing("reduction", t2, "챗봇 출시 월을 알 수 없습니다(챗봇 상담 기록 없음).",
                              "--launch YYYY-MM 으로 출시 월을 알려 주세요.")], ctx
    est = impact.estimates_table(monthly, covered, launch_p, seed=seed)
    plc = impact.placebo(monthly, covered, launch_p, seed=seed)
    cf = impact.counterfactual_series(monthly, covered, launch_p, TARGET)
    o = est[est["scope"] == "전체"].set_index("method")
    did, naive = o.loc["did"], o.loc["naive"]
    post_refs = df.loc[df["month"] >= launch_p, "prompt_ref"] if "prompt_ref" in df else []
    post_versions = cm.compact_refs(list(pd.unique(post_refs)) if len(post_refs) else [])
    red.facts = [
        ("이중차분 감소율(95% 신뢰구간)",
         f"{pct(did['reduction'])} ({pct(did['ci_low'])} ~ {pct(did['ci_high'])})"
         if did["reduction"] == did["reduction"] else "자료 없음"),
        ("목표", f"{TARGET:.0%} 감소"),
        ("전년 같은 달 대비", pct(o.loc["yoy", "reduction"])),
        ("단순 전후 비교(오해 소지)", pct(naive["reduction"])),
        ("출시 월", str(launch_p)),
        ("그 기간 운영된 프롬프트 버전", post_versions or "기록 없음"),
    ]
    red.paragraphs.append(
        "단순 전후 비교는 계절(연말정산, 3월 입학, 여름 더위, 명절)과 인구 증가를 챗봇 효과로 착각하게 합니다. "
        "그래서 전년 같은 달과 비교하고, 챗봇이 다루지 않는 분야를 대조군으로 쓰는 이중차분을 기준 수치로 씁니다.")
    if did["note"]:
        red.warnings.append(str(did["note"]))
    yoy_months = set(str(o.loc["yoy", "months"]).split())
    yoy_pairs = yoy_months | {str(pd.Period(m, "M") - 12) for m in yoy_months}
    if yoy_months and set(str(naive["months"]).split()) == yoy_pairs:
        red.paragraphs.append("출시 후 자료가 꼭 12개월이라 단순 전후 비교가 전년 같은 달 비교와 같아졌습니다. "
                              "출시 후 몇 달만 볼 때 단순 비교가 계절 때문에 크게 틀립니다.")
    if did["reduction"] == did["reduction"]:
        verdict = ("목표 달성" if did["ci_low"] >= TARGET else
                   "목표 미달(신뢰구간 전체가 목표 아래)" if did["ci_high"] < TARGET else
                   "목표 달성 여부 불확실(신뢰구간이 목표를 포함)")
        red.facts.insert(1, ("판정", verdict))
    if plc is not None and plc.reduction == plc.reduction:
        red.paragraphs.append(
            f"검증: 출시 12개월 전을 가짜 출시일로 놓고 같은 방법을 쓰면 {pct(plc.reduction)} "
            f"({pct(plc.ci_low)} ~ {pct(plc.ci_high)})로, 0에 가까워야 정상입니다.")
    cf["prompt_ref"] = cf["month"].map(lambda m: versions.get(m, None))
    table_monthly = monthly.copy()
    table_monthly["prompt_ref"] = table_monthly["month"].map(lambda m: versions.get(m, None))
    for t in (cf, table_monthly):
        t["month"] = t["month"].astype(str)
    red.tables = {"reduction_estimates": est, "complaints_monthly": table_monthly,
                  "counterfactual": cf}
    cfp = cf.assign(month=pd.PeriodIndex(cf["month"], freq="M"))
    red.charts = [
        Chart("monthly_by_category", "월별 단순 민원(분야별)",
              charts.monthly_by_category(monthly, names, covered, launch_p, changes),
              "챗봇 대상 분야는 색깔 선, 미대상 분야 평균은 회색 점선. 빨간 선은 출시, 점선은 프롬프트 버전 교체.")]
    # an empty chart would read as "no effect": say why there is none instead
    if cf["counterfactual"].notna().any():
        red.charts.append(Chart("counterfactual", "실제와 반사실",
                                charts.counterfactual(cfp, launch_p, TARGET, changes),
                                "주황 점선: 전년 같은 달에 대조 분야의 증감을 곱한 값(챗봇이 없었다면). "
                                "초록 띠: 30% 감소 목표."))
    else:
        red.warnings.append("실제와 반사실 비교 그림: 자료 없음(출시 후 달마다 전년 같은 달 기록과 "
                            "챗봇 대상·미대상 분야 기록이 모두 있어야 그릴 수 있습니다).")
    if est["reduction"].notna().any():
        red.charts.append(Chart("estimates", "감소율 추정 비교", charts.estimates(est, TARGET, names),
                                "단순 전후 비교, 전년 같은 달 대비, 이중차분의 감소율과 95% 신뢰구간."))
    else:
        red.warnings.append("감소율 추정 비교 그림: 자료 없음(출시 전후 2개월 이상의 기록과 챗봇 대상·미대상 "
                            "분야가 모두 있어야 추정할 수 있습니다).")
    return [out, red], ctx


def _criterion_part(gs: Section, gc: pd.DataFrame | None) -> None:
    """Score distributions per assignment and criterion (by cohort and department) into ``gs``."""
    if gc is None:
        gs.warnings.append("기준별 성적 파일이 없어 기준별 점수 분포를 보이지 못했습니다. "
                           "civiclab course export --out grades.csv 로 grades_by_criterion.csv 를 함께 만들고 "
                           "--grade-criteria 로 지정해 주세요.")
        return
    done = course.final_criterion_scores(gc)
    if done.empty:
        gs.warnings.append("기준별 성적에 확정된 점수가 한 줄도 없습니다(모두 강사 채점 대기 또는 검토 필요).")
        return
    gs.tables.update(course.criterion_tables(gc))
    means = done.groupby("criterion_ko")["pct"].mean().sort_values()
    gs.facts += [("채점 기준 수", str(done["criterion"].nunique())),
                 ("가장 낮은 기준(평균)", f"{means.index[0]} {means.iloc[0]:.1f}%"),
                 ("가장 높은 기준(평균)", f"{means.index[-1]} {means.iloc[-1]:.1f}%")]
    gs.charts.append(Chart("criterion_distribution", "기준별·과제별 점수 분포", grade_charts.criterion_distribution(done),
                           "기준(채점 셀 묶음)마다 과제별 상자. 강사 채점이 남은 기준과 제출하지 않은 과제는 뺐습니다."))
    gs.charts.append(Chart("criterion_by_group", "기수·부서별 기준 평균", grade_charts.criterion_heatmap(done),
                           "칸의 숫자: 그 기수(위)·부서(아래) 교육생의 기준 평균 점수(만점 대비 %). —: 자료 없음."))


def build_report(
    *, complaints: Path | None = None, grades: Path | None = None, grade_criteria: Path | None = None,
    ledger: Path | None = None,
    history: Path | None = None, prompts: Path | None = None, settings=None,
    categories: list[tuple[str, str, bool]] | None = None, launch: str | None = None,
    seed: int = 12345, prompt_labels: dict[str, str] | None = None,
) -> Report:
    covered = {c: v for c, _, v in categories or []}
    names = {c: n for c, n, _ in categories or []}
    # Load and check every given input first, so a broken file fails fast, before any
    # chart is drawn and before anything is written.
    log = cm.load_complaints(complaints, covered or None) if complaints is not None else None
    pt = prompt_tests.load_prompt_tests(prompts) if prompts is not None else None
    if pt is not None and prompt_labels:
        # labels from the prompt library fill in what the test results do not say
        lib_label = pt["prompt_ref"].map(prompt_labels)
        pt["label"] = pt["label"].fillna(lib_label) if "label" in pt else lib_label
    g = course.load_grades(grades) if grades is not None else None
    gc = course.load_grade_criteria(grade_criteria) if grade_criteria is not None else None
    hist = course.load_history(history) if history is not None else None
    if isinstance(ledger, pd.DataFrame):  # already read, e.g. by civiclab.llm.ledger.read_ledger
        led = course._norm_ledger(ledger)
    else:
        led = course.load_ledger(ledger) if ledger is not None else None

    sections = [Section("definitions", "지표 정의", paragraphs=[], tables={})]
    comp, ctx = complaint_sections(log, covered, names, launch, seed)
    sections += comp

    # --- projection and prompt quality ---
    proj_t, pq_t = "프롬프트 버전별 예상 감소율", "프롬프트 라이브러리 품질"
    if pt is None:
        how = "--prompts 로 프롬프트 시험 결과(JSON 파일 또는 폴더)를 지정해 주세요."
        sections += [_missing("projection", proj_t, "프롬프트 시험 결과를 주지 않았습니다.", how),
                     _missing("prompts", pq_t, "프롬프트 시험 결과를 주지 않았습니다.", how)]
    else:
        q = prompt_tests.prompt_quality(pt)
        ps = Section("prompts", pq_t, tables={"prompt_quality": q})
        prod = q[q["label"].str.contains("production", na=False)]
        worse = prod[prod["pass_rate_change"] < 0]["prompt_ref"] if "pass_rate_change" in prod else []
        ps.facts = [("프롬프트 버전 수", str(len(q))),
                    ("운영(production) 버전", f"{len(prod)}개" if len(prod) else "표시 없음"),
                    ("운영 버전 통과율", pct(prod["pass_rate"].mean()) if len(prod) else "자료 없음"),
                    ("앞 버전보다 통과율이 낮은 운영 버전", ", ".join(worse) or "없음")]
        ps.paragraphs.append("'…변화' 열은 같은 프롬프트의 바로 앞 버전과의 차이입니다.")
        rates = prompt_tests.answer_rates(pt)
        if rates.empty or not ctx.get("launch"):
            why = ("시험 결과에 챗봇 평가 항목(category, should_hand_over, handed_over, correct)이 없습니다."
                   if rates.empty else "민원 기록이 없어 분야별 비중을 알 수 없습니다.")
            proj = _missing("projection", proj_t, why, "챗봇 평가 결과와 민원 기록을 함께 주세요.")
        else:
            shares = prompt_tests.simple_shares(ctx["monthly"], ctx["launch"])
            p = prompt_tests.projection(rates, shares, ctx["covered"], TARGET)
            labels = q.assign(candidate=q["prompt_ref"].map(prompt_tests.candidate_key)).groupby(
                "candidate")["label"].agg(lambda s: ",".join(sorted({x for v in s for x in str(v).split(",") if x})))
            p["label"] = p["prompt_ref"].map(labels)
            proj = Section("projection", proj_t, tables={"projection": p, "answer_rates": rates,
                                                         "simple_shares": shares.rename("share").reset_index()})
            proj.paragraphs.append("예상 감소율 = Σ(분야별 평가 질문 정답률 × 그 분야가 단순 민원에서 차지하는 비중). "
                                   "비중은 출시 전 12개월 기록에서 구합니다. 챗봇 미대상 분야는 0으로 셉니다. "
                                   "단순 문의를 모두 챗봇이 먼저 받는다고 가정한 값이라, 실제 감소율(위 이중차분)은 "
                                   "챗봇 이용률만큼 낮아집니다.")
            if p["categories_without_eval"].str.len().gt(0).any():
                proj.warnings.append("평가 질문이 없는 챗봇 대상 분야는 0으로 셌습니다(하한값).")
            proj.charts.append(Chart("projection", proj_t, charts.projection_chart(p, TARGET),
                                     "초록: 30% 목표 이상, 주황: 목표 미만"))
        sections += [proj, ps]

    # --- grades ---
    cohort_of: dict[str, str] = {}
    if g is None:
        sections.append(_missing("grades", "교육 성과(기수·과제)", "성적 파일을 주지 않았습니다.",
                                 "--grades 로 nbgrader 성적 내보내기 CSV를 지정해 주세요."))
    else:
        cohort_of = dict(zip(g["student_id"], g["cohort"]))
        gs = Section("grades", "교육 성과(기수·과제)", tables=course.grade_tables(g))
        scored = g["pct"].notna().any()
        gs.facts = [("교육생 수", f"{g['student_id'].nunique():,}명"), ("기수 수", str(g["cohort"].nunique())),
                    ("평균 점수(만점 대비)", f"{g['pct'].mean():.1f}%" if scored else "자료 없음")]
        if scored:
            gs.charts.append(Chart("score_distribution", "과제별 점수 분포", grade_charts.score_distribution(g),
                                   "상자: 가운데 50%, 선: 중앙값, 삼각형: 평균. 제출하지 않은 과제는 빼고 그렸습니다."))
        else:
            gs.warnings.append("과제별 점수 분포: 자료 없음(점수가 있는 성적이 한 줄도 없습니다).")
        if course.pending_manual(g):
            gs.warnings.append(f"강사 채점이 남은 과제 성적 {course.pending_manual(g):,}건: 과제 점수에는 "
                               "자동 채점 부분만 들어 있습니다(기준별 분포에서는 그 기준을 뺐습니다).")
        _criterion_part(gs, gc)
        sections.append(gs)

    # --- history ---
    if hist is None:
        sections.append(_missing("history", "교육생 향상과 자주 나온 지적", "학습 기록 폴더를 주지 않았습니다.",
                                 "--history 로 <상태 폴더>/history 를 지정해 주세요."))
    else:
        h, problems = hist
        per = course.improvement(h)
        refs = h.groupby("learner")["prompt_ref"].agg(lambda s: " ".join(sorted(set(s.dropna()))))
        per["prompt_refs"] = per["learner"].map(refs)
        hs = Section("history", "교육생 향상과 자주 나온 지적",
                     tables={"improvement_per_learner": per, "top_findings": course.top_findings(h, cohort_of)})
        by_crit = course.criteria_improvement(h)
        if len(by_crit):
            hs.tables["improvement_by_criterion"] = by_crit
            hs.paragraphs.append("채점 기준별 향상(improvement_by_criterion 표): 같은 사실 자료로 두 번 이상 쓴 "
                                 "초안의 첫 점수와 최종 점수 평균입니다. 기준 점수를 기록하기 전의 초안은 빠집니다.")
        hs.facts = [("초안 기록", f"{len(h):,}건"),
                    ("두 번 이상 고친 교육생", f"{len(per):,}명"),
                    ("평균 총점 향상", f"{per['total_gain'].mean():+.1f}점"
                     if per["total_gain"].notna().any() else "자료 없음"),
                    ("어절당 지적 감소(평균)", f"{per['fpe_drop'].mean():+.3f}"
                     if per["fpe_drop"].notna().any() else "자료 없음")]
        if problems:
            hs.warnings.append(f"읽지 못한 기록 {len(problems)}건(계산에서 제외): {', '.join(problems[:5])}")
        if per[["first_total", "final_total"]].notna().to_numpy().any():
            hs.charts.append(Chart("improvement", "교육생별 향상", grade_charts.improvement_per_learner(per),
                                   "주황: 첫 초안, 파랑: 최종 초안(같은 사실 자료로 두 번 이상 쓴 경우)"))
        sections.append(hs)

    # --- ledger ---
    if led is None or led.empty:
        sections.append(_missing("usage", "인공지능(AI) 사용량과 비용",
                                 "사용 기록(원장)을 주지 않았거나 기록이 없습니다.",
                                 "--ledger 로 <상태 폴더>/ledger.sqlite 를 지정해 주세요."))
    else:
        ut = course.usage_tables(led)
        us = Section("usage", "인공지능(AI) 사용량과 비용", tables=ut)
        us.facts = [("호출 수", f"{len(led):,}회"), ("추정 비용 합계", f"{led['cost_krw'].sum():,.0f}원"),
                    ("모델", ", ".join(sorted(led["model"].dropna().astype(str).unique()))
                     if "model" in led else "")]
        if led["model"].astype(str).eq("civiclab-practice").any() if "model" in led else False:
            us.paragraphs.append("civiclab-practice 는 규칙 기반 연습 모델(LLM 아님)이며 비용은 0원입니다.")
        us.charts.append(Chart("cost_per_cohort", "기수별 비용", charts.cost_per_cohort(ut["usage_per_cohort"]),
                               "막대 위 숫자는 1인당 비용"))
        us.charts.append(Chart("prompt_versions", "프롬프트 버전별 사용",
                               charts.prompt_versions(ut["prompt_versions_daily"]),
                               "사용 기록의 prompt_ref 로 본 날짜별 버전 사용"))
        sections.append(us)

    ledger_label = "civiclab 사용 기록" if isinstance(ledger, pd.DataFrame) else str(ledger or "없음")
    inputs = {"민원 기록": str(complaints or "없음"), "성적": str(grades or "없음"),
              "기준별 성적": str(grade_criteria or "없음"),
              "학습 기록": str(history or "없음"), "사용 기록": ledger_label,
              "프롬프트 시험 결과": str(prompts or "없음")}
    org = getattr(settings, "organization", "세종특별자치시")
    return Report("AI 행정 실습실 성과 보고서", org, sections, inputs)
