"""P-charts: centre line and limits checked against the formulas computed here point by point,
the 3-sigma rule, the Anhøj rules on the same series, and the verdict in words."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from learning import controlchart, runchart


def _limits_by_hand(y: list[float], n: list[float]) -> tuple[float, list[float], list[float]]:
    """qicharts2's p.limits written out with plain floats: p̄ = Σy/Σn, p̄ ± 3√(p̄(1−p̄)/n_i),
    clipped to [0, 1]."""
    p = sum(y) / sum(n)
    lower, upper = [], []
    for size in n:
        sigma = math.sqrt(p * (1 - p) / size)
        lower.append(max(0.0, p - 3 * sigma))
        upper.append(min(1.0, p + 3 * sigma))
    return p, lower, upper


def test_limits_vary_with_each_denominator() -> None:
    y, n = [2, 5, 9, 3], [10, 20, 30, 10]
    chart = controlchart.p_chart(y, n)
    p, lower, upper = _limits_by_hand(y, n)
    assert chart.centre == pytest.approx(19 / 70)
    assert chart.centre == pytest.approx(p)
    assert chart.lower == pytest.approx(lower)
    assert chart.upper == pytest.approx(upper)
    # n = 30 worked on paper: p̄(1 − p̄) = 969/4900; /30; √ → 0.0811902; × 3 → 0.2435704
    assert chart.lower[2] == pytest.approx(0.0278582, abs=1e-6)
    assert chart.upper[2] == pytest.approx(0.5149990, abs=1e-6)
    assert chart.lower[0] == 0.0  # 0.2714 − 0.4219 < 0 is clipped
    assert chart.upper[1] > chart.upper[2]  # more measured, narrower limits


def test_upper_limit_is_clipped_at_one() -> None:
    y, n = [9, 10, 4, 19], [10, 10, 4, 20]
    chart = controlchart.p_chart(y, n)
    p, lower, upper = _limits_by_hand(y, n)
    assert chart.upper == pytest.approx(upper)
    assert chart.lower == pytest.approx(lower)
    assert max(chart.upper) == 1.0
    assert p + 3 * math.sqrt(p * (1 - p) / 4) > 1


def test_random_series_matches_the_formulas_and_has_no_signal() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(15, 60, size=24).astype(float)
    y = rng.binomial(n.astype(int), 0.4).astype(float)
    chart = controlchart.p_chart(y, n)
    p, lower, upper = _limits_by_hand(list(y), list(n))
    assert chart.centre == pytest.approx(p)
    assert chart.lower == pytest.approx(lower)
    assert chart.upper == pytest.approx(upper)
    outside = [i for i in range(24) if y[i] / n[i] > upper[i] or y[i] / n[i] < lower[i]]
    assert list(chart.outside) == outside


def test_point_outside_the_limits_signals_even_with_few_points() -> None:
    y, n = [10, 11, 9, 10, 45], [50, 50, 50, 50, 50]
    chart = controlchart.p_chart(y, n)
    assert chart.outside == (4,)
    assert chart.runs.verdict == "too_few"
    assert chart.signal
    dates = [dt.date(2024, m, 1) for m in range(1, 6)]
    words = controlchart.describe(chart, dates, "nb", 100, better="higher")
    assert "1 punkt utenfor kontrollgrensene (3 sigma) i ønsket retning: 1. mai 2024" in words
    assert "Samlet: tydelig endring" in words
    nynorsk = controlchart.describe(chart, dates, "nn", 100, better="lower")
    assert "i uønskt retning" in nynorsk and "Samla: tydeleg endring" in nynorsk


def test_anhoj_rules_use_the_mean_as_centre_line() -> None:
    # twelve points: six low, then six high, all inside wide limits (small denominators)
    y = [1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3]
    n = [6] * 12
    chart = controlchart.p_chart(y, n)
    assert chart.outside == ()
    same = runchart.analyse(np.array(y) / 6, centre=24 / 72)
    assert chart.runs.centre == pytest.approx(24 / 72)
    assert chart.runs.longest_run == same.longest_run == 6
    assert chart.runs.n_crossings == 1
    assert chart.runs.verdict == "signal"  # 1 crossing < qbinom(0.05, 11, 0.5) = 3
    assert chart.signal
    words = controlchart.describe(chart, [dt.date(2024, 1, 1)] * 12, "nb", 100)
    assert "Alle punktene ligger innenfor" in words and "Seriereglene gir signal" in words


def test_missing_subgroups_are_skipped() -> None:
    chart = controlchart.p_chart([2, math.nan, 4], [10, math.nan, 20])
    assert chart.centre == pytest.approx(6 / 30)
    assert math.isnan(chart.shares[1])
    assert 1 not in chart.outside


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="above 0"):
        controlchart.p_chart([1], [0])
    with pytest.raises(ValueError, match="same length"):
        controlchart.p_chart([1, 2], [3])


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_figure_alt_text_states_limits_and_verdict(lang: str) -> None:
    y, n = [10, 11, 9, 10, 45], [50, 40, 50, 60, 50]
    dates = [dt.date(2024, m, 1) for m in range(1, 6)]
    chart = controlchart.p_chart(y, n)
    html = controlchart.draw(dates, chart, lang=lang, title="Spurt om barn", unit="prosent",
                             target=60, better="higher").markup
    assert "<img" in html and "P-diagram for Spurt om barn" in html
    assert runchart.number(chart.centre * 100, lang) in html
