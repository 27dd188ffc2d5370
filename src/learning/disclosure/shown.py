"""How one figure is published: exactly, as a band, or not at all; and its text in a report.

A group size (``N``, ``S``, ``n``) is a count: exact ``12``, a band ``10–14`` or «under 5», or the
mark. An answer (``c``, ``k``) is a percentage of its group: exact ``67 %`` (a whole percentage,
so it says the share lies within ±0.5 points), a band «minst 70 %», «høyst 10 %» or
«60–70 %», or the mark. Bands are on a fixed grid (multiples of 5 or 10), never centred on the
true value, so where a band lies says nothing more than the band itself.

The mark is ``:``: Norwegian statistical tables use it for «not shown for reasons of
confidentiality» (``–`` means there is nothing: no respondent gave an answer to count).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from learning.i18n import Lang, t
from learning.present import number

MARK = ":"
NOTHING = "–"
EXACT, BAND, HIDDEN = "exact", "band", "hidden"


@dataclass(frozen=True)
class Shown:
    """A published figure: ``kind`` and the range it states (counts, or percent for answers)."""

    kind: str
    low: float = 0.0
    high: float = math.inf

    @property
    def exact(self) -> bool:
        return self.kind == EXACT

    @property
    def hidden(self) -> bool:
        return self.kind == HIDDEN

    @property
    def value(self) -> float:
        """The exact figure (count, or whole percent)."""
        if not self.exact:
            raise ValueError("only an exact figure has a value")
        return self.low


HIDE = Shown(HIDDEN)


def exact(value: float) -> Shown:
    return Shown(EXACT, float(value), float(value))


def band(low: float, high: float) -> Shown:
    return Shown(BAND, float(low), float(high))


def whole_percent(count: int, n: int) -> int:
    """The whole percentage a report prints for ``count`` of ``n`` (rounded as it prints)."""
    return int(number(100 * count / n, 0))


def count_text(shown: Shown, lang: Lang, min_n: int) -> str:
    """A group size as a report prints it: ``12``, ``10–14``, «under 5», or the mark."""
    if shown.hidden:
        return MARK
    if shown.exact:
        return number(shown.value, 0)
    if shown.low == 1 and shown.high == min_n - 1:  # «under 5» is said to mean 1 to 4
        return t("privacy.under", lang, min_n=min_n)
    return f"{number(shown.low, 0)}–{number(shown.high, 0)}"


def share_text(shown: Shown, lang: Lang) -> str:
    """An answer's share as a report prints it: ``67 %``, «minst 70 %», «60–70 %», or the mark."""
    if shown.hidden:
        return MARK
    if shown.exact:
        return f"{number(shown.value, 0)} %"
    if shown.high >= 100:
        return t("privacy.at_least", lang, percent=number(shown.low, 0))
    if shown.low <= 0:
        return t("privacy.at_most", lang, percent=number(shown.high, 0))
    return f"{number(shown.low, 0)}–{number(shown.high, 0)} %"
