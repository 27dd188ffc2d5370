"""The ``learning`` command: thin; each subcommand lives in its own module."""

from __future__ import annotations

import sys

import click
import typer
from rich.console import Console

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
    check,
    demo,
    init,
    network,
    reflect,
    render,
    serve,
    status,
    survey,
)


def report_problems(error: UserError) -> None:
    """Print every problem of an expected mistake, without a traceback."""
    count = len(error.problems)
    errors.print(f"[bold red]Fant {count} problem{'er' if count != 1 else ''}:[/]")
    for problem in error.problems:
        errors.print(f"  • {problem}", markup=False, highlight=False, soft_wrap=True)


def main() -> None:
    """Entry point: expected mistakes become plain messages and a non-zero exit code."""
    try:
        code = app(standalone_mode=False)
    except UserError as error:
        report_problems(error)
        sys.exit(2)
    except click.exceptions.Abort:
        errors.print("Avbrutt.")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)
