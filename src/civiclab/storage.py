"""Writing to the state folder when its disk may be full.

The state folder (``.civiclab``: response cache, usage ledger, learners' draft
history) sits on a shared server disk.  Rule: a full disk must never cost a learner
an answer, nor the city an unrecorded model call, nor leave half a line in a
history file.  So the gateway checks for room *before* it spends tokens
(:func:`ensure_room`), and line appends undo a torn tail (:func:`append_line`).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from civiclab.errors import StorageFullError

# A ledger row is ~200 bytes and a cached answer a few KB; SQLite may need a few pages
# more for its WAL.  1 MiB of headroom makes a write failing after the call unlikely.
MIN_FREE_BYTES = 1 << 20

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


def is_disk_full(exc: BaseException) -> bool:
    """True for "no space" and "quota exceeded", from the OS or from SQLite."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    return isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc)


def full_error(folder: Path | str, detail: str = "") -> StorageFullError:
    return StorageFullError(
        f"저장 공간이 모자랍니다: {folder}",
        "디스크의 빈 공간을 늘린 뒤 다시 실행하세요(강사나 서버 관리자에게 알려 주세요). "
        "쓰던 글은 화면에 그대로 남아 있습니다.",
        detail=detail,
    )


def free_bytes(folder: Path) -> int | None:
    """Free bytes for this user on the disk of ``folder`` (its nearest existing parent)."""
    probe = Path(folder)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        st = os.statvfs(probe)
    except (OSError, AttributeError):  # no statvfs (Windows) or an odd mount: do not guess
        return None
    return st.f_bavail * st.f_frsize


def ensure_room(folder: Path, need: int = MIN_FREE_BYTES) -> None:
    """Raise :class:`StorageFullError` when ``folder``'s disk has less than ``need`` bytes free."""
    free = free_bytes(folder)
    if free is not None and free < need:
        raise full_error(folder, detail=f"{free} bytes free, {need} needed")


def append_line(path: Path, line: str) -> None:
    """Append one whole line (one ``write()``, so concurrent writers never interleave).

    On a full disk the write can stop part-way; the torn tail is cut off again, so
    the file keeps only whole lines, and :class:`StorageFullError` is raised.
    """
    data = line.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        try:
            written = os.write(fd, data)
        except OSError as exc:
            if is_disk_full(exc):
                raise full_error(path.parent, detail=str(exc)) from None
            raise
        if written < len(data):
            end = os.fstat(fd).st_size
            os.ftruncate(fd, end - written)
            raise full_error(path.parent, detail=f"short write: {written} of {len(data)} bytes")
    finally:
        os.close(fd)
