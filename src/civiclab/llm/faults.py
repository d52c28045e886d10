"""Turn the openai client's exceptions into Korean messages that say what to fix.

By the time one of these reaches us the client has already retried timeouts,
429 and 5xx with backoff (``max_retries`` in the settings).
"""

from __future__ import annotations

from civiclab.errors import BackendError, CivicLabError
from civiclab.settings import Settings


def translate(exc: Exception, settings: Settings) -> CivicLabError:
    err = _translate(exc, settings)
    # Some servers and proxies echo the key in their error body ("Incorrect API key
    # provided: sk-..."); the detail ends up in str(err) and in logs, so the key goes.
    key = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    if key and key in err.detail:
        err.detail = err.detail.replace(key, "[API 키 가림]")
        err.args = (err.detail,)
    return err


def _translate(exc: Exception, settings: Settings) -> CivicLabError:
    import openai

    where = settings.effective_base_url
    model = settings.effective_model
    if isinstance(exc, openai.AuthenticationError):
        return BackendError(
            f"모델 서버({where})가 인증을 거절했습니다(401).",
            "OPENAI_API_KEY 환경 변수에 올바른 키가 들어 있는지 확인하세요. 키를 노트북에 직접 쓰지 마세요.",
            detail=str(exc),
        )
    if isinstance(exc, openai.PermissionDeniedError):
        return BackendError(
            f"모델 서버({where})가 이 요청을 허락하지 않았습니다(403).",
            "키의 권한이나 기관의 사용 허가를 담당 부서에 확인하세요.",
            detail=str(exc),
        )
    if isinstance(exc, openai.NotFoundError):
        return BackendError(
            f"모델 '{model}'을(를) 서버({where})에서 찾을 수 없습니다(404).",
            "CIVICLAB_MODEL 값이 서버가 제공하는 모델 이름과 같은지 확인하세요 (civiclab doctor).",
            detail=str(exc),
        )
    if isinstance(exc, openai.RateLimitError):
        return BackendError(
            f"모델 서버가 요청이 너무 많다고 응답했습니다(429). {settings.max_retries}번 다시 시도했지만 실패했습니다.",
            "잠시 뒤에 다시 실행하세요. 여러 건을 한꺼번에 만들 때는 동시 실행 수(--concurrency)를 줄이세요.",
            detail=str(exc),
        )
    if isinstance(exc, openai.APITimeoutError):
        return BackendError(
            f"모델 서버({where})가 {settings.timeout:g}초 안에 답하지 않았습니다.",
            "잠시 뒤에 다시 실행하거나 CIVICLAB_TIMEOUT 값을 늘리세요. 입력한 내용은 그대로 남아 있습니다.",
            detail=str(exc),
        )
    if isinstance(exc, openai.APIConnectionError):
        return BackendError(
            f"모델 서버({where})에 연결할 수 없습니다.",
            "주소(OPENAI_BASE_URL)와 네트워크를 확인하세요. 연결 없이 연습하려면 CIVICLAB_BACKEND=offline 으로 바꾸세요.",
            detail=str(exc),
        )
    if isinstance(exc, openai.APIResponseValidationError) or isinstance(exc, ValueError):
        return BackendError(
            "모델 서버가 알아볼 수 없는 응답을 보냈습니다.",
            "서버가 OpenAI 호환 형식(Chat Completions)을 지원하는지 확인하세요.",
            detail=str(exc),
        )
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status >= 500:
            return BackendError(
                f"모델 서버에 오류가 났습니다({status}). {settings.max_retries}번 다시 시도했지만 실패했습니다.",
                "잠시 뒤에 다시 실행하세요. 계속되면 서버 관리자에게 알리세요.",
                detail=str(exc),
            )
        return BackendError(
            f"모델 서버가 요청을 거절했습니다({status}).",
            "메시지 길이와 매개변수(max_tokens 등)를 확인하세요.",
            detail=str(exc),
        )
    if isinstance(exc, openai.OpenAIError):
        return BackendError("모델 호출에 실패했습니다.", "civiclab doctor 로 설정을 점검하세요.", detail=str(exc))
    raise exc
