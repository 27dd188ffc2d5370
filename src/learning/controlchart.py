"""P-charts (control charts for shares) as qicharts2 draws them, with the 3-sigma rule and the
Anhøj rules on the same series.

Formulas from qicharts2 (``R/helper.functions.R``, ``p.limits`` and ``qic.p``; repository
anhoej/qicharts2): for subgroups with numerators y_i and denominators n_i,

- the centre line is p̄ = Σy / Σn over all points;
- each point's limits are p̄ ± 3·sqrt(p̄(1 − p̄) / n_i), so they vary with the denominator, and
  are clipped to [0, 1] (qicharts2 sets ``lcl < 0`` to 0 and ``ucl > 1`` to 1 for p-charts);
- a point signals when it lies strictly outside its limits (``sigma.signal``);
- the Anhøj rules use p̄ as the centre line (qicharts2 runs ``runs.analysis`` on ``cl``).

Shares are shown multiplied by 100 for an indicator in percent, as ``qic(multiply = 100)``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from learning import charts, runchart
from learning.charts import MARKERS, PALETTE, new_figure
from learning.i18n import Lang, long_date, t
from learning.present import Html
from learning.runchart import Better, Mark, RunsAnalysis, draw_marks, marks_text
from learning.survey.memo import by_content

SIGMA = 3.0


@dataclass(frozen=True)
class PChart:
    """A p-chart's numbers, on the share scale 0–1."""

    shares: np.ndarray
    denominators: np.ndarray
    centre: float
    lower: np.ndarray
    upper: np.ndarray
    runs: RunsAnalysis

    @property
    def outside(self) -> tuple[int, ...]:
        """Positions of points strictly outside their 3-sigma limits."""
        beyond = (self.shares > self.upper) | (self.shares < self.lower)
        return tuple(int(i) for i in np.flatnonzero(beyond & ~np.isnan(self.shares)))

    @property
    def signal(self) -> bool:
        """Non-random variation by either rule (the 3-sigma rule needs no minimum of points)."""
        return bool(self.outside) or self.runs.verdict == "signal"


def p_chart(
    numerators: Sequence[float] | np.ndarray,
    denominators: Sequence[float] | np.ndarray,
) -> PChart:
    """The p-chart of a series in time order; missing subgroups as NaN."""
    y = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    if y.shape != n.shape:
        raise ValueError("numerators and denominators must have the same length")
    if np.any(n[~np.isnan(n)] <= 0) or np.any(y[~np.isnan(y)] < 0):
        raise ValueError("denominators must be above 0 and numerators 0 or more")
    known = ~(np.isnan(y) | np.isnan(n))
    if not known.any():
        raise ValueError("no subgroup with both numerator and denominator")
    centre = float(y[known].sum() / n[known].sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(known, y / n, np.nan)
        spread = SIGMA * np.sqrt(centre * (1 - centre) / n)
    lower = np.clip(centre - spread, 0.0, 1.0)
    upper = np.clip(centre + spread, 0.0, 1.0)
    return PChart(shares, n, centre, lower, upper,
                  runchart.analyse(shares, centre=centre))


def describe(chart: PChart, dates: Sequence[dt.date], lang: Lang, scale: float,
             better: Better | None = None) -> str:
    """The verdict in plain words: points outside the limits (with dates), then the Anhøj rules."""
    outside = chart.outside
    if outside:
        days = ", ".join(long_date(dates[i], lang) for i in outside)
        high = [i for i in outside if chart.shares[i] > chart.upper[i]]
        direction = "up" if len(high) * 2 >= len(outside) else "down"
        if better is None:
            lead = t("goals.pc_outside", lang, n=len(outside), dates=days)
        else:
            wanted = (direction == "up") == (better == "higher")
            key = "goals.pc_outside_wanted" if wanted else "goals.pc_outside_unwanted"
            lead = t(key, lang, n=len(outside), dates=days)
    else:
        lead = t("goals.pc_inside", lang)
    centre = runchart.number(chart.centre * scale, lang)
    return " ".join([lead, t("goals.pc_centre", lang, centre=centre), _runs_words(chart.runs, lang),
                     t("goals.pc_signal" if chart.signal else "goals.pc_no_signal", lang)])


def _runs_words(runs: RunsAnalysis, lang: Lang) -> str:
    """The Anhøj rules around the centre line p̄ (the mean, so not the run chart's median words)."""
    if runs.verdict == "too_few":
        return t("goals.pc_runs_too_few", lang, n=runs.n_useful, minimum=runchart.MIN_USEFUL)
    key = "goals.pc_runs_signal" if runs.verdict == "signal" else "goals.pc_runs_random"
    return t(key, lang, longest=runs.longest_run, longest_max=runs.longest_run_max,
             crossings=runs.n_crossings, crossings_min=runs.n_crossings_min)


# A network's evaluation draws every member's charts, each member's report its own: the same
# figures, drawn once per render run (see learning.survey.memo).
@by_content
def draw(
    dates: Sequence[dt.date],
    chart: PChart,
    *,
    lang: Lang,
    title: str,
    unit: str,
    scale: float = 100.0,
    target: float | None = None,
    better: Better | None = None,
    marks: Sequence[Mark] = (),
) -> Html:
    """The p-chart figure: points, centre line, stepped 3-sigma limits, points outside marked;
    the alt text gives the centre line, the limits' range and the verdict."""
    shares = chart.shares * scale
    with new_figure(7.0, 4.0) as (fig, ax):
        ax.plot(dates, shares, marker=MARKERS[0], color=PALETTE["blue"], linewidth=1.5,  # type: ignore[arg-type]  # matplotlib takes dates through its unit converters; its stubs say floats
                label=t("goals.rc_legend_values", lang, unit=unit))
        ax.step(dates, chart.upper * scale, where="mid", color=PALETTE["grey"], linewidth=1,  # type: ignore[arg-type]  # matplotlib takes dates through its unit converters; its stubs say floats
                label=t("goals.pc_legend_limits", lang))
        ax.step(dates, chart.lower * scale, where="mid", color=PALETTE["grey"], linewidth=1)  # type: ignore[arg-type]  # matplotlib takes dates through its unit converters; its stubs say floats
        ax.axhline(chart.centre * scale, color=PALETTE["black"], linestyle="--", linewidth=1.2,
                   label=t("goals.pc_legend_centre", lang,
                           value=runchart.number(chart.centre * scale, lang)))
        if chart.outside:
            marked = list(chart.outside)
            ax.plot([dates[i] for i in marked], shares[marked], linestyle="none", marker="D",  # type: ignore[arg-type]  # matplotlib takes dates through its unit converters; its stubs say floats
                    markersize=9, markerfacecolor="none", markeredgewidth=2,
                    color=PALETTE["vermillion"], label=t("goals.pc_legend_outside", lang))
        if target is not None:
            ax.axhline(target, color=PALETTE["green"], linestyle=":", linewidth=2,
                       label=t("goals.rc_legend_target", lang,
                               value=runchart.number(target, lang)))
        draw_marks(ax, marks, lang)
        ax.set_title(t("goals.pc_title", lang, title=title))
        ax.set_ylabel(unit)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), ncol=1, frameon=False, fontsize=9)
        fig.autofmt_xdate()
        description = _description(dates, chart, lang=lang, title=title, unit=unit, scale=scale,
                                   better=better)
        return charts.chart(fig, " ".join([description, *marks_text(marks, lang)]),
                            t("goals.pc_title", lang, title=title))


def _description(dates: Sequence[dt.date], chart: PChart, *, lang: Lang, title: str, unit: str,
                 scale: float, better: Better | None) -> str:
    present = [i for i, s in enumerate(chart.shares) if not math.isnan(s)]
    lows, highs = chart.lower[present] * scale, chart.upper[present] * scale
    if not present:
        return t("goals.rc_alt_empty", lang, title=title)
    head = t("goals.pc_alt", lang, title=title, n=len(present),
             first=long_date(dates[present[0]], lang), last=long_date(dates[present[-1]], lang),
             centre=runchart.number(chart.centre * scale, lang), unit=unit,
             low=runchart.number(float(lows.min()), lang),
             high=runchart.number(float(highs.max()), lang))
    return f"{head} {describe(chart, dates, lang, scale, better)}"
