"""Goal achievement: target reached, and the direction of a run-chart signal."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from learning.goals.achievement import achievement_table, assess, assess_network
from learning.goals.model import Goal, Indicator, IndicatorSeries, MunicipalityGoals, NetworkGoals
from learning.synthetic.goals import add_months


def indicator(direction: str = "higher", baseline: float = 40, target: float = 90) -> Indicator:
    return Indicator(id="spurt", name="Andel spurt", unit="prosent", direction=direction,
                     baseline=baseline, target=target, measured="Hver måned.")


def series(
    values: list[float], ind: Indicator | None = None, kommune: str = "5001"
) -> IndicatorSeries:
    ind = ind or indicator()
    goal = Goal(id="g", text="Et mål.", indicators=[ind])
    dates = [add_months(dt.date(2022, 1, 1), i) for i in range(len(values))]
    frame = pd.DataFrame({"date": dates, "value": values, "numerator": float("nan"),
                          "denominator": float("nan"), "row": range(2, 2 + len(values))})
    return IndicatorSeries(kommune, goal, ind, frame)


LOW_THEN_HIGH = [40, 42, 38, 41, 39, 43, 37, 40, 80, 82, 78, 81, 79, 83, 77, 91]


def test_a_step_up_is_an_improvement_when_higher_is_better() -> None:
    item = assess(series(LOW_THEN_HIGH))
    assert item.change == "improvement"
    assert item.latest_value == 91 and item.latest_date == dt.date(2023, 4, 1)
    assert item.target_reached is True  # 91 >= 90


def test_the_same_step_is_a_deterioration_when_lower_is_better() -> None:
    item = assess(series(LOW_THEN_HIGH, indicator("lower", baseline=40, target=20)))
    assert item.change == "deterioration"
    assert item.target_reached is False  # 91 > 20


def test_target_reached_in_the_wanted_direction_only() -> None:
    assert assess(series([*[50] * 3, 14], indicator("lower", 30, 14))).target_reached is True
    assert assess(series([*[50] * 3, 15], indicator("lower", 30, 14))).target_reached is False
    assert assess(series([89.9])).target_reached is False


def test_noise_and_too_few() -> None:
    assert assess(series([40, 60] * 8)).change == "random"
    assert assess(series(LOW_THEN_HIGH[:9])).change == "too_few"


def test_no_measurements_means_no_target_verdict() -> None:
    item = assess(series([]))
    assert item.target_reached is None and item.latest_value is None and item.change == "too_few"


def test_network_table_uses_only_measurements_up_to_the_cutoff() -> None:
    first, second = series(LOW_THEN_HIGH), series([40, 60] * 8, kommune="5006")
    goals = NetworkGoals(
        "midt-norge-2022", None,
        [MunicipalityGoals(kommune="5001", goals=[first.goal]),
         MunicipalityGoals(kommune="5006", goals=[second.goal])],
        pd.concat([first.measurements.assign(kommune="5001", indicator="spurt"),
                   second.measurements.assign(kommune="5006", indicator="spurt")]),
    )
    table = achievement_table(goals)
    assert list(table["kommune"]) == ["5001", "5006"]
    assert list(table["change"]) == ["improvement", "random"]
    early = achievement_table(goals, until=dt.date(2022, 8, 1))  # the first 8 months
    assert list(early["n_measurements"]) == [8, 8]
    assert list(early["latest_value"]) == [40, 60]
    assert [a.change for a in assess_network(goals, dt.date(2022, 8, 1))] == ["too_few"] * 2
