"""Resolving id, id@N and id@label."""

from __future__ import annotations

import pytest

from civiclab.errors import InputError
from civiclab.prompts import PromptLibrary


@pytest.fixture
def lib(project):
    return PromptLibrary.load(project / "prompts")


@pytest.mark.parametrize("ref, version", [
    ("press_release.sample", 1),  # bare id: the production version
    ("press_release.sample@1", 1),
    ("press_release.sample@2", 2),
    ("press_release.sample@v2", 2),
    ("press_release.sample@production", 1),
])
def test_resolution(lib, ref, version):
    got = lib.get(ref)
    assert got.version == version and got.ref == f"press_release.sample@{version}"


@pytest.mark.parametrize("ref, words", [
    ("press_release.sample@9", ["9판", "있는 판: 1, 2"]),
    ("press_release.sample@staging", ["staging", "표시"]),
    ("press_release.sample@latest", ["@latest"]),
    ("press_release.nothing", ["라이브러리에 없습니다"]),
])
def test_unknown_version_label_or_id(lib, ref, words):
    with pytest.raises(InputError) as exc:
        lib.get(ref)
    for w in words:
        assert w in exc.value.problem
    assert exc.value.fix


def test_bare_id_without_production_takes_newest_live_version(project):
    from promptkit import GOOD, write

    write(project, "prompts/press_release/press_release.sample.yaml",
          GOOD.replace("labels:\n  production: 1\n", "labels: {}\n"))
    lib = PromptLibrary.load(project / "prompts")
    assert lib.get("press_release.sample").version == 2
