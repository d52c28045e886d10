"""Checks on a submission and on what its code may see, without importing nbgrader.

- ``kernel_env``: the environment a grading kernel gets: the grader's, minus
  every variable whose name or value looks like a credential (API keys,
  tokens, passwords, the gradebook URL, URLs with a password).
- ``scan_submission``: a static look at the code the learner wrote (cells that
  differ from the released notebook) for IPython hooks that can hide test
  failures, hidden code execution, environment, file, network or gradebook
  access.  Answers in this course are strings and small expressions, so any
  finding is worth a person's look: the learner is routed to manual review
  (the grades are still computed and kept for that person).
- ``tamper_notes``: what ``tamper.EnforceSourceMetadata`` and nbgrader's
  ``OverwriteCells`` undid, read from one learner's grading log.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path

TAMPER_MARK = "CIVICLAB-TAMPER"
CANARY_MARK = "CIVICLAB-CANARY"

# --- environment given to grading kernels -----------------------------------
_SECRET_NAME = re.compile(
    r"(KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|PRIVATE)"
    r"|^(OPENAI_|AZURE_|AWS_|GOOGLE_|GCP_|ANTHROPIC_|HF_|HUGGING|GITHUB_|GH_|GITLAB_|JUPYTERHUB_|JPY_API|PG)"
    r"|^(CIVICLAB_GRADEBOOK_URL|DATABASE_URL|.*_DSN)$",
    re.IGNORECASE,
)
_URL_WITH_PASSWORD = re.compile(r"\w+://[^/\s:@]+:[^/\s@]+@")


def kernel_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """``env`` without the variables a submission must not see (names and values checked)."""
    env = os.environ if env is None else env
    return {k: v for k, v in env.items()
            if not _SECRET_NAME.search(k) and not _URL_WITH_PASSWORD.search(v)}


# --- static scan -------------------------------------------------------------
# (Korean label, pattern) -- answers in this course are strings and small
# expressions; any of these in a learner's code is worth a person's look.
SUSPICIOUS = [
    ("채점 방해(IPython 내부 조작)", r"get_ipython|set_custom_exc|input_transformers|ast_transformers"
                             r"|events\.register|run_cell|InteractiveShell|sys\.(settrace|setprofile|excepthook)"
                             r"|__builtins__|\bbuiltins\b|AssertionError\s*="),
    ("숨긴 코드 실행", r"\b(exec|eval|compile)\s*\(|__import__|\bimportlib\b|\bmarshal\b|\bctypes\b"
                  r"|pickle\.loads|base64|codecs\.decode"),
    ("환경 변수 읽기", r"os\.environ|\bgetenv\b|\benviron\b"),
    ("다른 프로그램 실행", r"\bsubprocess\b|os\.(system|popen|fork|exec\w*|spawn\w*|kill)|\bpty\b|^\s*!\s*[a-z]"),
    ("네트워크 연결", r"\bsocket\b|urllib|\brequests\b|\bhttpx\b|http\.client|\bftplib\b|\bsmtplib\b"),
    ("성적부·채점 파일 접근", r"gradebook|\bsqlite3?\b|sqlalchemy|nbgrader|\.civiclab|autograded|submitted"
                        r"|\bsource/|\brelease/"),
    ("파일 읽기·쓰기", r"\bopen\s*\(|\bPath\s*\(|os\.(listdir|walk|scandir|remove|unlink|rename|chmod)"
                  r"|\bglob\b|\bshutil\b|\.\./"),
]
_SUSPICIOUS = [(label, re.compile(p, re.MULTILINE)) for label, p in SUSPICIOUS]


def _code_cells(path: Path) -> list[str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return []  # an unreadable file is reported by the autograder itself
    cells = nb.get("cells", []) if isinstance(nb, dict) else []
    out = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out.append("".join(src) if isinstance(src, list) else str(src))
    return out


def scan_submission(folder: Path, release: Path | None = None) -> list[str]:
    """Korean findings for the learner's own code in ``folder`` (empty if clean).

    Cells whose text is exactly a cell of the released notebook (instructions,
    set-up, tests) are the instructor's and are not scanned.
    """
    found: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        given = set(_code_cells(release / path.name)) if release is not None else set()
        for src in _code_cells(path):
            if src in given:
                continue
            for label, rx in _SUSPICIOUS:
                m = rx.search(src)
                if m and label not in found:
                    found[label] = f"{label}: '{m.group(0).strip()[:40]}' ({path.name})"
    return list(found.values())


def tamper_notes(log: str) -> list[str]:
    """The ``TAMPER_MARK`` lines and nbgrader's own change warnings from one learner's log."""
    notes = []
    for line in (log or "").splitlines():
        if TAMPER_MARK in line:
            notes.append(line.split(TAMPER_MARK + ":", 1)[-1].strip())
        elif ("has changed! (should be" in line and "'checksum'" not in line) \
                or "does not exist in the database" in line:
            # nbgrader's checksum warning fires for every test with hidden parts
            # (they are put back); edits of locked cells are found by locked_cell_edits.
            notes.append(line.split("]", 1)[-1].strip())
    return notes


def _locked_sources(path: Path, locked_only: bool) -> dict[str, str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    out = {}
    for cell in nb.get("cells", []) if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else []:
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and meta.get("grade_id") and (meta.get("locked") or not locked_only):
            src = cell.get("source", "")
            out[str(meta["grade_id"])] = "".join(src) if isinstance(src, list) else str(src)
    return out


def locked_cell_edits(folder: Path, release: Path) -> list[str]:
    """Read-only cells of the release whose text the learner changed or deleted (nbgrader restores them)."""
    notes = []
    for rel in sorted(Path(release).glob("*.ipynb")):
        given = _locked_sources(rel, locked_only=True)
        got = _locked_sources(Path(folder) / rel.name, locked_only=False)
        if not got and not (Path(folder) / rel.name).is_file():
            continue  # a missing notebook is scored 0 by nbgrader
        for gid, src in given.items():
            if gid not in got:
                notes.append(f"cell {gid} deleted or renamed: restored")
            elif got[gid].strip() != src.strip():
                notes.append(f"cell {gid} edited: restored")
    return notes


def notebook_problem(folder: Path) -> str | None:
    """Why a submitted file is not a notebook nbgrader can grade (``None`` if it looks like one).

    Deliberately loose (nbgrader and nbformat do the full check): JSON text, an
    object with ``nbformat`` 4 and a list of cells that each have a kind and a
    source.  A file that is JSON but not a notebook otherwise fails deep inside
    nbgrader with a message an instructor cannot act on.
    """
    for path in sorted(Path(folder).glob("*.ipynb")):
        try:
            nb = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return f"{path.name}: not JSON ({type(exc).__name__})"
        except OSError:
            continue  # unreadable here: nbgrader reports it
        if not isinstance(nb, dict) or nb.get("nbformat") != 4:
            return f"{path.name}: not a version 4 notebook"
        cells = nb.get("cells")
        if not isinstance(cells, list) or not all(
                isinstance(c, dict) and c.get("cell_type") in ("code", "markdown", "raw")
                and isinstance(c.get("source", ""), (str, list)) for c in cells):
            return f"{path.name}: cells missing or malformed"
    return None


def hide_process_memory() -> bool:
    """Make this grading process non-dumpable (Linux ``prctl(PR_SET_DUMPABLE, 0)``).

    Learner kernels run as the grader's user, and a same-user process may read
    ``/proc/<pid>/environ`` (the environment this process was *started* with,
    API keys included, whatever ``kernel_env`` removes later) and
    ``/proc/<pid>/mem``.  A non-dumpable process's ``/proc`` files belong to
    root, so those reads fail; forked grading workers inherit it, and kernels
    (new programs) do not.  No effect against root.  Returns whether it was set.
    """
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(4, 0, 0, 0, 0) == 0  # PR_SET_DUMPABLE = 4
    except (OSError, AttributeError):
        return False
