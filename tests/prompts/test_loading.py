"""Loading the library: validation errors name the file, the line and the fix in Korean."""

from __future__ import annotations

from promptkit import GOOD, write

from civiclab.prompts import PromptLibrary


def test_loads_a_valid_file(project):
    lib = PromptLibrary.load(project / "prompts")
    assert lib.ids() == ["press_release.sample"]
    assert lib.issues == []
    spec = lib.spec("press_release.sample")
    assert spec.version(1).ref == "press_release.sample@1"
    assert spec.version(2).task == "press_release"


def test_malformed_yaml_is_reported_with_its_line_and_does_not_hide_the_rest(project):
    write(project, "prompts/speech/speech.broken.yaml", "id: speech.broken\ntitle: [깨짐\ntask: speech\n")
    lib = PromptLibrary.load(project / "prompts")
    assert lib.ids() == ["press_release.sample"]  # the good file is still there
    (issue,) = lib.errors
    assert issue.code == "YAML_SYNTAX" and issue.file.endswith("speech.broken.yaml")
    assert issue.line in (2, 3, 4)
    assert "YAML 문법 오류" in issue.problem and "들여쓰기" in issue.fix


def test_missing_field_names_the_field_and_line(project):
    text = GOOD.replace("    changelog: 처음 만듦\n", "", 1)
    write(project, "prompts/press_release/press_release.other.yaml",
          text.replace("id: press_release.sample", "id: press_release.other"))
    lib = PromptLibrary.load(project / "prompts")
    (issue,) = lib.errors
    assert issue.code == "FIELD_MISSING"
    assert "versions.0.changelog" in issue.problem
    assert issue.line == 7  # the line of "- version: 1", where the field belongs
    assert "changelog" in issue.fix


def test_wrong_value_and_unknown_field_are_located(project):
    text = GOOD.replace("task: press_release", "task: poem").replace("tags: [시험]", "tagz: [시험]")
    path = write(project, "prompts/press_release/press_release.sample.yaml", text)
    lib = PromptLibrary.load(project / "prompts")
    by_code = {i.code: i for i in lib.errors}
    assert by_code["FIELD_INVALID"].line == 3 and "허용되는 값" in by_code["FIELD_INVALID"].problem
    assert by_code["FIELD_UNKNOWN"].line == 5 and "tagz" in by_code["FIELD_UNKNOWN"].problem
    assert all(i.file.endswith(path.name) for i in lib.errors)


def test_duplicate_id_is_an_error_and_keeps_the_first(project):
    write(project, "prompts/press_release/press_release.copy.yaml", GOOD)
    lib = PromptLibrary.load(project / "prompts")
    (issue,) = lib.errors
    assert issue.code == "DUPLICATE_ID" and issue.line == 1
    assert issue.file.endswith("press_release.sample.yaml")  # sorted: "copy" first wins, "sample" reported
    assert "press_release.copy.yaml" in issue.problem or "press_release.sample.yaml" in issue.problem
    assert lib.ids() == ["press_release.sample"]


def test_duplicate_versions_and_keys_are_refused(project):
    twice = GOOD.replace("  - version: 2", "  - version: 1")
    write(project, "prompts/press_release/press_release.sample.yaml", twice)
    write(project, "prompts/speech/speech.keys.yaml", "id: speech.keys\nid: speech.keys2\n")
    lib = PromptLibrary.load(project / "prompts")
    problems = {i.code: i for i in lib.errors}
    assert "판 번호가 겹칩니다" in problems["FIELD_INVALID"].problem
    assert problems["YAML_SYNTAX"].line == 2 and "두 번" in problems["YAML_SYNTAX"].problem


def test_yaml_aliases_and_huge_files_are_refused(project):
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    write(project, "prompts/x/x.bomb.yaml", bomb)
    big = project / "prompts/x/x.big.yaml"
    big.write_text("id: x.big\n" + "# " + "가" * 300_000 + "\n", encoding="utf-8")
    write(project, "prompts/x/x.python.yaml", "id: !!python/object/apply:os.system [echo hi]\n")
    lib = PromptLibrary.load(project / "prompts")
    messages = {i.file.rsplit("/", 1)[-1]: i.problem for i in lib.errors}
    assert "별칭" in messages["x.bomb.yaml"]
    assert "너무 큽니다" in messages["x.big.yaml"]
    assert "YAML" in messages["x.python.yaml"]  # safe loader: no python tags


def test_missing_folder_is_an_input_error(tmp_path):
    import pytest

    from civiclab.errors import InputError

    with pytest.raises(InputError) as exc:
        PromptLibrary.load(tmp_path / "nowhere")
    assert "프롬프트 폴더" in exc.value.problem
