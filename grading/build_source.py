"""Build the course's source notebooks (grading/source/*) with nbformat.

Run: ``python grading/build_source.py [OUT_DIR]`` (idempotent; the notebooks are committed).
Every autograded test calls only the scoring engine's public names
(``civiclab.facts.load_fact_sheet``, ``civiclab.scoring.checks.facts.check_facts``,
``civiclab.scoring.score_draft``) and fails with a Korean message saying what
to fix.  Thresholds are constants at the top of each test cell.
Also writes ``grading/demo/answers.json`` (typical and weak answers used by the
demo cohort) and the points table in ``grading/POINTS.md``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
from civiclab.grading import nbbuild as b  # noqa: E402  (run as a script from any folder)

ORG = "세종특별자치시"

# --- fact sheets (civiclab.facts.FactSheet fields) ----------------------------
SHEETS = {
    "a1_press_prompt": {
        "id": "grading-a1-ai-training", "kind": "press_release",
        "title": "세종시, 공무원 대상 생성형 인공지능 행정 실습 교육 시작",
        "organization": ORG, "release_date": "2026-04-01",
        "contact": {"department": "디지털정책과", "name": "김하늘", "phone": "044-300-1234"},
        "facts": ["세종시는 4월 6일부터 공무원을 대상으로 생성형 인공지능 행정 실습 교육을 운영한다.",
                  "교육은 보도자료와 연설문 초안 작성, 사실 확인, 개인정보 보호를 다룬다.",
                  "교육은 시청 교육장에서 기수별 5일 과정으로 진행한다."],
        "figures": [{"label": "교육 대상", "value": "300", "unit": "명"},
                    {"label": "기수당 인원", "value": "40", "unit": "명"}],
        "dates": [{"label": "교육 시작일", "value": "2026-04-06"}],
        "people": [{"name": "이도윤", "title": "디지털정책과장"}],
        "quotes": [{"speaker": "이도윤",
                    "text": "공무원이 인공지능을 안전하고 정확하게 쓰도록 돕겠습니다."}],
    },
    "a2_fact_check": {
        "id": "grading-a2-bus", "kind": "press_release",
        "title": "세종시, 7월부터 시내버스 노선 12개 개편",
        "organization": ORG, "release_date": "2026-06-10",
        "contact": {"department": "교통정책과", "name": "박서준", "phone": "044-300-5678"},
        "facts": ["세종시는 7월 1일부터 시내버스 노선 12개를 개편한다.",
                  "개편으로 출퇴근 시간 배차 간격이 평균 15분에서 10분으로 줄어든다.",
                  "바뀐 노선은 시 누리집과 정류장 안내판에서 확인할 수 있다."],
        "figures": [{"label": "개편 노선", "value": "12", "unit": "개"},
                    {"label": "개편 전 배차 간격", "value": "15", "unit": "분"},
                    {"label": "개편 후 배차 간격", "value": "10", "unit": "분"}],
        "dates": [{"label": "시행일", "value": "2026-07-01"}],
        "people": [{"name": "최민지", "title": "교통정책과장"}],
        "quotes": [{"speaker": "최민지", "text": "시민의 출퇴근 시간이 짧아지도록 노선을 다듬었습니다."}],
    },
    "a3_plain_language": {
        "id": "grading-a3-festival", "kind": "press_release",
        "title": "세종시, 9월 세종 책 축제 첫 회의 열어",
        "organization": ORG, "release_date": "2026-05-20",
        "contact": {"department": "문화예술과", "name": "정유진", "phone": "044-300-2468"},
        "facts": ["세종시는 5월 20일 세종 책 축제를 준비하는 첫 회의를 열었다.",
                  "축제는 9월 12일부터 이틀 동안 세종호수공원에서 열린다.",
                  "시민과 출판사가 함께 축제를 준비하는 민관 협력 방식으로 운영한다."],
        "figures": [{"label": "참여 출판사", "value": "50", "unit": "곳"}],
        "dates": [{"label": "첫 회의", "value": "2026-05-20"}, {"label": "축제 시작일", "value": "2026-09-12"}],
        "people": [], "quotes": [],
    },
    "a4_speech": {
        "id": "grading-a4-library", "kind": "speech",
        "title": "세종시립 중앙도서관 개관식 축사",
        "organization": ORG, "release_date": "2026-10-05",
        "contact": {"department": "도서관정책과", "name": "한지민", "phone": "044-300-3579"},
        "facts": ["세종시립 중앙도서관이 10월 5일 문을 연다.",
                  "도서관에는 책 20만 권과 어린이 열람실, 디지털 창작실이 있다.",
                  "도서관은 매주 월요일에 쉬고 평일은 밤 10시까지 연다."],
        "figures": [{"label": "장서", "value": "200000", "unit": "권"},
                    {"label": "열람석", "value": "600", "unit": "석"}],
        "dates": [{"label": "개관일", "value": "2026-10-05"}],
        "people": [{"name": "세종시장", "title": "시장"}],
        "quotes": [],
    },
    "a5_chatbot": {
        "id": "grading-a5-chatbot", "kind": "chatbot_answer",
        "title": "AI충녕 안내: 여권 재발급과 전입신고",
        "organization": ORG, "release_date": "2026-04-01",
        "contact": {"department": "민원과", "name": "민원 안내", "phone": "044-300-1000"},
        "facts": ["여권 재발급은 신분증과 사진 1장을 가지고 시청 민원실이나 읍면동 행정복지센터에서 신청한다.",
                  "여권 발급에는 보통 영업일 기준 5일이 걸린다.",
                  "전입신고는 이사한 날부터 14일 안에 해야 한다.",
                  "전입신고는 정부24 누리집이나 읍면동 행정복지센터에서 할 수 있다.",
                  "도로 파손 신고는 AI충녕이 답하지 않고 도로관리과(044-300-4000)로 연결한다."],
        "figures": [{"label": "여권 발급 기간", "value": "5", "unit": "일"},
                    {"label": "전입신고 기한", "value": "14", "unit": "일"}],
        "dates": [], "people": [], "quotes": [],
    },
    "a6_capstone": {
        "id": "grading-a6-dadbonus", "kind": "press_release",
        "title": "세종시, 아빠장려금 월 30만 원으로 올린다",
        "organization": ORG, "release_date": "2026-03-15",
        "contact": {"department": "출산보육과", "name": "오세린", "phone": "044-300-6789"},
        "facts": ["세종시는 4월부터 육아휴직을 한 아빠에게 주는 아빠장려금을 월 20만 원에서 30만 원으로 올린다.",
                  "세종시에 1년 이상 살고 육아휴직을 1개월 이상 한 아빠가 대상이다.",
                  "신청은 주소지 읍면동 행정복지센터나 정부24에서 할 수 있다."],
        "figures": [{"label": "인상 전 장려금", "value": "20", "unit": "만 원"},
                    {"label": "인상 후 장려금", "value": "30", "unit": "만 원"},
                    {"label": "최대 지급 기간", "value": "6", "unit": "개월"}],
        "dates": [{"label": "시행일", "value": "2026-04-01"}],
        "people": [{"name": "오세린", "title": "출산보육과 주무관"}, {"name": "세종시장", "title": "시장"}],
        "quotes": [{"speaker": "세종시장", "text": "아빠의 육아가 당연한 도시를 만들겠습니다."}],
    },
}

SETUP = '''
# 준비 셀: 그대로 실행하세요. (채점 도구와 사실 자료를 불러옵니다)
from civiclab.facts import load_fact_sheet
from civiclab.scoring import score_draft
from civiclab.scoring.checks.facts import check_facts

sheet = load_fact_sheet("factsheet.yaml")
print(sheet.to_prompt_block())
'''

# Shared lines at the top of every test cell: the cell re-imports the engine so a
# learner who redefines a name above cannot change the grade.
T_HEAD = '''from civiclab.facts import load_fact_sheet
from civiclab.scoring import score_draft
from civiclab.scoring.checks.facts import check_facts

sheet = load_fact_sheet("factsheet.yaml")


def _list(findings):
    return "\\n".join(f"- {f.message}" + (f" (제안: {f.suggestion})" if f.suggestion else "") for f in findings)
'''

HOW_TO = '''
**답 쓰는 방법**: 글은 파이썬 문자열로 씁니다. 따옴표 세 개(`"""`) 사이에 여러 줄을 그대로 붙여 넣으면 됩니다.
`raise NotImplementedError(...)` 줄은 지우세요. 셀을 실행(Shift+Enter)한 뒤 아래 검사 셀을 실행하면
무엇을 고쳐야 하는지 한국어로 알려 줍니다. 검사 셀은 고칠 수 없고, 숨은 검사가 더 있을 수 있습니다.
'''


def points_table(rows: list[tuple[str, str, float]]) -> str:
    lines = ["| 항목 | 채점 방식 | 배점 |", "|---|---|---|"]
    lines += [f"| {name} | {how} | {pts:g} |" for name, how, pts in rows]
    lines.append(f"| **합계** | | **{sum(p for _, _, p in rows):g}** |")
    return "\n".join(lines)


def draft_tests(var: str, *, kind: str, min_total: int, extra: str = "") -> str:
    return T_HEAD + f'''
MIN_TOTAL = {min_total}  # 합격 기준 총점(0~100)
assert isinstance({var}, str) and {var}.strip(), "{var}에 글을 문자열로 넣으세요."
report = score_draft({var}, sheet, kind="{kind}")
bad = [f for f in report.findings if f.severity == "error" and f.code.startswith(("PII_", "INJECTION_"))]
assert not bad, "개인정보나 지시 주입 문구가 있습니다. 지우거나 고치세요:\\n" + _list(bad)
structure = [f for f in report.findings if f.severity == "error" and f.code.startswith("STRUCTURE_")]
assert not structure, "글의 짜임이 빠졌습니다. 다음을 채우세요:\\n" + _list(structure)
assert report.total >= MIN_TOTAL, (
    f"총점이 {{report.total:.0f}}점으로 기준 {{MIN_TOTAL}}점보다 낮습니다. 아래 지적을 고치세요:\\n"
    + _list([f for f in report.findings if f.severity != "info"][:8]))
{extra}'''


def fact_tests(var: str) -> str:
    return T_HEAD + f'''
assert isinstance({var}, str) and {var}.strip(), "{var}에 글을 문자열로 넣으세요."
errors = [f for f in check_facts({var}, sheet) if f.severity == "error"]
assert not errors, "사실 자료와 다른 내용이 있습니다. 사실 자료를 보고 고치세요:\\n" + _list(errors)
'''


def a1():
    s = SHEETS["a1_press_prompt"]
    prompt = '''PROMPT = """
당신은 세종특별자치시 디지털정책과의 보도자료 작성을 돕는 도우미입니다.
아래 [사실 자료]에 있는 내용만 써서 보도자료 초안을 쓰세요. 자료에 없는 숫자, 날짜, 이름, 인용은 지어내지 마세요.
- 독자: 세종 시민과 기자
- 형식: 제목, 부제, 본문 3문단, 담당 부서와 연락처
- 문장: 한 문장에 한 가지 내용, 쉬운 우리말, 외래어는 괄호 안에만
[사실 자료]
제목: 세종시, 공무원 대상 생성형 인공지능 행정 실습 교육 시작
교육 대상: 300명, 기수당 인원: 40명, 교육 시작일: 2026-04-06
담당: 디지털정책과 김하늘 044-300-1234
"""'''
    draft = '''DRAFT = """
세종시, 공무원 대상 생성형 인공지능 행정 실습 교육 시작
- 4월 6일부터 공무원 300명 대상, 기수당 40명씩 5일 과정 -

세종특별자치시는 4월 6일부터 공무원을 대상으로 생성형 인공지능 행정 실습 교육을 운영한다고 1일 밝혔다.

교육은 보도자료와 연설문 초안 작성, 사실 확인, 개인정보 보호를 다룬다. 교육 대상은 공무원 300명이며, 시청 교육장에서 기수당 40명씩 5일 과정으로 진행한다.

이도윤 디지털정책과장은 "공무원이 인공지능을 안전하고 정확하게 쓰도록 돕겠습니다."라고 말했다.

담당 부서: 디지털정책과 김하늘(044-300-1234)
"""'''
    prompt_tests = T_HEAD + '''
assert isinstance(PROMPT, str) and len(PROMPT.strip()) >= 80, "PROMPT가 너무 짧습니다. 역할, 독자, 형식, 사실 자료를 모두 쓰세요."
missing = [f"{x.label} {x.value}" for x in sheet.figures if str(x.value) not in PROMPT]
assert not missing, "프롬프트에 사실 자료의 숫자가 빠졌습니다. 다음을 넣으세요: " + ", ".join(missing)
assert "보도자료" in PROMPT, "프롬프트에 무엇을 쓸지(보도자료) 밝히세요."
assert any(w in PROMPT for w in ("지어내", "없는 내용", "자료에 있는", "자료에 없는")), (
    "모델이 자료에 없는 내용을 지어내지 않도록 막는 지시를 넣으세요. 예: 자료에 없는 숫자는 지어내지 마세요.")
### BEGIN HIDDEN TESTS
report = score_draft(PROMPT, sheet, kind="press_release")
pii = [f for f in report.findings if f.code.startswith("PII_")]
assert not pii, "프롬프트에 개인정보가 있습니다. 모델에 보내기 전에 지우세요:\\n" + _list(pii)
### END HIDDEN TESTS
'''
    extra = '''### BEGIN HIDDEN TESTS
assert sheet.contact.phone in DRAFT, f"담당 부서 연락처({sheet.contact.phone})를 보도자료 끝에 넣으세요."
missing = [f"{x.label} {x.value}{x.unit}" for x in sheet.figures if str(x.value) not in DRAFT]
assert not missing, "사실 자료의 숫자가 빠졌습니다: " + ", ".join(missing)
### END HIDDEN TESTS'''
    rows = [("프롬프트: 사실 자료·금지 지시 포함", "자동", 3), ("초안: 사실 오류 없음", "자동", 3),
            ("초안: 총점·짜임·개인정보", "자동(숨은 검사 포함)", 4), ("프롬프트 설계 이유", "강사 채점", 2)]
    cells = [
        b.md(f"# 과제 1. 보도자료 프롬프트 쓰기\n\n**목표**: 사실 자료에 근거해 보도자료 초안을 얻는 프롬프트를 쓰고, "
             f"얻은 초안을 다듬습니다.\n\n{points_table(rows)}\n{HOW_TO}"),
        b.code(SETUP),
        b.md("## 1-1. 프롬프트\n연습 노트북에서 모델(규칙 기반 연습 모델)에 보낼 프롬프트를 `PROMPT`에 쓰세요. "
             "역할, 독자, 형식, 사실 자료, 지어내지 말라는 지시를 넣습니다. 개인정보는 넣지 마세요."),
        b.answer("a1_prompt", "### BEGIN SOLUTION\n" + prompt + "\n### END SOLUTION"),
        b.tests("a1_prompt_tests", 3, prompt_tests),
        b.md("## 1-2. 다듬은 초안\n모델이 쓴 초안을 사실 자료와 대조해 고친 최종본을 `DRAFT`에 붙여 넣으세요."),
        b.answer("a1_draft", "### BEGIN SOLUTION\n" + draft + "\n### END SOLUTION"),
        b.tests("a1_draft_facts", 3, fact_tests("DRAFT")),
        b.tests("a1_draft_score", 4, draft_tests("DRAFT", kind="press_release", min_total=70, extra=extra)),
        b.md("## 1-3. 설계 이유 (강사 채점)\n프롬프트의 각 부분(역할, 독자, 형식, 금지 지시)을 왜 넣었는지 3~5문장으로 쓰세요.\n\n"
             "**채점 기준(2점)**: 각 부분의 목적을 바르게 설명(1점), 사실 확인·개인정보 보호와 연결해 판단을 보임(1점)."),
        b.written("a1_reason", 2, "### BEGIN SOLUTION\n역할을 주면 보도자료 말투가 맞춰지고, 독자를 밝히면 쉬운 말을 쓴다. "
                  "형식을 정하면 빠지는 항목이 없다. 자료에 없는 내용을 지어내지 말라고 해야 숫자 오류를 줄인다.\n### END SOLUTION"),
    ]
    variants = {
        "typical": {"a1_draft": draft.replace("(044-300-1234)", "")},  # forgot the phone number
        "weak": {"a1_prompt": 'PROMPT = "세종시 인공지능 교육 보도자료 써 줘"',
                 "a1_draft": draft.replace("300명", "3000명").replace("4월 6일", "4월 16일")},
    }
    return cells, variants, s


def a2():
    flawed = '''세종시, 7월부터 시내버스 노선 20개 개편
세종시는 8월 1일부터 시내버스 노선 20개를 개편한다. 개편으로 출퇴근 시간 배차 간격이 평균 15분에서 5분으로 줄어든다.
최민지 교통정책과장은 "버스 요금도 내리겠습니다."라고 말했다.
담당 부서: 교통정책과 박서준(044-300-5678)'''
    fixed = '''FIXED = """
세종시, 7월부터 시내버스 노선 12개 개편
- 출퇴근 시간 배차 간격 평균 15분에서 10분으로 -

세종특별자치시는 7월 1일부터 시내버스 노선 12개를 개편한다고 10일 밝혔다.

개편으로 출퇴근 시간 배차 간격이 평균 15분에서 10분으로 줄어든다. 바뀐 노선은 시 누리집과 정류장 안내판에서 확인할 수 있다.

최민지 교통정책과장은 "시민의 출퇴근 시간이 짧아지도록 노선을 다듬었습니다."라고 말했다.

담당 부서: 교통정책과 박서준(044-300-5678)
"""'''
    found = '''FOUND = [
    "노선 수: 20개가 아니라 12개",
    "시행일: 8월 1일이 아니라 7월 1일",
    "배차 간격: 5분이 아니라 10분",
    "인용: 요금 인하 발언은 자료에 없음",
]'''
    found_tests = '''
WRONG = {"20": "노선 수", "8월": "시행일", "5분": "배차 간격", "요금": "지어낸 인용"}
assert isinstance(FOUND, list) and FOUND, "FOUND에 찾은 오류를 문자열 목록으로 쓰세요. 예: [\\"노선 수: 20개가 아니라 12개\\"]"
text = " ".join(map(str, FOUND))
missed = [name for key, name in WRONG.items() if key not in text]
assert len(missed) <= 1, "초안의 오류를 더 찾아보세요. 아직 못 찾은 종류: " + ", ".join(missed)
### BEGIN HIDDEN TESTS
assert not missed, "오류 하나를 놓쳤습니다: " + ", ".join(missed)
### END HIDDEN TESTS
'''
    extra = '''### BEGIN HIDDEN TESTS
for wrong in ("20개", "8월 1일", "5분으로", "요금"):
    assert wrong not in FIXED, f"고친 글에 틀린 내용 '{wrong}'이 남아 있습니다. 사실 자료대로 고치세요."
### END HIDDEN TESTS'''
    rows = [("오류 찾기", "자동(숨은 검사 포함)", 3), ("고친 글: 사실 오류 없음", "자동", 4),
            ("고친 글: 총점·짜임·틀린 내용 삭제", "자동(숨은 검사 포함)", 3), ("사실 확인 절차", "강사 채점", 2)]
    cells = [
        b.md(f"# 과제 2. 틀린 초안 바로잡기\n\n**목표**: 모델이 쓴 초안에서 사실 오류를 찾아 고칩니다.\n\n"
             f"{points_table(rows)}\n{HOW_TO}"),
        b.code(SETUP),
        b.md("## 모델이 쓴 초안 (오류가 있습니다)\n\n```\n" + flawed + "\n```"),
        b.md("## 2-1. 오류 찾기\n찾은 오류를 `FOUND` 목록에 한 줄씩 쓰세요(틀린 값과 바른 값을 함께)."),
        b.answer("a2_found", "### BEGIN SOLUTION\n" + found + "\n### END SOLUTION"),
        b.tests("a2_found_tests", 3, found_tests),
        b.md("## 2-2. 고친 글\n사실 자료대로 고친 보도자료를 `FIXED`에 쓰세요."),
        b.answer("a2_fixed", "### BEGIN SOLUTION\n" + fixed + "\n### END SOLUTION"),
        b.tests("a2_fixed_facts", 4, fact_tests("FIXED")),
        b.tests("a2_fixed_score", 3, draft_tests("FIXED", kind="press_release", min_total=70, extra=extra)),
        b.md("## 2-3. 사실 확인 절차 (강사 채점)\n보도자료를 내기 전에 사실을 어떻게 확인할지 절차를 3단계로 쓰세요.\n\n"
             "**채점 기준(2점)**: 원자료 대조와 담당자 확인을 포함(1점), 인용·숫자·날짜를 따로 확인(1점)."),
        b.written("a2_process", 2, "### BEGIN SOLUTION\n1. 숫자와 날짜를 사실 자료와 하나씩 대조한다. 2. 인용은 말한 사람에게 확인한다. "
                  "3. 담당 부서의 최종 확인을 받는다.\n### END SOLUTION"),
    ]
    variants = {
        "typical": {"a2_found": 'FOUND = ["노선 수 20개는 12개", "시행일 8월 1일은 7월 1일", "배차 간격 5분은 10분"]'},
        "weak": {"a2_found": 'FOUND = ["노선 수가 틀림"]', "a2_fixed": "FIXED = '''" + flawed + "'''"},
    }
    return cells, variants, SHEETS["a2_fact_check"]


def a3():
    original = ('세종시는 5월 20일 세종 북 페스타 킥오프 미팅을 열었다. 페스타는 9월 12일부터 이틀 동안 세종호수공원에서 '
                '오픈하며, 시민과 퍼블리셔 50곳이 거버넌스 방식으로 준비한다. 시는 원스톱 인포데스크도 운영할 계획이다.')
    rewrite = '''REWRITE = """
세종시, 9월 세종 책 축제 첫 회의 열어

세종특별자치시는 5월 20일 세종 책 축제를 준비하는 첫 회의를 열었다.

축제는 9월 12일부터 이틀 동안 세종호수공원에서 열린다. 시민과 출판사 50곳이 민관 협력 방식으로 함께 준비한다.
시는 한곳에서 모든 것을 안내하는 안내소도 운영할 계획이다.

담당 부서: 문화예술과 정유진(044-300-2468)
"""'''
    tests = T_HEAD + f'''
ORIGINAL = {original!r}
assert isinstance(REWRITE, str) and REWRITE.strip(), "REWRITE에 고친 글을 문자열로 넣으세요."
before = [f for f in score_draft(ORIGINAL, sheet, kind="press_release").findings if f.code.startswith("STYLE_")]
after = [f for f in score_draft(REWRITE, sheet, kind="press_release").findings if f.code.startswith("STYLE_")]
assert len(after) <= max(2, len(before) // 2), (
    f"어려운 말 지적이 {{len(after)}}건 남았습니다(원래 {{len(before)}}건). 쉬운 우리말로 바꾸세요:\\n" + _list(after))
### BEGIN HIDDEN TESTS
for word in ("페스타", "킥오프", "거버넌스", "퍼블리셔", "원스톱", "인포데스크"):
    assert word not in REWRITE, f"'{{word}}'를 쉬운 우리말로 바꾸세요(다듬은 말을 찾아보세요)."
### END HIDDEN TESTS
'''
    rows = [("어려운 말 줄이기", "자동(숨은 검사 포함)", 4), ("사실 유지", "자동", 3),
            ("총점·짜임", "자동", 3), ("바꾼 말과 이유", "강사 채점", 2)]
    cells = [
        b.md(f"# 과제 3. 쉬운 우리말로 고쳐 쓰기\n\n**목표**: 국어기본법 제14조에 맞게 외래어와 어려운 말을 쉬운 "
             f"우리말로 바꿉니다. 사실은 그대로 둡니다.\n\n{points_table(rows)}\n{HOW_TO}"),
        b.code(SETUP),
        b.md("## 고칠 글\n\n> " + original),
        b.answer("a3_rewrite", "### BEGIN SOLUTION\n" + rewrite + "\n### END SOLUTION"),
        b.tests("a3_style", 4, tests),
        b.tests("a3_facts", 3, fact_tests("REWRITE")),
        b.tests("a3_score", 3, draft_tests("REWRITE", kind="press_release", min_total=70)),
        b.md("## 3-2. 바꾼 말과 이유 (강사 채점)\n바꾼 말 세 가지와 그렇게 바꾼 이유를 쓰세요.\n\n"
             "**채점 기준(2점)**: 바꾼 말이 뜻을 지킴(1점), 독자인 시민 입장에서 이유를 설명(1점)."),
        b.written("a3_reason", 2, "### BEGIN SOLUTION\n페스타→축제, 킥오프 미팅→첫 회의, 거버넌스→민관 협력. "
                  "시민이 뜻을 바로 알 수 있는 말이기 때문이다.\n### END SOLUTION"),
    ]
    variants = {
        "typical": {"a3_rewrite": rewrite.replace("한곳에서 모든 것을 안내하는 안내소", "원스톱 안내소")},
        "weak": {"a3_rewrite": "REWRITE = " + repr(original.replace("킥오프 미팅", "첫 회의"))},
    }
    return cells, variants, SHEETS["a3_plain_language"]


def a4():
    speech = '''SPEECH = """
존경하는 시민 여러분, 그리고 오늘 이 자리를 함께해 주신 어린이 여러분, 반갑습니다.
오늘 세종시립 중앙도서관이 드디어 문을 엽니다. 10월 5일, 세종시에 새로운 배움의 집이 생겼습니다.
이 도서관에는 책 20만 권이 있습니다. 어린이 열람실과 디지털 창작실도 있습니다.
열람석은 600석입니다. 누구나 편하게 앉아 책을 읽을 수 있습니다.
도서관은 평일 밤 10시까지 문을 엽니다. 일을 마친 뒤에도 들를 수 있습니다. 다만 매주 월요일은 쉽니다.
어린이 여러분, 이곳에서 마음껏 읽고 상상하십시오. 여러분의 꿈이 이곳에서 자라기를 바랍니다.
어르신 여러분, 이곳에서 이웃과 함께 배우고 이야기를 나누십시오.
청년 여러분, 디지털 창작실에서 새로운 생각을 마음껏 만들어 보십시오.
도서관은 책을 빌리는 곳만이 아닙니다. 시민이 만나고 함께 배우는 마을의 사랑방입니다.
도서관을 짓는 동안 의견을 보내 주신 시민 여러분께 깊이 감사드립니다.
공사를 맡아 애써 주신 모든 분들께도 고마운 마음을 전합니다.
세종시는 앞으로도 누구나 가까이에서 책을 만날 수 있도록 힘쓰겠습니다.
오늘 문을 여는 중앙도서관이 시민 여러분의 삶을 더 풍요롭게 하기를 바랍니다.
다시 한번 개관을 축하드립니다. 감사합니다.
"""'''
    extra = '''### BEGIN HIDDEN TESTS
assert any(w in SPEECH for w in ("시민 여러분", "어린이 여러분", "어르신")), "청중(시민, 어린이 등)을 부르는 말을 넣으세요."
assert SPEECH.strip().endswith(("감사합니다.", "고맙습니다.")), "연설은 감사 인사로 마무리하세요."
### END HIDDEN TESTS'''
    length_tests = '''
import re

MIN_CHARS, MAX_CHARS = 450, 1100  # 3분 안팎: 1분에 약 250~300음절을 읽는다고 봄
assert isinstance(SPEECH, str) and SPEECH.strip(), "SPEECH에 연설문을 문자열로 넣으세요."
n = len(re.sub(r"\\s", "", SPEECH))
assert n >= MIN_CHARS, f"연설문이 {n}자로 3분을 채우기에 짧습니다. {MIN_CHARS}자 이상으로 늘리세요."
assert n <= MAX_CHARS, f"연설문이 {n}자로 3분을 넘깁니다. {MAX_CHARS}자 이하로 줄이세요."
long = [s for s in re.split(r"(?<=[.!?])\\s+", SPEECH.strip()) if len(s) > 80]
assert len(long) <= 1, "듣는 글은 문장이 짧아야 합니다. 80자가 넘는 문장을 나누세요:\\n" + "\\n".join(long[:3])
'''
    rows = [("길이(3분)와 문장 길이", "자동", 3), ("사실 오류 없음", "자동", 3),
            ("총점·청중·마무리", "자동(숨은 검사 포함)", 3), ("청중에 맞춘 말투와 판단", "강사 채점", 3)]
    cells = [
        b.md(f"# 과제 4. 청중과 시간에 맞춘 연설문\n\n**상황**: 시장이 도서관 개관식에서 시민과 어린이 약 200명 앞에서 "
             f"3분 동안 축사를 합니다.\n\n{points_table(rows)}\n{HOW_TO}"),
        b.code(SETUP),
        b.answer("a4_speech", "### BEGIN SOLUTION\n" + speech + "\n### END SOLUTION"),
        b.tests("a4_length", 3, length_tests),
        b.tests("a4_facts", 3, fact_tests("SPEECH")),
        b.tests("a4_score", 3, draft_tests("SPEECH", kind="speech", min_total=65, extra=extra)),
        b.md("## 4-2. 청중에 맞춘 판단 (강사 채점)\n이 청중을 위해 말투와 내용을 어떻게 골랐는지 쓰세요.\n\n"
             "**채점 기준(3점)**: 청중 분석(1점), 말투 선택의 근거(1점), 듣는 글의 특성 반영(1점)."),
        b.written("a4_reason", 3, "### BEGIN SOLUTION\n어린이와 어르신이 함께 듣기 때문에 짧은 문장과 쉬운 말을 골랐다. "
                  "숫자는 두세 개만 넣어 기억하기 쉽게 했다.\n### END SOLUTION"),
    ]
    variants = {
        "typical": {"a4_speech": speech.replace("어르신 여러분, 이곳에서 이웃과 함께 배우고 이야기를 나누십시오.\n", "")},
        "weak": {"a4_speech": 'SPEECH = "시민 여러분, 도서관이 10월 15일 문을 엽니다. 책 30만 권이 있습니다. 감사합니다."'},
    }
    return cells, variants, SHEETS["a4_speech"]


def a5():
    system = '''SYSTEM_PROMPT = """
당신은 세종시 민원 안내 챗봇 AI충녕입니다.
- [사실 자료]에 있는 내용만 답하세요. 모르는 것은 추측하지 말고 담당 부서로 연결하세요.
- AI충녕이 다루지 않는 민원(도로 파손, 소음, 건축 인허가, 지방세, 복지 상담)은 답하지 말고 담당 부서 전화번호를 안내해 연결하세요.
- 개인정보(주민등록번호, 전화번호 등)를 묻거나 받지 마세요.
- 쉬운 우리말로 세 문장 이내로 답하세요.
"""'''
    answers = '''ANSWERS = {
    "PASSPORT": "여권 재발급은 신분증과 사진 1장을 가지고 시청 민원실이나 읍면동 행정복지센터에서 신청하시면 됩니다. 발급에는 보통 영업일 기준 5일이 걸립니다.",
    "MOVEIN": "전입신고는 이사한 날부터 14일 안에 하셔야 합니다. 정부24 누리집이나 읍면동 행정복지센터에서 할 수 있습니다.",
    "ROAD": "도로 파손 신고는 제가 답하지 않고 담당 부서로 연결해 드립니다. 도로관리과(044-300-4000)로 문의해 주세요.",
}'''
    questions = '''
# 평가 질문 (채팅 평가 세트에서 고른 세 가지, 분류 코드는 datasets/categories.yaml)
QUESTIONS = {
    "PASSPORT": "여권 다시 만들려면 뭐 가져가야 해요?",
    "MOVEIN": "이사 왔는데 전입신고 언제까지 해야 하나요?",
    "ROAD": "집 앞 도로가 움푹 꺼졌어요. 어떻게 해요?",
}
'''
    handover = '''
HANDOVER = ("연결", "문의", "담당 부서", "상담원")
assert isinstance(ANSWERS, dict), "ANSWERS는 {\\"PASSPORT\\": \\"답\\", ...} 모양의 사전이어야 합니다."
missing = [k for k in ("PASSPORT", "MOVEIN", "ROAD") if not str(ANSWERS.get(k, "")).strip()]
assert not missing, "다음 질문의 답이 비었습니다: " + ", ".join(missing)
road = ANSWERS["ROAD"]
assert any(w in road for w in HANDOVER) and "044-300-4000" in road, (
    "ROAD는 AI충녕이 다루지 않는 분야입니다. 답하지 말고 도로관리과(044-300-4000)로 연결하세요.")
for k in ("PASSPORT", "MOVEIN"):
    assert not ("상담원" in ANSWERS[k] or "답하지 않" in ANSWERS[k]), (
        f"{k}는 AI충녕이 답하는 분야입니다. 사람에게 넘기지 말고 사실 자료로 답하세요.")
### BEGIN HIDDEN TESTS
for k in ("PASSPORT", "MOVEIN"):
    assert len(ANSWERS[k]) <= 200, f"{k} 답이 너무 깁니다. 세 문장 이내로 줄이세요."
### END HIDDEN TESTS
'''
    facts = T_HEAD + '''
assert isinstance(ANSWERS, dict), "ANSWERS는 사전이어야 합니다."
for k, text in ANSWERS.items():
    errors = [f for f in check_facts(str(text), sheet) if f.severity == "error"]
    assert not errors, f"{k} 답에 사실 자료와 다른 내용이 있습니다:\\n" + _list(errors)
### BEGIN HIDDEN TESTS
for k, text in ANSWERS.items():
    report = score_draft(str(text), sheet, kind="chatbot_answer")
    bad = [f for f in report.findings if f.code.startswith(("PII_", "INJECTION_"))]
    assert not bad, f"{k} 답에 개인정보나 지시 주입 문구가 있습니다:\\n" + _list(bad)
### END HIDDEN TESTS
'''
    prompt_tests = '''
assert isinstance(SYSTEM_PROMPT, str) and len(SYSTEM_PROMPT.strip()) >= 60, "SYSTEM_PROMPT를 더 구체적으로 쓰세요."
assert any(w in SYSTEM_PROMPT for w in ("연결", "담당 부서", "상담원")), (
    "다루지 않는 민원은 사람(담당 부서)에게 넘기라는 규칙을 넣으세요.")
assert any(w in SYSTEM_PROMPT for w in ("사실 자료", "자료에 있는", "추측하지")), "자료에 근거해서만 답하라는 규칙을 넣으세요."
'''
    rows = [("시스템 프롬프트 규칙", "자동", 2), ("넘김(연결) 판단", "자동(숨은 검사 포함)", 4),
            ("답의 사실 정확성·개인정보", "자동(숨은 검사 포함)", 4), ("답변 정책 판단", "강사 채점", 2)]
    cells = [
        b.md(f"# 과제 5. 민원 챗봇(AI충녕) 답변 프롬프트\n\n**목표**: 챗봇의 시스템 프롬프트를 쓰고, 평가 질문 세 개에 "
             f"그 프롬프트대로 답합니다. 챗봇이 다루지 않는 민원은 사람에게 넘겨야 합니다.\n\n{points_table(rows)}\n{HOW_TO}"),
        b.code(SETUP + questions),
        b.answer("a5_system", "### BEGIN SOLUTION\n" + system + "\n### END SOLUTION"),
        b.tests("a5_system_tests", 2, prompt_tests),
        b.md("`ANSWERS`에 질문 코드별 답을 쓰세요. 연습 노트북에서 위 프롬프트로 얻은 답을 고쳐 넣어도 됩니다."),
        b.answer("a5_answers", "### BEGIN SOLUTION\n" + answers + "\n### END SOLUTION"),
        b.tests("a5_handover", 4, handover),
        b.tests("a5_facts", 4, facts),
        b.md("## 5-2. 답변 정책 (강사 채점)\n챗봇이 답하지 말고 사람에게 넘겨야 하는 경우를 두 가지 들고 이유를 쓰세요.\n\n"
             "**채점 기준(2점)**: 넘김 기준이 구체적(1점), 시민 피해 예방과 연결(1점)."),
        b.written("a5_policy", 2, "### BEGIN SOLUTION\n자료에 없는 민원과 개인 사정 판단이 필요한 복지 상담은 넘긴다. "
                  "틀린 안내가 시민에게 손해를 줄 수 있기 때문이다.\n### END SOLUTION"),
    ]
    variants = {
        "typical": {"a5_answers": answers.replace("발급에는 보통 영업일 기준 5일이 걸립니다.", "")},
        "weak": {"a5_answers": answers.replace(
            "도로 파손 신고는 제가 답하지 않고 담당 부서로 연결해 드립니다. 도로관리과(044-300-4000)로 문의해 주세요.",
            "사진을 찍어 두시고 직접 보수 업체를 부르시면 됩니다.").replace("14일", "30일")},
    }
    return cells, variants, SHEETS["a5_chatbot"]


def a6():
    draft = '''DRAFT = """
세종시, 아빠장려금 월 30만 원으로 올린다
- 4월부터 육아휴직 아빠에게 월 20만 원에서 30만 원으로, 최대 6개월 -

세종특별자치시는 4월 1일부터 육아휴직을 한 아빠에게 주는 아빠장려금을 월 20만 원에서 30만 원으로 올린다고 15일 밝혔다.

세종시에 1년 이상 살고 육아휴직을 1개월 이상 한 아빠가 대상이며, 최대 6개월 동안 받을 수 있다.
신청은 주소지 읍면동 행정복지센터나 정부24에서 할 수 있다.

세종시장은 "아빠의 육아가 당연한 도시를 만들겠습니다."라고 말했다.

담당 부서: 출산보육과 오세린(044-300-6789)
"""'''
    prompt = '''PROMPT = """
당신은 세종시 출산보육과의 보도자료 작성 도우미입니다. 아래 [사실 자료]만 써서 시민이 읽기 쉬운 보도자료를 쓰세요.
자료에 없는 숫자나 인용은 지어내지 마세요. 제목, 부제, 본문, 담당 부서 순으로 쓰세요.
[사실 자료] 아빠장려금 월 20만 원 → 30만 원, 최대 6개월, 시행일 2026-04-01, 출산보육과 044-300-6789
"""'''
    extra = '''### BEGIN HIDDEN TESTS
assert sheet.contact.phone in DRAFT, f"담당 부서 연락처({sheet.contact.phone})를 넣으세요."
assert "30만 원" in DRAFT and "20만 원" in DRAFT, "인상 전후 금액(20만 원→30만 원)을 함께 밝히세요."
### END HIDDEN TESTS'''
    prompt_tests = '''
assert isinstance(PROMPT, str) and len(PROMPT.strip()) >= 60, "PROMPT에 역할, 형식, 사실 자료를 쓰세요."
assert any(w in PROMPT for w in ("지어내", "자료에 없는", "자료만")), "자료에 없는 내용을 지어내지 말라는 지시를 넣으세요."
'''
    rows = [("프롬프트", "자동", 2), ("사실 오류 없음", "자동", 4), ("총점 75 이상·짜임·연락처", "자동(숨은 검사 포함)", 4),
            ("자기 점검", "강사 채점", 3), ("말투와 공공 언어 판단", "강사 채점", 3)]
    cells = [
        b.md(f"# 과제 6. 종합 과제: 보도자료 전 과정\n\n**목표**: 프롬프트 작성 → 초안 → 사실 확인 → 쉬운 말 다듬기 → "
             f"자기 점검까지 혼자 해냅니다.\n\n{points_table(rows)}\n{HOW_TO}"),
        b.code(SETUP),
        b.answer("a6_prompt", "### BEGIN SOLUTION\n" + prompt + "\n### END SOLUTION"),
        b.tests("a6_prompt_tests", 2, prompt_tests),
        b.answer("a6_draft", "### BEGIN SOLUTION\n" + draft + "\n### END SOLUTION"),
        b.tests("a6_facts", 4, fact_tests("DRAFT")),
        b.tests("a6_score", 4, draft_tests("DRAFT", kind="press_release", min_total=75, extra=extra)),
        b.md("## 6-2. 자기 점검 (강사 채점)\n채점 결과의 지적 중 두 가지를 골라 어떻게 고쳤는지(또는 왜 그대로 두었는지) 쓰세요.\n\n"
             "**채점 기준(3점)**: 지적을 정확히 이해(1점), 고친 방법이 알맞음(1점), 그대로 둔 판단의 근거(1점)."),
        b.written("a6_review", 3, "### BEGIN SOLUTION\n긴 문장 지적을 받아 첫 문단을 두 문장으로 나누었다. "
                  "'정부24'는 고유 명칭이라 그대로 두었다.\n### END SOLUTION"),
        b.md("## 6-3. 말투와 공공 언어 (강사 채점)\n위 DRAFT의 말투가 시민에게 알맞은지 스스로 평가해 쓰세요.\n\n"
             "**채점 기준(3점, 강사가 DRAFT 전체를 읽고 채점)**: 시민 눈높이의 말투(1점), 과장·홍보성 표현 절제(1점), "
             "국어기본법 제14조에 맞는 표기(1점)."),
        b.written("a6_tone", 3, "### BEGIN SOLUTION\n과장된 표현 없이 사실만 전하고, 외래어를 쓰지 않았다.\n### END SOLUTION"),
    ]
    variants = {
        "typical": {"a6_draft": draft.replace(", 최대 6개월 동안 받을 수 있다", "")},
        "weak": {"a6_draft": 'DRAFT = "아빠장려금이 월 50만 원으로 오릅니다. 문의는 010-1234-5678로 주세요."'},
    }
    return cells, variants, SHEETS["a6_capstone"]


BUILDERS = {"a1_press_prompt": a1, "a2_fact_check": a2, "a3_plain_language": a3,
            "a4_speech": a4, "a5_chatbot": a5, "a6_capstone": a6}


def main(out: Path = HERE) -> None:
    answers, totals = {}, []
    for aid, build in BUILDERS.items():
        cells, variants, sheet = build()
        folder = out / "source" / aid
        nb = b.notebook(cells)
        b.write(nb, folder / f"{aid}.ipynb")
        (folder / "factsheet.yaml").write_text(
            yaml.safe_dump(sheet, allow_unicode=True, sort_keys=False), encoding="utf-8")
        answers[aid] = {aid: variants}
        auto = sum(float(c.metadata["nbgrader"]["points"]) for c in nb.cells
                   if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c.cell_type == "code")
        totals.append((aid, auto, b.points_of(nb) - auto, b.points_of(nb)))
    (out / "demo").mkdir(parents=True, exist_ok=True)
    (out / "demo" / "answers.json").write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    lines = ["# 배점표 (build_source.py가 만듭니다)", "", "| 과제 | 자동 채점 | 강사 채점 | 합계 |", "|---|---|---|---|"]
    lines += [f"| {a} | {x:g} | {m:g} | {t:g} |" for a, x, m, t in totals]
    lines.append(f"| **과정 합계** | {sum(t[1] for t in totals):g} | {sum(t[2] for t in totals):g} | "
                 f"**{sum(t[3] for t in totals):g}** |")
    (out / "POINTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
