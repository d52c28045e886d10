"""README, environment.yml and pyproject.toml must never drift apart."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml
from support import ROOT


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req).lower()


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    project = _pyproject()["project"]
    extras = [r for reqs in project["optional-dependencies"].values() for r in reqs]
    wanted = {_norm(r) for r in project["dependencies"] + extras}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    listed = {_norm(r) for r in pip if not r.startswith("-e")}
    assert listed == wanted, f"only in environment.yml: {listed - wanted}; only in pyproject: {wanted - listed}"
    # The conda environment installs the project with the same extras as `make install`.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    extras_installed = re.search(r"pip install --quiet -e '\.\[([a-z,]+)\]'", makefile).group(1)
    assert f"-e .[{extras_installed}]" in pip


def test_python_version_agrees():
    requires = _pyproject()["project"]["requires-python"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    version = python.split("=")[1]
    assert requires == f">={version}"
    assert f"Python {version}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_and_ci_runs_make_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_console_script_points_at_the_cli():
    assert _pyproject()["project"]["scripts"]["civiclab"] == "civiclab.cli:main"


def test_top_level_shape():
    for name in ["curriculum", "notebooks", "prompts", "datasets", "grading", "src/civiclab", "tests",
                 "benchmarks", "deploy", "environment.yml", "pyproject.toml", "Makefile", "README.md",
                 ".ci/run", "ARCHITECTURE.md"]:
        assert (ROOT / name).exists(), name


def test_import_civiclab_stays_light():
    code = (
        "import sys, civiclab, civiclab.settings, civiclab.errors, civiclab.llm, civiclab.pii;"
        "heavy = [m for m in ('pandas', 'kiwipiepy', 'openai', 'nbgrader', 'matplotlib', 'fontTools', 'numpy')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_test_file_names_are_unique():
    # pytest's default import mode needs unique basenames across test folders.
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
