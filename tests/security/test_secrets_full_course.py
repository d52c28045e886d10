"""*soak*: the full 30-learner course of `make demo`, graded with a key in the environment,
stores the key nowhere.

All six assignments, the demo cohort (excellent, typical, weak, blank, error, loop,
deleted/duplicated/edited test cells, injection, broken file), real nbgrader with two
workers, feedback and the exported grades.  The grader's environment holds a unique
fake key and points at a local OpenAI-speaking server, as on the hub; every "typical"
learner's first answer cell also calls the model from the grading kernel (the kernels
get no credentials, so the calls reach the server without the key; the ledger is
written).  Then every file under the
run -- exchange, submitted, autograded and feedback notebooks and HTML, gradebook,
journals, logs, learners' folders, grades CSV, state folder -- and everything printed
are scanned for the key (plain, random part alone, UTF-16, inside zip containers).

Takes minutes on 2 cores: `pytest -m soak tests/security/test_secrets_full_course.py`.
"""

from __future__ import annotations

import pytest
from support import ROOT
from test_secrets_in_artifacts import leaks, make_secret, needles

pytestmark = pytest.mark.soak

CALL_MODEL = '''
from civiclab.llm import Gateway as _Gateway
from civiclab.settings import load_settings as _load_settings

_reply = _Gateway(_load_settings()).generate([{"role": "user", "content": "보도자료 제목을 하나 제안해 주세요."}])
'''


def test_full_course_run_writes_the_key_nowhere(tmp_path, monkeypatch, capfd, fake_openai):
    import nbformat

    from civiclab.grading import demo

    secret = make_secret()
    for var in ("CIVICLAB_COURSE_ID", "CIVICLAB_GRADEBOOK_URL", "CIVICLAB_EXCHANGE_DIR", "OPENAI_BASE_URL",
                "CIVICLAB_CONFIG", "CIVICLAB_TRUSTED_ENDPOINTS"):
        monkeypatch.delenv(var, raising=False)
    for var, value in {"OPENAI_API_KEY": secret, "CIVICLAB_API_KEY": secret, "CIVICLAB_BACKEND": "openai",
                       "CIVICLAB_BASE_URL": fake_openai.base_url, "CIVICLAB_MODEL": "fake-model",
                       "CIVICLAB_MAX_RETRIES": "0", "CIVICLAB_TIMEOUT": "10", "CIVICLAB_CACHE": "off",
                       "CIVICLAB_STATE_DIR": str(tmp_path / "state")}.items():
        monkeypatch.setenv(var, value)

    original = demo.make_submission

    def with_model_call(release_nb, source_nb, kind, answers=None):
        text = original(release_nb, source_nb, kind, answers)
        if kind != "typical":
            return text
        nb = nbformat.reads(text, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
        first.source += "\n" + CALL_MODEL
        return nbformat.writes(nb)

    monkeypatch.setattr(demo, "make_submission", with_model_call)
    roster = ROOT / "datasets" / "roster" / "roster.csv"
    summary = demo.run_demo(tmp_path / "course", ROOT / "grading", jobs=2, n=30, progress=False,
                            roster=roster if roster.exists() else None)
    printed = capfd.readouterr()

    # 30 learners graded on 6 assignments; the grades table has a row per roster learner
    # and assignment (the datasets roster lists the whole city's trainees).
    assert len(summary["kinds"]) == 30 and len(summary["outcomes"]) == 6
    assert all(len(outs) == 30 for outs in summary["outcomes"].values())
    assert summary["rows"] >= 30 * 6 and summary["rows"] % 6 == 0
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    for expected in ("gradebook.db", "grades.csv", "ledger.sqlite"):
        assert expected in names, f"{expected} was not written; the scan would miss it"
    for folder in ("submitted", "autograded", "feedback"):
        assert list((tmp_path / "course" / folder).rglob("*.ipynb")) or list(
            (tmp_path / "course" / folder).rglob("*.html")), folder
    # The grading kernels really called the endpoint (one call per typical learner and
    # assignment, the cache is off) -- without the key: the grader holds it, but kernels
    # get an environment without credentials (grading.screening.kernel_env).
    chats = fake_openai.chat_requests
    assert len(chats) >= 6 * 6
    assert not any(secret in r["_auth"] or secret.rsplit("-", 1)[1] in r["_auth"] for r in chats)

    assert leaks(tmp_path, secret) == []
    for text in (printed.out, printed.err, repr(summary)):
        assert not any(n.decode("utf-8", "ignore") in text for n in needles(secret)[:2])
    print(f"scanned {len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB; "
          f"{len(chats)} model calls from grading kernels")
