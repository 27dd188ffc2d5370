"""Pydantic building blocks for the files people write (params, codebook, findings, exercises).

Unknown keys are rejected (a misspelt key must not be silently ignored) and loaded values are
frozen. A :class:`Bilingual` text must exist in both bokmål and nynorsk.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from learning.i18n import Lang, check_language

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    """One text in bokmål (``nb``) and nynorsk (``nn``); both are required."""

    nb: NonEmpty
    nn: NonEmpty

    def __call__(self, lang: Lang) -> str:
        return self.nb if check_language(lang) == "nb" else self.nn

    def __getitem__(self, lang: Lang) -> str:
        return self(lang)

    def both(self) -> tuple[str, str]:
        return self.nb, self.nn
