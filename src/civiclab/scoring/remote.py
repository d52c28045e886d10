"""Scoring through a shared scoring service, with in-process scoring as the fallback.

Why: nbgrader starts a fresh kernel for every notebook it grades, and each kernel
would load its own Kiwi (about 330 MB and 1-3 s) and parse the 90 KB glossary on
its first ``score_draft`` call.  ``civiclab course autograde`` therefore starts one
scoring service per run (:mod:`civiclab.grading.scoring_service`) and tells the
grading kernels where it listens through :data:`ENV_SOCKET`.  ``score_draft`` asks
the service when the variable is set and scores in-process when it is not, so a
learner's own kernel behaves exactly as before.

What crosses the channel (JSON, never pickle): the draft, the reference, the fact
sheet's fields, the rubric's and the glossary's *text* (read by the kernel exactly
as in-process scoring would read them), three settings values and the judge mode.
The service builds the same objects from them and runs the same ``Scorer``, so the
report is the one in-process scoring gives (tests compare both ways).

Never a wrong grade: anything unusual (no socket, refused or reset connection, a
peer that is not the service, a timeout, a malformed reply, a reply for another
text) makes the kernel score in-process for the rest of its life; input errors
are raised exactly as in-process scoring raises them.  A call that would reach a
real LLM judge is never delegated (the API key stays in the kernel).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import sys

from civiclab.errors import CivicLabError, InputError

ENV_SOCKET = "CIVICLAB_SCORING_SOCKET"  # path of the service's Unix socket
ENV_PID = "CIVICLAB_SCORING_PID"  # pid that listens on it (checked with SO_PEERCRED on Linux)
ENV_WAIT = "CIVICLAB_SCORING_WAIT"  # seconds a kernel waits for a reply before scoring itself

PROTOCOL = 2  # 2: the typo list travels with the glossary
MAX_MESSAGE = 16 * 1024 * 1024  # a draft is at most 50,000 characters; the glossary ~90 KB
_HEADER = struct.Struct("!I")

# Set once the service failed this process: the remaining calls score in-process
# instead of waiting for a broken service again.
_BROKEN = False


class ProtocolError(Exception):
    """The other side sent something that is not a valid message."""


# --- framing (shared with the service) -----------------------------------------
def send_message(sock: socket.socket, obj: dict) -> None:
    data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_MESSAGE:
        raise ProtocolError(f"message of {len(data)} bytes is over the limit")
    sock.sendall(_HEADER.pack(len(data)) + data)


def recv_message(sock: socket.socket) -> dict:
    (size,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    if size > MAX_MESSAGE:
        raise ProtocolError(f"message of {size} bytes is over the limit")
    obj = json.loads(_recv_exact(sock, size).decode("utf-8"))
    if not isinstance(obj, dict):
        raise ProtocolError("a message must be a JSON object")
    return obj


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise ProtocolError("connection closed mid-message")
        buf += chunk
    return bytes(buf)


def peer_pid_uid(sock: socket.socket) -> tuple[int, int] | None:
    """(pid, uid) of the process on the other end of a Unix socket, where the OS says."""
    if not sys.platform.startswith("linux"):
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, _gid = struct.unpack("3i", creds)
    return pid, uid


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- client (runs in the grading kernel) -----------------------------------------
def maybe_score(text, sheet, *, kind, reference, rubric, settings, judge, target_minutes):
    """A ScoreReport from the service, or None to score in-process.

    Raises the InputError/ConfigError in-process scoring would raise for bad input.
    """
    global _BROKEN
    path = os.environ.get(ENV_SOCKET)
    if not path or _BROKEN:
        return None
    try:
        prepared = _prepare(text, sheet, kind=kind, reference=reference, rubric=rubric, settings=settings,
                            judge=judge, target_minutes=target_minutes)
    except CivicLabError:
        raise  # the same input or settings error in-process scoring raises
    except Exception:  # noqa: BLE001  (anything else: let in-process scoring decide)
        return None
    if prepared is None:
        return None
    request, clean_text = prepared
    try:
        reply = _call(path, request)
        return _report_from_reply(reply, clean_text)
    except InputError:
        raise
    except Exception:  # noqa: BLE001  (any failure of the channel: score in-process, correctly)
        _BROKEN = True
        return None


def _prepare(text, sheet, *, kind, reference, rubric, settings, judge, target_minutes):
    """The request, after the same checks (in the same order) as ``Scorer._context``."""
    from pathlib import Path

    from civiclab.scoring.checks.typos import typos_path
    from civiclab.scoring.glossary import glossary_path
    from civiclab.scoring.rubric import rubric_file
    from civiclab.scoring.scorer import resolve_kind, validate_draft

    if judge not in (None, False) or not isinstance(rubric, (str, Path, type(None))):
        return None  # a judge client or a Rubric object cannot cross the channel
    if target_minutes is not None and (isinstance(target_minutes, bool)
                                       or not isinstance(target_minutes, (int, float))):
        return None
    sheet_data = None
    if sheet is not None:
        from civiclab.facts.model import FactSheet

        if type(sheet) is not FactSheet:
            return None
        sheet_data = sheet.model_dump(mode="json")
    if settings is None:
        from civiclab.settings import load_settings

        settings = load_settings()
    if judge is None and getattr(settings, "backend", "offline") != "offline" and settings.judge_model:
        return None  # a real judge would be called: keep it (and the API key) in the kernel
    text = validate_draft(text)
    if reference is not None:
        reference = validate_draft(reference)
    kind = resolve_kind(kind, sheet, None)
    rubric_path = rubric_file(rubric or kind, settings)
    gloss = glossary_path(getattr(settings, "datasets_path", None))
    typos = typos_path(getattr(settings, "datasets_path", None))
    try:
        rubric_text = rubric_path.read_text(encoding="utf-8")
        gloss_text = gloss.read_text(encoding="utf-8") if gloss is not None else None
        typos_text = typos.read_text(encoding="utf-8") if typos is not None else None
    except (OSError, UnicodeDecodeError):
        return None  # in-process scoring raises its own, well-worded error
    request = {
        "protocol": PROTOCOL,
        "text": text,
        "reference": reference,
        "sheet": sheet_data,
        "kind": kind,
        "target_minutes": target_minutes,
        "judge": "off" if judge is False else "settings",
        "rubric": {"text": rubric_text, "origin": str(rubric_path)},
        "glossary": None if gloss is None else {"text": gloss_text, "origin": str(gloss)},
        "typos": None if typos is None else {"text": typos_text, "origin": str(typos)},
        "settings": {
            "backend": str(getattr(settings, "backend", "offline")),
            "judge_model": getattr(settings, "judge_model", None),
            "allowed_phone_numbers": [str(p) for p in (getattr(settings, "allowed_phone_numbers", ()) or ())],
        },
    }
    return request, text


def _call(path: str, request: dict) -> dict:
    wait = float(os.environ.get(ENV_WAIT) or 20)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(wait)
        sock.connect(path)
        expected = os.environ.get(ENV_PID)
        peer = peer_pid_uid(sock)
        if peer is not None and expected and peer[0] != int(expected):
            # Someone else listens on the path (a process left by an earlier
            # submission that replaced the socket): do not trust its scores.
            raise ProtocolError(f"peer pid {peer[0]} is not the scoring service {expected}")
        send_message(sock, request)
        return recv_message(sock)


def _report_from_reply(reply: dict, text: str):
    from civiclab.scoring.findings import Finding
    from civiclab.scoring.report import ScoreReport, Signature

    if reply.get("protocol") != PROTOCOL:
        raise ProtocolError("protocol mismatch")
    error = reply.get("error")
    if error is not None:
        if error.get("type") == "InputError":
            raise InputError(str(error.get("problem", "")), str(error.get("fix", "")),
                             detail=str(error.get("detail", "")))
        raise ProtocolError(f"service could not score: {error}")
    if reply.get("text_sha") != text_digest(text):
        raise ProtocolError("reply is for another text")
    d = reply["report"]
    return ScoreReport(
        text=text, kind=d["kind"], total=d["total"], criteria=d["criteria"],
        findings=[Finding(**f) for f in d["findings"]], signature=Signature.parse(d["signature"]),
        eojeol_count=d["eojeol_count"], fact_sheet=d["fact_sheet"], notes=list(d["notes"]))


# --- service side ----------------------------------------------------------------
class _RequestSettings:
    """The only settings scoring reads once the rubric and glossary are given.

    ``root`` and ``datasets_path`` are None on purpose: the service never looks
    files up from anything a request says.
    """

    root = None
    datasets_path = None
    state_path = None

    def __init__(self, backend: str, judge_model: str | None, allowed_phone_numbers: list[str]) -> None:
        self.backend = backend
        self.judge_model = judge_model
        self.allowed_phone_numbers = allowed_phone_numbers


def _field(req: dict, name: str, types, required: bool = False):
    value = req.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, types):
        raise ProtocolError(f"field {name!r} has the wrong type")
    return value


def handle_request(req: dict, scorer=None) -> dict:
    """Score one request (runs in the service).  Reads no file a request names."""
    from civiclab.scoring.scorer import Scorer

    try:
        return {"protocol": PROTOCOL, **_score_request(req, scorer or Scorer())}
    except InputError as exc:
        return {"protocol": PROTOCOL,
                "error": {"type": "InputError", "problem": exc.problem, "fix": exc.fix, "detail": exc.detail}}
    except Exception as exc:  # noqa: BLE001  (a bad request must never take the service down)
        return {"protocol": PROTOCOL, "error": {"type": type(exc).__name__, "detail": str(exc)[:500]}}


def _score_request(req: dict, scorer) -> dict:
    from civiclab.scoring.checks.typos import cached_typos
    from civiclab.scoring.glossary import _builtin, _cached
    from civiclab.scoring.rubric import parse_rubric

    if req.get("protocol") != PROTOCOL:
        raise ProtocolError("protocol mismatch")
    text = _field(req, "text", str, required=True)
    reference = _field(req, "reference", str)
    kind = _field(req, "kind", str, required=True)
    target = _field(req, "target_minutes", (int, float))
    judge_mode = _field(req, "judge", str, required=True)
    if judge_mode not in ("off", "settings"):
        raise ProtocolError("judge must be 'off' or 'settings'")
    s = _field(req, "settings", dict, required=True)
    phones = s.get("allowed_phone_numbers") or []
    backend = s.get("backend")
    judge_model = s.get("judge_model")
    if (not isinstance(phones, list) or not all(isinstance(p, str) for p in phones)
            or backend not in ("offline", "openai") or not isinstance(judge_model, (str, type(None)))):
        raise ProtocolError("bad settings")
    if judge_mode == "settings" and backend != "offline" and judge_model:
        raise ProtocolError("a call that needs a real judge is not scored by the service")
    r = _field(req, "rubric", dict, required=True)
    if not isinstance(r.get("text"), str) or not isinstance(r.get("origin"), str):
        raise ProtocolError("bad rubric")
    rubric = parse_rubric(r["text"], r["origin"])  # parsed from the text sent, cached by content
    g = _field(req, "glossary", dict)
    if g is None:
        glossary = _builtin()
    else:
        if not isinstance(g.get("text"), str) or not isinstance(g.get("origin"), str):
            raise ProtocolError("bad glossary")
        glossary = _cached(g["text"], g["origin"])
    t = _field(req, "typos", dict)
    typos = None  # no list sent: the morpheme rules still run, the signature says typos:none
    if t is not None:
        if not isinstance(t.get("text"), str) or not isinstance(t.get("origin"), str):
            raise ProtocolError("bad typo list")
        typos = cached_typos(t["text"], t["origin"])
    sheet = None
    raw_sheet = _field(req, "sheet", dict)
    if raw_sheet is not None:
        from civiclab.facts.model import FactSheet

        sheet = FactSheet.model_validate(raw_sheet)
    settings = _RequestSettings(backend, judge_model, phones)
    ctx = scorer._context(text, sheet, kind, reference, rubric, settings,
                          False if judge_mode == "off" else None, target)
    ctx.glossary = glossary
    ctx.typos = typos
    report = scorer.run(ctx)
    out = report.to_dict()
    del out["findings_per_eojeol"]  # derived; the client recomputes it
    return {"report": out, "text_sha": text_digest(ctx.text)}
