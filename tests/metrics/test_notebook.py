"""The dashboard notebook runs top to bottom with nbclient, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

NB = Path(__file__).resolve().parents[2] / "notebooks" / "metrics_dashboard.ipynb"


@pytest.mark.slow
def test_metrics_notebook_executes(tmp_path, monkeypatch, writers):
    import nbclient
    import nbformat
    src = Path(__file__).resolve().parents[2] / "src"
    monkeypatch.setenv("PYTHONPATH", f"{src}")
    monkeypatch.setenv("CIVICLAB_STATE_DIR", str(tmp_path / "state"))  # no stray ledger/history
    nb = nbformat.read(NB, as_version=4)
    grades = writers.grades(tmp_path / "grades.csv")
    writers.grade_criteria(tmp_path / "grades_by_criterion.csv")
    # what the team does after `make demo`: point the notebook at an exported grades file
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        f"inputs['grades'] = Path({str(grades)!r})\ninputs['grade_criteria'] = criteria_beside(inputs['grades'])"))
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(NB.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "단순 민원 감소 효과" in html and "<svg" in html and "자료 없음" in html
    assert "이중차분" in html
    assert "기준별·과제별 점수 분포" in html  # the chart title is SVG text
    assert "말하기 분량·문장" in html  # the per-criterion table, with Korean criterion names
    text = "".join(o.get("text", "") for o in outputs)
    assert "index.html" in text
