"""The gateway: one place where a chat request becomes a model call.

Steps of :meth:`Gateway.generate`, in order (the order is the safety argument):

1. validate the request (:class:`ChatRequest`), so bad input fails before anything else;
2. trusted-endpoint check, then the PII guard: nothing unguarded reaches a client;
3. the cache: a hit costs nothing and needs no budget;
4. the budget, before any token is spent;
5. the call through the ``openai`` client (real endpoint or in-process practice model);
6. the cache write (successes only), then the ledger row.

Every attempt, including blocked and failed ones, leaves one ledger row.  Before
step 2 the state folder must have room for that row (a full disk refuses the call
before anything is sent or spent); if a write still fails after a call, the answer
is returned anyway and the row is kept and written with the next one.
"""

from __future__ import annotations

import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

from civiclab.errors import BackendError, CivicLabError, PiiBlockedError
from civiclab.llm.budget import check_budget, estimate_cost
from civiclab.llm.cache import ResponseCache, cache_key
from civiclab.llm.guard import check_endpoint, guard_messages
from civiclab.llm.ledger import Ledger, LedgerRow, ledger_path, now_iso
from civiclab.llm.tokens import count_message_tokens, count_tokens
from civiclab.llm.types import ChatRequest, Generation
from civiclab.settings import Settings

_DEFAULT_MAX_TOKENS_FOR_BUDGET = 1024


class Gateway:
    def __init__(self, settings: Settings, *, client=None) -> None:
        self.settings = settings
        self._client = client  # injectable for tests; built lazily otherwise
        self._client_lock = threading.Lock()
        self._cache: ResponseCache | None = None
        self._ledger: Ledger | None = None
        self._unrecorded: list[LedgerRow] = []  # rows a full disk refused; written with the next one
        self._rows_lock = threading.Lock()
        self._exit_hook = False

    # -- lazily opened resources -------------------------------------------
    @property
    def is_offline(self) -> bool:
        return self.settings.backend == "offline"

    @property
    def label_ko(self) -> str:
        if self.is_offline:
            return "규칙 기반 연습 모델(인공지능 아님, 인터넷 연결 없음)"
        return f"언어 모델 {self.settings.model} ({self.settings.effective_base_url})"

    @property
    def client(self):
        with self._client_lock:
            if self._client is None:
                from civiclab.llm.client import make_client

                self._client = make_client(self.settings)
            return self._client

    @property
    def cache(self) -> ResponseCache | None:
        if not self.settings.cache:
            return None
        if self._cache is None:
            self._cache = ResponseCache(self.settings.state_path / "cache.sqlite")
        return self._cache

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger(ledger_path(self.settings))
        return self._ledger

    # -- one call -------------------------------------------------------------
    def generate(
        self,
        messages,
        *,
        temperature: float | None = None,
        max_tokens: int | None = None,
        prompt_ref: str | None = None,
    ) -> Generation:
        request = ChatRequest(messages, temperature, max_tokens, prompt_ref)
        return self._run(request)

    def _run(self, request: ChatRequest) -> Generation:
        s = self.settings
        model = s.effective_model
        check_endpoint(s)
        from civiclab.storage import ensure_room

        ensure_room(s.state_path)  # room for this call's ledger row, before anything is spent
        try:
            messages, redactions = guard_messages(request.messages, s)
        except PiiBlockedError:
            self._record(request, model, 0, 0, 0.0, cached=False, status="blocked", error="pii")
            raise

        params = {"temperature": request.temperature, "max_tokens": request.max_tokens}
        if self.is_offline:
            params["practice_invents"] = s.practice_invents  # changes the practice model's output
        key = cache_key(s.effective_base_url, model, messages, params)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            self._record(request, model, hit["prompt_tokens"], hit["completion_tokens"], 0.0, cached=True)
            return Generation(
                text=hit["text"], model=hit["model"], backend=s.backend, cached=True,
                prompt_tokens=hit["prompt_tokens"], completion_tokens=hit["completion_tokens"],
                latency_s=0.0, prompt_ref=request.prompt_ref, cost_krw=0.0, redactions=redactions,
            )

        check_budget(s, self.ledger, model, count_message_tokens(messages),
                     request.max_tokens or _DEFAULT_MAX_TOKENS_FOR_BUDGET)

        kwargs = {"model": model, "messages": messages}
        if request.temperature is not None:
            kwargs["temperature"] = request.temperature
        if request.max_tokens is not None:
            kwargs["max_tokens"] = request.max_tokens
        started = time.perf_counter()
        try:
            response = self.client.chat.completions.create(**kwargs)
            text, p_tok, c_tok, served_model = _read_response(response, messages)
        except CivicLabError as exc:
            self._record(request, model, 0, 0, time.perf_counter() - started, cached=False,
                         status="error", error=type(exc).__name__)
            raise
        except Exception as exc:  # the client's own errors, translated for people
            from civiclab.llm.faults import translate

            err = translate(exc, s)
            err.request = request  # nothing lost: the caller can show or retry it
            self._record(request, model, 0, 0, time.perf_counter() - started, cached=False,
                         status="error", error=type(exc).__name__)
            raise err from None
        latency = time.perf_counter() - started
        cost = estimate_cost(s, model, p_tok, c_tok)
        if self.cache is not None:
            self._cache_put(key, served_model, text, p_tok, c_tok)
        self._record(request, model, p_tok, c_tok, latency, cached=False, cost=cost)
        return Generation(
            text=text, model=served_model, backend=s.backend, cached=False,
            prompt_tokens=p_tok, completion_tokens=c_tok, latency_s=latency,
            prompt_ref=request.prompt_ref, cost_krw=cost, redactions=redactions,
        )

    def _record(self, request, model, p_tok, c_tok, latency, *, cached, status="ok", error=None, cost=0.0):
        s = self.settings
        with self._rows_lock:
            self._unrecorded.append(LedgerRow(
                ts=now_iso(), user=s.user, cohort=s.cohort, prompt_ref=request.prompt_ref,
                backend=s.backend, model=model, prompt_tokens=p_tok, completion_tokens=c_tok,
                latency_ms=int(latency * 1000), cache_hit=int(cached), cost_krw=round(cost, 4),
                status=status, error=error,
            ))
        self.flush_ledger()

    def flush_ledger(self) -> int:
        """Write rows a full disk refused earlier; returns how many are still unwritten."""
        from civiclab.storage import is_disk_full

        with self._rows_lock:
            while self._unrecorded:
                try:
                    self.ledger.record(self._unrecorded[0])
                except Exception as exc:
                    if not is_disk_full(exc):
                        raise
                    warnings.warn(StorageWarning(
                        f"저장 공간이 모자라 사용 기록 {len(self._unrecorded)}건을 아직 적지 못했습니다. "
                        "공간을 늘리면 다음 호출 때 함께 적습니다."), stacklevel=3)
                    if not self._exit_hook:  # a short CLI run may not call again: try once more at exit
                        import atexit

                        atexit.register(self._flush_at_exit)
                        self._exit_hook = True
                    break
                self._unrecorded.pop(0)
            return len(self._unrecorded)

    def _flush_at_exit(self) -> None:
        import json
        import sys
        from dataclasses import asdict

        try:
            left = self.flush_ledger()
        except Exception:  # noqa: BLE001 - at exit, showing the rows matters more than why
            left = len(self._unrecorded)
        if left:
            # the last place the rows can go: the operator's screen, one JSON object each
            print(f"주의: 저장 공간이 모자라 사용 기록 {left}건을 원장(ledger)에 적지 못했습니다. "
                  "아래 내용을 보관해 강사나 서버 관리자에게 전해 주세요.", file=sys.stderr)
            for row in self._unrecorded:
                print(json.dumps(asdict(row), ensure_ascii=False), file=sys.stderr)

    def _cache_put(self, key, model, text, p_tok, c_tok) -> None:
        from civiclab.storage import is_disk_full

        try:
            self.cache.put(key, model, text, p_tok, c_tok)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            # the answer matters more than its cached copy: return it, say why it is not kept
            warnings.warn(StorageWarning("저장 공간이 모자라 이번 답변을 재사용 저장소(cache)에 넣지 못했습니다."),
                          stacklevel=3)

    # -- many calls -----------------------------------------------------------
    def generate_many(self, requests, *, concurrency: int = 8, progress: bool = True):
        """Run many requests; results in input order, each a Generation or the error it met."""
        from tqdm.auto import tqdm

        items = list(requests)
        results: list = [None] * len(items)
        if concurrency < 1:
            raise CivicLabError("동시 실행 수는 1 이상이어야 합니다.", "--concurrency 1 이상 값을 쓰세요.")

        def one(i: int) -> None:
            try:
                req = items[i] if isinstance(items[i], ChatRequest) else ChatRequest(**items[i])
                results[i] = self._run(req)
            except CivicLabError as exc:
                results[i] = exc
            except Exception as exc:  # never let one item stop the batch
                results[i] = BackendError("처리 중 예상하지 못한 오류가 났습니다.",
                                          "이 항목만 다시 실행해 보세요.", detail=repr(exc))

        bar = tqdm(total=len(items), desc="생성", unit="건", disable=not progress)
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            for _ in pool.map(one, range(len(items))):
                bar.update(1)
        bar.close()
        return results

    def close(self) -> None:
        """Close the cache and ledger; :class:`StorageFullError` if usage rows are still unwritten."""
        if self._unrecorded and self.flush_ledger():
            from civiclab.storage import full_error

            raise full_error(self.settings.state_path,
                             detail=f"{len(self._unrecorded)} ledger rows unwritten: {self._unrecorded!r}")
        for res in (self._cache, self._ledger):
            if res is not None:
                res.close()


class StorageWarning(UserWarning):
    """A state-folder write failed after a call; the answer was still returned."""


def _read_response(response, messages) -> tuple[str, int, int, str]:
    try:
        choice = response.choices[0]
        text = choice.message.content or ""
    except (AttributeError, IndexError, TypeError):
        raise BackendError("모델 서버의 응답에 답변이 없습니다.",
                           "서버가 OpenAI 호환 형식(Chat Completions)을 지원하는지 확인하세요.") from None
    if not text.strip():
        raise BackendError("모델이 빈 답변을 보냈습니다.",
                           "다시 실행하거나 지시문을 더 분명하게 고쳐 보세요. 입력한 내용은 그대로 남아 있습니다.")
    usage = getattr(response, "usage", None)
    p_tok = getattr(usage, "prompt_tokens", None) or count_message_tokens(messages)
    c_tok = getattr(usage, "completion_tokens", None) or count_tokens(text)
    return text, int(p_tok), int(c_tok), getattr(response, "model", None) or "unknown"
