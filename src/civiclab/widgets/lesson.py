"""One-line openers the learner notebooks call, so no learner ever edits Python.

``open_playground("press_release.policy_announcement", "sejong-zero-docs")`` gives
the playground with that prompt and fact sheet already chosen.
"""

from __future__ import annotations

from civiclab.widgets._common import fact_sheet_path, resolve_settings


def lab_settings():
    """Settings from civiclab.toml (found from the notebook's folder) and the hub's environment.

    Also makes any civiclab error in a later cell show as a Korean message, not a traceback.
    """
    install_korean_errors()
    return resolve_settings(None)


def install_korean_errors() -> bool:
    """In IPython, show CivicLabError as '문제: … / 해결 방법: …'; other errors keep their traceback."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from civiclab.errors import CivicLabError, format_ko

    def show(shell, etype, value, tb, tb_offset=None):
        print(format_ko(value))
        return None

    shell.set_custom_exc((CivicLabError,), show)
    return True


def open_playground(prompt_id: str | None = None, sheet_id: str | None = None, *, settings=None,
                    learner: str | None = None, variables: dict | None = None):
    from civiclab.widgets.playground import Playground

    settings = resolve_settings(settings)
    pg = Playground(settings, learner=learner)
    if prompt_id:
        pg.prompt.value = prompt_id
    if sheet_id:
        pg.sheet.value = str(fact_sheet_path(settings, sheet_id))
    for name, value in (variables or {}).items():
        if name in pg.fields:
            pg.fields[name].value = value
    return pg


def read_exercise(name: str) -> str:
    """Text of an exercise file in notebooks/data (the notebooks' own folder)."""
    from pathlib import Path

    from civiclab.errors import InputError

    settings = resolve_settings(None)
    for folder in (Path.cwd() / "data", settings.root / "notebooks" / "data"):
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise InputError(f"연습 자료 '{name}'을(를) 찾을 수 없습니다.",
                     "notebooks 폴더에서 공책을 열었는지 확인하세요.")
