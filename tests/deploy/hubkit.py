"""Start a real JupyterHub from deploy/single-server on 127.0.0.1 and drive it like a cohort.

Used by test_hub.py (marker ``hub``) and test_soak.py (marker ``soak``).  Everything is
bounded in time and everything started here is stopped in ``HubRun.close()``: the hub, the
proxy, the learners' servers, the formgrader service and the kernels it ran (found as the
hub's descendants), then the local accounts this run created.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
SINGLE = REPO / "deploy" / "single-server"
BIN = Path(sys.executable).parent


ASSIGNMENT = "ps1"
SOLUTION_ID = "count_eojeol"


# How a lost port race shows in the hub's log: tornado (the hub), node (the proxy),
# jupyter-server with port_retries=0 (the formgrader service).
PORT_TAKEN = ("Address already in use", "EADDRINUSE", "is already in use")


class HubError(RuntimeError):
    pass


def require_hub_machine() -> None:
    """Skip without root (local accounts need useradd); fail if a hub dependency is missing."""
    import pytest

    if os.geteuid() != 0:
        pytest.skip("hub tests create local accounts (useradd): run as root, e.g. in CI")
    missing = []
    if find_proxy() is None:
        missing.append("configurable-http-proxy (npm ci --prefix deploy/single-server)")
    if not (BIN / "jupyterhub").exists():
        missing.append("jupyterhub (pip install jupyterhub jupyterhub-idle-culler)")
    if importlib.util.find_spec("jupyterhub_idle_culler") is None:
        missing.append("jupyterhub-idle-culler (pip install jupyterhub-idle-culler)")
    if shutil.which("setfacl") is None:
        missing.append("setfacl (apt-get install acl)")
    if missing:
        pytest.fail("the hub test needs: " + "; ".join(missing))


def free_ports(n: int) -> list[int]:
    """n distinct free loopback ports.

    All sockets stay bound until every port is chosen, so the kernel cannot hand the same
    port out twice (closing each before asking for the next allowed that).  Another process
    can still take one before the hub binds it: ``HubRun.start`` retries with new ports then.
    """
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def find_proxy() -> str | None:
    local = SINGLE / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def _children(pid: int) -> list[int]:
    """All descendants of pid, from /proc (parents before children)."""
    parent_of: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            parent_of[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent_of.items() if pp == p]
        found.extend(kids)
        frontier.extend(kids)
    return found


def _has_account(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _pids_of_uids(uids: set[int]) -> set[int]:
    found = set()
    if not uids:
        return found
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid in uids:
                    found.add(int(entry))
            except OSError:
                continue
    return found


def _start_time(pid: int) -> str | None:
    """A process's start time (field 22 of /proc/<pid>/stat): tells a reused pid apart."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return None


def _kill_and_wait(pids: set[int], timeout: float = 15,
                   started: dict[int, str | None] | None = None) -> None:
    """SIGKILL pids and wait until they are gone.  With ``started``, a pid whose start time
    changed since it was recorded belongs to someone else now and is left alone."""
    for pid in list(pids):
        if started is not None and pid in started and _start_time(pid) != started[pid]:
            pids.discard(pid)
            continue
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [p for p in pids if _alive(p)]
        if not alive:
            return
        time.sleep(0.1)


def _alive(pid: int) -> bool:
    """Running, or a zombie whose parent has not reaped it yet (it still holds the uid)."""
    try:
        os.waitpid(pid, os.WNOHANG)  # reaps our own children; others raise
    except ChildProcessError:
        pass
    return Path(f"/proc/{pid}").exists()


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def proc_environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(): v.decode(errors="replace") for k, v in pairs}


class HubRun:
    """One hub with its own temp folders, ports, course and accounts."""

    def __init__(self, n_learners: int, *, model_env: dict[str, str] | None = None):
        self.tag = "h" + secrets.token_hex(3)  # unique account names per run
        self.course = f"cl{self.tag}"
        self.grader = f"grader-{self.course}"
        self.instructor = f"{self.tag}-inst"
        self.cohort_group = "cohort-2027-04a"
        self.learners = [f"{self.tag}-l{i:02d}" for i in range(1, n_learners + 1)]
        self.tmp = Path(tempfile.mkdtemp(prefix="civiclab-hub-"))
        os.chmod(self.tmp, 0o755)  # the accounts must traverse it to reach their homes
        self.home_root = self.tmp / "home"
        self.exchange = self.tmp / "exchange"
        self.config_dir = self.tmp / "etc-jupyter"
        self.data_dir = self.tmp / "hubdata"
        self.model_env_file = self.tmp / "model.env"
        self.ops_token = secrets.token_hex(24)
        self.port, self.hub_port, self.proxy_api_port, self.grader_port = free_ports(4)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.failed_procs: list[subprocess.Popen] = []  # hubs that lost a port race
        self.port_retries = 0
        self.spawn_retries: list[str] = []
        self.stray_pids: list[int] = []
        self.undeleted_accounts: list[str] = []
        self.log_path = self.tmp / "hub.log"
        self.tokens: dict[str, str] = {}
        self.created_accounts: list[str] = []
        self.restored_modes: dict[Path, int] = {}
        self.model_env = model_env or {}
        self.http = httpx.Client(base_url=self.url, timeout=60)

    # --- lifecycle -----------------------------------------------------------------
    def setup_course(self) -> dict:
        out = subprocess.run(
            [sys.executable, str(SINGLE / "setup_course.py"), "--course", self.course,
             "--exchange", str(self.exchange), "--home-root", str(self.home_root),
             "--config-dir", str(self.config_dir)],
            check=True, capture_output=True, text=True, timeout=60,
        )
        self.created_accounts.append(self.grader)
        return json.loads(out.stdout)

    def open_python_to_accounts(self) -> None:
        """Let the run's accounts execute this interpreter.

        On some build machines Python lives under /root (mode 0700, e.g. pyenv).  Production
        installs it under /opt (README); here we add the search bit (x, not r) to such
        ancestors for the duration of the run and restore the modes in close().
        """
        for target in {Path(os.path.realpath(sys.executable)), Path(sys.base_prefix).resolve()}:
            for folder in [*reversed(target.parents)]:
                mode = folder.stat().st_mode
                if not mode & 0o001:
                    self.restored_modes.setdefault(folder, mode & 0o7777)
                    os.chmod(folder, (mode & 0o7777) | 0o001)

    def start(self, timeout: float = 90) -> None:
        self.open_python_to_accounts()
        self.setup_course()
        if self.model_env:
            self.model_env_file.write_text(
                "".join(f"{k}={v}\n" for k, v in self.model_env.items()), encoding="utf-8")
            os.chmod(self.model_env_file, 0o600)
        self.data_dir.mkdir()
        proxy = find_proxy()
        if proxy is None:
            raise HubError("configurable-http-proxy not found: run `npm ci` in deploy/single-server")
        env = {
            "PATH": f"{BIN}:{Path(proxy).parent}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            "HOME": str(self.data_dir),
            "LANG": "C.UTF-8",
            "CIVICLAB_HUB_AUTH": "test",
            "CIVICLAB_HUB_TEST_PASSWORD": secrets.token_hex(12),
            "CIVICLAB_HUB_SPAWNER": "local",
            "CIVICLAB_COURSE_ID": self.course,
            "CIVICLAB_HUB_HOME_ROOT": str(self.home_root),
            "CIVICLAB_HUB_DATA_DIR": str(self.data_dir),
            "CIVICLAB_HUB_JUPYTER_CONFIG_DIR": str(self.config_dir),
            "CIVICLAB_HUB_MODEL_ENV_FILE": str(self.model_env_file),
            "CIVICLAB_HUB_INSTRUCTORS": self.instructor,
            "CIVICLAB_HUB_OPS_TOKEN": self.ops_token,
        }
        attempts = 3
        for attempt in range(1, attempts + 1):
            self._launch(env)
            try:
                self._wait(lambda: self._port_ok() and self._ok("/hub/api/"), timeout,
                           "hub did not answer")
                self._wait(lambda: self._port_ok() and self._ok(
                    f"/services/{self.course}/api/status", self.ops_token),
                    timeout, "formgrader service did not answer")
                return
            except HubError:
                # The ports were free when chosen; another process on a shared CI machine
                # may have bound one since.  Only that case is retried, with new ports.
                log = self.hub_log(limit=None)
                if attempt == attempts or not any(
                        sign in log for sign in PORT_TAKEN):
                    raise
                self._abandon()
                self.log_path.rename(self.tmp / f"hub-attempt{attempt}.log")
                self.port, self.hub_port, self.proxy_api_port, self.grader_port = free_ports(4)
                self.url = f"http://127.0.0.1:{self.port}"
                self.http.close()
                self.http = httpx.Client(base_url=self.url, timeout=60)
                self.port_retries += 1

    def _port_ok(self) -> bool:
        """Fail fast while starting: a lost port race shows in the log at once."""
        if any(sign in self.hub_log(limit=None) for sign in PORT_TAKEN):
            raise HubError("a port was taken before the hub bound it")
        return True

    def _launch(self, env: dict[str, str]) -> None:
        env = {**env,
               "CIVICLAB_HUB_BIND_URL": self.url,
               "CIVICLAB_HUB_HUB_PORT": str(self.hub_port),
               "CIVICLAB_HUB_PROXY_API_PORT": str(self.proxy_api_port),
               "CIVICLAB_HUB_GRADER_PORT": str(self.grader_port)}
        with open(self.log_path, "wb") as log:  # the child keeps its own copy of the fd
            self.proc = subprocess.Popen(
                [str(BIN / "jupyterhub"), "-f", str(SINGLE / "jupyterhub_config.py")],
                cwd=self.data_dir, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _abandon(self) -> None:
        """Kill a hub that lost a port race, with its proxy and services, before retrying."""
        victims = set(_children(self.proc.pid)) | {self.proc.pid} | self._proxy_pids()
        _kill_and_wait(victims)
        self.proc.wait(timeout=10)
        self.failed_procs.append(self.proc)
        self.proc = None
        (self.data_dir / "jupyterhub-proxy.pid").unlink(missing_ok=True)

    def _proxy_pids(self) -> set[int]:
        pid_file = self.data_dir / "jupyterhub-proxy.pid"
        try:
            pid = int(pid_file.read_text().strip())
        except (OSError, ValueError):
            return set()
        return {pid} if "configurable-http-proxy" in _cmdline(pid) else set()

    def close(self) -> None:
        """Stop everything this run started, even after a failure."""
        self.http.close()
        kids: list[int] = []
        started: dict[int, str | None] = {}
        if self.proc is not None:
            kids = _children(self.proc.pid)
            started = {pid: _start_time(pid) for pid in kids}
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)  # the hub stops servers, services, proxy
                try:
                    self.proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        # Whatever survived: the hub's descendants, the proxy by its pid file (it outlives a
        # crashed hub), and any process of the accounts this run created.
        accounts = set(self.created_accounts + self.existing_accounts())
        uids = {pwd.getpwnam(a).pw_uid for a in accounts if _has_account(a)}
        self.leftover_pids = sorted(set(kids) | _pids_of_uids(uids) | self._proxy_pids())
        # SIGKILL is asynchronous: userdel refuses an account that still has a process,
        # so wait until they are gone (and were reaped) before deleting accounts.
        _kill_and_wait(set(self.leftover_pids), started=started)
        userdel = shutil.which("userdel", path="/usr/sbin:/sbin:/usr/bin") or "userdel"
        self.undeleted_accounts = []
        for name in sorted(accounts):
            for _ in range(10):  # /etc/passwd may be locked by another useradd/userdel
                out = subprocess.run([userdel, name], capture_output=True, text=True,
                                     timeout=30, check=False)
                if out.returncode == 0 or not _has_account(name):
                    break
                time.sleep(0.5)
            else:
                self.undeleted_accounts.append(f"{name}: {out.stderr.strip()}")
        shutil.rmtree(self.tmp, ignore_errors=True)
        for folder, mode in self.restored_modes.items():
            os.chmod(folder, mode)
        self.stray_pids = sorted(_pids_of_uids(uids))

    def existing_accounts(self) -> list[str]:
        return [p.pw_name for p in pwd.getpwall() if p.pw_name.startswith(self.tag + "-")]

    def hub_log(self, limit: int | None = 6000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return text if limit is None else text[-limit:]

    def assert_cleaned_up(self) -> None:
        """After close(): no process of this run's accounts and no account left behind."""
        assert not self.stray_pids, f"processes survived close(): {self.stray_pids}"
        assert not self.undeleted_accounts, f"accounts left: {self.undeleted_accounts}"
        assert not self.existing_accounts() and not _has_account(self.grader)

    # --- HTTP ----------------------------------------------------------------------
    def _ok(self, path: str, token: str | None = None) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise HubError(f"hub exited with {self.proc.returncode}:\n{self.hub_log()}")
        try:
            headers = {"Authorization": f"token {token}"} if token else {}
            return self.http.get(path, headers=headers, timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    @staticmethod
    def _wait(check, timeout: float, what: str, interval: float = 0.5) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(interval)
        raise HubError(f"{what} within {timeout:.0f} s")

    def request(self, method: str, path: str, token: str | None = None, **kw) -> httpx.Response:
        headers = {"Authorization": f"token {token or self.ops_token}"}
        return self.http.request(method, path, headers=headers, **kw)

    def api(self, method: str, path: str, token: str | None = None, **kw):
        r = self.request(method, "/hub/api" + path, token, **kw)
        if r.status_code >= 400:
            raise HubError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.content else None

    # --- cohort actions ------------------------------------------------------------
    def create_users(self) -> None:
        names = [self.instructor, *self.learners]
        self.api("POST", "/users", json={"usernames": names})
        self.api("POST", f"/groups/nbgrader-{self.course}/users", json={"users": self.learners})
        self.api("POST", f"/groups/{self.cohort_group}", json={"users": self.learners})
        for name in names:
            tok = self.api("POST", f"/users/{name}/tokens",
                           json={"expires_in": 3600, "note": "civiclab hub test"})
            self.tokens[name] = tok["token"]

    def start_servers(self, names: list[str], timeout: float) -> dict[str, float]:
        """Ask for every server at once, like a class at 09:00; seconds until each is ready.

        A spawn that fails outright (the hub drops the server, e.g. the random port it
        picked was taken meanwhile) is asked for once more, as a learner presses "start"
        again; each retry is counted in ``spawn_retries`` and reported by the tests.
        """
        t0 = time.monotonic()

        def ask(name: str) -> None:
            r = self.request("POST", f"/hub/api/users/{name}/server")
            if r.status_code not in (201, 202):
                raise HubError(f"start {name}: {r.status_code} {r.text[:300]}")

        # The hub answers a start request after up to 10 s (slow_spawn_timeout): send them
        # all at once, as a classroom does.
        self.map(ask, names, workers=len(names))
        ready: dict[str, float] = {}
        retried: set[str] = set()
        deadline = t0 + timeout
        while len(ready) < len(names) and time.monotonic() < deadline:
            for name in names:
                if name in ready:
                    continue
                model = self.api("GET", f"/users/{name}")
                server = model.get("servers", {}).get("")
                if server and server.get("ready"):
                    ready[name] = time.monotonic() - t0
                elif not server and not model.get("pending") and name not in retried:
                    retried.add(name)
                    self.spawn_retries.append(f"{name}: {self._spawn_failure(name)}")
                    ask(name)
            time.sleep(1)
        missing = sorted(set(names) - set(ready))
        if missing:
            raise HubError(f"servers not ready within {timeout:.0f} s: {missing}\n{self.hub_log()}")
        return ready

    def _spawn_failure(self, name: str) -> str:
        """The hub's last log lines about a failed spawn of name's server (for the report)."""
        signs = ("error", "fail", "timeout", "timed out", "in use", "exited")
        lines = [ln.strip() for ln in self.hub_log(limit=None).splitlines()
                 if name in ln and any(s in ln.lower() for s in signs)]
        return " | ".join(lines[-2:])[-400:] or "no log line"

    def server_pid(self, name: str) -> int:
        model = self.api("GET", f"/users/{name}")
        return int(model["servers"][""]["state"]["pid"])

    def user_call(self, name: str, method: str, path: str, **kw) -> httpx.Response:
        return self.request(method, f"/user/{name}{path}", self.tokens[name], **kw)

    def grader_call(self, method: str, path: str, token: str | None = None, **kw):
        return self.request(method, f"/services/{self.course}{path}",
                            token or self.tokens[self.instructor], **kw)

    def map(self, fn, items, workers: int = 8) -> list:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(fn, items))


def run_as(user: str, code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run Python code as a local account (drops root), capturing output."""
    entry = pwd.getpwnam(user)

    def demote():
        os.setgroups([])
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)

    return subprocess.run(
        [sys.executable, "-c", code], preexec_fn=demote, capture_output=True, text=True,
        check=False,
        timeout=timeout, cwd="/", env={"HOME": entry.pw_dir, "PATH": "/usr/bin:/bin"},
    )


# --- the cohort scenario shared by test_hub.py and test_soak_hub.py -----------------------
def ok_json(response, what: str):
    assert response.status_code < 400, f"{what}: {response.status_code} {response.text[:400]}"
    return response.json()


def source_notebook() -> dict:
    """A one-question nbgrader assignment: count 어절 (space-separated words)."""

    def cell(kind, source, **nbgrader):
        meta = {"nbgrader": {"schema_version": 3, "task": False, "locked": False,
                             "solution": False, "grade": False, **nbgrader}}
        c = {"cell_type": kind, "metadata": meta, "source": source}
        if kind == "code":
            c.update(outputs=[], execution_count=None)
        return c

    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"},
                     "language_info": {"name": "python"}},
        "cells": [
            cell("markdown", "## 어절 세기\n문장의 어절 수를 돌려주는 함수를 완성하세요.",
                 grade_id="intro", locked=True),
            cell("code", "def count_eojeol(text):\n    ### BEGIN SOLUTION\n"
                 "    return len(text.split())\n    ### END SOLUTION",
                 grade_id=SOLUTION_ID, solution=True),
            cell("code", 'assert count_eojeol("세종시는 보도자료를 발표했다") == 3\n'
                 'assert count_eojeol("") == 0',
                 grade_id="test_count", grade=True, locked=True, points=1),
        ],
    }


def answer_for(index: int) -> tuple[str, float]:
    """Even learners answer correctly, odd ones make a classic mistake (counts characters)."""
    if index % 2 == 0:
        return "def count_eojeol(text):\n    return len(text.split())", 1.0
    return "def count_eojeol(text):\n    return len(text)", 0.0




def release_assignment(run: HubRun) -> None:
    base = f"/api/contents/{run.course}/source/{ASSIGNMENT}"
    ok_json(run.grader_call("PUT", base, json={"type": "directory"}), "mkdir source")
    ok_json(run.grader_call("PUT", f"{base}/{ASSIGNMENT}.ipynb",
                            json={"type": "notebook", "format": "json",
                                  "content": source_notebook()}), "upload source")
    for step in ("assign", "release"):
        result = ok_json(run.grader_call(
            "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/{step}", timeout=180), step)
        assert result["success"], f"{step} failed: {result.get('error') or result.get('log')}"


def learner_round(run: HubRun, index_name: tuple[int, str]) -> str:
    index, name = index_name
    form = {"course_id": run.course, "assignment_id": ASSIGNMENT}
    fetched = ok_json(run.user_call(name, "POST", "/assignments/fetch", data=form), "fetch")
    assert fetched["success"], f"fetch failed for {name}: {fetched['value']}"
    assert any(a["assignment_id"] == ASSIGNMENT and a["status"] == "fetched"
               for a in fetched["value"]), fetched
    path = f"/api/contents/{run.course}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    model = ok_json(run.user_call(name, "GET", path), "open notebook")
    nb = model["content"]
    cells = [c for c in nb["cells"]
             if c["metadata"].get("nbgrader", {}).get("grade_id") == SOLUTION_ID]
    assert len(cells) == 1 and "여기에 답을 쓰세요" in cells[0]["source"], "student version (Korean stub) expected"
    cells[0]["source"] = answer_for(index)[0]
    ok_json(run.user_call(name, "PUT", path,
                          json={"type": "notebook", "format": "json", "content": nb}), "save")
    submitted = ok_json(run.user_call(name, "POST", "/assignments/submit", data=form), "submit")
    assert submitted["success"], f"submit failed for {name}: {submitted['value']}"
    return name


def collect_and_autograde(run: HubRun, learners: list[str]) -> None:
    """Collect through the formgrader service, check every file arrived, autograde each."""
    # Grading calls run nbconvert and a kernel inside the request: allow minutes, not seconds.
    result = ok_json(run.grader_call("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect",
                                     timeout=180), "collect")
    assert result["success"], result.get("error") or result
    submitted = run.home_root / run.grader / run.course / "submitted"
    missing = [n for n in learners
               if not (submitted / n / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()]
    assert not missing, f"submissions lost: {missing}"
    for name in learners:
        graded = ok_json(run.grader_call(
            "POST", f"/formgrader/api/submission/{ASSIGNMENT}/{name}/autograde", timeout=180),
            "autograde")
        assert graded["success"], (
            f"autograde {name}: {graded.get('error')}\n--- nbgrader log ---\n"
            f"{(graded.get('log') or '')[-3000:]}")
        # The formgrader's button runs nbgrader itself with the lab's course config: its
        # kernels are sandboxed (grading_sandbox auto, bubblewrap installed by make test).
        assert "채점 격리 켜짐" in (graded.get("log") or ""), (graded.get("log") or "")[-3000:]
