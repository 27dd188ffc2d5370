"""What every report publishes about one wave of one network's survey: one decision per figure.

:func:`wave_publication` counts a wave (:mod:`.quantities`), chooses how each figure is shown
(:mod:`.protect`) until the audit of everything published about the wave passes (:mod:`.audit`),
and keeps the result. Every report of every audience and gathering reads its survey figures from
here, so they all show the same thing and the audit covers them all together. It is computed once
per render run and shared by the workers (:func:`learning.survey.memo.by_content`).

A change between two waves is shown only where both waves' share and group are exact for the
place: the audit already takes those counts as known, so the change and its interval tell nothing
more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from learning.disclosure.audit import Finding, failures
from learning.disclosure.protect import protect
from learning.disclosure.quantities import (
    NETWORK,
    Key,
    Quantities,
    counted_responses,
    wave_quantities,
)
from learning.disclosure.shown import MARK, NOTHING, Shown, count_text, share_text
from learning.i18n import Lang
from learning.survey.memo import by_content

DEFAULT_PROTECTION = 3  # a hidden count's range must span at least this many values


@dataclass(frozen=True)
class WavePublication:
    """The figures of one wave and how each is shown."""

    wave: str
    quantities: Quantities
    shown: dict[Key, Shown]
    min_n: int
    protection: int

    @property
    def left_out(self) -> tuple[str, ...]:
        """Members with 1 … min_n − 1 respondents, not counted in the network's figures."""
        return self.quantities.left_out

    def counted(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The wave's responses the network's figures count (the left-out members taken away)."""
        return counted_responses(frame, self.left_out)

    def size_text(self, key: Key, lang: Lang) -> str:
        """A group size as printed: ``12``, ``10–14``, «under 5» or the mark."""
        return count_text(self.shown[key], lang, self.min_n) if key in self.shown else MARK

    def share_text(self, key: Key, lang: Lang) -> str:
        """An answer's share as printed: ``67 %``, «minst 70 %», ``–`` (nobody asked) or the mark."""
        shown = self.shown.get(key)
        if shown is None:
            return MARK
        if shown.exact and self.quantities.value[self.quantities.base[key]] == 0:
            return NOTHING
        return share_text(shown, lang)

    def share_for_chart(self, key: Key) -> float:
        """A share 0–1 to draw: exact, or a band's lower end (its label says it is a band); 0
        where nothing is shown."""
        shown = self.shown.get(key)
        if shown is None or shown.hidden or self.quantities.value[self.quantities.base[key]] == 0:
            return 0.0
        return float(shown.low) / 100

    def exact_share(self, key: Key) -> float | None:
        """The share 0–1 when it is shown exactly (with its group), else None."""
        shown = self.shown.get(key)
        base = self.quantities.base.get(key)
        if shown is None or base is None or not shown.exact or not self.shown[base].exact:
            return None
        size = self.quantities.value[base]
        return self.quantities.value[key] / size if size else None

    def known(self, key: Key) -> bool:
        """True when the count is published exactly: a size shown exactly, or a share shown
        exactly of a group shown exactly (the change tables may then work from it)."""
        shown = self.shown.get(key)
        if shown is None or not shown.exact:
            return False
        base = self.quantities.base.get(key)
        return base is None or key[0] in ("N", "S", "n") or self.shown[base].exact

    def has_marks(self, keys: Sequence[Key]) -> bool:
        """True when any of the figures is not shown (the mark)."""
        return any(self.shown[k].hidden for k in keys if k in self.shown)

    def has_bands(self, keys: Sequence[Key]) -> bool:
        """True when any of the figures is shown as a band."""
        return any(self.shown[k].kind == "band" for k in keys if k in self.shown)

    def audit(self) -> list[Finding]:
        """The protected counts whose range is narrower than the protection interval (none)."""
        return failures(self.quantities, self.shown, self.min_n, self.protection)


@by_content
def wave_publication(wave_responses: pd.DataFrame, wave: str, members: tuple[str, ...], min_n: int,
                     protection: int = DEFAULT_PROTECTION) -> WavePublication:
    """Count, protect and audit one wave's responses for the network's members."""
    q = wave_quantities(wave_responses, members, min_n)
    return WavePublication(wave, q, protect(q, min_n, protection), min_n, protection)


def share_of(place: str, item: str) -> Key:
    return ("c", place, item)


def valid_of(place: str, item: str) -> Key:
    return ("n", place, item)


def respondents_of(place: str) -> Key:
    return ("N", place)


def service_of(place: str, service: str) -> Key:
    return ("S", place, service)


def link_of(place: str, service: str, partner: str) -> Key:
    return ("k", place, service, partner)


__all__ = ["DEFAULT_PROTECTION", "NETWORK", "WavePublication", "link_of",
           "respondents_of", "service_of", "share_of", "valid_of", "wave_publication"]
