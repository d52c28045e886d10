"""Every learner notebook executes top to bottom with nbclient on the offline backend.

Widgets are checked through the widget state nbclient stores, which holds what
the learner would see (table HTML, messages) after the notebook's own clicks.
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest
from nbsupport import NOTEBOOKS, lab_env, learner_notebooks

pytestmark = pytest.mark.slow

# What each notebook must show after running (in cell outputs or widget state).
EXPECTED = {
    "00_환경점검.ipynb": ["환경 변수", "항목", "규칙 기반 연습 모델"],
    "01_안전한_사용.ipynb": ["개인정보가 들어 있어 보내지 않았습니다", "해결 방법", "FACT_UNSUPPORTED",
                          "개인정보 2건", "규칙 기반 연습 모델"],
    "02_프롬프트_기본.ipynb": ["맨 지시문", "짜임새 있는 지시문", "총점"],
    "03_보도자료.ipynb": ["초안 만들기", "구비서류 제로화", "아직 채점한 초안이 없습니다"],
    "04_연설문.ipynb": ["초안 만들기", "2024 세종축제 개막식", "아직 초안이 없습니다"],
    "05_사실확인_공공언어.ipynb": ["채점하기", "3만 6000명", "[사실 자료]"],
    "06_AI충녕.ipynb": ["예상 감소", "분야별 결과", "정답률"],
    "07_프롬프트_기여.ipynb": ["점검 통과", "writing.my_headline"],
    "08_종합과제.ipynb": ["초안 만들기", "AI충녕"],
}

# Where a notebook's own clicks leave learner state: the temp folders set by lab_env.
WRITES = {
    "00": ["state/ledger.sqlite"], "01": ["state/ledger.sqlite"], "02": ["state/ledger.sqlite"],
    "06": ["state/ledger.sqlite"], "07": ["root/my_prompts/learner01"],
}


def test_every_notebook_has_expectations():
    assert sorted(p.name for p in learner_notebooks()) == sorted(EXPECTED)


def _run(path_or_nb, env, **options):
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = path_or_nb if isinstance(path_or_nb, nbformat.NotebookNode) else nbformat.read(path_or_nb, as_version=4)
    km = KernelManager(kernel_name="python3")
    client = NotebookClient(nb, km=km, timeout=180, store_widget_state=True, **options,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    km.start_kernel(env=env, cwd=str(NOTEBOOKS))
    try:
        client.execute()  # raises CellExecutionError with the cell and traceback on any error
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    return nb


def _shown(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(json.dumps(out, ensure_ascii=False))
    parts.append(json.dumps(nb.metadata.get("widgets", {}), ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.parametrize("path", learner_notebooks(), ids=lambda p: p.name[:2])
def test_notebook_runs_offline(path, lab_tmp, record_property):
    before = {p.name for p in NOTEBOOKS.iterdir()}
    started = time.perf_counter()
    nb = _run(path, lab_env(lab_tmp))
    record_property("seconds", round(time.perf_counter() - started, 1))
    shown = _shown(nb)
    for text in EXPECTED[path.name]:
        assert text in shown, f"{path.name}: '{text}' not shown"
    # Learner state went to the temp folders, never into the repository.
    assert {p.name for p in NOTEBOOKS.iterdir()} - before - {".ipynb_checkpoints"} == set()
    for written in WRITES.get(path.name[:2], []):
        assert (lab_tmp / written).exists(), f"{path.name} did not write {written}"


def test_a_learners_mistake_shows_in_korean_without_traceback(lab_tmp):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from civiclab.widgets.lesson import lab_settings\nsettings = lab_settings()"),
                nbformat.v4.new_code_cell("from civiclab.widgets.lesson import open_playground\n"
                                          "open_playground('press_release.policy_announcement', 'no-such-sheet')")]
    nb = _run(nb, lab_env(lab_tmp), allow_errors=True)
    shown = _shown(nb)
    assert "문제: 사실 자료 'no-such-sheet'" in shown and "해결 방법:" in shown
    assert "Traceback" not in shown and "InputError" not in shown
