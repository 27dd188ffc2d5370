"""The guideline's vocabulary: the municipal measures M1–M13 of Pårørendeveilederen (IS-2587) and
the self-assessment levels. One place for the codes and their names (bokmål and nynorsk in
``i18n/guideline.yml``), used by the exercises, the records, the widgets and the reports.
"""

from __future__ import annotations

from learning.i18n import Lang, t

MEASURES: tuple[str, ...] = tuple(f"M{n}" for n in range(1, 14))
"""The guideline's municipal measures (IS-2587), as listed in shared/DOMAIN.md."""

STATUSES: tuple[str, ...] = ("ikke_startet", "planlagt", "i_gang", "etablert")
"""Self-assessment levels, in order: ikke startet, planlagt, i gang, etablert."""


def measure_name(code: str, lang: Lang) -> str:
    """The measure in short, in the reader's language (``M2`` → «Spørre om barn og søsken …»)."""
    return t(f"guideline.measure.{code}", lang)


def status_label(status: str | None, lang: Lang) -> str:
    """A level as people say it; anything else (nothing chosen) is «ikke vurdert»."""
    return t(f"guideline.status.{status}" if status in STATUSES else "guideline.status.missing", lang)
