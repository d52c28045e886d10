"""The learner notebooks, run against a real endpoint with a key, write the key nowhere.

Each learner notebook (00-08) runs top to bottom with nbclient, as on the hub: the
kernel's environment holds a unique fake key, the backend is a local OpenAI-speaking
server (so the key is really sent, in the Authorization header) and a judge model is
configured.  Every cell output, the widget state and every file the kernel wrote
(state folder: cache, ledger, learner history; root: drafts, exports, prompts) are
scanned for the key, plain and UTF-16, as in test_secrets_in_artifacts.  A last cell
presses every button a learner would press, so each notebook really calls the model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from support import ROOT

sys.path.insert(0, str(ROOT / "tests" / "notebooks"))
sys.path.insert(0, str(Path(__file__).parent))

from nbsupport import NOTEBOOKS, lab_env, learner_notebooks  # noqa: E402
from test_secrets_in_artifacts import leaks, make_secret, needles  # noqa: E402

pytestmark = pytest.mark.slow

# In `make test`: the safety notebook (PII), the playground with every button (draft,
# score with the judge, compare, .docx export), the chatbot lab (33 calls) and the prompt
# workbench.  The other five run under `-m soak` (about a minute more on 2 cores).
FAST = ("01", "03", "06", "07")


def _marks(path: Path):
    return pytest.param(path, id=path.name[:2],
                        marks=() if path.name[:2] in FAST else (pytest.mark.soak,))


def _judge_reply(body: dict) -> str:
    system = next((m["content"] for m in body.get("messages", []) if m.get("role") == "system"), "")
    if "심사위원" in system:  # the LLM judge: answer in its JSON form
        ids = [line.split(" ", 2)[1] for line in system.splitlines() if line.startswith("- ")]
        return json.dumps({"scores": {i: {"score": 3, "reason": "보통"} for i in ids},
                           "winner": "tie", "reason": "비슷함"}, ensure_ascii=False)
    user = next((m["content"] for m in reversed(body.get("messages", [])) if m.get("role") == "user"), "")
    return f"모의 답변: {user[:40]}"


# Appended to every notebook: press the buttons a learner would press (make a draft,
# score, compare, export to .docx, test prompts), so notebooks whose model calls sit
# behind buttons call the endpoint too.
CLICK_EVERYTHING = """
import ipywidgets as _W
for _obj in list(globals().values()):
    for _name in ("generate_button", "score_button", "compare_button", "export_button", "test_button"):
        _button = getattr(_obj, _name, None)
        if isinstance(_button, _W.Button):
            _button.click()
"""


def _run(path: Path, env: dict) -> nbformat.NotebookNode:
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CLICK_EVERYTHING))
    km = KernelManager(kernel_name="python3")
    client = NotebookClient(nb, km=km, timeout=180, store_widget_state=True, allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    km.start_kernel(env=env, cwd=str(NOTEBOOKS))
    try:
        client.execute()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return nb


@pytest.fixture(scope="module")
def endpoint():
    from fakeopenai import FakeOpenAI

    with FakeOpenAI() as server:
        server.reply = _judge_reply
        yield server


@pytest.mark.parametrize("path", [_marks(p) for p in learner_notebooks()])
def test_notebook_against_an_endpoint_writes_the_key_nowhere(path, tmp_path, endpoint):
    (tmp_path / "root").mkdir()
    (tmp_path / "state").mkdir()
    secret = make_secret()
    env = lab_env(tmp_path)
    env.update({"CIVICLAB_BACKEND": "openai", "CIVICLAB_BASE_URL": endpoint.base_url,
                "OPENAI_API_KEY": secret, "CIVICLAB_API_KEY": secret, "CIVICLAB_MODEL": "fake-model",
                "CIVICLAB_JUDGE_MODEL": "fake-judge", "CIVICLAB_MAX_RETRIES": "0", "CIVICLAB_TIMEOUT": "10"})
    before = len(endpoint.received)
    before_files = {p.name for p in NOTEBOOKS.iterdir()}
    nb = _run(path, env)

    text = nbformat.writes(nb)  # outputs, errors and widget state, as saved
    (tmp_path / "executed.ipynb").write_text(text, encoding="utf-8")
    assert not any(n.decode("utf-8", "ignore") in text for n in needles(secret)[:2])
    assert leaks(tmp_path, secret) == []
    assert {p.name for p in NOTEBOOKS.iterdir()} - before_files - {".ipynb_checkpoints"} == set()
    assert path.name[:2] not in ("03", "04", "08") or list(tmp_path.rglob("*.docx"))  # export scanned
    # The run really used the endpoint with the key (so the scan means something) ...
    sent = [r for r in endpoint.received[before:] if r.get("_path", "").endswith("/chat/completions")]
    assert sent, f"{path.name} never called the endpoint"
    assert all(r["_auth"] == f"Bearer {secret}" for r in sent)
    # ... and no cell failed on the way (a failing cell would end the scan early).
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == [], [(e["ename"], e["evalue"][:200]) for e in errors]
