"""Fast checks of deploy/ without a hub or a cluster: configs load, parse and agree."""

from __future__ import annotations

import json
import os
import re
import runpy
import shlex
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[2]
SINGLE = REPO / "deploy" / "single-server"
K8S = REPO / "deploy" / "kubernetes"
# Repository-root files the lead writes on main (not in every helper branch).
LEAD_FILES = {"environment.yml", "README.md", "prompts"}
# Top-level keys of the Zero to JupyterHub chart's values.yaml.
Z2JH_TOP_KEYS = {"fullnameOverride", "nameOverride", "enabled", "custom", "imagePullSecret",
                 "imagePullSecrets", "hub", "rbac", "proxy", "singleuser", "scheduling",
                 "prePuller", "ingress", "httpRoute", "cull", "debug", "global"}


def load_hub_config(monkeypatch, tmp_path, **env) -> tuple[Config, dict]:
    for key in list(os.environ):
        if key.startswith("CIVICLAB_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("CIVICLAB_HUB_DATA_DIR", str(tmp_path / "hubdata"))
    monkeypatch.setenv("CIVICLAB_HUB_MODEL_ENV_FILE", str(tmp_path / "absent.env"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    cfg = Config()
    path = SINGLE / "jupyterhub_config.py"
    namespace = runpy.run_path(str(path), init_globals={"get_config": lambda: cfg})
    return cfg, namespace


def test_hub_config_production_defaults(monkeypatch, tmp_path):
    c, _ = load_hub_config(monkeypatch, tmp_path, CIVICLAB_BASE_URL="https://gw.example/v1")
    assert c.JupyterHub.authenticator_class == "generic-oauth"
    assert c.JupyterHub.spawner_class == "systemd"
    assert c.SystemdSpawner.isolate_tmp is True
    assert c.Spawner.mem_limit == "2G" and c.Spawner.cpu_limit == 2.0
    assert c.Authenticator.allow_existing_users is True
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert services["civiclab"]["user"] == "grader-civiclab"
    assert "jupyterhub_idle_culler" in services["idle-culler"]["command"]
    assert "--timeout=5400" in services["idle-culler"]["command"]
    assert "civiclab-ops" not in services  # only with CIVICLAB_HUB_OPS_TOKEN
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["formgrade-civiclab"]["groups"] == ["formgrade-civiclab"]
    assert "access:services!service=civiclab" in roles["formgrade-civiclab"]["scopes"]
    assert not any(s.startswith("access:services") for s in roles["nbgrader-civiclab"]["scopes"])
    assert set(c.JupyterHub.load_groups) == {"formgrade-civiclab", "nbgrader-civiclab"}
    env = c.Spawner.environment
    assert env["CIVICLAB_BASE_URL"] == "https://gw.example/v1"
    assert env["CIVICLAB_BACKEND"] == "openai"
    assert callable(env["CIVICLAB_STATE_DIR"]) and callable(env["CIVICLAB_COHORT"])
    assert env["CIVICLAB_GRADING_SANDBOX"] == "bwrap"  # a lab server refuses to grade unisolated


def test_hub_config_test_mode_and_bad_values(monkeypatch, tmp_path):
    test_mode = {"CIVICLAB_HUB_AUTH": "test", "CIVICLAB_HUB_TEST_PASSWORD": "p" * 16}
    c, _ = load_hub_config(monkeypatch, tmp_path, **test_mode,
                           CIVICLAB_HUB_SPAWNER="local", CIVICLAB_HUB_OPS_TOKEN="t" * 32,
                           CIVICLAB_COURSE_ID="course7")
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.JupyterHub.spawner_class == "localprocess"
    assert {s["name"] for s in c.JupyterHub.services} == {"course7", "idle-culler", "civiclab-ops"}
    with pytest.raises(SystemExit, match="CIVICLAB_HUB_AUTH"):
        load_hub_config(monkeypatch, tmp_path, CIVICLAB_HUB_AUTH="anyone")
    with pytest.raises(SystemExit, match="loopback only"):
        load_hub_config(monkeypatch, tmp_path, **test_mode,
                        CIVICLAB_HUB_BIND_URL="http://0.0.0.0:8000")
    with pytest.raises(SystemExit, match="16"):
        load_hub_config(monkeypatch, tmp_path, CIVICLAB_HUB_AUTH="test",
                        CIVICLAB_HUB_TEST_PASSWORD="short")
    with pytest.raises(SystemExit, match="CIVICLAB_HUB_SPAWNER"):
        load_hub_config(monkeypatch, tmp_path, CIVICLAB_HUB_SPAWNER="docker")


def test_cohort_comes_from_cohort_group(monkeypatch, tmp_path):
    _, ns = load_hub_config(monkeypatch, tmp_path)
    groups = [SimpleNamespace(name=n) for n in ("nbgrader-civiclab", "cohort-2027-04b")]
    spawner = SimpleNamespace(user=SimpleNamespace(name="kim", groups=groups))
    assert ns["cohort_for"](spawner) == "2027-04b"
    spawner.user.groups = groups[:1]
    assert ns["cohort_for"](spawner) == "default"


def test_learner_ports_are_per_account_and_outside_the_ephemeral_range(monkeypatch, tmp_path):
    _, ns = load_hub_config(monkeypatch, tmp_path)
    ports = {ns["user_port"](uid) for uid in range(1000, 1000 + 300)}
    assert len(ports) == 300  # 300 officers, 300 distinct ports
    assert max(ports) < ns["ephemeral_port_start"]() and min(ports) >= 1024
    # The hook gives the spawner the account's port (random ports raced at 09:00).
    monkeypatch.setitem(ns["pre_spawn_hook"].__globals__, "ensure_system_user",
                        lambda name: SimpleNamespace(pw_uid=1234))
    spawner = SimpleNamespace(user=SimpleNamespace(name="kim"), port=0)
    ns["pre_spawn_hook"](spawner)
    assert spawner.port == ns["user_port"](1234) == 21234
    with pytest.raises(SystemExit, match="USER_PORT_BASE"):
        load_hub_config(monkeypatch, tmp_path, CIVICLAB_HUB_USER_PORT_BASE="30000")


def test_model_env_file_must_be_private(monkeypatch, tmp_path):
    _, ns = load_hub_config(monkeypatch, tmp_path)
    read_model_env = ns["read_model_env"]
    env_file = tmp_path / "model.env"
    env_file.write_text("# gateway\nCIVICLAB_BASE_URL=https://gw.example/v1\n"
                        "CIVICLAB_API_KEY='sk-x'\n", encoding="utf-8")
    os.chmod(env_file, 0o644)
    with pytest.raises(SystemExit, match="0600"):
        read_model_env(env_file, environ={})
    os.chmod(env_file, 0o600)
    if os.geteuid() != 0:
        pytest.skip("the owner check needs the file to be root's")
    values = read_model_env(env_file, environ={"CIVICLAB_MODEL": "m", "HOME": "/x"})
    assert values == {"CIVICLAB_BASE_URL": "https://gw.example/v1", "CIVICLAB_API_KEY": "sk-x",
                      "CIVICLAB_MODEL": "m", "CIVICLAB_BACKEND": "openai"}
    env_file.write_text("OPENAI_API_KEY=sk-y\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"model.env:1"):
        read_model_env(env_file, environ={})


# --- Kubernetes -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((K8S / "values.yaml").read_text(encoding="utf-8"))


def test_helm_values_shape(values):
    assert set(values) <= Z2JH_TOP_KEYS
    su = values["singleuser"]
    assert su["image"]["name"] and su["image"]["tag"]
    assert values["scheduling"]["userScheduler"]["enabled"]
    assert values["scheduling"]["userPlaceholder"]["enabled"]
    assert values["scheduling"]["userPlaceholder"]["replicas"] > 0
    assert values["prePuller"]["continuous"]["enabled"] and values["prePuller"]["hook"]["enabled"]
    assert values["cull"]["enabled"] and values["cull"]["timeout"] >= 3600
    assert values["hub"]["db"]["type"] == "postgres"
    assert "civiclab" in values["hub"]["services"]
    # Secrets come from Kubernetes Secrets, never as literal values in this file.
    secret_env = {**values["hub"]["extraEnv"], **{k: v for k, v in su["extraEnv"].items()
                                                  if "KEY" in k or "SECRET" in k}}
    assert secret_env and all("secretKeyRef" in v["valueFrom"] for v in secret_env.values())
    for name, snippet in values["hub"]["extraConfig"].items():
        compile(snippet, name, "exec")
    compile(su["extraFiles"]["nbgrader-config"]["stringData"], "nbgrader-config", "exec")
    compile(su["lifecycleHooks"]["preStop"]["exec"]["command"][2], "preStop", "exec")


def _bytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG]i?)?", str(quantity)).groups()
    scale = {"K": 1e3, "M": 1e6, "G": 1e9, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, None: 1}
    return float(number) * scale[unit]


def test_helm_resources_match_capacity_plan(values):
    memory = values["singleuser"]["memory"]
    guarantee, limit = _bytes(memory["guarantee"]), _bytes(memory["limit"])
    assert guarantee < limit
    plan = (K8S / "CAPACITY.md").read_text(encoding="utf-8")
    per_node = int(re.search(r"floor\(29 / ([\d.]+)\)\s+= (\d+)", plan).group(2))
    assert per_node == int(29 // (guarantee / 1e9))  # the plan uses the guarantee in values
    assert f"guarantee = {memory['guarantee'].rstrip('G')} GB" in plan
    assert _bytes("1.51G") < limit  # measured peak fits under the limit


def test_exchange_volume_is_rwx_and_learners_see_only_their_inbox(values):
    docs = list(yaml.safe_load_all((K8S / "exchange-pvc.yaml").read_text(encoding="utf-8")))
    claims = {d["metadata"]["name"]: d for d in docs if d["kind"] == "PersistentVolumeClaim"}
    init = next(d for d in docs if d["kind"] == "Job")
    script = init["spec"]["template"]["spec"]["containers"][0]["command"][-1]
    assert "/exchange/civiclab/inbox" in script and "chown -R 1000:100" in script
    su_storage = values["singleuser"]["storage"]
    for volume in su_storage["extraVolumes"]:
        claim = claims[volume["persistentVolumeClaim"]["claimName"]]
        assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    mounts = {m["mountPath"]: m for m in su_storage["extraVolumeMounts"]}
    inbound = mounts["/srv/nbgrader/exchange/civiclab/inbound"]
    assert inbound["subPath"].endswith("{username}") and not inbound.get("readOnly")
    assert mounts["/srv/nbgrader/exchange/civiclab/outbound"]["readOnly"] is True
    assert all(m.get("readOnly") or "{username}" in m["subPath"] for m in mounts.values())


def test_formgrader_manifest_matches_values(values):
    docs = list(yaml.safe_load_all((K8S / "formgrader.yaml").read_text(encoding="utf-8")))
    kinds = {d["kind"]: d for d in docs}
    container = kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == "civiclab"
    key = env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"]["key"]
    assert key == "hub.services.civiclab.apiToken"  # the key the chart writes
    assert container["image"] == (f"{values['singleuser']['image']['name']}:"
                                  f"{values['singleuser']['image']['tag']}")
    service_url = values["hub"]["services"]["civiclab"]["url"]
    assert service_url.endswith(f":{kinds['Service']['spec']['ports'][0]['port']}")
    config = kinds["ConfigMap"]["data"]
    compile(config["nbgrader_config.py"], "nbgrader_config.py", "exec")
    assert "frame-ancestors 'self'" in config["jupyter_server_config.py"]
    page = json.loads(config["page_config.json"])["disabledExtensions"]
    assert page == {"@jupyter/nbgrader:formgrader": False,
                    "@jupyter/nbgrader:create-assignment": False}
    mounted = {m["subPath"] for m in container["volumeMounts"] if "subPath" in m}
    assert set(config) == mounted


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (K8S / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            out.append((op.upper(), rest.strip()))
    return out


def test_dockerfile_parses_and_installs_environment_yml():
    ops = dockerfile_instructions()
    known = {"ARG", "FROM", "USER", "RUN", "WORKDIR", "COPY", "ENV"}
    assert {op for op, _ in ops} <= known
    args = dict(a.split("=", 1) for op, a in ops if op == "ARG")
    base = args["BASE_IMAGE"]
    assert base.startswith("quay.io/jupyter/") and base.endswith(":python-3.11")
    copies = " ".join(a for op, a in ops if op == "COPY")
    for needed in ("environment.yml", "pyproject.toml", "src"):
        assert needed in copies
    runs = [a for op, a in ops if op == "RUN"]
    assert any("env update" in r and "--file environment.yml" in r for r in runs)
    # Which packages the Dockerfile may name itself, and the JupyterHub version the image
    # ends with: test_helm_values_schema.py (it replays the installs in order).
    for op, rest in ops:
        if op == "COPY":
            for src in shlex.split(rest)[1:-1]:
                assert (REPO / src).exists() or src in LEAD_FILES, src


def test_image_package_list_matches_environment_yml():
    env_file = REPO / "environment.yml"
    env = yaml.safe_load(env_file.read_text(encoding="utf-8"))
    deps = env["dependencies"]
    python_pins = [d for d in deps if isinstance(d, str) and re.match(r"python\s*[=<>]", d)]
    assert python_pins and "3.11" in python_pins[0], python_pins
    pip = next((d["pip"] for d in deps if isinstance(d, dict) and "pip" in d), [])
    installs_repo = any(re.match(r"^(-e\s+)?\.(\[[\w,]+\])?$", p.strip()) for p in pip)
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    if not installs_repo:
        # Then environment.yml must list every runtime dependency itself.
        listed = {re.split(r"[<>=!\[ ;]", d, maxsplit=1)[0].lower()
                  for d in [*pip, *[x for x in deps if isinstance(x, str)]]}
        wanted = {re.split(r"[<>=!\[ ;]", d, maxsplit=1)[0].lower()
                  for d in project["dependencies"]}
        assert wanted <= listed, sorted(wanted - listed)


# --- the exchange plug-ins, with real nbgrader -----------------------------------------------
def make_submission(folder: Path, owner: str, stamp: str, text: str) -> Path:
    sub = folder / f"{owner}+ps1+{stamp}+r4nd0m"
    sub.mkdir(parents=True)
    (sub / "ps1.ipynb").write_text(text, encoding="utf-8")
    (sub / "timestamp.txt").write_text(stamp, encoding="utf-8")
    return sub


@pytest.mark.slow  # a real `nbgrader collect` (gradebook + alembic): ~5-20 s
def test_inbox_collect_gathers_each_learner_and_rejects_impostors(tmp_path):
    exchange, course_root = tmp_path / "exchange", tmp_path / "course"
    inbox = exchange / "civ" / "inbox"
    (exchange / "civ" / "outbound").mkdir(parents=True)
    course_root.mkdir()
    stamp = "2027-04-07 09:30:00.000000 UTC"
    make_submission(inbox / "alice", "alice", stamp, "alice's work")
    make_submission(inbox / "bob", "bob", stamp, "bob's work")
    make_submission(inbox / "mallory", "alice", stamp, "mallory pretending")  # wrong owner
    sneaky = make_submission(inbox / "mallory", "mallory", stamp, "x")
    (sneaky / "ps1.ipynb").unlink()
    (sneaky / "ps1.ipynb").symlink_to(inbox / "bob" / f"bob+ps1+{stamp}+r4nd0m" / "ps1.ipynb")
    cmd = [sys.executable, "-m", "nbgrader", "collect", "ps1", "--course=civ",
           f"--Exchange.root={exchange}", "--Exchange.path_includes_course=True",
           f"--CourseDirectory.root={course_root}",
           "--ExchangeFactory.collect=civiclab_exchange.InboxCollect",
           "--ExchangeCollect.check_owner=False"]
    env = {**os.environ, "PYTHONPATH": f"{SINGLE}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(cmd, cwd=course_root, env=env, capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    submitted = course_root / "submitted"
    assert (submitted / "alice" / "ps1" / "ps1.ipynb").read_text() == "alice's work"
    assert (submitted / "bob" / "ps1" / "ps1.ipynb").read_text() == "bob's work"
    assert not (submitted / "mallory").exists()
    assert "wrong owner" in out.stderr and "may not contain links" in out.stderr


def test_setup_course_refuses_without_root():
    if os.geteuid() == 0:
        pytest.skip("checks the message shown to a non-root operator")
    out = subprocess.run([sys.executable, str(SINGLE / "setup_course.py")],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode != 0 and "must run as root" in out.stderr


def test_gather_ledgers_snapshots_every_learner(tmp_path):
    sys.path.insert(0, str(SINGLE))
    try:
        from gather_ledgers import gather
    finally:
        sys.path.remove(str(SINGLE))
    homes = tmp_path / "home"
    for user, rows in (("kim", 3), ("lee", 0)):
        state = homes / user / ".civiclab"
        state.mkdir(parents=True)
        with sqlite3.connect(state / "ledger.sqlite") as conn:
            conn.execute("CREATE TABLE calls (id INTEGER PRIMARY KEY, user TEXT, cost_krw REAL)")
            conn.executemany("INSERT INTO calls (user, cost_krw) VALUES (?, ?)",
                             [(user, 1.5)] * rows)
    (homes / "park").mkdir()  # never used the lab: no ledger, no snapshot
    dest = tmp_path / "ledgers"
    assert gather(homes, dest) == {"kim": 3, "lee": 0}
    with sqlite3.connect(dest / "kim.sqlite") as conn:
        assert conn.execute("SELECT SUM(cost_krw) FROM calls").fetchone()[0] == 4.5
    assert sorted(p.name for p in dest.iterdir()) == ["kim.sqlite", "lee.sqlite"]
