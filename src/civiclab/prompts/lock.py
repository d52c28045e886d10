"""``prompts/library.lock``: the content hash of every published version.

A version is a promise: ``id@3`` must mean the same messages tomorrow as in
today's test run and ledger rows.  The lock file records a hash of what shapes
the model's answer (messages, variables, examples, parameters); lint compares
it, and re-locking refuses to accept a changed approved or retired version.
Drafts are work in progress and may be re-locked after edits.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from civiclab.errors import InputError
from civiclab.prompts.model import PromptVersion

LOCK_NAME = "library.lock"
_HASHED = {"messages", "variables", "examples", "temperature", "max_tokens"}


def content_hash(version: PromptVersion) -> str:
    data = version.model_dump(mode="json", include=_HASHED)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def lock_path(root: Path) -> Path:
    return Path(root) / LOCK_NAME


def read_lock(root: Path) -> dict[str, str]:
    path = lock_path(root)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        versions = data["versions"]
        if not isinstance(versions, dict):
            raise TypeError("versions must be a mapping")
        return {str(k): str(v) for k, v in versions.items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"잠금 파일 {path.name}을(를) 읽을 수 없습니다 ({exc}).",
            "git 으로 이전 내용을 되살리세요 (git checkout -- prompts/library.lock).",
            detail=repr(exc),
        ) from None


def write_lock(root: Path, versions: dict[str, str]) -> None:
    path = lock_path(root)
    body = {
        "comment": "civiclab prompts lock 이 만든 파일입니다. 손으로 고치지 마세요.",
        "format": 1,
        "versions": dict(sorted(versions.items())),
    }
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    # Write beside and rename, so a crash never leaves half a lock file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".library.lock.")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


@dataclass
class LockUpdate:
    added: list[str] = field(default_factory=list)
    relocked_drafts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def update_lock(lib) -> LockUpdate:
    """Add new versions and re-lock edited drafts; refuse edited published versions.

    Entries of prompts that failed to load are kept untouched, so a broken file
    never erases its history from the lock.
    """
    current = read_lock(lib.root)
    result = LockUpdate()
    new = dict(current)
    for spec in lib.specs():
        for version in spec.versions:
            digest = content_hash(version)
            old = current.get(version.ref)
            if old == digest:
                continue
            if old is None:
                result.added.append(version.ref)
            elif version.status == "draft":
                result.relocked_drafts.append(version.ref)
            else:
                result.refused.append(version.ref)
                continue
            new[version.ref] = digest
    if result.refused:
        raise InputError(
            "승인되었거나 폐기된 판의 내용이 바뀌었습니다: " + ", ".join(result.refused) + ".",
            "바뀐 내용은 새 판(version 번호 +1, status: draft)으로 추가하고, "
            "원래 판은 잠금 파일의 내용대로 되돌리세요.",
        )
    if new != current:
        write_lock(lib.root, new)
    return result
