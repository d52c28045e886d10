"""``civiclab facts check|show`` driven through the real CLI edge.

The group is registered on a fresh typer app here; adding "facts" to
``civiclab.cli._GROUPS`` (and the README command table) is left to the lead.
"""

import json

import pytest
import typer
from facts_data import SEJONG_PATH

from civiclab.cli._edge import run
from civiclab.cli.facts import register


@pytest.fixture()
def app():
    app = typer.Typer(no_args_is_help=True)

    @app.callback()
    def _root() -> None:
        """test root"""

    register(app)
    return app


def test_check_ok_and_bad_files(app, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEJONG_PATH.read_text(encoding="utf-8").replace("value: 56,", "value: 많음,"),
                   encoding="utf-8")
    code = run(app, ["facts", "check", str(SEJONG_PATH), str(bad), str(tmp_path / "none.yaml")])
    out, err = capsys.readouterr()
    assert code == 2
    assert "문제없음: sejong-zero-docs (보도자료)" in out and "수치 2개" in out
    assert "figures[1].value: 숫자가 아닙니다" in err and "찾을 수 없습니다" in err
    assert "Traceback" not in out + err


def test_check_json_and_duplicate_ids(app, tmp_path, capsys):
    copy = tmp_path / "copy.yaml"
    copy.write_text(SEJONG_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    code = run(app, ["facts", "check", "--json", str(SEJONG_PATH), str(copy)])
    rows = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [r["ok"] for r in rows] == [True, False]
    assert "sejong-zero-docs" in rows[1]["problem"]


def test_show_prints_prompt_block(app, capsys):
    assert run(app, ["facts", "show", str(SEJONG_PATH)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[사실 자료]") and "- 연간 혜택 민원인: 63,000명" in out
