"""Build the ``openai`` client for the configured backend.

Both backends use the same ``openai.OpenAI`` class.  For the offline backend
the HTTP client gets the in-process practice transport, so no socket is opened
and no key is needed; for a real endpoint the client is stock, with the
timeout and retry policy from the settings (the client's own backoff retries
timeouts, 429 and 5xx).
"""

from __future__ import annotations

from civiclab.settings import Settings

_OFFLINE_KEY = "civiclab-offline-no-key"  # the client insists on some key; never sent anywhere


def http_module():
    """The httpx flavour the installed openai package speaks (httpx2 in openai 3.x)."""
    import openai._base_client as base

    return getattr(base, "httpx2", None) or base.httpx


def make_client(settings: Settings, *, async_: bool = False):
    import openai

    cls = openai.AsyncOpenAI if async_ else openai.OpenAI
    if settings.backend == "offline":
        from civiclab.llm.practice.transport import make_transports

        hx = http_module()
        sync_t, async_t = make_transports(hx, invent=settings.practice_invents)
        http_client = (hx.AsyncClient if async_ else hx.Client)(
            transport=async_t if async_ else sync_t, timeout=settings.timeout
        )
        return cls(
            api_key=_OFFLINE_KEY,
            base_url=settings.effective_base_url,
            http_client=http_client,
            max_retries=0,
        )
    key = settings.api_key.get_secret_value() if settings.api_key else None
    return cls(
        # Local servers (vLLM, Ollama) accept any key; the client requires one.
        api_key=key or "no-key-set",
        base_url=settings.effective_base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
    )
