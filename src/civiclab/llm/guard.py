"""The PII guard: runs on every message before anything reaches an endpoint.

It also enforces the trusted-endpoint list.  Even the offline practice model is
guarded, so learners meet the same rule in class that protects them at work.
"""

from __future__ import annotations

from civiclab.errors import ConfigError, PiiBlockedError
from civiclab.pii import PII_LABELS_KO, find_pii, redact
from civiclab.settings import Settings


def check_endpoint(settings: Settings) -> None:
    if settings.backend == "offline" or not settings.trusted_endpoints:
        return
    url = settings.effective_base_url
    if not any(url.startswith(t.rstrip("/")) for t in settings.trusted_endpoints):
        raise ConfigError(
            f"허용되지 않은 주소({url})로 보내려고 했습니다.",
            "기관이 허용한 주소(CIVICLAB_TRUSTED_ENDPOINTS)만 쓸 수 있습니다. 담당 부서에 문의하세요.",
        )


def guard_messages(messages: list[dict], settings: Settings) -> tuple[list[dict], list[dict]]:
    """Return messages safe to send, and a list of redactions made.

    With the ``block`` policy any match raises :class:`PiiBlockedError` and
    nothing is sent; with ``redact`` each match is replaced by a typed
    placeholder such as ``[주민등록번호]``.
    """
    found = []
    for index, msg in enumerate(messages):
        for m in find_pii(msg["content"], settings.allowed_phone_numbers):
            found.append((index, m))
    if not found:
        return messages, []
    if settings.pii_policy == "block":
        where = ", ".join(
            f"{i + 1}번째 메시지 {m.start + 1}~{m.end}번째 글자의 {m.label_ko}" for i, m in found[:5]
        )
        more = f" 외 {len(found) - 5}건" if len(found) > 5 else ""
        raise PiiBlockedError(
            f"개인정보가 들어 있어 보내지 않았습니다: {where}{more}.",
            "해당 정보를 지우거나 '홍길동', '010-0000-0000'처럼 가짜 값으로 바꾼 뒤 다시 실행하세요. "
            "입력한 내용은 그대로 남아 있습니다.",
            matches=[m.to_dict() | {"message": i} for i, m in found],
        )
    redacted = [dict(msg) for msg in messages]
    by_message: dict[int, list] = {}
    for i, m in found:
        by_message.setdefault(i, []).append(m)
    for i, ms in by_message.items():
        redacted[i]["content"] = redact(messages[i]["content"], ms)
    return redacted, [m.to_dict() | {"message": i} for i, m in found]


__all__ = ["PII_LABELS_KO", "check_endpoint", "guard_messages"]
