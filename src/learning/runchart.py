"""Run charts and the Anhøj rules for non-random variation, exactly as qicharts2 applies them.

The rules follow the R package qicharts2 by Jacob Anhøj (``R/helper.functions.R``, functions
``runs.analysis``, ``crsignal`` and ``qic.run``; repository anhoej/qicharts2):

- the centre line is the median of the points, or of a baseline period of the first k points
  (``qic.run``: ``median(y[baseline & include], na.rm = TRUE)``; ``baseline <- xx <= freeze``,
  so k counts positions, missing values included);
- a point exactly on the centre line, and a missing value, neither breaks nor extends a run and
  is not counted as useful (``runs <- sign(y - cl); runs <- runs[runs != 0 & !is.na(runs)]``);
- the longest run signals when it is longer than ``round(log2(n_useful)) + 3`` (Schilling 2012);
- the number of crossings signals when it is below ``qbinom(0.05, n_useful - 1, 0.5)`` (Chen 2010).

qicharts2 has no minimum number of points: it runs the analysis for any ``n_useful > 0``. The
published table of limits (Anhøj & Olesen 2014, and the qicharts2 vignette) starts at 10 useful
points, so this module gives a verdict only from :data:`MIN_USEFUL` = 10 useful points; below that
the verdict is "too few" while the numbers and ``runs_signal`` are still qicharts2's own.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import binom

from learning import charts
from learning.charts import MARKERS, PALETTE, new_figure
from learning.i18n import Lang, check_language, long_date, t
from learning.present import Html
from learning.present import number as present_number
from learning.survey.memo import by_content

MIN_USEFUL = 10
Verdict = Literal["signal", "random", "too_few"]
Side = Literal[-1, 0, 1]
Better = Literal["higher", "lower"]


def longest_run_limit(n_useful: int) -> int:
    """Upper limit for the longest run: ``round(log2(n)) + 3`` as in qicharts2.

    R's ``round`` rounds halves to even, like Python's; ``log2(n)`` of a whole number is never
    exactly a half, so the two agree for every n.
    """
    return round(math.log2(n_useful)) + 3


def crossings_limit(n_useful: int) -> int:
    """Lower limit for the number of crossings: R's ``qbinom(0.05, max(n - 1, 0), 0.5)``.

    Both R's ``qbinom`` and scipy's ``binom.ppf`` return the smallest x with P(X <= x) >= p.
    R first shrinks p by a factor (1 - 64 * DBL_EPSILON) so that a cumulative probability equal
    to p counts; with prob 0.5 every cumulative probability is a multiple of 2^-(n-1) and never
    equals 0.05, so the two definitions give the same integer.
    """
    return int(binom.ppf(0.05, max(n_useful - 1, 0), 0.5))


@dataclass(frozen=True)
class Run:
    """Consecutive useful points on one side of the centre line (positions in the series)."""

    side: Side
    positions: tuple[int, ...]

    @property
    def length(self) -> int:
        return len(self.positions)


@dataclass(frozen=True)
class RunsAnalysis:
    """The Anhøj rules applied to one series; names as in qicharts2's ``summary.qic``."""

    centre: float
    n_obs: int
    n_useful: int
    longest_run: int | None
    longest_run_max: int | None
    n_crossings: int | None
    n_crossings_min: int | None
    runs: tuple[Run, ...]
    baseline: int | None = None  # the centre line is the median of the first k points

    @property
    def frozen(self) -> bool:
        """Whether the centre line comes from a baseline period shorter than the series."""
        return self.baseline is not None and self.baseline < self.n_obs

    @property
    def longest_run_signal(self) -> bool:
        return self.longest_run is not None and self.longest_run > (self.longest_run_max or 0)

    @property
    def crossings_signal(self) -> bool:
        return self.n_crossings is not None and self.n_crossings < (self.n_crossings_min or 0)

    @property
    def runs_signal(self) -> bool:
        """qicharts2's ``runs.signal``, computed for any number of useful points."""
        return self.longest_run_signal or self.crossings_signal

    @property
    def verdict(self) -> Verdict:
        """``too_few`` below :data:`MIN_USEFUL` useful points, else ``signal`` or ``random``."""
        if self.n_useful < MIN_USEFUL:
            return "too_few"
        return "signal" if self.runs_signal else "random"

    @property
    def recent_side(self) -> Side:
        """Which side of the centre line the latest useful point is on (0 if there is none)."""
        return self.runs[-1].side if self.runs else 0

    @property
    def signal_runs(self) -> tuple[Run, ...]:
        """Runs longer than the limit: the points to mark on the chart."""
        if self.longest_run_max is None:
            return ()
        return tuple(r for r in self.runs if r.length > self.longest_run_max)

    @property
    def signal_positions(self) -> tuple[int, ...]:
        return tuple(p for run in self.signal_runs for p in run.positions)


def centre_line(values: Sequence[float] | np.ndarray, baseline: int | None = None) -> float:
    """The median of all points, or of the first ``baseline`` positions; missing values skipped."""
    y = np.asarray(values, dtype=float)
    if baseline is not None:
        if baseline < 1:
            raise ValueError("baseline must be at least 1 point")
        y = y[:baseline]
    y = y[~np.isnan(y)]
    if y.size == 0:
        raise ValueError("no values to compute a centre line from")
    return float(np.median(y))


def _runs(y: np.ndarray, centre: float) -> tuple[Run, ...]:
    runs: list[Run] = []
    side: int = 0
    current: list[int] = []
    for position, value in enumerate(y):
        if np.isnan(value) or value == centre:
            continue  # neither breaks nor extends a run
        this = 1 if value > centre else -1
        if this != side and current:
            runs.append(Run(side, tuple(current)))  # type: ignore[arg-type]
            current = []
        side = this
        current.append(position)
    if current:
        runs.append(Run(side, tuple(current)))  # type: ignore[arg-type]
    return tuple(runs)


def analyse(
    values: Sequence[float] | np.ndarray,
    *,
    baseline: int | None = None,
    centre: float | None = None,
) -> RunsAnalysis:
    """Apply the Anhøj rules to a series in time order (missing values as NaN).

    ``baseline`` freezes the centre line to the median of the first k positions; ``centre``
    gives the centre line directly (as qicharts2's ``cl`` argument).
    """
    y = np.asarray(values, dtype=float)
    if centre is None:
        centre = centre_line(y, baseline) if np.any(~np.isnan(y)) else math.nan
    runs = _runs(y, centre)
    n_useful = sum(r.length for r in runs)
    if n_useful == 0:
        return RunsAnalysis(centre, int(y.size), 0, None, None, None, None, runs, baseline)
    return RunsAnalysis(
        centre=centre,
        n_obs=int(y.size),
        n_useful=n_useful,
        longest_run=max(r.length for r in runs),
        longest_run_max=longest_run_limit(n_useful),
        n_crossings=max(len(runs) - 1, 0),
        n_crossings_min=crossings_limit(n_useful),
        runs=runs,
        baseline=baseline,
    )


# --- The chart -------------------------------------------------------------------------------

def number(value: float, lang: Lang) -> str:
    """A value the Norwegian way: decimal comma, at most one decimal (``33,3``; ``40``)."""
    check_language(lang)
    return present_number(value, 1)


def _side_word(side: int, lang: Lang) -> str:
    return t("goals.rc_above" if side > 0 else "goals.rc_below", lang)


def describe(analysis: RunsAnalysis, lang: Lang, better: Better | None = None) -> str:
    """The verdict in plain words, e.g. «Tydelig endring i ønsket retning: 8 punkter på rad over
    medianen.»"""
    if analysis.verdict == "too_few":
        return t("goals.rc_too_few", lang, n=analysis.n_useful, minimum=MIN_USEFUL)
    if analysis.verdict == "random":
        return t("goals.rc_random", lang, n=analysis.n_useful, longest=analysis.longest_run,
                 longest_max=analysis.longest_run_max, crossings=analysis.n_crossings,
                 crossings_min=analysis.n_crossings_min)
    recent = analysis.recent_side
    if better is None:
        lead = t("goals.rc_change", lang)
    else:
        wanted = (recent > 0) == (better == "higher")
        lead = t("goals.rc_change_wanted" if wanted else "goals.rc_change_unwanted", lang)
    on_recent_side = [r for r in analysis.signal_runs if r.side == recent]
    if on_recent_side:
        evidence = t("goals.rc_evidence_run", lang, n=on_recent_side[-1].length,
                     side=_side_word(recent, lang))
    elif analysis.signal_runs:
        earlier = analysis.signal_runs[-1]
        evidence = t("goals.rc_evidence_earlier_run", lang, n=earlier.length,
                     side=_side_word(earlier.side, lang), recent=_side_word(recent, lang))
    else:
        evidence = t("goals.rc_evidence_crossings", lang, crossings=analysis.n_crossings,
                     crossings_min=analysis.n_crossings_min, recent=_side_word(recent, lang))
    return f"{lead}: {evidence}"


# A network's evaluation draws every member's charts, each member's report its own: the same
# figures, drawn once per render run (see learning.survey.memo).
@by_content
def chart(
    dates: Sequence[dt.date],
    values: Sequence[float],
    analysis: RunsAnalysis,
    *,
    lang: Lang,
    title: str,
    unit: str,
    target: float | None = None,
    better: Better | None = None,
    marks: Sequence[Mark] = (),
) -> Html:
    """A run chart: the series, the median (dashed), the target (dotted), signal points marked
    with their own marker and legend entry, each improvement cycle's start as a labelled
    vertical line; the alt text states the verdict and the cycles in words."""
    y = np.asarray(values, dtype=float)
    days = np.array(dates, dtype="datetime64[D]")  # matplotlib's date axis; typed, unlike a list of dates
    with new_figure(7.0, 4.0) as (fig, ax):
        ax.plot(days, y, marker=MARKERS[0], color=PALETTE["blue"], linewidth=1.5,
                label=t("goals.rc_legend_values", lang, unit=unit))
        marked = list(analysis.signal_positions)
        if marked:
            ax.plot(days[marked], y[marked], linestyle="none", marker="D",
                    markersize=9, markerfacecolor="none", markeredgewidth=2,
                    color=PALETTE["vermillion"], label=t("goals.rc_legend_signal", lang))
        if not math.isnan(analysis.centre):
            centre_label = (
                t("goals.rc_legend_median_baseline", lang, k=analysis.baseline,
                  value=number(analysis.centre, lang))
                if analysis.frozen
                else t("goals.rc_legend_median", lang, value=number(analysis.centre, lang)))
            if analysis.crossings_signal:
                centre_label += t("goals.rc_legend_few_crossings", lang)
            ax.axhline(analysis.centre, color=PALETTE["grey"], linestyle="--", linewidth=1.2,
                       label=centre_label)
        if target is not None:
            ax.axhline(target, color=PALETTE["green"], linestyle=":", linewidth=2,
                       label=t("goals.rc_legend_target", lang, value=number(target, lang)))
            ax.annotate(t("goals.rc_target_label", lang, value=number(target, lang)),
                        (1.0, target), xycoords=("axes fraction", "data"), ha="right",
                        va="bottom", color=PALETTE["green"], fontsize=9)
        draw_marks(ax, marks, lang)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), ncol=1, frameon=False, fontsize=9)
        fig.autofmt_xdate()
        description = _description(dates, y, analysis, lang=lang, title=title, unit=unit,
                                   target=target, better=better)
        return charts.chart(fig, " ".join([description, *marks_text(marks, lang)]), title)


@dataclass(frozen=True)
class Mark:
    """A point in time to mark on a chart, e.g. the start of an improvement cycle (``S1``)."""

    day: dt.date
    label: str


def draw_marks(ax: plt.Axes, marks: Sequence[Mark], lang: Lang) -> None:
    """A dotted vertical line at each mark with its short label at the top of the axes."""
    for i, mark in enumerate(marks):
        ax.axvline(mark.day, color=PALETTE["purple"], linestyle=(0, (2, 2)), linewidth=1.5,  # type: ignore[arg-type]  # matplotlib takes dates through its unit converters; its stubs say floats
                   label=t("goals.cycle_legend", lang) if i == 0 else None)
        ax.annotate(mark.label, (mark.day, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -2), textcoords="offset points", ha="left", va="top",
                    fontsize=9, fontweight="bold", color="#1a1a1a")


def marks_text(marks: Sequence[Mark], lang: Lang) -> list[str]:
    """The marks in words for the alt text (empty when there are none)."""
    if not marks:
        return []
    listed = ", ".join(t("goals.cycle_alt_item", lang, label=m.label,
                         date=long_date(m.day, lang)) for m in marks)
    key = "goals.cycle_alt_one" if len(marks) == 1 else "goals.cycle_alt"
    return [t(key, lang, n=len(marks), cycles=listed)]


def _description(
    dates: Sequence[dt.date], y: np.ndarray, analysis: RunsAnalysis, *, lang: Lang, title: str,
    unit: str, target: float | None, better: Better | None,
) -> str:
    present = [(d, v) for d, v in zip(dates, y, strict=True) if not np.isnan(v)]
    if not present:
        return t("goals.rc_alt_empty", lang, title=title)
    parts = [t("goals.rc_alt_series", lang, title=title, n=len(present),
               first=long_date(present[0][0], lang), last=long_date(present[-1][0], lang),
               latest=number(present[-1][1], lang), unit=unit)]
    median_key = "goals.rc_alt_median_baseline" if analysis.frozen else "goals.rc_alt_median"
    parts.append(t(median_key, lang, value=number(analysis.centre, lang), unit=unit,
                   k=analysis.baseline))
    if target is not None:
        parts.append(t("goals.rc_alt_target", lang, value=number(target, lang), unit=unit))
    parts.append(describe(analysis, lang, better))
    return " ".join(parts)
