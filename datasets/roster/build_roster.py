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
                if first[0] != first[1] and (last, first) not in seen:
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
