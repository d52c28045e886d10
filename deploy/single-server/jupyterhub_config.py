"""JupyterHub for one civiclab cohort session on one server (about 50 officers).

Run as root:  jupyterhub -f deploy/single-server/jupyterhub_config.py
Everything that differs between the city's server and the tests is a CIVICLAB_HUB_* variable
(table in deploy/single-server/README.md); the defaults are the production choices.

Sizing (measured on this repo's stack, Python 3.11; see README "메모리 계산"):
  single-user server (jupyter-server + JupyterLab + nbgrader extensions)  ~0.13 GB
  scoring kernel: python + pandas + matplotlib 0.14 GB + Kiwi 0.34-0.53 GB ~0.45-0.67 GB
  nbgrader "validate" starts a second kernel for a moment                   +0.45 GB
  => limit 2 GiB per learner (peak 0.13 + 0.67 + 0.67 = 1.47 GB, plus headroom), guarantee 1 GiB.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

c = get_config()  # noqa: F821  (injected by traitlets when JupyterHub loads this file)


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


AUTH = _env("CIVICLAB_HUB_AUTH", "oauth")  # oauth | ldap | test
SPAWNER = _env("CIVICLAB_HUB_SPAWNER", "systemd")  # systemd | local
COURSE = _env("CIVICLAB_COURSE_ID", "civiclab")
GRADER_USER = _env("CIVICLAB_HUB_GRADER_USER", f"grader-{COURSE}")
HOME_ROOT = Path(_env("CIVICLAB_HUB_HOME_ROOT", "/home"))
DATA_DIR = Path(_env("CIVICLAB_HUB_DATA_DIR", "/srv/jupyterhub"))
JUPYTER_CONFIG_DIR = _env("CIVICLAB_HUB_JUPYTER_CONFIG_DIR", "/etc/civiclab/jupyter")
MODEL_ENV_FILE = Path(_env("CIVICLAB_HUB_MODEL_ENV_FILE", "/etc/civiclab/model.env"))
BIND_URL = _env("CIVICLAB_HUB_BIND_URL", "http://127.0.0.1:8000")
HUB_PORT = int(_env("CIVICLAB_HUB_HUB_PORT", "8081"))
PROXY_API_PORT = int(_env("CIVICLAB_HUB_PROXY_API_PORT", "8001"))
GRADER_PORT = int(_env("CIVICLAB_HUB_GRADER_PORT", "9999"))
CULL_TIMEOUT = int(_env("CIVICLAB_HUB_CULL_TIMEOUT", "5400"))
MEM_LIMIT = _env("CIVICLAB_HUB_MEM_LIMIT", "2G")
MEM_GUARANTEE = _env("CIVICLAB_HUB_MEM_GUARANTEE", "1G")
CPU_LIMIT = float(_env("CIVICLAB_HUB_CPU_LIMIT", "2"))
USER_PORT_BASE = int(_env("CIVICLAB_HUB_USER_PORT_BASE", "20000"))
USER_PORT_SPAN = 10000
ADMINS = {u.strip() for u in _env("CIVICLAB_HUB_ADMINS", "").split(",") if u.strip()}
INSTRUCTORS = [u.strip() for u in _env("CIVICLAB_HUB_INSTRUCTORS", "").split(",") if u.strip()]
OPS_TOKEN = os.environ.get("CIVICLAB_HUB_OPS_TOKEN", "").strip()
BIN = Path(sys.executable).parent
SBIN_PATH = "/usr/sbin:/sbin:/usr/bin:/bin"
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")

# Model settings handed to every learner's environment.  The names are the lab's own
# (civiclab.settings reads them); the key never appears in a notebook.
MODEL_KEYS = (
    "CIVICLAB_BACKEND", "CIVICLAB_BASE_URL", "CIVICLAB_API_KEY", "CIVICLAB_MODEL",
    "CIVICLAB_JUDGE_MODEL", "CIVICLAB_TRUSTED_ENDPOINTS", "CIVICLAB_PII_POLICY",
    "CIVICLAB_TIMEOUT", "CIVICLAB_MAX_RETRIES", "CIVICLAB_ORGANIZATION",
    "CIVICLAB_BUDGET_TOKENS_PER_LEARNER", "CIVICLAB_BUDGET_KRW_PER_LEARNER",
    "CIVICLAB_BUDGET_TOKENS_PER_COHORT", "CIVICLAB_BUDGET_KRW_PER_COHORT",
    "CIVICLAB_PROMPTS_DIR", "CIVICLAB_DATASETS_DIR", "CIVICLAB_CONFIG",
)


def read_model_env(path: Path, environ=os.environ) -> dict[str, str]:
    """Model endpoint settings: the hub's own environment, overridden by a root-only file.

    The file (KEY=VALUE lines, # comments) must be owned by root and unreadable by group
    and others, because it holds the API key: the hub refuses to start otherwise.
    """
    values = {k: environ[k] for k in MODEL_KEYS if environ.get(k)}
    if path.exists():
        values.update(_read_private_env_file(path))
    if values.get("CIVICLAB_BASE_URL") and "CIVICLAB_BACKEND" not in values:
        values["CIVICLAB_BACKEND"] = "openai"
    return values


def _read_private_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    info = path.stat()
    if info.st_uid != 0 or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SystemExit(
            f"{path} must be owned by root with mode 0600 (it holds the model API key); "
            f"found uid={info.st_uid} mode={oct(info.st_mode & 0o777)}"
        )
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip().strip('"').strip("'")
        if not sep or key not in MODEL_KEYS:
            raise SystemExit(f"{path}:{lineno}: expected one of {', '.join(MODEL_KEYS)}=value")
        values[key] = value
    return values


def ensure_system_user(name: str, home_root: Path = HOME_ROOT) -> pwd.struct_passwd:
    """Every hub user is a local account with a private (0700) home: the isolation boundary."""
    if not USERNAME_RE.match(name):
        raise ValueError(f"username {name!r} is not a valid local account name")
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            [shutil.which("useradd", path=SBIN_PATH) or "useradd", "--create-home",
             "--home-dir", str(home_root / name), "--shell", "/bin/bash", "--user-group",
             "--comment", "civiclab learner", name],
            check=True, capture_output=True,
        )
        entry = pwd.getpwnam(name)
    os.chmod(entry.pw_dir, 0o700)
    return entry


def ephemeral_port_start(path: str = "/proc/sys/net/ipv4/ip_local_port_range") -> int:
    try:
        return int(Path(path).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default


def user_port(uid: int, base: int = USER_PORT_BASE) -> int:
    """Each account's own server port, below the kernel's ephemeral range.

    The spawners' default, a random free port (bind to port 0, close, hand it over), races
    when a class starts at once: two servers were given the same port, the second could
    not bind, and the hub, whose readiness check accepts any answer on that port, routed
    the second learner to the first learner's server (seen in the 30-learner fault soak;
    that server refused them, so nothing leaked, but their lab was broken).  A port per
    uid cannot collide between learners, and nothing the kernel hands out for port 0 falls
    in this range.
    """
    return base + uid % USER_PORT_SPAN


def check_user_ports(base: int = USER_PORT_BASE) -> None:
    if base < 1024 or base + USER_PORT_SPAN > ephemeral_port_start():
        raise SystemExit(
            f"CIVICLAB_HUB_USER_PORT_BASE={base}: learners' ports {base}-"
            f"{base + USER_PORT_SPAN - 1} must lie between 1024 and the kernel's ephemeral "
            f"range (from {ephemeral_port_start()}, net.ipv4.ip_local_port_range)")


def pre_spawn_hook(spawner) -> None:
    entry = ensure_system_user(spawner.user.name)
    spawner.port = user_port(entry.pw_uid)


def state_dir_for(spawner) -> str:
    # Per-user ledger, cache and history: <home>/.civiclab (collected by the metrics job).
    return str(Path(pwd.getpwnam(spawner.user.name).pw_dir) / ".civiclab")


def cohort_for(spawner) -> str:
    # Cohorts are hub groups named cohort-<id>, e.g. cohort-2027-04a.
    names = sorted(g.name for g in spawner.user.groups if g.name.startswith("cohort-"))
    return names[0][len("cohort-"):] if names else "default"


MODEL_ENV = read_model_env(MODEL_ENV_FILE)
check_user_ports()

# --- hub process --------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
c.JupyterHub.bind_url = BIND_URL
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = HUB_PORT
c.JupyterHub.db_url = f"sqlite:///{DATA_DIR / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA_DIR / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.pid_file = str(DATA_DIR / "jupyterhub-proxy.pid")
# Prefer the pinned proxy from deploy/single-server/package.json (npm ci).
_local_chp = Path(__file__).resolve().parent / "node_modules" / ".bin" / "configurable-http-proxy"
if _local_chp.exists():
    c.ConfigurableHTTPProxy.command = [str(_local_chp)]
c.JupyterHub.cleanup_servers = True
c.JupyterHub.admin_access = False  # admins manage servers, they do not open learners' files

# --- who may log in -------------------------------------------------------------
if AUTH == "oauth":
    # The city's SSO (OpenID Connect).  Set OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET /
    # OAUTH_CALLBACK_URL and the three URLs below in the hub's environment.
    c.JupyterHub.authenticator_class = "generic-oauth"
    c.GenericOAuthenticator.authorize_url = _env("CIVICLAB_SSO_AUTHORIZE_URL", "")
    c.GenericOAuthenticator.token_url = _env("CIVICLAB_SSO_TOKEN_URL", "")
    c.GenericOAuthenticator.userdata_url = _env("CIVICLAB_SSO_USERDATA_URL", "")
    c.GenericOAuthenticator.scope = ["openid", "profile"]
    # The employee number is a stable, valid local account name; e-mail is not.
    c.GenericOAuthenticator.username_claim = _env("CIVICLAB_SSO_USERNAME_CLAIM", "preferred_username")
    # No allowed_groups/manage_groups: SSO groups would overwrite the hub groups that nbgrader
    # uses (nbgrader-<course>, formgrade-<course>, cohort-<id>).  Who may log in is the
    # enrolled roster instead: accounts the ops team created through the admin API.
elif AUTH == "ldap":
    # The city's directory.  Bind template e.g. "uid={username},ou=people,dc=sejong,dc=go,dc=kr".
    c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"
    c.LDAPAuthenticator.server_address = _env("CIVICLAB_LDAP_SERVER", "")
    c.LDAPAuthenticator.tls_strategy = "before_bind"
    c.LDAPAuthenticator.bind_dn_template = [_env("CIVICLAB_LDAP_BIND_TEMPLATE", "")]
    if _env("CIVICLAB_LDAP_ALLOWED_GROUP", ""):  # a group DN; the roster rule below still applies
        c.LDAPAuthenticator.allowed_groups = [_env("CIVICLAB_LDAP_ALLOWED_GROUP", "")]
elif AUTH == "test":
    # Tests and local rehearsals only: one shared password, never on a reachable port.
    if urlparse(BIND_URL).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("CIVICLAB_HUB_AUTH=test listens on loopback only (CIVICLAB_HUB_BIND_URL)")
    if len(_env("CIVICLAB_HUB_TEST_PASSWORD", "")) < 16:
        raise SystemExit("CIVICLAB_HUB_AUTH=test needs CIVICLAB_HUB_TEST_PASSWORD (16+ characters)")
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = _env("CIVICLAB_HUB_TEST_PASSWORD", "")
    c.Authenticator.allow_all = True
else:
    raise SystemExit(f"CIVICLAB_HUB_AUTH must be oauth, ldap or test, not {AUTH!r}")
c.Authenticator.admin_users = ADMINS
# Only the enrolled roster may log in: users created through the admin API by cohort
# provisioning (allow_existing_users), never anyone the SSO happens to know.
c.Authenticator.allow_existing_users = True
c.Authenticator.username_pattern = USERNAME_RE.pattern

# --- learners' servers ------------------------------------------------------------
singleuser = str(BIN / "jupyterhub-singleuser")
if SPAWNER == "systemd":
    # cgroups enforce memory and CPU (LocalProcessSpawner would only advise them).
    c.JupyterHub.spawner_class = "systemd"
    c.SystemdSpawner.unit_name_template = "civiclab-{USERNAME}"
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.user_workingdir = str(HOME_ROOT / "{USERNAME}")
elif SPAWNER == "local":
    # No cgroups (containers, tests): limits below are advisory only.
    c.JupyterHub.spawner_class = "localprocess"
else:
    raise SystemExit(f"CIVICLAB_HUB_SPAWNER must be systemd or local, not {SPAWNER!r}")
c.Spawner.cmd = [singleuser]
c.Spawner.default_url = "/lab"
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.mem_guarantee = MEM_GUARANTEE
c.Spawner.cpu_limit = CPU_LIMIT
c.Spawner.start_timeout = 120  # 50 people press start at 09:00 on two-core-per-ten-users hardware
c.Spawner.http_timeout = 90
c.Spawner.pre_spawn_hook = pre_spawn_hook
c.Spawner.environment = {
    **MODEL_ENV,
    # `civiclab course autograde` in an instructor's server: a broken bubblewrap stops
    # grading instead of quietly grading without isolation (SECURITY.md, grading sandbox).
    "CIVICLAB_GRADING_SANDBOX": os.environ.get("CIVICLAB_GRADING_SANDBOX", "bwrap"),
    "CIVICLAB_STATE_DIR": state_dir_for,
    "CIVICLAB_COHORT": cohort_for,
    "JUPYTER_CONFIG_PATH": JUPYTER_CONFIG_DIR,
    "LANG": "C.UTF-8",
}

# --- roles: least privilege -------------------------------------------------------
roles = [
    {
        # A server's token is limited to what its owner may do (intersection), so learners
        # get no service access from the extra scopes; instructors see their course.
        "name": "server",
        "scopes": [
            "users:activity!user", "access:servers!server",
            "read:users:name!user", "read:users:groups!user",
            "list:services", "read:services", "access:services",
        ],
    },
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [f"access:services!service={COURSE}", "list:services",
                   f"read:services!service={COURSE}"],
    },
    {
        "name": f"nbgrader-{COURSE}",
        "groups": [f"nbgrader-{COURSE}"],
        "scopes": ["list:services", f"read:services!service={COURSE}"],
    },
    {
        # nbgrader's JupyterHubAuthPlugin reads groups and enrols students.
        "name": f"grader-service-{COURSE}",
        "services": [COURSE],
        "scopes": ["read:users:name", "read:users:groups", "list:users", "list:groups",
                   "read:groups", f"groups!group=nbgrader-{COURSE}"],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]
services = [
    {
        # The formgrader: a shared Jupyter server run as the grader account.  nbgrader
        # requires the service name to equal the course id.
        "name": COURSE,
        "url": f"http://127.0.0.1:{GRADER_PORT}",
        "command": [singleuser],
        "user": GRADER_USER,
        "cwd": str(HOME_ROOT / GRADER_USER),
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        },
        "oauth_no_confirm": True,
        "display": True,
    },
    {
        # 90 minutes, not 60: servers must survive the lunch hour (12:00-13:00).
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={CULL_TIMEOUT}", "--cull-every=300", "--concurrency=5"],
    },
]
if OPS_TOKEN:
    # Cohort provisioning scripts (and the hub tests) use this token.
    services.append({"name": "civiclab-ops", "api_token": OPS_TOKEN})
    roles.append({
        "name": "civiclab-ops",
        "services": ["civiclab-ops"],
        "scopes": ["admin:users", "admin:groups", "admin:servers", "admin:server_state",
                   "tokens", "list:services", "read:services", "access:services"],
    })
c.JupyterHub.load_roles = roles
c.JupyterHub.services = services
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE}": {"users": [*INSTRUCTORS, GRADER_USER]},
    f"nbgrader-{COURSE}": {"users": []},
}
