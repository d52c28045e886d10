"""Ids that become file names never become paths outside their folder.

Prompt ids, fact-sheet ids, learner ids, playground "save as" ids, proposal ids and
the .docx export are fed traversal strings (``../``, absolute paths, backslashes,
NUL, newlines, very long names).  Each must be refused with a Korean InputError, and
nothing may be written outside the project folder.
"""

from __future__ import annotations

import shutil

import pytest
from support import ROOT

from civiclab.errors import CivicLabError, InputError

SHEET = ROOT / "tests" / "facts" / "data" / "sejong-zero-docs.yaml"

HOSTILE = [
    "../evil",
    "../../evil",
    "..",
    ".",
    "/tmp/evil",
    "/etc/passwd",
    "a/../../evil",
    "..\\..\\evil",
    "C:\\evil",
    "evil\x00.yaml",
    "learner01\n",
    "learner01\n../x",
    " learner01",
    "~/evil",
    "%2e%2e%2fevil",
    "x" * 5000,
    "",
]
IDS = [repr(h)[:30] for h in HOSTILE]


@pytest.fixture
def project(tmp_path, make_settings):
    root = tmp_path / "project"
    (root / "datasets" / "fact_sheets").mkdir(parents=True)
    shutil.copy(SHEET, root / "datasets" / "fact_sheets" / SHEET.name)
    (root / "prompts").symlink_to(ROOT / "prompts")
    # Decoy files a traversal would reach.
    (tmp_path / "evil.yaml").write_text(SHEET.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "evil.yaml").write_text(SHEET.read_text(encoding="utf-8"), encoding="utf-8")
    return make_settings(root=root, state_dir=root / ".civiclab")


def outside_files(tmp_path, before: set) -> list:
    """Files created under tmp_path but outside the project folder since ``before``."""
    now = {p for p in tmp_path.rglob("*") if p.is_file()}
    return sorted(str(p) for p in now - before if "project" not in p.relative_to(tmp_path).parts[:1])


# --- learner ids ----------------------------------------------------------------------------

@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_learner_id_refused(bad):
    from civiclab.history import check_learner_id

    with pytest.raises(InputError):
        check_learner_id(bad)


@pytest.mark.parametrize("good", ["learner01", "kim.minsu", "a", "A-1_b.c", "x" * 64])
def test_ordinary_learner_ids_pass(good):
    from civiclab.history import check_learner_id

    assert check_learner_id(good) == good


@pytest.mark.parametrize("bad", HOSTILE, ids=IDS)
def test_history_never_writes_outside(project, tmp_path, bad):
    from civiclab.history import history_file, record_draft

    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(InputError):
        record_draft(project, learner=bad, text="초안")
    with pytest.raises(InputError):
        history_file(project, bad)
    assert outside_files(tmp_path, before) == []


def test_hub_user_names_become_safe_learner_ids():
    """A JupyterHub user name is cleaned before it becomes a folder name."""
    from civiclab.history import check_learner_id
    from civiclab.widgets.session import _safe_id

    for user in ("../../root", "/etc/passwd", "김민수", "a\x00b", "..", "x" * 300, "user@sejong.go.kr"):
        cleaned = _safe_id(user)
        assert check_learner_id(cleaned) == cleaned and "/" not in cleaned and ".." not in cleaned


# --- fact-sheet ids -------------------------------------------------------------------------

@pytest.mark.parametrize("bad", HOSTILE + ["../evil", "../../evil"], ids=IDS + ["up1", "up2"])
def test_fact_sheet_id_stays_in_its_folder(project, bad):
    from civiclab.widgets._common import fact_sheet_path, load_sheet

    with pytest.raises(InputError):
        fact_sheet_path(project, bad)
    with pytest.raises(CivicLabError):
        load_sheet(project, bad)


def test_known_fact_sheet_id_resolves_inside(project):
    from civiclab.widgets._common import fact_sheet_path

    path = fact_sheet_path(project, "sejong-zero-docs")
    assert path.resolve().parent == (project.datasets_path / "fact_sheets").resolve()


@pytest.mark.parametrize("bad", ["../evil", "Evil", "a/b", "a b", "x" * 81, "a\x00", "-a", "a--b"])
def test_fact_sheet_model_refuses_path_like_ids(bad):
    from pydantic import ValidationError

    from civiclab.facts import FactSheet, load_fact_sheet

    data = load_fact_sheet(SHEET).model_dump(mode="json")
    data["id"] = bad
    with pytest.raises(ValidationError):
        FactSheet.model_validate(data)


# --- prompt ids -----------------------------------------------------------------------------

PROMPT_HOSTILE = HOSTILE + ["press_release/../../evil", "press_release.../evil", "Press_Release.x",
                            "press_release", "press_release.x\n"]


@pytest.mark.parametrize("bad", PROMPT_HOSTILE, ids=[repr(h)[:30] for h in PROMPT_HOSTILE])
def test_new_prompt_refuses_path_like_ids(tmp_path, bad):
    from civiclab.prompts.scaffold import new_prompt

    before = {p for p in tmp_path.rglob("*")}
    with pytest.raises(InputError):
        new_prompt(tmp_path / "prompts", bad, "press_release", "시험 제목", "대변인실", "홍길동")
    assert {p for p in tmp_path.rglob("*")} == before


@pytest.mark.parametrize("bad", PROMPT_HOSTILE, ids=[repr(h)[:30] for h in PROMPT_HOSTILE])
def test_library_lookup_of_path_like_ids_is_an_input_error(bad):
    from civiclab.prompts import PromptLibrary

    lib = PromptLibrary.load(ROOT / "prompts")
    with pytest.raises(InputError):
        lib.get(bad + "@production")


def test_prompt_file_with_a_path_like_id_does_not_load(tmp_path):
    from civiclab.prompts import PromptLibrary

    folder = tmp_path / "prompts" / "press_release"
    folder.mkdir(parents=True)
    good = next((ROOT / "prompts").rglob("press_release.policy_announcement.yaml")).read_text(encoding="utf-8")
    (folder / "x.yaml").write_text(good.replace("id: press_release.policy_announcement",
                                                "id: ../../evil", 1), encoding="utf-8")
    lib = PromptLibrary.load(tmp_path / "prompts")
    assert lib.errors and "../../evil" not in lib.ids()


# --- playground: save as, proposals, .docx --------------------------------------------------

@pytest.fixture
def session(project):
    from civiclab.widgets.session import Session

    return Session(project, learner="learner01")


@pytest.mark.parametrize("bad", PROMPT_HOSTILE, ids=[repr(h)[:30] for h in PROMPT_HOSTILE])
def test_playground_save_id_refused(session, project, tmp_path, bad):
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    pv = session.library.get("press_release.policy_announcement@production")
    with pytest.raises(InputError):
        session.save_prompt(pv.prompt_id, pv.version, {}, bad)
    assert outside_files(tmp_path, before) == []
    assert not (project.root / "my_prompts").exists() or not any((project.root / "my_prompts").rglob("*.yaml"))


def test_playground_save_lands_in_the_learners_folder(session, project):
    pv = session.library.get("press_release.policy_announcement@production")
    path = session.save_prompt(pv.prompt_id, pv.version, {}, "press_release.my_event")
    assert path.resolve().parent == (project.root / "my_prompts" / "learner01").resolve()


# An empty learner id is not here: it falls back to the cleaned login name (tested above).
@pytest.mark.parametrize("bad", [h for h in HOSTILE if h], ids=[i for h, i in zip(HOSTILE, IDS) if h])
def test_session_refuses_hostile_learner(project, bad):
    from civiclab.widgets.session import Session

    with pytest.raises(InputError):
        Session(project, learner=bad)


@pytest.mark.parametrize("bad", ["../../evil", "/tmp/evil", "a.b/../../../evil", "writing.x\n"])
def test_workbench_proposal_id_refused(project, tmp_path, bad):
    from civiclab.widgets.prompt_workbench import PromptWorkbench

    wb = PromptWorkbench(project, learner="learner01")
    wb.yaml.value = f'id: "{bad}"\ntitle: 시험\n'.replace("\n\"", '\\n"')
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(InputError):
        wb.save()
    assert outside_files(tmp_path, before) == []


def test_docx_export_stays_in_the_learners_folder(session, project, tmp_path):
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    sheet_path = str(project.datasets_path / "fact_sheets" / SHEET.name)
    path = session.export_docx("세종시는 서류 없는 민원 창구를 연다.", sheet_path)
    assert path.suffix == ".docx" and path.is_file()
    assert path.resolve().parent == (project.root / "my_drafts" / "learner01").resolve()
    assert outside_files(tmp_path, before) == []
