"""Paths shared by tests (imported as ``support``; conftest modules are not importable by name)."""

import errno
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def mount_tmpfs(path: Path, size: str = "24m") -> bool:
    """A real small file system at ``path`` (root only); False where the caller must simulate."""
    if os.geteuid() != 0 or os.environ.get("CIVICLAB_TEST_NO_TMPFS"):  # the latter: try the fallback
        return False
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def fill_disk(folder: Path) -> None:
    """Write files until the file system says ENOSPC, the last partial block included."""
    # unbuffered: a buffered file would retry its tail at close() and raise there
    for name, size in (("filler.bin", 1 << 20), ("filler2.bin", 512)):
        try:
            with open(folder / name, "wb", buffering=0) as fh:
                while True:
                    fh.write(b"\0" * size)
        except OSError as exc:  # also when the full disk refuses even to create the file
            if exc.errno != errno.ENOSPC:
                raise
