"""Paths and the kernel environment for the notebook tests (a uniquely named module, not conftest,
so `from nbsupport import …` never picks up another folder's conftest)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"

# Variables that would point a kernel at a real endpoint or at the developer's own state.
_CLEARED = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CIVICLAB_API_KEY", "CIVICLAB_BASE_URL", "CIVICLAB_CONFIG",
            "CIVICLAB_MODEL", "CIVICLAB_JUDGE_MODEL", "JUPYTERHUB_USER")


def learner_notebooks() -> list[Path]:
    # metrics_dashboard.ipynb belongs to the digital-policy team, not to the course.
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def lab_env(tmp: Path) -> dict[str, str]:
    """Environment for a kernel: learner history and exports go under ``tmp``, data from the repo."""
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update({
        "CIVICLAB_BACKEND": "offline",
        "CIVICLAB_ROOT": str(tmp / "root"),
        "CIVICLAB_STATE_DIR": str(tmp / "state"),
        "CIVICLAB_PROMPTS_DIR": str(ROOT / "prompts"),
        "CIVICLAB_DATASETS_DIR": str(ROOT / "datasets"),
        "CIVICLAB_USER": "learner01",
        "CIVICLAB_COHORT": "2025-04-A",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "MPLBACKEND": "Agg",
    })
    return env
