"""The edge: run the typer app and turn every user mistake into Korean text."""

from __future__ import annotations

import sys
import warnings

import typer

try:  # typer >= 0.20 vendors its own click; older releases use the click package
    from typer._click import exceptions as cx
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as cx

from civiclab.errors import CivicLabError, format_ko

# click's own usage messages are English; these are the ones learners meet.
_CLICK_KO = [
    ("No such option", "없는 옵션입니다"),
    ("Missing option", "꼭 필요한 옵션이 빠졌습니다"),
    ("Missing parameter", "꼭 필요한 값이 빠졌습니다"),
    ("Missing argument", "꼭 필요한 인자가 빠졌습니다"),
    ("No such command", "없는 명령입니다"),
    ("Invalid value for", "값이 올바르지 않습니다:"),
    ("Got unexpected extra argument", "필요 없는 인자가 더 있습니다"),
    ("Option", "옵션"),
    ("requires an argument", "에는 값이 필요합니다"),
]


def korean_usage(message: str) -> str:
    for en, ko in _CLICK_KO:
        message = message.replace(en, ko)
    return message


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    # Our warnings are Korean sentences for people; a file name and line number are noise.
    if category.__module__.startswith("civiclab"):
        print(f"주의: {message}", file=file or sys.stderr)
    else:
        _PLAIN_SHOW(message, category, filename, lineno, file, line)


_PLAIN_SHOW = warnings.showwarning


def run(app: typer.Typer, argv: list[str]) -> int:
    from civiclab.cli._help_ko import localize

    command = typer.main.get_command(app)
    localize(command)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _run(command, argv)


def _run(command, argv: list[str]) -> int:
    try:
        # Without standalone mode, typer returns an Exit's code instead of raising it.
        result = command.main(args=argv, prog_name="civiclab", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except cx.NoArgsIsHelpError as exc:
        # Bare `civiclab` or a bare group: help was requested implicitly.
        ctx = exc.ctx
        print(ctx.get_help() if ctx is not None else "")
        return 0
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        print("중단했습니다.", file=sys.stderr)
        return 130
    except cx.UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = f"\n도움말: {exc.ctx.command_path} --help"
        print(f"사용법 오류: {korean_usage(exc.format_message())}{hint}", file=sys.stderr)
        return 2
    except CivicLabError as exc:
        print(format_ko(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("중단했습니다.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
