"""The dashboard notebook runs top to bottom with nbclient, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

NB = Path(__file__).resolve().parents[2] / "notebooks" / "metrics_dashboard.ipynb"


@pytest.mark.slow
def test_metrics_notebook_executes(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    src = Path(__file__).resolve().parents[2] / "src"
    monkeypatch.setenv("PYTHONPATH", f"{src}")
    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))  # no stray ledger/history
    nb = nbformat.read(NB, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NB.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "단순 민원 감소 효과" in html and "<svg" in html and "자료 없음" in html
    assert "이중차분" in html
    text = "".join(o.get("text", "") for o in outputs)
    assert "index.html" in text
