"""Korean words for the parts of ``--help`` that typer and click print in English.

Learners read ``--help``; "Usage:", "Options", "[required]" and "Show this message
and exit." are the English they would meet there.  typer takes these strings from
``gettext`` in ``typer.core`` and hard-codes a few more in its vendored click, so
the CLI process swaps in Korean at the edge (``localize`` is called once from
``civiclab.cli.main``).  Every hook is looked up defensively: a typer release that
renames one only brings that string back in English, it never breaks the CLI,
and ``tests/test_cli_help_ko.py`` notices.
"""

from __future__ import annotations

from typing import Any

USAGE_PREFIX = "사용법: "
HELP_OPTION = "이 도움말을 보여 주고 끝냅니다."

# gettext message ids used by typer.core -> Korean.
MESSAGES = {
    "Options": "옵션",
    "Arguments": "인자",
    "Commands": "명령",
    "default: {default}": "기본값: {default}",
    "required": "꼭 필요",
    "env var: {var}": "환경 변수: {var}",
    "(dynamic)": "(실행할 때 정함)",
    "Aborted!": "중단했습니다.",
    "Missing command.": "명령이 빠졌습니다.",
    "No such command {name!r}.": "없는 명령입니다: {name!r}.",
}

# typer shows a bare Python type as the value placeholder (--kind <str>).
TYPE_LABELS = {"<str>": "<글자>", "<int>": "<정수>", "<float>": "<숫자>", "<path>": "<경로>",
               "<file>": "<파일>", "<list[str]>": "<글자...>", "<int range>": "<정수 범위>",
               "<float range>": "<숫자 범위>"}


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _display_width(text: str) -> int:
    import unicodedata

    from typer._click._compat import strip_ansi

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in strip_ansi(text))


def _measure_hangul_as_wide() -> None:
    # click pads the option column by len(); a Hangul syllable fills two terminal
    # cells, so Korean placeholders (<글자>) would push their help text out of line.
    try:
        from typer._click import formatting
    except ImportError:  # pragma: no cover - older typer uses the click package
        return
    if callable(getattr(formatting, "term_len", None)):
        formatting.term_len = _display_width


def _korean_context_class(base: type) -> type:
    formatter_base = base.formatter_class

    class KoreanHelpFormatter(formatter_base):  # type: ignore[misc, valid-type]
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    return type("KoreanContext", (base,), {"formatter_class": KoreanHelpFormatter})


def _commands(command: Any) -> list[Any]:
    out = [command]
    for sub in (getattr(command, "commands", None) or {}).values():
        out.extend(_commands(sub))
    return out


def localize(command: Any) -> None:
    """Make ``command`` (the click command built from the typer app) print Korean help."""
    import typer.core

    if callable(getattr(typer.core, "_", None)):
        typer.core._ = _translate  # type: ignore[attr-defined]
    _measure_hangul_as_wide()
    context_class = _korean_context_class(command.context_class)
    for cmd in _commands(command):
        cmd.context_class = context_class
        ctx = context_class(cmd, info_name=cmd.name)
        help_option = cmd.get_help_option(ctx)
        if help_option is not None:
            help_option.help = HELP_OPTION
        for param in cmd.params:
            if callable(getattr(param, "display_type", None)):
                param.display_type = _korean_type_label(param.display_type)


def _korean_type_label(display_type: Any) -> Any:
    def label(ctx: Any) -> Any:
        shown = display_type(ctx)
        return TYPE_LABELS.get(shown, shown)

    return label
