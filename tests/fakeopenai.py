"""A local HTTP server that speaks the OpenAI Chat Completions API with scripted replies.

Tests push replies onto ``server.script`` ("ok", "429", "500", "401", "404",
"slow:2.5", "malformed", "empty", "truncated"); when the script is empty the
server answers "ok".  Every request body it receives is kept in
``server.received`` so a test can prove what did (or did not) leave the lab.
``server.reply``, when set, is called with each request body and its return value
is the assistant's text for "ok" answers (e.g. a judge that answers by content).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    def __init__(self, latency: float = 0.0, model: str = "fake-model") -> None:
        self.script: deque[str] = deque()
        self.received: list[dict] = []
        self.latency = latency
        self.model = model
        self.reply = None  # optional callable(body) -> assistant text for "ok" answers
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    @property
    def chat_requests(self) -> list[dict]:
        return [r for r in self.received if r.get("_path", "").endswith("/chat/completions")]

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self) -> str:
        with self._lock:
            return self.script.popleft() if self.script else "ok"

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def _send(self, status: int, payload, raw: bytes | None = None) -> None:
                body = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                if status == 429:
                    self.send_header("retry-after-ms", "10")
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                with server._lock:
                    server.received.append({"_path": self.path, "_method": "GET"})
                self._send(200, {"object": "list", "data": [{"id": server.model, "object": "model",
                                                              "created": 0, "owned_by": "test"}]})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                body["_path"] = self.path
                body["_auth"] = self.headers.get("authorization", "")
                with server._lock:
                    server.received.append(body)
                action = server._next()
                if server.latency:
                    time.sleep(server.latency)
                if action.startswith("slow:"):
                    time.sleep(float(action.split(":", 1)[1]))
                    action = "ok"
                if action == "ok":
                    user = next((m["content"] for m in reversed(body.get("messages", []))
                                 if m.get("role") == "user"), "")
                    text = server.reply(body) if server.reply else f"모의 답변: {user[:40]}"
                    self._send(200, {
                        "id": "chatcmpl-test", "object": "chat.completion", "created": 0,
                        "model": body.get("model", server.model),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": text}}],
                        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
                    })
                elif action == "empty":
                    self._send(200, {
                        "id": "chatcmpl-test", "object": "chat.completion", "created": 0,
                        "model": server.model,
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": ""}}],
                        "usage": {"prompt_tokens": 11, "completion_tokens": 0, "total_tokens": 11},
                    })
                elif action == "malformed":
                    self._send(200, None, raw=b'{"id": "chatcmpl-test", "choices": [ {"mess')
                elif action == "truncated":
                    self._send(200, None, raw=b'{"id": "x", "object": "chat.completion", "choices": []}')
                else:
                    status = int(action)
                    self._send(status, {"error": {"message": f"scripted {status}", "type": "test",
                                                  "code": str(status), "param": None}})

        return Handler
