"""What the benchmarks ran on, named beside every figure."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine_info() -> dict:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        mem = "unknown"
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def machine() -> str:
    m = machine_info()
    return f"{m['nproc']} cores, {m['cpu']}, {m['memory']} RAM, Python {m['python']}, {m['system']}"
