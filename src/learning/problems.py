"""Problems found in a user's files, reported all at once and without a traceback."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

H = TypeVar("H", bound=Hashable)


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


def repeated(values: Iterable[H]) -> dict[H, int]:
    """The values that stand more than once (an id given twice), with how often, in first order."""
    return {value: count for value, count in Counter(values).items() if count > 1}
