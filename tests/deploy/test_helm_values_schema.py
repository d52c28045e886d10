"""deploy/kubernetes checked without a cluster: the chart's own schema, the image, the capacity plan.

The schema and the chart's default values are vendored from Zero to JupyterHub at the chart
version values.yaml pins (tests/deploy/z2jh/SOURCE.md).  Helm validates the *merged* values
(chart defaults, then ours) against values.schema.json; we do the same with jsonschema.
"""

from __future__ import annotations

import ast
import copy
import math
import operator
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "deploy" / "kubernetes"
Z2JH = Path(__file__).resolve().parent / "z2jh"


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def vendored() -> dict[str, str]:
    """Chart version and appVersion from SOURCE.md."""
    text = (Z2JH / "SOURCE.md").read_text(encoding="utf-8")
    return {
        "chart": re.search(r"Chart version: ([\d.]+)", text).group(1),
        "app": re.search(r"appVersion \(JupyterHub in the hub image\): ([\d.]+)", text).group(1),
        "commit": re.search(r"commit `([0-9a-f]{40})`", text).group(1),
    }


def helm_coalesce(defaults: dict, user: dict) -> dict:
    """Helm's merge of user values over chart defaults: maps merge, lists and scalars
    replace, and an explicit null removes the chart's key."""
    out = copy.deepcopy(defaults)
    for key, value in user.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = helm_coalesce(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = load_yaml(Z2JH / "values.schema.yaml")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


@pytest.fixture(scope="module")
def chart_defaults() -> dict:
    return load_yaml(Z2JH / "values.yaml")


@pytest.fixture(scope="module")
def values() -> dict:
    return load_yaml(K8S / "values.yaml")


def errors(validator, document) -> list[str]:
    return sorted(f"{'.'.join(map(str, e.absolute_path)) or '<root>'}: {e.message[:200]}"
                  for e in validator.iter_errors(document))


def test_vendored_chart_defaults_pass_their_own_schema(validator, chart_defaults):
    # Guards the vendoring itself: the pair must come from the same tag.
    assert errors(validator, chart_defaults) == []


def test_our_values_validate_against_the_chart_schema(validator, chart_defaults, values):
    merged = helm_coalesce(chart_defaults, values)
    assert errors(validator, merged) == []


# Mistakes an operator could make in values.yaml; each must be caught by the schema,
# otherwise the test above could not fail for them.
MISTAKES = [
    ("misspelt key", ("singleuser", "memory"), {"guarante": "1.2G"}),
    ("misplaced key", ("singleuser",), {"concurrentSpawnLimit": 64}),
    ("unknown top-level section", (), {"culler": {"enabled": True}}),
    ("wrong type", ("cull",), {"timeout": "90m"}),
    ("wrong type in scheduling", ("scheduling", "userPlaceholder"), {"replicas": "ten"}),
    ("bad enum", ("singleuser", "storage"), {"type": "nfs"}),
]


@pytest.mark.parametrize("label,where,patch", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_schema_catches_typical_mistakes(validator, chart_defaults, values, label, where, patch):
    broken = copy.deepcopy(values)
    node = broken
    for key in where:
        node = node.setdefault(key, {})
    node.update(patch)
    assert errors(validator, helm_coalesce(chart_defaults, broken)), label


def test_helm_coalesce_follows_helm_rules():
    defaults = {"a": {"x": 1, "y": [1, 2]}, "b": 2, "c": {"z": 3}}
    user = {"a": {"y": [9]}, "b": None, "c": {"w": 4}}
    assert helm_coalesce(defaults, user) == {"a": {"x": 1, "y": [9]}, "c": {"z": 3, "w": 4}}


def test_chart_version_is_pinned_where_it_is_installed():
    """values.yaml, CAPACITY.md and the vendored schema name the same chart release."""
    chart = vendored()["chart"]
    for doc in (K8S / "values.yaml", K8S / "CAPACITY.md", REPO / "deploy" / "model-endpoint.md"):
        text = doc.read_text(encoding="utf-8")
        for pinned in re.findall(r"jupyterhub/jupyterhub\b[^\n]*?--version[ =](\S+)", text):
            assert pinned == chart, (doc.name, pinned)
    header = (K8S / "values.yaml").read_text(encoding="utf-8")
    assert f"--version {chart}" in header
    assert f"appVersion {vendored()['app']}" in header


# --- the image: which JupyterHub ends up inside ------------------------------------------
def dockerfile_runs() -> list[str]:
    text = re.sub(r"\\\n", " ", (K8S / "Dockerfile").read_text(encoding="utf-8"))
    return [line.strip()[4:] for line in text.splitlines() if line.strip().startswith("RUN ")]


def env_yml_specs() -> dict[str, str]:
    deps = load_yaml(REPO / "environment.yml")["dependencies"]
    pip = next((d["pip"] for d in deps if isinstance(d, dict) and "pip" in d), [])
    specs = {}
    for item in [*[d for d in deps if isinstance(d, str)], *pip]:
        m = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", item.strip())
        if m and not item.strip().startswith("-"):
            specs[m.group(1).lower()] = m.group(2).replace(" ", "")
    return specs


def final_jupyterhub_spec(runs: list[str], env_specs: dict[str, str]) -> str | None:
    """Replay the Dockerfile's installs in order; the last one that names jupyterhub wins."""
    spec = None
    for run in runs:
        for step in run.split("&&"):
            words = shlex.split(step)
            if "env" in words and "update" in words and "environment.yml" in step:
                if "jupyterhub" in env_specs:
                    spec = env_specs["jupyterhub"]
            elif "install" in words:
                for w in words:
                    m = re.match(r"^(jupyterhub(?:-singleuser)?)(==?|>=|~=)(.+)$", w)
                    if m:
                        spec = m.group(2) + m.group(3)
    return spec


def test_replay_sees_an_environment_yml_override():
    runs = ['mamba install --yes "jupyterhub-singleuser=5.5"',
            "mamba env update --name base --file environment.yml"]
    assert final_jupyterhub_spec(runs, {"jupyterhub": ">=6.1,<7"}) == ">=6.1,<7"
    runs.append('python -m pip install --no-cache-dir "jupyterhub==5.5.*"')
    assert final_jupyterhub_spec(runs, {"jupyterhub": ">=6.1,<7"}) == "==5.5.*"


def test_image_jupyterhub_matches_the_chart_hub():
    """The single-user side must share the hub's major.minor (chart appVersion)."""
    app = vendored()["app"]
    major_minor = ".".join(app.split(".")[:2])
    spec = final_jupyterhub_spec(dockerfile_runs(), env_yml_specs())
    assert spec in (f"=={major_minor}.*", f"={major_minor}"), (
        f"the image ends with jupyterhub {spec!r}, the chart's hub is {app}")


def test_image_installs_everything_else_from_environment_yml():
    runs = dockerfile_runs()
    env_specs = env_yml_specs()
    named = []
    for run in runs:
        for step in run.split("&&"):
            words = shlex.split(step)
            if "install" in words and ("pip" in words or "mamba" in words):
                named += [w for w in words if re.match(r"^[A-Za-z][\w.-]*[=<>~]", w)]
    # Only the hub-matching pin is named in the Dockerfile; everything else comes from
    # environment.yml, which is also what developers and CI install.
    assert [re.split(r"[=<>~]", w)[0] for w in named] == ["jupyterhub"], named
    assert "jupyterlab" in env_specs and "nbgrader" in env_specs
    assert env_specs["python"].startswith("=3.11")


# --- CAPACITY.md: its arithmetic, and every number it shares with the manifests ----------------
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv}
_FUNCS = {"floor": math.floor, "ceil": math.ceil}


def _eval(node):
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _FUNCS:
        return _FUNCS[node.func.id](_eval(node.args[0]))
    raise ValueError(ast.dump(node))


def arithmetic(expr: str) -> float | None:
    """'server 0.17 + scoring kernel 0.67' -> 0.84; None if it is not a sum of numbers."""
    expr = re.sub(r"\([^()]*[A-Za-z가-힣][^()]*\)", " ", expr)  # drop remarks in brackets
    expr = expr.replace("×", "*")
    expr = re.sub(r"\b(?!floor\b|ceil\b)[A-Za-z][\w,.+-]*", " ", expr)  # words and units
    if not re.search(r"\d", expr) or not re.search(r"[-+*/]|floor|ceil", expr):
        return None
    return _eval(ast.parse(expr.strip(), mode="eval"))


def capacity_equations() -> list[tuple[str, float, float, str]]:
    """(line, computed, stated, comparison) for every equation in CAPACITY.md's code blocks."""
    text = (K8S / "CAPACITY.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```\n(.*?)```", text, flags=re.S):
        running: list[float] = []
        for line in block.splitlines():
            parts = [p.strip() for p in line.split("=")]
            if len(parts) < 2:
                continue
            stated_m = re.match(r"^([\d.]+)", parts[-1])
            if not stated_m:
                continue
            stated = float(stated_m.group(1))
            rest = parts[-1][stated_m.end():]
            if parts[0] == "" and len(parts) == 2:  # a total line: "= 42.0 GB"
                computed = sum(running)
            else:
                computed = arithmetic(parts[-2])
                if computed is None:
                    continue
                running.append(stated)
            found.append((line.strip(), computed, stated, rest))
    return found


def test_capacity_arithmetic_adds_up():
    equations = capacity_equations()
    assert len(equations) >= 10, equations  # the plan's blocks were found and parsed
    for line, computed, stated, rest in equations:
        decimals = len(str(stated).split(".")[1]) if "." in str(stated) else 0
        tolerance = 0.5 * 10 ** -decimals + 1e-9
        assert abs(computed - stated) <= tolerance, f"{line}: {computed:.3f} != {stated}"
        check = re.search(r"([≤<>≥])\s*([\d.]+)\s*([✓✗])", rest)
        if check:  # "≤ 29 ✓" claims the comparison holds, "> 29 ✗" that the risk line is over
            op = {"≤": operator.le, "<": operator.lt, ">": operator.gt, "≥": operator.ge}
            assert op[check.group(1)](stated, float(check.group(2))), line


def test_capacity_arithmetic_parser_catches_a_wrong_sum():
    assert arithmetic("server 0.17 + scoring kernel 0.67") == pytest.approx(0.84)
    assert arithmetic("floor(29 / 1.2)") == 24
    assert arithmetic("20.2 + 12 × 0.67") == pytest.approx(28.24)
    assert arithmetic("50 × 0.67 GB (kernel with Kiwi)") == pytest.approx(33.5)
    assert arithmetic("1 user node") is None


_BYTE_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def gib(quantity) -> float:
    """Resource sizes as KubeSpawner reads them: JupyterHub's ByteSpecification, where the
    suffixes are binary (1.2G = 1.2 GiB).  Re-implemented because `make test` does not
    install jupyterhub; test_gib_agrees_with_jupyterhub checks it where it is installed."""
    number, unit = re.fullmatch(r"([\d.]+)([KMGT])?", str(quantity)).groups()
    return int(float(number) * _BYTE_UNITS.get(unit, 1)) / 2**30


def test_gib_agrees_with_jupyterhub(values):
    traitlets = pytest.importorskip("jupyterhub.traitlets")
    spec = traitlets.ByteSpecification()
    for quantity in (values["singleuser"]["memory"]["guarantee"],
                     values["singleuser"]["memory"]["limit"], "512M", "2G", "1.5T"):
        assert gib(quantity) == spec.validate(None, quantity) / 2**30, quantity


def k8s_gib(quantity: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(Gi|Mi)", quantity).groups()
    return float(number) * {"Gi": 1, "Mi": 1 / 1024}[unit]


def test_values_resources_are_the_capacity_plans_numbers(values):
    plan = (K8S / "CAPACITY.md").read_text(encoding="utf-8")
    su = values["singleuser"]
    guarantee, limit = gib(su["memory"]["guarantee"]), gib(su["memory"]["limit"])

    allocatable = float(re.search(r"= \*\*([\d.]+) GiB\*\*", plan).group(1))
    per_node = int(re.search(r"floor\(([\d.]+) / ([\d.]+)\)\s+= (\d+)", plan).group(3))
    assert re.search(rf"floor\({allocatable:g} / {guarantee:g}\)", plan)
    assert per_node == math.floor(allocatable / guarantee)
    assert re.search(rf"^guarantee = {guarantee:g} GB", plan, flags=re.M)
    assert re.search(rf"^limit\s+= {limit:g} GiB", plan, flags=re.M)
    peak = float(re.search(r"^peak, .*= ([\d.]+) GB", plan, flags=re.M).group(1))
    headroom = int(re.search(r"\+ (\d+) % headroom", plan).group(1))
    assert peak * (1 + headroom / 100) <= limit < peak * (1 + headroom / 100) + 0.25
    assert guarantee < peak < limit

    vcpu = int(re.search(r"User node: (\d+) vCPU", plan).group(1))
    cpu = su["cpu"]
    by_cpu = re.search(r"CPU: guarantee ([\d.]+) → (\d+) pods by CPU", plan)
    assert float(by_cpu.group(1)) == cpu["guarantee"]
    assert int(by_cpu.group(2)) == vcpu / cpu["guarantee"] > per_node  # memory binds

    nodes_50 = int(re.search(r"ceil\(50 / \d+\)\s+= (\d+)", plan).group(1))
    nodes_100 = int(re.search(r"ceil\(100 / \d+\)\s+= (\d+)", plan).group(1))
    autoscale_max = int(re.search(r"min \d+, max (\d+)", plan).group(1))
    assert nodes_50 == math.ceil(50 / per_node) and nodes_100 == math.ceil(100 / per_node)
    assert autoscale_max >= nodes_100

    placeholders = values["scheduling"]["userPlaceholder"]["replicas"]
    assert f"{placeholders} placeholders keep it warm" in plan
    assert f"set it back to {placeholders}" in plan
    cohort_placeholders = int(re.search(r"userPlaceholder\.replicas=(\d+)", plan).group(1))
    assert f"reserve {math.ceil(cohort_placeholders / per_node)} nodes" in plan
    spawn_limit = values["hub"]["concurrentSpawnLimit"]
    assert f"hub.concurrentSpawnLimit: {spawn_limit}" in plan and spawn_limit >= 50

    home = k8s_gib(su["storage"]["capacity"])
    assert f"{home:g} GiB × 300 = {home * 300:g} GiB" in plan


def test_volume_sizes_match_the_storage_table():
    plan = (K8S / "CAPACITY.md").read_text(encoding="utf-8")
    claims = {}
    for name in ("exchange-pvc.yaml", "formgrader.yaml"):
        for doc in yaml.safe_load_all((K8S / name).read_text(encoding="utf-8")):
            if doc and doc.get("kind") == "PersistentVolumeClaim":
                spec = doc["spec"]
                claims[doc["metadata"]["name"]] = (spec["resources"]["requests"]["storage"],
                                                   spec["accessModes"])
    assert {"civiclab-exchange", "civiclab-ledgers", "civiclab-course"} <= set(claims)
    for name, (size, modes) in claims.items():
        row = re.search(rf"^\| `{name}` \| \**(\w+)\** \| ([\d.]+) GiB \|", plan, flags=re.M)
        assert row, f"{name} missing from CAPACITY.md §6"
        assert float(row.group(2)) == k8s_gib(size), name
        assert {"RWX": ["ReadWriteMany"], "RWO": ["ReadWriteOnce"]}[row.group(1)] == modes, name
