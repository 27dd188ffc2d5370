"""The ``learning`` command: thin; each subcommand lives in its own module."""

from __future__ import annotations

import signal
import sys

import typer
from rich.console import Console
from rich.markup import escape

from learning.problems import UserError

app = typer.Typer(
    name="learning",
    help="Læringsnettverk «Barn som pårørende»: sjekk arbeidsområdet, importer kartlegginger og lag rapporter.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
errors = Console(stderr=True, highlight=False)

# Subcommands register themselves on ``app`` when imported.
from learning.cli import (  # noqa: E402, F401
    audit,
    check,
    demo,
    init,
    network,
    reflect,
    render,
    serve,
    status,
    survey,
    usage,
)


def report_problems(error: UserError) -> None:
    """Print every problem of an expected mistake, without a traceback."""
    count = len(error.problems)
    errors.print(f"[bold red]Fant {count} problem{'er' if count != 1 else ''}:[/]")
    for problem in error.problems:
        errors.print(f"  • {problem}", markup=False, highlight=False, soft_wrap=True)


def report_usage_error(error: Exception) -> None:
    """What was wrong with the command line, and where to read how it is used."""
    where = usage.command_path(error)
    errors.print(f"[bold red]Feil i kommandoen:[/] {escape(usage.usage_message(error))}", soft_wrap=True)
    errors.print(f"Se «{where} --help» for hvordan kommandoen brukes.", markup=False)


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    """Entry point: expected mistakes become plain messages and a non-zero exit code."""
    # Stopped with SIGTERM, unwind like Ctrl-C does, so atomic writes remove their temporary files.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = app(standalone_mode=False)
    except UserError as error:
        report_problems(error)
        sys.exit(2)
    except usage.UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":
            error.show()  # type: ignore[attr-defined]
        else:
            report_usage_error(error)
        sys.exit(2)
    except usage.ClickException as error:
        errors.print(f"Feil: {error}", markup=False, highlight=False)
        sys.exit(getattr(error, "exit_code", 1))
    except (typer.Abort, KeyboardInterrupt, EOFError):
        errors.print("Avbrutt.")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
