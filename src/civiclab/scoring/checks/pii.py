"""Personal data in a draft (PII_): the gateway guard's detectors, reused.

A press release or chatbot answer must not publish personal data.  The office's
own public numbers (settings.allowed_phone_numbers, and the fact sheet's contact
phone) are not personal data.
"""

from __future__ import annotations

from civiclab.scoring.findings import Finding

_FALLBACK_LABELS = {
    "rrn": "주민등록번호", "arn": "외국인등록번호", "mobile": "휴대전화 번호", "email": "전자우편 주소",
    "passport": "여권 번호", "driver_license": "운전면허 번호", "card": "카드 번호",
    "bank_account": "계좌 번호", "phone": "전화번호",
}


def check_pii(text: str, *, allowed_phone_numbers=(), sheet=None) -> list[Finding]:
    from civiclab import pii

    allowed = list(allowed_phone_numbers)
    contact = getattr(sheet, "contact", None)
    phone = getattr(contact, "phone", None) if contact is not None else None
    if phone:
        allowed.append(str(phone))
    labels = getattr(pii, "PII_LABELS_KO", _FALLBACK_LABELS)
    out = []
    for match in pii.find_pii(text, allowed_phone_numbers=tuple(allowed)):
        label = labels.get(match.kind, match.kind)
        out.append(Finding(
            f"PII_{match.kind.upper()}", "error",
            f"개인정보({label})가 들어 있습니다. 공개 문서에 실으면 안 됩니다.",
            match.start, match.end,
            "지우거나 '○○○'처럼 가리세요. 기관 대표 번호나 부서 번호는 괜찮습니다."))
    return out


def pii_available() -> bool:
    """False until civiclab.pii.find_pii exists (the lead's guard)."""
    from civiclab import pii

    return callable(getattr(pii, "find_pii", None))
