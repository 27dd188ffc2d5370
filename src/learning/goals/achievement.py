"""How far each municipality reaches its goals: the target, and the run chart's verdict.

For each indicator two separate questions:

- **Target reached?** The latest measurement against the target, in the wanted direction
  (``None`` when there is no measurement yet).
- **A real change?** The Anhøj rules (:mod:`learning.runchart`): ``improvement`` when the rules
  signal non-random variation and the latest useful point lies on the wanted side of the centre
  line; ``deterioration`` when they signal and it lies on the other side; ``random`` when they
  do not signal; ``too_few`` below the minimum number of useful points.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from learning.goals.model import IndicatorSeries, NetworkGoals
from learning.runchart import RunsAnalysis, analyse

Change = Literal["improvement", "deterioration", "random", "too_few"]


@dataclass(frozen=True)
class Achievement:
    """The assessment of one indicator of one municipality."""

    series: IndicatorSeries
    analysis: RunsAnalysis
    latest_value: float | None
    latest_date: dt.date | None
    target_reached: bool | None
    change: Change


def _change(analysis: RunsAnalysis, direction: str) -> Change:
    if analysis.verdict == "too_few":
        return "too_few"
    if analysis.verdict == "random":
        return "random"
    wanted_side = 1 if direction == "higher" else -1
    return "improvement" if analysis.recent_side == wanted_side else "deterioration"


def assess(series: IndicatorSeries) -> Achievement:
    """Target and run-chart verdict for one indicator's measurements."""
    values = series.measurements["value"].to_numpy(dtype=float)
    analysis = analyse(values, baseline=series.indicator.baseline_points)
    present = series.measurements.dropna(subset=["value"])
    if present.empty:
        return Achievement(series, analysis, None, None, None, _change(analysis, "higher"))
    latest = present.iloc[-1]
    value = float(latest["value"])
    return Achievement(
        series=series,
        analysis=analysis,
        latest_value=value,
        latest_date=latest["date"],
        target_reached=series.indicator.reached(value),
        change=_change(analysis, series.indicator.direction),
    )


def assess_network(goals: NetworkGoals, until: dt.date | None = None) -> list[Achievement]:
    """Every indicator of every municipality, using measurements dated on or before ``until``."""
    return [assess(series) for series in goals.all_series(until)]


def achievement_table(goals: NetworkGoals, until: dt.date | None = None) -> pd.DataFrame:
    """A tidy table, one row per municipality and indicator, for a facilitator's summary."""
    rows = []
    for item in assess_network(goals, until):
        indicator, analysis = item.series.indicator, item.analysis
        rows.append({
            "kommune": item.series.kommune,
            "goal": item.series.goal.id,
            "indicator": indicator.id,
            "name": indicator.name,
            "unit": indicator.unit,
            "direction": indicator.direction,
            "baseline": indicator.baseline,
            "target": indicator.target,
            "n_measurements": len(item.series.measurements),
            "latest_date": item.latest_date,
            "latest_value": math.nan if item.latest_value is None else item.latest_value,
            "target_reached": item.target_reached,
            "centre": analysis.centre,
            "n_useful": analysis.n_useful,
            "longest_run": analysis.longest_run,
            "longest_run_max": analysis.longest_run_max,
            "n_crossings": analysis.n_crossings,
            "n_crossings_min": analysis.n_crossings_min,
            "runs_signal": analysis.runs_signal,
            "change": item.change,
        })
    return pd.DataFrame(rows, columns=[
        "kommune", "goal", "indicator", "name", "unit", "direction", "baseline", "target",
        "n_measurements", "latest_date", "latest_value", "target_reached", "centre", "n_useful",
        "longest_run", "longest_run_max", "n_crossings", "n_crossings_min", "runs_signal",
        "change",
    ])
