"""One scoring service per autograde run: Kiwi loads once, not once per kernel.

:func:`scoring_service` (a context manager used by ``autograde_cohort``) creates a
private 0700 temp folder, binds and listens on a Unix socket there, starts
``python -m civiclab.grading.scoring_service`` with the listening socket as an
inherited file descriptor, and puts the socket path, its own pid and a wait time
in the environment that nbgrader's kernels inherit (see civiclab.scoring.remote).
When the run ends (normally, on error or on Ctrl-C) it closes the service's stdin,
waits briefly, kills it if needed and removes the folder.  If the parent dies
without cleaning up, the service sees end-of-file on stdin and exits.

What a submission can do with the channel.  Learner code runs in the grading
kernel, can read the environment and can connect to the socket.  It can only ask
for scores:
- requests are JSON (never pickle), size-limited, type-checked; the service reads
  no file a request names (the rubric and glossary arrive as text and are cached
  by content, so a forged glossary only changes the forger's own report);
- each connection has its own thread, a read timeout and a cap on concurrent
  connections; a request that raises is answered with an error, never a crash;
- no request reaches a real LLM judge (the kernel keeps those calls in-process);
- the service starts with the kernels' secret-free environment (screening.kernel_env)
  and is non-dumpable, so /proc/<pid>/environ and /proc/<pid>/mem give nothing away;
- the socket folder is 0700 and the service answers only its own uid.
It could still stall or kill the service (it runs as the same user), or replace
the socket file with its own listener: kernels then score in-process (they check
that the peer is the pid that listens, with SO_PEERCRED on Linux), so the other
learners' grades stay exact, only slower.  None of this is new power: a grading
kernel without the sandbox runs as the grader's user and could touch the gradebook
directly.  A sandboxed kernel (grading/sandbox.py) sees the socket folder read-only, so it
cannot replace the socket, and sees the service's pid as 0 (another pid namespace).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from civiclab.scoring import remote

MAX_CONNECTIONS = 16  # more at once is not grading: refuse (those kernels score in-process)
READ_TIMEOUT = 10.0  # seconds to send one request; a slow client must not hold a thread forever
_MAX_SUN_PATH = 100  # AF_UNIX paths are limited to about 107 bytes

WARMUP_TEXT = "세종특별자치시는 4월 6일부터 공무원 300명을 대상으로 교육을 운영한다고 밝혔다.\n담당 부서: 디지털정책과(044-300-1234)"


@dataclass
class ServiceHandle:
    socket_path: str
    pid: int  # the service process
    log_path: Path | None

    def alive(self) -> bool:
        return _alive(self.pid)

    def wait_ready(self, timeout: float = 120.0) -> bool:
        """Block until Kiwi is loaded, so no grading kernel waits for the warm-up
        inside its cell timeout.  False if the service failed (kernels then score
        in-process, correctly)."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(timeout)
                sock.connect(self.socket_path)
                remote.send_message(sock, {"protocol": remote.PROTOCOL, "ping": True})
                return remote.recv_message(sock).get("ready") is True
        except (OSError, ValueError, remote.ProtocolError):
            return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def wait_for(timeout: float) -> float:
    """How long a kernel waits for a reply: well within the cell timeout, so a stuck
    service leaves time to score in-process before the cell is interrupted."""
    return max(2.0, min(30.0, timeout / 3))


@contextmanager
def scoring_service(*, cell_timeout: float = 60.0, log_path: Path | None = None,
                    cwd: Path | None = None) -> Iterator[ServiceHandle | None]:
    """Run the service for the duration of the block; yields None where unsupported.

    ``cwd`` (the course folder) is where the service looks for civiclab.toml to
    pre-load the glossary the kernels will most likely send.
    """
    if not hasattr(socket, "AF_UNIX") or sys.platform == "win32":
        yield None
        return
    folder = tempfile.mkdtemp(prefix="civiclab-score-")  # mode 0700
    path = os.path.join(folder, "s")
    if len(path.encode()) > _MAX_SUN_PATH:
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    saved = {k: os.environ.get(k) for k in (remote.ENV_SOCKET, remote.ENV_PID, remote.ENV_WAIT)}
    proc = None
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(path)
            # Listening here, before the service starts, means no kernel can come too
            # early: connections wait in the backlog until the service accepts them.
            listener.listen(64)
            proc = subprocess.Popen(
                [sys.executable, "-m", "civiclab.grading.scoring_service", str(listener.fileno())],
                pass_fds=(listener.fileno(),), stdin=subprocess.PIPE, stdout=log, stderr=log,
                cwd=str(cwd or folder), env=_child_env())
        finally:
            listener.close()
        os.environ[remote.ENV_SOCKET] = path
        os.environ[remote.ENV_PID] = str(os.getpid())  # SO_PEERCRED names the process that listen()ed
        os.environ[remote.ENV_WAIT] = f"{wait_for(cell_timeout):g}"
        yield ServiceHandle(path, proc.pid, log_path)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if proc is not None:
            _stop(proc)
        if log is not subprocess.DEVNULL:
            log.close()
        shutil.rmtree(folder, ignore_errors=True)


def uses_scoring(folder: Path) -> bool:
    """Whether the notebooks in ``folder`` call the scoring engine (worth one Kiwi per run)."""
    return any("civiclab.scoring" in p.read_text(encoding="utf-8", errors="replace")
               for p in Path(folder).glob("*.ipynb"))


def _child_env() -> dict[str, str]:
    """The grading kernels' secret-free environment (learner code, same user, can
    read /proc/<service>/environ), with this very civiclab first on the path (a
    relative PYTHONPATH would not survive the service's different working folder)."""
    import civiclab
    from civiclab.grading.screening import kernel_env

    env = {k: v for k, v in kernel_env().items()
           if k not in (remote.ENV_SOCKET, remote.ENV_PID, remote.ENV_WAIT)}  # an outer run's service
    here = str(Path(civiclab.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here, *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])
    return env


def _stop(proc: subprocess.Popen) -> None:
    try:
        if proc.stdin:
            proc.stdin.close()  # end of file: the service exits on its own
        proc.wait(timeout=5)
    except (subprocess.TimeoutExpired, OSError):
        proc.kill()
        proc.wait()


# --- the service process --------------------------------------------------------
class _Service:
    def __init__(self, listener: socket.socket) -> None:
        from civiclab.scoring.scorer import Scorer

        self.listener = listener
        self.scorer = Scorer()
        self.ready = threading.Event()
        self.lock = threading.Lock()  # one scoring at a time: Kiwi already uses 2 threads
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.uid = os.getuid()
        self.served = 0

    def warm_up(self) -> None:
        """Load Kiwi and every check once, before the first kernel asks."""
        from civiclab.scoring.tokenizer import analyze

        t = time.perf_counter()
        # Kiwi's model loads in C++ while this thread imports the checks and parses
        # the glossary: on two cores the two halves overlap.
        kiwi = threading.Thread(target=analyze, args=(WARMUP_TEXT,))  # its first call is slow too
        kiwi.start()
        from civiclab.scoring.checks import facts, injection, pii, structure, style  # noqa: F401

        try:  # the grader's own glossary, parsed once now rather than on the first request
            from civiclab.scoring.glossary import glossary_for
            from civiclab.settings import load_settings

            glossary_for(load_settings()).regex  # noqa: B018  (compiles and caches it)
        except Exception as exc:  # noqa: BLE001  (only a cache miss later)
            print(f"scoring service: glossary not pre-loaded: {exc!r}", flush=True)
        kiwi.join()
        from civiclab.scoring.tokenizer import _KIWI

        if _KIWI is None:
            raise RuntimeError("Kiwi did not load (see the error above)")
        print(f"scoring service {os.getpid()}: ready in {time.perf_counter() - t:.1f} s", flush=True)

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # listener closed: shutting down
            if not self.slots.acquire(blocking=False):
                conn.close()
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            with conn:
                peer = remote.peer_pid_uid(conn)
                if peer is not None and peer[1] != self.uid:
                    return
                conn.settimeout(READ_TIMEOUT)
                try:
                    request = remote.recv_message(conn)
                except (OSError, ValueError, remote.ProtocolError):
                    return
                if not self.ready.wait(timeout=300):
                    reply = {"protocol": remote.PROTOCOL, "error": {"type": "Unavailable"}}
                elif request.get("ping"):
                    reply = {"protocol": remote.PROTOCOL, "ready": True}
                else:
                    with self.lock:
                        reply = remote.handle_request(request, self.scorer)
                        self.served += 1
                remote.send_message(conn, reply)
        except Exception:  # noqa: BLE001, S110  (one client's trouble never reaches the others)
            pass
        finally:
            self.slots.release()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Ctrl-C reaches the whole process group; the parent stops us (stdin EOF) instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from civiclab.grading.screening import hide_process_memory

    hide_process_memory()  # learner kernels run as our user: keep them out of /proc/<pid>/mem
    listener = socket.socket(fileno=int(argv[0]))
    service = _Service(listener)
    threading.Thread(target=service.serve, daemon=True).start()
    try:
        service.warm_up()
    except Exception as exc:  # noqa: BLE001
        print(f"scoring service: warm-up failed, kernels will score in-process: {exc!r}", flush=True)
        return 1
    service.ready.set()
    sys.stdin.buffer.read()  # blocks until the parent closes our stdin (or dies)
    print(f"scoring service {os.getpid()}: served {service.served} requests", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
