"""Problems found in a user's files, reported all at once and without a traceback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's input: which file, where in it, and what to do."""

    source: str
    where: str
    message: str

    def __str__(self) -> str:
        location = ": ".join(part for part in (self.source, self.where) if part)
        return f"{location}: {self.message}" if location else self.message


class UserError(Exception):
    """An expected mistake in the user's input; the CLI prints it without a traceback."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", "", problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
