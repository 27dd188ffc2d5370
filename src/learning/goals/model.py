"""Municipality goals and their indicators, as written in ``params/goals/<network>.yml``.

Each member municipality states its goals in its own words and, for each goal, one or more
indicators: what is measured, in which unit, which direction is better, the value before the
work started and the value aimed at. Unknown keys are rejected so a misspelt key is never ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, StringConstraints

from learning.network.model import KommuneNr, Strict, Text

if TYPE_CHECKING:
    import pandas as pd

PERCENT = "prosent"
Direction = Literal["higher", "lower"]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
MEASUREMENT_COLUMNS = ("kommune", "indicator", "date", "value", "numerator", "denominator")


class Indicator(Strict):
    """One measurable sign of progress towards a goal."""

    id: Ident = Field(description="unique within the municipality; the CSV's indicator column")
    name: Text
    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] = (
        Field(description='e.g. "prosent" or "antall"; "prosent" values must lie in 0–100')
    )
    direction: Direction = Field(description="higher or lower is better")
    baseline: float = Field(description="the value before the work started")
    target: float = Field(description="the value the municipality aims for")
    measured: Text = Field(description="how and how often it is measured")
    baseline_points: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="centre line from the first k measurements instead of all"
    )

    @property
    def is_percent(self) -> bool:
        return self.unit == PERCENT

    def reached(self, value: float) -> bool:
        """Whether ``value`` meets the target in the wanted direction."""
        return value >= self.target if self.direction == "higher" else value <= self.target


class Goal(Strict):
    """A goal in the municipality's own words, with its indicators."""

    id: Ident
    text: Text
    indicators: list[Indicator] = Field(min_length=1)


class MunicipalityGoals(Strict):
    kommune: KommuneNr
    goals: list[Goal] = Field(min_length=1)


class GoalsFile(Strict):
    """The whole ``params/goals/<network>.yml``."""

    network: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
    synthetic: Text | None = Field(default=None, description="what in this file is invented")
    municipalities: list[MunicipalityGoals] = Field(default_factory=list)


@dataclass(frozen=True)
class IndicatorSeries:
    """One indicator of one municipality with its measurements in date order."""

    kommune: str
    goal: Goal
    indicator: Indicator
    measurements: pd.DataFrame  # columns: date, value, numerator, denominator, row

    def until(self, day: dt.date | None) -> IndicatorSeries:
        """Only the measurements dated on or before ``day`` (all when ``day`` is None)."""
        if day is None:
            return self
        kept = self.measurements[self.measurements["date"] <= day].reset_index(drop=True)
        return IndicatorSeries(self.kommune, self.goal, self.indicator, kept)


def _no_measurements() -> pd.DataFrame:
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    return pd.DataFrame(columns=[*MEASUREMENT_COLUMNS, "row"])


@dataclass(frozen=True)
class NetworkGoals:
    """Every member's goals and the measurements of their indicators."""

    network: str
    synthetic: str | None
    municipalities: list[MunicipalityGoals] = field(default_factory=list)
    measurements: pd.DataFrame = field(
        default_factory=_no_measurements
    )

    def goals_for(self, kommune: str) -> list[Goal]:
        return next((m.goals for m in self.municipalities if m.kommune == kommune), [])

    def series(self, kommune: str, until: dt.date | None = None) -> list[IndicatorSeries]:
        """The municipality's indicators, in the order of its goals file, with measurements."""
        mine = self.measurements[self.measurements["kommune"] == kommune]
        found = []
        for goal in self.goals_for(kommune):
            for indicator in goal.indicators:
                rows = mine[mine["indicator"] == indicator.id]
                frame = rows[["date", "value", "numerator", "denominator", "row"]]
                frame = frame.sort_values("date").reset_index(drop=True)
                found.append(IndicatorSeries(kommune, goal, indicator, frame).until(until))
        return found

    def all_series(self, until: dt.date | None = None) -> list[IndicatorSeries]:
        return [s for m in self.municipalities for s in self.series(m.kommune, until)]
