"""API keys never land in an artifact: run the demo with a unique fake key and scan every file.

The demo runs twice: on the offline practice model (which ignores the key) and against
a local OpenAI-speaking server (which receives the key in the Authorization header, as a
real endpoint would).  Every file the run writes -- state folder (cache, ledger, learner
history, WAL/journal files), drafts, prompt-tests.json, the metrics dashboard and its
CSV/parquet tables -- is scanned for the key's bytes, plain and UTF-16, and so is every
line the demo printed.  Failing endpoint calls must not carry the key in their error
text either, even when the server echoes it back.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support import ROOT

from civiclab.errors import BackendError, CivicLabError

# The course step (nbgrader, 30 learners) takes minutes; the other four steps run in seconds.
SKIP = ("course",)


def make_secret() -> str:
    return "sk-civiclab-leaktest-" + secrets.token_hex(12)


def needles(secret: str) -> list[bytes]:
    core = secret.rsplit("-", 1)[1]  # the random part alone, in case a writer masks the prefix
    return [secret.encode(), core.encode(), secret.encode("utf-16-le"), core.encode("utf-16-le")]


def _contents(path: Path) -> list[bytes]:
    """The file's bytes, and for zip containers (.docx, .xlsx, .zip) every member's
    decompressed bytes too: deflate would hide a key from a raw scan."""
    data = path.read_bytes()
    parts = [data]
    if data[:4] == b"PK\x03\x04":
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                parts += [zf.read(name) for name in zf.namelist()]
        except zipfile.BadZipFile:
            pass
    return parts


def leaks(root: Path, secret: str) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if any(n in data for data in _contents(path) for n in needles(secret)):
            found.append(str(path.relative_to(root)))
    return found


def settings_with_key(tmp_path, secret, **overrides):
    from civiclab.settings import load_settings

    env = {"OPENAI_API_KEY": secret, "CIVICLAB_API_KEY": secret}
    return load_settings(env=env, cwd=tmp_path, root=ROOT, state_dir=tmp_path / "state",
                         user="learner01", cohort="2025-04-A", **overrides)


def run_and_scan(tmp_path, settings, secret):
    from civiclab.demo import run_demo

    assert settings.api_key is not None and settings.api_key.get_secret_value() == secret
    lines: list[str] = []
    results = run_demo(settings, tmp_path / "out", skip=SKIP, say=lines.append)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    # The scan must have covered what the issue lists, or it proves nothing.
    for expected in ("cache.sqlite", "ledger.sqlite", "demo-learner.jsonl", "prompt-tests.json",
                     "grounded.txt", "grounded.json", "bare.html", "index.html", "demo-summary.json"):
        assert expected in names, f"{expected} was not written; the scan would be empty"
    assert any(p.suffix == ".parquet" for p in files) and any(p.suffix == ".csv" for p in files)
    assert leaks(tmp_path, secret) == []
    assert not any(n.decode("utf-8", "ignore") in line for line in lines for n in needles(secret)[:2])
    assert secret not in json.dumps(results, ensure_ascii=False)
    return files


def test_offline_demo_writes_the_key_nowhere(tmp_path):
    secret = make_secret()
    settings = settings_with_key(tmp_path, secret, backend="offline")
    files = run_and_scan(tmp_path, settings, secret)
    assert len(files) >= 30


def test_demo_against_a_real_endpoint_writes_the_key_nowhere(tmp_path, fake_openai):
    secret = make_secret()
    settings = settings_with_key(tmp_path, secret, backend="openai", base_url=fake_openai.base_url,
                                 model="fake-model", max_retries=0, timeout=5)
    run_and_scan(tmp_path, settings, secret)
    # The key really was used (so the scan above is meaningful): the server saw it.
    chats = fake_openai.chat_requests
    assert chats and all(r["_auth"] == f"Bearer {secret}" for r in chats)


# --- error messages -----------------------------------------------------------------------

class EchoingServer:
    """An OpenAI-compatible server that, like some proxies, echoes the key in its error body."""

    def __init__(self, status: int) -> None:
        server = self
        self.status = status

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                key = self.headers.get("authorization", "").removeprefix("Bearer ")
                body = json.dumps({"error": {"message": f"Incorrect API key provided: {key}",
                                             "type": "invalid_request_error", "code": "invalid_api_key",
                                             "param": None}}).encode()
                self.send_response(server.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def all_error_text(exc: CivicLabError) -> str:
    return "\n".join([exc.format_ko(), str(exc), repr(exc), exc.detail, exc.problem, exc.fix,
                      str(exc.__cause__ or ""),
                      "" if exc.__suppress_context__ else str(exc.__context__ or "")])


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 500])
def test_error_messages_never_carry_the_key_even_when_the_server_echoes_it(tmp_path, status):
    from civiclab.llm import Gateway
    from civiclab.llm.ledger import read_ledger

    secret = make_secret()
    with EchoingServer(status) as server:
        settings = settings_with_key(tmp_path, secret, backend="openai", base_url=server.base_url,
                                     model="fake-model", max_retries=0, timeout=5)
        with pytest.raises(BackendError) as info:
            Gateway(settings).generate([{"role": "user", "content": "제목을 제안해 주세요."}])
    text = all_error_text(info.value)
    assert secret not in text and secret.rsplit("-", 1)[1] not in text
    frame = read_ledger(settings)
    assert list(frame["status"]) == ["error"]
    assert secret not in frame.to_csv()
    assert leaks(tmp_path, secret) == []


def test_refused_and_malformed_calls_keep_the_key_out(tmp_path, fake_openai):
    from civiclab.llm import Gateway

    secret = make_secret()
    fake_openai.script.extend(["malformed", "empty", "truncated", "429"])
    settings = settings_with_key(tmp_path, secret, backend="openai", base_url=fake_openai.base_url,
                                 model="fake-model", max_retries=0, timeout=5)
    gw = Gateway(settings)
    for i in range(4):
        with pytest.raises(BackendError) as info:
            gw.generate([{"role": "user", "content": f"질문 {i}"}])
        assert secret not in all_error_text(info.value)
    refused = settings_with_key(tmp_path / "r", secret, backend="openai", base_url="http://127.0.0.1:9/v1",
                                max_retries=0, timeout=2)
    with pytest.raises(BackendError) as info:
        Gateway(refused).generate([{"role": "user", "content": "질문"}])
    assert secret not in all_error_text(info.value)
    assert leaks(tmp_path, secret) == []


def test_settings_never_print_the_key(tmp_path):
    secret = make_secret()
    settings = settings_with_key(tmp_path, secret, backend="offline")
    for text in (str(settings), repr(settings), json.dumps(settings.redacted(), ensure_ascii=False),
                 settings.model_dump_json()):
        assert secret not in text


# --- grading ------------------------------------------------------------------------------

@pytest.mark.slow
def test_grading_artifacts_hold_no_key(tmp_path, monkeypatch):
    """The grader's environment holds the key (as on the hub); the course run stores it nowhere.

    A tiny toy course, two learners, real nbgrader kernels: gradebook, autograded and
    feedback notebooks, logs, journal and the exported grades CSV are scanned.
    """
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "grading"))
    from toycourse import make_toy_course

    from civiclab.grading import demo

    secret = make_secret()
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    monkeypatch.setenv("CIVICLAB_API_KEY", secret)
    monkeypatch.setenv("CIVICLAB_GRADING_TIMEOUT", "6")
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR"):
        monkeypatch.delenv(var, raising=False)
    src = make_toy_course(tmp_path / "src")
    (src / "demo").mkdir()
    (src / "demo" / "answers.json").write_text(
        json.dumps({"toy": {"toy": {"weak": {"answer": "answer = 41"}}}}), encoding="utf-8")
    monkeypatch.setattr(demo, "COHORT_MIX", [("excellent", 1), ("weak", 1)])
    summary = demo.run_demo(tmp_path / "course", src, jobs=2, n=2, progress=False, timeout=6)
    assert summary["rows"] == 2 and Path(summary["grades_csv"]).is_file()
    names = {p.name for p in (tmp_path / "course").rglob("*") if p.is_file()}
    assert "gradebook.db" in names and any(n.endswith(".html") for n in names)  # feedback was made
    assert leaks(tmp_path, secret) == []


def test_the_scan_sees_a_key_inside_a_docx(tmp_path):
    """The scan itself can fail: a key written into an exported .docx (deflated XML) is found."""
    from docx import Document

    secret = make_secret()
    doc = Document()
    doc.add_paragraph("보도자료 " + secret)
    doc.save(tmp_path / "draft.docx")
    assert secret.encode() not in (tmp_path / "draft.docx").read_bytes()  # a raw scan would miss it
    assert leaks(tmp_path, secret) == ["draft.docx"]
