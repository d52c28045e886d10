"""Shared prompts for the practice-model tests (a module, not a conftest, so names stay unique)."""

FACT_BLOCK = """[사실 자료]
제목: 세종시, 2024 세종 벚꽃축제 개최
기관: 세종특별자치시
배포일: 2024-03-25
사실:
- 세종호수공원과 방축천 일대에서 열린다
- 야간 경관 조명과 거리 공연을 함께 운영한다
수치:
- 예상 방문객: 63,000명
- 행사 예산: 3억 2천만 원
- 임시 주차장: 4곳
날짜:
- 행사 시작일: 2024-03-28
- 행사 종료일: 2024-03-31
인물:
- 최민호 (시장)
인용:
- 최민호: "시민 모두가 봄을 즐기는 축제가 되도록 준비하겠습니다."
문의처: 문화관광과 김하늘 044-300-1234
"""
FIGURES = ["63,000명", "3억 2천만 원", "4곳"]
DATES_KO = ["2024년 3월 28일", "2024년 3월 31일"]
QUOTE = "시민 모두가 봄을 즐기는 축제가 되도록 준비하겠습니다."
CONTACT = "문화관광과 김하늘 044-300-1234"

SOURCE = """당신은 세종시 민원 상담 챗봇 AI충녕입니다. 아래 참고 자료에 있는 내용으로만 답하세요.

참고 자료:
아빠장려금은 세종시에 1년 이상 거주한 아버지가 육아휴직을 1개월 이상 쓰면 받을 수 있습니다.
지원 금액은 월 50만 원이며 최대 6개월까지 지급합니다.
신청은 육아휴직 시작일부터 1년 이내에 주소지 행정복지센터에서 합니다.
문의: 세종시 출산정책과 044-300-3456
"""
SOURCE_CONTACT = "세종시 출산정책과 044-300-3456"


def user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def grounded(instruction: str) -> list[dict]:
    return [
        {"role": "system", "content": "당신은 세종시 홍보담당관실의 글쓰기 도우미입니다."},
        {"role": "user", "content": FACT_BLOCK + "\n" + instruction},
    ]


def chat(question: str) -> list[dict]:
    return [{"role": "system", "content": SOURCE}, {"role": "user", "content": question}]
