"""Grading kernels in a bubblewrap (``bwrap``) sandbox with an allow-list filesystem.

Why: nbgrader runs a learner's code as the grader's user, so without this a
submission can read the other submissions, the gradebook, the instructor's hidden
tests and the state folder, and reach the network.  Here each grading kernel starts
in fresh namespaces (``--unshare-all``: own pid/ipc/uts/user, no network unless the
kernels' settings call a model server), sees the system, the Python installation and
the datasets read-only (in-process scoring reads the glossary there), and can write
only its notebook folder (``autograded/<learner>/<assignment>``), its connection
folder and a private tmpfs ``/tmp``.  Everything else (``source/``, ``submitted/``,
other learners, ``gradebook.db``, ``.civiclab``, home folders) does not exist inside.
Not covered (SECURITY.md): CPU and memory limits, the same uid, kernel exploits.

The plan is resolved once per run (:func:`resolve`, which probes ``bwrap`` with
the same kind of call a kernel gets) and handed to
``kernels.IpcKernelManager.sandbox``; :func:`wrap_kernel` builds the command
line for each kernel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from civiclab.errors import ConfigError

MODES = ("auto", "bwrap", "none")
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Only what the dynamic loader, time zones, locale and name lookup of our own uid need,
# never the whole /etc (it holds host keys, hub config, other services' secrets).
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "timezone", "locale.alias")
_NET_ETC = ("hosts", "resolv.conf", "host.conf", "gai.conf", "ssl", "ca-certificates")  # only with a model server
_DATASETS_HIDDEN = ("roster",)  # learners' names and e-mails: no test needs them
# Inside the sandbox: kernel home and IPython folder; _STATE is the probe's state folder (a kernel
# gets its own under its connection folder, see wrap_kernel and grading.carry).
_HOME, _STATE = "/tmp/home", "/tmp/civiclab-state"
_INSTALL_KO = ("bubblewrap을 설치하세요(예: sudo apt-get install bubblewrap). 컨테이너라면 사용자 "
               "이름공간(user namespace)을 허용해야 합니다. 격리 없이 채점하려면 "
               "CIVICLAB_GRADING_SANDBOX=none(또는 civiclab.toml의 grading_sandbox = \"none\")으로 지정하세요.")


@dataclass(frozen=True)
class Sandbox:
    """How this run's grading kernels are isolated (``active``) and what to tell the grader."""

    mode: str
    active: bool
    notice_ko: str
    bwrap: str = ""
    read_only: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    scoring_socket_dir: str = ""
    network: bool = False  # shared only when the kernels' settings call a model server
    memory_mb: int = 0  # address-space limit per kernel (prlimit --as); 0: none
    prlimit: str = ""
    uid: int = field(default_factory=os.getuid)

    def to_config(self) -> dict:
        """The dict ``IpcKernelManager.sandbox`` takes (empty: no sandbox)."""
        return asdict(self) if self.active else {}


def resolve(mode: str, course, env: dict[str, str] | None = None) -> Sandbox:
    """The sandbox for one autograde run of ``course`` (a ``grading.course.Course``).

    ``bwrap`` that cannot run is a ConfigError; ``auto`` then grades without it
    and says so in ``notice_ko``.  ``env`` is the grader's environment (kernels
    get ``screening.kernel_env`` of it).
    """
    if mode not in MODES:
        raise ConfigError(f"grading_sandbox 값 '{mode}'을(를) 알 수 없습니다.",
                          "auto, bwrap, none 중 하나로 지정하세요.")
    if mode == "none":
        return Sandbox(mode, False, "채점 격리 꺼짐(grading_sandbox=none): 학습자 코드가 채점자 권한으로 "
                                    "과정 폴더 전체(다른 제출물, 성적부, 숨은 검사)와 네트워크에 접근할 수 있습니다.")
    from civiclab.grading.screening import kernel_env
    from civiclab.scoring.remote import ENV_SOCKET

    env = dict(os.environ if env is None else env)
    exe = shutil.which("bwrap", path=env.get("PATH"))
    problem = "bwrap(bubblewrap) 프로그램이 없습니다" if exe is None else None
    plan = None
    if exe is not None:
        sock = env.get(ENV_SOCKET, "")
        ro, hidden, server = allowed_paths(course, kernel_env(env))
        notice = ("채점 격리 켜짐(샌드박스, bwrap): 학습자 코드는 자기 노트북 폴더만 쓸 수 있고 다른 제출물, 성적부, "
                  "숨은 검사, 상태 폴더를 볼 수 없으며 네트워크에 " + (
                      f"접속할 수 있습니다(채점 커널이 모델 서버 {server}를 쓰도록 설정되어 있어 열어 둠)."
                      if server else "접속할 수 없습니다."))
        memory_mb, prlimit = _memory_limit(env)
        if memory_mb:
            notice += f" 채점 커널 하나의 메모리는 {memory_mb:,}MB로 제한합니다."
        plan = Sandbox(mode, True, notice, exe, ro, hidden, os.path.dirname(sock) if sock else "", bool(server),
                       memory_mb, prlimit)
        problem = probe(plan, tuple(sorted(kernel_env(env).items())))
    if problem is None:
        return plan
    if mode == "bwrap":
        raise ConfigError(f"채점 격리 환경(샌드박스, bwrap)을 쓸 수 없어 채점하지 않았습니다: {problem}.", _INSTALL_KO,
                          detail=problem)
    return Sandbox(mode, False, f"주의: 채점 격리(샌드박스) 없이 채점합니다({problem}). 학습자 코드가 채점자 "
                                "권한으로 과정 폴더 전체와 네트워크에 접근할 수 있습니다. " + _INSTALL_KO)


def allowed_paths(course, kernel_environ: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(read-only paths, paths hidden under an empty tmpfs, model server or "") for ``course``'s kernels.

    The model server is the base URL of the kernels' settings when they use a real
    backend: a learner's answer cell or an LLM judge in a test calls it, so the
    sandbox keeps the network for them (scores must not depend on the sandbox).

    A path is left out when it is the course folder, contains it, or contains or
    lies inside a folder learners must not see (``forbidden``): a ``PYTHONPATH=.``
    run from the course folder must not expose the course.
    """
    import civiclab
    from civiclab.scoring.rubric import rubric_dirs
    from civiclab.settings import find_config, load_settings

    root = Path(course.root).resolve()
    forbidden = [root / d for d in ("source", "release", "submitted", "autograded", "feedback", ".civiclab")]
    forbidden += [Path(course.exchange_dir).resolve()]
    if course.db_url.startswith("sqlite:///"):
        forbidden.append(Path(course.db_url[len("sqlite:///"):]).resolve())
    wanted = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
              Path(civiclab.__file__).resolve().parents[1], *_kernel_sys_path(kernel_environ)]
    # What the kernel's own load_settings() finds from its folder: the same config
    # file, datasets, prompts and rubrics, so sandboxed scores equal unsandboxed ones.
    hidden, server = [], ""
    try:
        where = root / "autograded"
        config = kernel_environ.get("CIVICLAB_CONFIG") or find_config(where)
        # Without a config file the kernel's root is its own folder (its working directory).
        settings = load_settings(env=kernel_environ, cwd=where, **({} if config else {"root": where}))
        if config:
            wanted.append(config)
        wanted += [settings.datasets_path, settings.prompts_path, *rubric_dirs(settings)]
        hidden += [settings.datasets_path / d for d in _DATASETS_HIDDEN]
        server = "" if settings.backend == "offline" else settings.effective_base_url
    except Exception:  # noqa: BLE001  (the kernel reports its own settings error, as without a sandbox)
        pass
    def exposes(p: Path) -> bool:
        return p == Path("/") or root.is_relative_to(p) or any(
            f.is_relative_to(p) or p.is_relative_to(f) for f in forbidden)

    ro: list[str] = []
    for p in wanted:
        orig = Path(os.path.abspath(p))
        real = orig.resolve()  # bound at both: a symlinked venv or path entry still resolves inside
        if real.exists() and not exposes(orig) and not exposes(real):
            ro += [str(q) for q in dict.fromkeys((real, orig)) if str(q) not in ro]
    return tuple(ro), tuple(str(h) for h in hidden if h.is_dir()), server


def _kernel_sys_path(kernel_environ: dict[str, str]) -> list[str]:
    """The module search path a kernel will have (PYTHONPATH, .pth files of editable installs)."""
    import json

    with tempfile.TemporaryDirectory(prefix="civiclab-probe-") as cwd:
        try:
            out = subprocess.run([sys.executable, "-c", "import json, sys; print(json.dumps(sys.path))"],
                                 env=kernel_environ, cwd=cwd, capture_output=True, text=True, timeout=60,
                                 check=True).stdout
            return [p for p in json.loads(out) if p and os.path.isabs(p) and not p.startswith(cwd)]
        except (OSError, ValueError, subprocess.SubprocessError):
            return [p for p in sys.path if p and os.path.isabs(p)]


def bwrap_argv(plan: Sandbox | dict, workdir: str, ipc_dir: str) -> list[str]:
    """The ``bwrap … --`` prefix for a kernel working in ``workdir`` with its sockets in ``ipc_dir``."""
    p = plan if isinstance(plan, dict) else asdict(plan)
    argv = [p["bwrap"], "--unshare-all", "--die-with-parent", "--new-session",
            # Inside, the kernel's parent is bwrap's pid 1, which ipykernel's parent poller
            # takes for "the grader died"; pid 1 switches the poller off (and its banner):
            # --die-with-parent does that job.
            "--setenv", "JPY_PARENT_PID", "1"]
    if p["uid"] == 0:
        argv += ["--cap-drop", "ALL"]  # root in the sandbox keeps no capability
    for d in _SYSTEM:
        if os.path.islink(d):  # merged /usr: /lib -> usr/lib
            argv += ["--symlink", os.readlink(d), d]
        else:
            argv += ["--ro-bind-try", d, d]
    if p["network"]:
        argv.insert(2, "--share-net")
    for name in _ETC + (_NET_ETC if p["network"] else ()):
        argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    argv += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", _HOME, "--dir", _STATE]
    for d in p["read_only"]:
        argv += ["--ro-bind", d, d]
    for d in p["hidden"]:
        argv += ["--tmpfs", d]
    # passwd/group with our own uid only (written beside the connection file): names
    # resolve as outside, and the list of the hub's accounts stays outside.
    for name in ("passwd", "group"):
        if os.path.isfile(os.path.join(ipc_dir, name)):
            argv += ["--ro-bind", os.path.join(ipc_dir, name), f"/etc/{name}"]
    if p["scoring_socket_dir"]:
        # Read-only: a learner can connect but cannot put its own listener in its place.
        argv += ["--ro-bind-try", p["scoring_socket_dir"], p["scoring_socket_dir"]]
    argv += ["--bind", ipc_dir, ipc_dir, "--bind", workdir, workdir, "--chdir", workdir,
             "--remount-ro", "/", "--"]
    if p.get("memory_mb") and p.get("prlimit"):
        # A memory bomb in an answer cell ends as MemoryError in that kernel, not as the
        # server's OOM killer picking a grader or a learner's server.
        argv = [p["prlimit"], f"--as={int(p['memory_mb']) << 20}", "--core=0", "--"] + argv
    return argv


# Address space, not resident memory: an in-process Kiwi kernel reserves ~1.8 GB of it
# (VmPeak) while using ~0.64 GB; 4 GB leaves room and still stops a runaway allocation.
DEFAULT_MEMORY_MB = 4096


def _memory_limit(env: dict[str, str]) -> tuple[int, str]:
    raw = env.get("CIVICLAB_GRADING_MEMORY_MB", "").strip()
    try:
        mb = int(raw) if raw else DEFAULT_MEMORY_MB
        if mb < 0:
            raise ValueError
    except ValueError:
        raise ConfigError(f"CIVICLAB_GRADING_MEMORY_MB 값 '{raw}'은(는) 0 이상의 정수가 아닙니다.",
                          "채점 커널 하나의 메모리 한도를 MB 단위 정수로 지정하세요(0은 한도 없음). 예: 4096") from None
    prlimit = shutil.which("prlimit", path=env.get("PATH")) or ""
    return (mb if prlimit else 0), prlimit


def kernel_environ(env: dict[str, str], plan: Sandbox | dict, state: str = _STATE) -> dict[str, str]:
    """The kernel's environment inside the sandbox."""
    from civiclab.scoring.remote import ENV_PID, ENV_SOCKET

    env = {**env, "HOME": _HOME, "IPYTHONDIR": f"{_HOME}/.ipython", "TMPDIR": "/tmp",
           "CIVICLAB_STATE_DIR": state}
    if env.get(ENV_SOCKET):
        # The service lives outside the kernel's pid namespace, so SO_PEERCRED shows
        # pid 0; the socket folder is read-only inside, so nobody can have replaced it.
        env[ENV_PID] = "0"
    return env


def write_identity(ipc_dir: str) -> None:
    """Minimal /etc/passwd and /etc/group for the kernel (only the grader's uid and gid)."""
    import grp
    import pwd

    uid, gid = os.getuid(), os.getgid()
    try:
        user, group = pwd.getpwuid(uid).pw_name, grp.getgrgid(gid).gr_name
    except KeyError:  # no passwd entry in some containers
        user = group = "grader"
    users = {0: "root", uid: user}
    with open(os.path.join(ipc_dir, "passwd"), "w", encoding="utf-8") as fh:
        fh.writelines(f"{n}:x:{u}:{gid if u == uid else 0}::{_HOME}:/bin/sh\n" for u, n in users.items())
    with open(os.path.join(ipc_dir, "group"), "w", encoding="utf-8") as fh:
        fh.writelines(f"{n}:x:{g}:\n" for g, n in {0: "root", gid: group}.items())


def wrap_kernel(km, kernel_cmd: list[str], kw: dict) -> tuple[list[str], dict]:
    """Command and launch arguments of a kernel manager's kernel, under bwrap."""
    ipc_dir = os.path.dirname(km.connection_file)
    workdir = os.path.realpath(kw.get("cwd") or os.getcwd())
    write_identity(ipc_dir)
    # SIGINT to bwrap would kill the sandbox (bwrap does not forward signals, and the
    # kernel sits in its own session): interrupt through the control channel instead.
    km.kernel_spec.interrupt_mode = "message"
    from civiclab.grading.carry import outside_state

    outer_env = dict(kw.get("env") or os.environ)
    # The kernel's own state folder sits in its private connection folder (bound read-write);
    # its ledger rows are carried to the grader's ledger when the kernel ends (grading.carry).
    inner = os.path.join(ipc_dir, "state")
    os.makedirs(inner, mode=0o700, exist_ok=True)
    km.carry_to = outside_state(outer_env, workdir)
    kw = {**kw, "env": kernel_environ(outer_env, km.sandbox, state=inner)}
    return bwrap_argv(km.sandbox, workdir, ipc_dir) + list(kernel_cmd), kw


@lru_cache(maxsize=8)
def probe(plan: Sandbox, env_items: tuple[tuple[str, str], ...]) -> str | None:
    """None if a kernel-like bwrap call works, else why not (cached per process)."""
    with tempfile.TemporaryDirectory(prefix="civiclab-kernel-") as ipc, \
            tempfile.TemporaryDirectory(prefix="civiclab-probe-") as work:
        write_identity(ipc)
        cmd = bwrap_argv(plan, os.path.realpath(work), ipc) + [
            sys.executable, "-c", "import ipykernel, civiclab, pathlib; pathlib.Path('ok').write_text('1')"]
        try:
            done = subprocess.run(cmd, env=kernel_environ(dict(env_items), plan), capture_output=True,
                                  text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bwrap 실행 실패: {exc}"
        if done.returncode != 0 or not Path(work, "ok").is_file():
            tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"종료 코드 {done.returncode}"]
            return f"bwrap 시험 실행 실패: {tail[0][:200]}"
    return None


_PLANS: dict[tuple[str, str], tuple[str, dict]] = {}


def plan_for_workdir(mode: str, workdir: str, log) -> dict:
    """The plan for a kernel nbgrader starts itself (the formgrader's autograde button) in
    ``workdir``; resolved once per process and course.  Only ``autograded/<learner>/<assignment>``
    kernels are sandboxed: the instructor's own notebooks (``course build``) run as before."""
    work = Path(workdir).resolve()
    if len(work.parents) < 3 or work.parent.parent.name != "autograded":
        return {}
    root = work.parents[2]
    key = (mode, str(root))
    if key not in _PLANS:
        from types import SimpleNamespace

        from civiclab.errors import CivicLabError
        from civiclab.grading.course import Course

        try:
            course = Course(root)
        except CivicLabError:  # configured elsewhere (a hub's ~/.jupyter): the default layout
            course = SimpleNamespace(root=root, exchange_dir=root / "exchange",
                                     db_url=f"sqlite:///{root / 'gradebook.db'}")
        plan = resolve(mode, course)  # "bwrap" that cannot run raises: nbgrader reports it
        _PLANS[key] = (plan.notice_ko, plan.to_config())
    notice, config = _PLANS[key]
    log.warning("%s", notice)  # in every submission's log, so the formgrader shows it each time
    return config
