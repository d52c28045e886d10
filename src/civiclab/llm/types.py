"""Plain data for requests and results of the gateway."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from civiclab.errors import InputError

ROLES = ("system", "user", "assistant")
MAX_MESSAGE_CHARS = 200_000


def check_messages(messages) -> list[dict[str, str]]:
    """Validate chat messages where a request is built; return clean copies."""
    if not isinstance(messages, (list, tuple)) or not messages:
        raise InputError(
            "보낼 메시지가 없습니다.",
            '메시지는 [{"role": "user", "content": "..."}] 모양의 목록이어야 합니다.',
        )
    clean = []
    for i, msg in enumerate(messages):
        if not isinstance(msg, dict) or "role" not in msg or "content" not in msg:
            raise InputError(
                f"{i + 1}번째 메시지에 role 또는 content가 없습니다.",
                '각 메시지를 {"role": "user", "content": "내용"} 모양으로 쓰세요.',
            )
        role, content = msg["role"], msg["content"]
        if role not in ROLES:
            raise InputError(
                f"{i + 1}번째 메시지의 역할(role) '{role}'을(를) 알 수 없습니다.",
                "role은 system, user, assistant 가운데 하나여야 합니다.",
            )
        if not isinstance(content, str):
            raise InputError(
                f"{i + 1}번째 메시지의 내용(content)이 글자가 아닙니다.",
                "content에는 문자열을 넣으세요.",
            )
        if len(content) > MAX_MESSAGE_CHARS:
            raise InputError(
                f"{i + 1}번째 메시지가 너무 깁니다({len(content):,}자).",
                f"{MAX_MESSAGE_CHARS:,}자 이내로 줄이세요.",
            )
        clean.append({"role": role, "content": content})
    return clean


@dataclass
class ChatRequest:
    messages: list[dict[str, str]]
    temperature: float | None = None
    max_tokens: int | None = None
    prompt_ref: str | None = None

    def __post_init__(self) -> None:
        self.messages = check_messages(self.messages)
        if self.temperature is not None and not 0 <= self.temperature <= 2:
            raise InputError(
                f"temperature 값 {self.temperature}이(가) 범위를 벗어났습니다.",
                "0에서 2 사이의 값을 쓰세요.",
            )
        if self.max_tokens is not None and not 1 <= self.max_tokens <= 100_000:
            raise InputError(
                f"max_tokens 값 {self.max_tokens}이(가) 범위를 벗어났습니다.",
                "1에서 100000 사이의 정수를 쓰세요.",
            )


@dataclass
class Generation:
    text: str
    model: str
    backend: str
    cached: bool
    prompt_tokens: int
    completion_tokens: int
    latency_s: float
    prompt_ref: str | None = None
    cost_krw: float = 0.0
    redactions: list[dict] = field(default_factory=list)

    @property
    def is_practice_model(self) -> bool:
        return self.backend == "offline"

    @property
    def label_ko(self) -> str:
        if self.is_practice_model:
            return "규칙 기반 연습 모델(인공지능 아님)"
        return f"언어 모델 {self.model}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["label"] = self.label_ko
        return data
