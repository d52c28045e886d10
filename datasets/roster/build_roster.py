"""Build the synthetic cohort roster (deterministic; seed fixed).

    python datasets/roster/build_roster.py

Names are random combinations of common Korean surnames and given-name
syllables; they describe nobody.  E-mail addresses live under example.org
(RFC 2606), which can never reach a real mailbox.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20250401
COHORTS = [f"2025-04-{c}" for c in "ABCDEF"]
PER_COHORT = 50  # 6 x 50 = 300 officers; every cohort within the 30-50 seat limit

SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권",
            "황", "안", "송", "류", "전", "홍", "고", "문", "양", "손", "배", "백", "허", "노", "남"]
SYLLABLES = ["가", "건", "경", "나", "다", "도", "라", "민", "보", "빈", "서", "선", "성", "솔", "수",
             "아", "연", "영", "예", "온", "우", "유", "윤", "은", "재", "정", "주", "지", "진", "찬",
             "채", "태", "하", "현", "혜", "호", "희", "린", "율", "준"]
# (department, weight): PR and planning posts are spread over the whole city hall.
DEPARTMENTS = [
    ("대변인실", 5), ("기획조정실", 4), ("디지털정책과", 3), ("민원여권과", 2), ("자치행정과", 2),
    ("문화예술과", 2), ("관광진흥과", 2), ("교통정책과", 2), ("대중교통과", 2), ("도로과", 1),
    ("재난안전과", 2), ("자원순환과", 1), ("농업정책과", 2), ("아동청소년과", 2), ("노인복지과", 2),
    ("건강증진과", 2), ("교육지원과", 2), ("예산담당관", 1), ("정보통신과", 1), ("일자리정책과", 2),
    ("기업지원과", 1), ("도시계획과", 1), ("환경정책과", 1), ("세정과", 1),
    ("조치원읍 행정복지센터", 1), ("한솔동 행정복지센터", 1), ("새롬동 행정복지센터", 1),
    ("보람동 행정복지센터", 1),
]
ROLES = [("홍보 담당", 5), ("기획 담당", 4), ("보도자료 검수", 1), ("팀장", 1)]
FIELDS = ["id", "first_name", "last_name", "email", "cohort", "department", "role"]
# Random syllables can spell a famous person's name; a fictional roster must not.
# Names of well-known public figures and entertainers that these syllables can form.
AVOID = frozenset("""
정우성 배수지 이지은 강하늘 남궁민 박영수 이순자 김태희 송혜교 이민호 손예진 전지현 김수현
박보검 이정재 유재석 강호동 김연아 손흥민 이재명 윤석열 문재인 박근혜 이명박 한동훈 조국
이준석 안철수 최민호 김건희 김혜경 정은경 이상민 한덕수 추경호 오세훈 김동연 박보영 김고은
한지민 이하늬 조정석 정해인 서현진 김유정 박은빈 이영애 김하늘 임윤아 김지원 박서준 송중기
이동욱 정호연 이서진 하정우 황정민 유아인 김남길 이병헌 송강호 최민식 설경구 한효주 전도연
김혜수 고현정 김희선 이보영 김선호 신민아 한가인 김태리 김다미 전혜진 이성민 이도현 박지현
""".split())


def build_rows(seed: int = SEED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    depts = [d for d, _ in DEPARTMENTS]
    dept_w = [w for _, w in DEPARTMENTS]
    roles = [r for r, _ in ROLES]
    role_w = [w for _, w in ROLES]
    seen: set[tuple[str, str]] = set()
    rows = []
    n = 0
    for cohort in COHORTS:
        for _ in range(PER_COHORT):
            n += 1
            while True:
                last = rng.choice(SURNAMES)
                first = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
                if first[0] != first[1] and (last, first) not in seen and last + first not in AVOID:
                    seen.add((last, first))
                    break
            sid = f"sj{n:04d}"
            rows.append({
                "id": sid,
                "first_name": first,
                "last_name": last,
                "email": f"{sid}@example.org",
                "cohort": cohort,
                "department": rng.choices(depts, dept_w)[0],
                "role": rng.choices(roles, role_w)[0],
            })
    return rows


def main() -> None:
    rows = build_rows()
    with open(HERE / "roster.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {HERE / 'roster.csv'}")


if __name__ == "__main__":
    main()
