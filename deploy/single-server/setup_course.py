"""Prepare one server for a civiclab course: grader account, course folder, exchange, Jupyter config.

Run once as root before starting JupyterHub (and again after changing the course id):

    sudo /opt/civiclab/.venv/bin/python deploy/single-server/setup_course.py --course civiclab

It is idempotent: existing folders keep their contents; permissions are reset to the
values below.  ``tests/deploy/test_hub.py`` runs this same script against temporary folders.

Permission design (learners must not read each other's work):
- every account's home is 0700 (learners' homes are made by the hub's pre-spawn hook);
- exchange root 1777 (nbgrader insists on 0777; the sticky bit stops anyone removing
  another account's course folder);
- <exchange>/<course> and outbound 0755 owned by the grader: learners read released files;
- inbound 2733 owned by the grader: learners may create a submission, never list the folder;
  its default ACL (needs the `acl` package) gives the grader read/write on everything created
  inside, and ``civiclab_exchange.PrivateExchangeSubmit`` then closes each submission to
  0770/0640, so only its author and the grader can open it;
- feedback 0711: learners fetch their feedback by its hashed name only.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SBIN_PATH = "/usr/sbin:/sbin:/usr/bin:/bin"
USERNAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")

EXCHANGE_ROOT_MODE = 0o1777
COURSE_MODE = 0o755
OUTBOUND_MODE = 0o755
INBOUND_MODE = 0o2733
FEEDBACK_MODE = 0o711
HOME_MODE = 0o700

# Learners get the fetch/submit list, not the instructor tools.
LEARNER_SERVER_CONFIG = {
    "ServerApp": {
        "jpserver_extensions": {
            "nbgrader.server_extensions.formgrader": False,
            "nbgrader.server_extensions.assignment_list": True,
            "nbgrader.server_extensions.validate_assignment": True,
            "nbgrader.server_extensions.course_list": True,
        }
    }
}
LEARNER_PAGE_CONFIG = {
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": True,
        "@jupyter/nbgrader:create-assignment": True,
    }
}
GRADER_PAGE_CONFIG = {
    "disabledExtensions": {
        "@jupyter/nbgrader:formgrader": False,
        "@jupyter/nbgrader:create-assignment": False,
        "@jupyter/nbgrader:assignment-list": True,
    }
}


def ensure_system_user(name: str, home_root: Path) -> pwd.struct_passwd:
    """Create a locked local account whose home is private (0700)."""
    if not USERNAME_RE.match(name):
        raise SystemExit(f"invalid account name {name!r}: use [a-z][a-z0-9_-]*, at most 32 chars")
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        home = home_root / name
        subprocess.run(
            [shutil.which("useradd", path=SBIN_PATH) or "useradd", "--create-home",
             "--home-dir", str(home), "--shell", "/bin/bash", "--user-group",
             "--comment", "civiclab", name],
            check=True,
        )
        entry = pwd.getpwnam(name)
    os.chmod(entry.pw_dir, HOME_MODE)
    return entry


def ensure_dir(path: Path, mode: int, uid: int, gid: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    os.chown(path, uid, gid)
    os.chmod(path, mode)  # after chown: chown clears set-group-ID


def write_owned(path: Path, text: str, uid: int, gid: int, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def grant_grader_default_acl(folder: Path, grader: str) -> None:
    """Everything created in folder is readable and removable by the grader, by nobody else."""
    setfacl = shutil.which("setfacl")
    if setfacl is None:
        raise SystemExit("setfacl not found: install the `acl` package (apt-get install acl)")
    spec = f"d:u::rwx,d:g::---,d:o::---,d:u:{grader}:rwx,d:m::rwx"
    subprocess.run([setfacl, "-m", spec, str(folder)], check=True)


def global_nbgrader_config(exchange: Path) -> str:
    return (
        "# Hub-wide nbgrader settings, written by deploy/single-server/setup_course.py.\n"
        "import os, sys\n"
        "sys.path.insert(0, os.path.dirname(__file__))\n"
        "from nbgrader.auth import JupyterHubAuthPlugin\n"
        "from civiclab_exchange import PrivateExchangeSubmit\n\n"
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        "# One exchange serves several courses; each course gets its own folder.\n"
        "c.Exchange.path_includes_course = True\n"
        "# Course membership comes from the hub groups nbgrader-<course> / formgrade-<course>.\n"
        "c.Authenticator.plugin_class = JupyterHubAuthPlugin\n"
        "c.ExchangeFactory.submit = PrivateExchangeSubmit\n"
    )


def grader_nbgrader_config(course: str, course_root: Path, exchange: Path,
                           db_url: str | None) -> str:
    # Complete on its own: the grader service does not read the learners' config folder
    # (JUPYTER_CONFIG_PATH would outrank ~/.jupyter and switch the formgrader off).
    lines = [
        "# The grader service's course, written by deploy/single-server/setup_course.py.",
        "from nbgrader.auth import JupyterHubAuthPlugin",
        "from civiclab.grading.config import configure",
        "c = get_config()  # noqa: F821",
        "# The lab's grading steps first (kernels without the service's token, in the grading",
        "# sandbox, tampered cells restored, screening, canary); the hub's own settings below win.",
        f"configure(c, {str(course_root)!r})",
        f"c.Exchange.root = {str(exchange)!r}",
        "c.Exchange.path_includes_course = True",
        "c.Authenticator.plugin_class = JupyterHubAuthPlugin",
        f"c.CourseDirectory.root = {str(course_root)!r}",
        "# Must equal the JupyterHub service name.",
        f"c.CourseDirectory.course_id = {course!r}",
        "c.NbGrader.logfile = 'nbgrader.log'",
        "# Grading runs while 50 learners work: a slow kernel start is not the learner's error.",
        "c.Execute.startup_timeout = 120",
        "c.Execute.execute_retries = 1",
    ]
    if db_url:
        # SQLite is fine for one formgrader process; several graders need PostgreSQL.
        lines.append(f"c.CourseDirectory.db_url = {db_url!r}")
    return "\n".join(lines) + "\n"


GRADER_SERVER_CONFIG = """\
# The formgrader service, written by deploy/single-server/setup_course.py.
c = get_config()  # noqa: F821
c.ServerApp.jpserver_extensions = {"nbgrader.server_extensions.formgrader": True}
# JupyterHub 4.1+ sends "frame-ancestors 'none'", which blanks the formgrader panel
# (nbgrader #1870).  Allow framing by the same origin on this service only: only the
# formgrade-<course> group (instructors) can reach it.  With JupyterHub.subdomain_host
# set, 'self' is the grader service alone and this is fully safe.
c.ServerApp.tornado_settings = {
    "headers": {"Content-Security-Policy": "frame-ancestors 'self'"}
}
"""


def setup(args: argparse.Namespace) -> dict:
    if os.geteuid() != 0:
        raise SystemExit("setup_course.py must run as root (it creates accounts and folders)")
    course = args.course
    if not USERNAME_RE.match(course):
        raise SystemExit(f"invalid course id {course!r}: use [a-z][a-z0-9_-]*")
    home_root = Path(args.home_root)
    home_root.mkdir(parents=True, exist_ok=True)
    grader_name = args.grader_user or f"grader-{course}"
    grader = ensure_system_user(grader_name, home_root)
    uid, gid = grader.pw_uid, grader.pw_gid
    grader_home = Path(grader.pw_dir)

    course_root = grader_home / course
    for sub in ("", "source", "release", "submitted", "autograded", "feedback"):
        ensure_dir(course_root / sub, 0o750 if sub else 0o755, uid, gid)
    ensure_dir(course_root, 0o755, uid, gid)

    exchange = Path(args.exchange)
    jupyter_dir = grader_home / ".jupyter"
    ensure_dir(jupyter_dir, 0o755, uid, gid)
    write_owned(jupyter_dir / "nbgrader_config.py",
                grader_nbgrader_config(course, course_root, exchange, args.db_url), uid, gid)
    write_owned(jupyter_dir / "jupyter_server_config.py", GRADER_SERVER_CONFIG, uid, gid)
    ensure_dir(jupyter_dir / "labconfig", 0o755, uid, gid)
    write_owned(jupyter_dir / "labconfig" / "page_config.json",
                json.dumps(GRADER_PAGE_CONFIG, indent=2), uid, gid)

    exchange.mkdir(parents=True, exist_ok=True)
    os.chown(exchange, 0, 0)
    os.chmod(exchange, EXCHANGE_ROOT_MODE)
    ensure_dir(exchange / course, COURSE_MODE, uid, gid)
    ensure_dir(exchange / course / "outbound", OUTBOUND_MODE, uid, gid)
    ensure_dir(exchange / course / "inbound", INBOUND_MODE, uid, gid)
    grant_grader_default_acl(exchange / course / "inbound", grader_name)
    ensure_dir(exchange / course / "feedback", FEEDBACK_MODE, uid, gid)

    config_dir = Path(args.config_dir)
    ensure_dir(config_dir, 0o755, 0, 0)
    write_owned(config_dir / "nbgrader_config.py", global_nbgrader_config(exchange), 0, 0)
    shutil.copyfile(HERE / "civiclab_exchange.py", config_dir / "civiclab_exchange.py")
    os.chmod(config_dir / "civiclab_exchange.py", 0o644)
    write_owned(config_dir / "jupyter_server_config.json",
                json.dumps(LEARNER_SERVER_CONFIG, indent=2), 0, 0)
    ensure_dir(config_dir / "labconfig", 0o755, 0, 0)
    write_owned(config_dir / "labconfig" / "page_config.json",
                json.dumps(LEARNER_PAGE_CONFIG, indent=2), 0, 0)
    return {
        "course": course,
        "grader_user": grader_name,
        "grader_home": str(grader_home),
        "course_root": str(course_root),
        "exchange": str(exchange),
        "config_dir": str(config_dir),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", default=os.environ.get("CIVICLAB_COURSE_ID", "civiclab"))
    parser.add_argument("--grader-user", default=None, help="default: grader-<course>")
    parser.add_argument("--exchange",
                        default=os.environ.get("CIVICLAB_HUB_EXCHANGE", "/srv/nbgrader/exchange"))
    parser.add_argument("--home-root", default=os.environ.get("CIVICLAB_HUB_HOME_ROOT", "/home"))
    parser.add_argument("--config-dir",
                        default=os.environ.get("CIVICLAB_HUB_JUPYTER_CONFIG_DIR",
                                               "/etc/civiclab/jupyter"))
    parser.add_argument("--db-url", default=None,
                        help="gradebook URL, e.g. postgresql://grader@localhost/civiclab")
    args = parser.parse_args(argv)
    print(json.dumps(setup(args), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
