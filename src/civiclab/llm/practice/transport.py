"""An in-process HTTP transport that speaks the OpenAI Chat Completions API.

The openai client sends a real HTTP request object; instead of opening a
socket, this transport hands the JSON body to the practice model and returns an
OpenAI-shaped JSON response.  Nothing leaves the process.
"""

from __future__ import annotations

import hashlib
import json
import time

from civiclab.settings import OFFLINE_MODEL


def _completion(body: dict, invent: bool) -> tuple[int, dict]:
    from civiclab.llm.practice.model import generate

    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return 400, _error("messages must be a non-empty list", "invalid_request_error")
    model = body.get("model") or OFFLINE_MODEL
    if model != OFFLINE_MODEL:
        return 404, _error(f"The model `{model}` does not exist", "model_not_found")
    max_tokens = body.get("max_tokens") or body.get("max_completion_tokens")
    reply = generate(messages, max_tokens=max_tokens, invent=invent)
    text, prompt_tokens, completion_tokens = reply.text, reply.prompt_tokens, reply.completion_tokens
    digest = hashlib.sha256(json.dumps(messages, ensure_ascii=False).encode()).hexdigest()[:24]
    return 200, {
        "id": f"chatcmpl-practice-{digest}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": OFFLINE_MODEL,
        "system_fingerprint": "civiclab-practice-rule-based",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": reply.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _error(message: str, code: str) -> dict:
    return {"error": {"message": message, "type": code, "code": code, "param": None}}


def _models() -> dict:
    return {
        "object": "list",
        "data": [{"id": OFFLINE_MODEL, "object": "model", "created": 0, "owned_by": "civiclab"}],
    }


def answer(method: str, path: str, content: bytes, invent: bool) -> tuple[int, dict]:
    """Route one request; pure function so both sync and async transports share it."""
    if method == "GET" and path.endswith("/models"):
        return 200, _models()
    if method == "POST" and path.endswith("/chat/completions"):
        try:
            body = json.loads(content or b"{}")
        except ValueError:
            return 400, _error("request body is not JSON", "invalid_request_error")
        return _completion(body, invent)
    return 404, _error(f"no route for {method} {path}", "not_found")


def make_transports(httpx_module, *, invent: bool = True):
    """Return (sync, async) transport instances for ``httpx_module`` (httpx or httpx2)."""

    def _response(request, status: int, payload: dict):
        return httpx_module.Response(
            status,
            content=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"content-type": "application/json"},
            request=request,
        )

    class PracticeTransport(httpx_module.BaseTransport):
        def handle_request(self, request):
            status, payload = answer(request.method, request.url.path, request.read(), invent)
            return _response(request, status, payload)

    class AsyncPracticeTransport(httpx_module.AsyncBaseTransport):
        async def handle_async_request(self, request):
            status, payload = answer(request.method, request.url.path, await request.aread(), invent)
            return _response(request, status, payload)

    return PracticeTransport(), AsyncPracticeTransport()
