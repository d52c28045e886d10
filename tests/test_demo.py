"""`make demo` runs the main job end to end; its steps, driven here on the offline model."""

from __future__ import annotations

import json

import pytest
from support import ROOT

from civiclab.demo import STEPS, run_demo
from civiclab.errors import InputError


def test_demo_drafts_and_scores_offline(tmp_path, make_settings):
    settings = make_settings(root=ROOT, state_dir=tmp_path / "state")
    heavy = [n for n, _, _ in STEPS if n == "course"]  # nbgrader runs are tested in tests/grading
    lines = []
    results = run_demo(settings, tmp_path / "out", skip=tuple(heavy), say=lines.append)
    assert results["prompts"]["lint_errors"] == 0 and results["prompts"]["fail"] == 0
    drafts = results["drafts"]
    assert drafts["grounded"]["total"] > drafts["bare"]["total"]
    assert drafts["grounded"]["fact_findings"] == 0 < drafts["bare"]["fact_findings"]
    assert json.loads((tmp_path / "out" / "demo-summary.json").read_text(encoding="utf-8")) == results
    assert any("규칙 기반 연습 모델" in line for line in lines)
    assert results["chatbot"]["questions"] >= 300
    html = (tmp_path / "out" / "metrics" / "index.html").read_text(encoding="utf-8")
    assert 'id="projection" class="" data-available="true"' in html


def test_unknown_step_is_a_korean_input_error(tmp_path, make_settings):
    with pytest.raises(InputError) as info:
        run_demo(make_settings(), tmp_path, skip=("everything",))
    assert "건너뛸 단계" in info.value.problem
