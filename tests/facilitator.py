"""Helpers for the facilitator-desk tests: run ``learning`` in-process as a user would."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from learning.cli import app
from learning.problems import UserError


@dataclass
class Outcome:
    code: int
    output: str
    problems: list[str]


def learning(*args: str, input: str | None = None) -> Outcome:  # noqa: A002 - click's name
    """One command; an expected mistake (a UserError) becomes its problems, anything else fails the test."""
    result = CliRunner().invoke(app, list(args), input=input, standalone_mode=False)
    if isinstance(result.exception, UserError):
        return Outcome(2, result.output, [str(p) for p in result.exception.problems])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(0, result.output, [])


HALLINGDAL = ("--navn", "Barn som pårørende i Hallingdal", "--arrangor", "KORUS Øst",
              "--kommune", "Hol", "--kommune", "Hemsedal", "--kommune", "3328", "--kommune", "gol",
              "--kommune", "Nesbyen", "--samling-dato", "15.01.2025", "--samling-sted", "Gol",
              "--samling-tema", "Oppstart")
