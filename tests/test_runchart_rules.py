"""The Anhøj rules: limits against published values and hand-counted series."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from learning.runchart import MIN_USEFUL, analyse, centre_line, crossings_limit, longest_run_limit

# Critical values for n = 10..100 useful points as R printed them (round(log2(n) + 3) and
# qbinom(0.05, n - 1, 0.5)): the table in Jacob Anhøj's pbcharts README (anhoej/pbcharts,
# "Critical values for runs and crossing"), the same table as qicharts2's vignette appendix.
LONGEST_RUN_MAX = {**dict.fromkeys(range(10, 12), 6), **dict.fromkeys(range(12, 23), 7),
                   **dict.fromkeys(range(23, 46), 8), **dict.fromkeys(range(46, 91), 9),
                   **dict.fromkeys(range(91, 101), 10)}
CROSSINGS_MIN = dict(zip(range(10, 101), [
    2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 8, 8, 8, 9, 9, 10,          # n = 10..29
    10, 11, 11, 11, 12, 12, 13, 13, 14, 14, 14, 15, 15, 16, 16, 17,       # n = 30..45
    17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 21, 22, 22, 23, 23,           # n = 46..60
    24, 24, 25, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 29, 30,           # n = 61..75
    30, 31, 31, 32, 32, 33, 33, 34, 34, 34, 35, 35, 36, 36, 37,           # n = 76..90
    37, 38, 38, 39, 39, 39, 40, 40, 41, 41,                               # n = 91..100
], strict=True))


def r_qbinom_half(p: float, size: int) -> int:
    """R's qbinom(p, size, 0.5) from its definition: the smallest x with P(X <= x) >= p,
    summed exactly with binomial coefficients (independent of scipy)."""
    total = Fraction(0)
    for x in range(size + 1):
        total += Fraction(math.comb(size, x), 2**size)
        if total >= Fraction(p).limit_denominator(10**6):
            return x
    return size


@pytest.mark.parametrize("n", range(10, 101))
def test_limits_match_the_published_table(n: int) -> None:
    assert longest_run_limit(n) == LONGEST_RUN_MAX[n]
    assert crossings_limit(n) == CROSSINGS_MIN[n]


def test_crossings_limit_matches_r_qbinom_definition_beyond_the_table() -> None:
    for n in range(1, 301):
        assert crossings_limit(n) == r_qbinom_half(0.05, max(n - 1, 0)), n


def test_longest_run_limit_is_rounded_log2_plus_3() -> None:
    # by hand: log2(16) = 4 -> 7; log2(23) = 4.52 -> 8; log2(90) = 6.49 -> 9; log2(91) = 6.51 -> 10
    assert [longest_run_limit(n) for n in (16, 23, 90, 91)] == [7, 8, 9, 10]


def test_a_clear_shift_signals_on_both_rules() -> None:
    values = [20, 22, 19, 21, 20, 23, 18, 21, 40, 42, 39, 41, 43, 40, 38, 41]
    result = analyse(values)
    # median lies between 23 and 38, so the 8 low and 8 high points form two runs
    assert result.n_useful == 16
    assert (result.longest_run, result.longest_run_max) == (8, 7)
    assert (result.n_crossings, result.n_crossings_min) == (1, 4)
    assert result.longest_run_signal and result.crossings_signal
    assert result.verdict == "signal"
    assert result.recent_side == 1
    assert result.signal_positions == tuple(range(16))


def test_alternating_series_has_no_signal() -> None:
    result = analyse([1, 3] * 8)  # median 2; every pair of neighbours crosses it
    assert (result.n_useful, result.longest_run, result.n_crossings) == (16, 1, 15)
    assert result.verdict == "random"
    assert not result.runs_signal


def _sign_runs(values: np.ndarray, centre: float) -> list[int]:
    """Run lengths counted another way: signs, dropping zeros and NaN, grouped."""
    signs = [np.sign(v - centre) for v in values if not np.isnan(v) and v != centre]
    return [len(list(group)) for _, group in itertools.groupby(signs)]


@pytest.mark.parametrize("seed", [2022, 3449, 5001])
def test_seeded_noise_is_counted_like_a_hand_count(seed: int) -> None:
    values = np.random.default_rng(seed).normal(50, 5, size=30)
    lengths = _sign_runs(values, float(np.median(values)))
    result = analyse(values)
    assert result.n_useful == sum(lengths) == 30  # continuous values: none on the median
    assert result.longest_run == max(lengths)
    assert result.n_crossings == len(lengths) - 1
    expected_signal = max(lengths) > LONGEST_RUN_MAX[30] or len(lengths) - 1 < CROSSINGS_MIN[30]
    assert result.runs_signal is expected_signal


def test_noise_of_seed_2022_is_random() -> None:
    values = np.random.default_rng(2022).normal(50, 5, size=30)
    lengths = _sign_runs(values, float(np.median(values)))
    assert max(lengths) <= 8 and len(lengths) - 1 >= 10  # within the table's limits for n = 30
    assert analyse(values).verdict == "random"


def test_too_few_useful_points_give_no_verdict() -> None:
    result = analyse([1, 2, 3, 4, 5, 6, 7, 8, 9])  # median 5 is on the line: 8 useful points
    assert result.n_useful == 8 < MIN_USEFUL
    assert result.verdict == "too_few"


def test_too_few_even_when_qicharts2_would_signal() -> None:
    # qicharts2 has no minimum number of points; below 10 useful points we withhold a verdict
    result = analyse([1, 2, 5, 6, 5, 6, 5, 6, 5], baseline=2)  # centre 1.5: 1 below, 8 above
    assert result.n_useful == 9
    assert (result.longest_run, result.longest_run_max) == (8, 6)  # round(log2(9)) + 3 = 6
    assert result.runs_signal  # what qicharts2 reports
    assert result.verdict == "too_few"


def test_points_on_the_median_neither_break_nor_extend_runs() -> None:
    values = [1, 3, 2, 3, 1, 5, 6]  # median 3; signs - 0 - 0 - + +
    result = analyse(values)
    assert result.centre == 3
    assert result.n_obs == 7 and result.n_useful == 5
    assert result.longest_run == 3 and result.n_crossings == 1
    assert result.runs[0].positions == (0, 2, 4)


def test_missing_values_are_skipped_everywhere() -> None:
    with_gaps = [1, math.nan, 3, 2, 3, math.nan, 1, 5, 6]
    result = analyse(with_gaps)
    assert result.centre == 3  # median of the seven present values
    assert result.n_obs == 9 and result.n_useful == 5
    assert result.longest_run == 3 and result.n_crossings == 1


def test_baseline_freezes_the_centre_line_to_the_first_points() -> None:
    values = [10, 12, 11, 13, math.nan, 30, 31, 32, 33, 34, 35, 36]
    assert centre_line(values, baseline=5) == 11.5  # median of 10, 12, 11, 13
    result = analyse(values, baseline=5)
    assert result.centre == 11.5
    # signs: 10 -, 12 +, 11 -, 13 +, (NaN), then seven + : the last run is 13 and the seven
    assert result.longest_run == 8 and result.n_crossings == 3 and result.recent_side == 1


def test_no_values_at_all() -> None:
    result = analyse([math.nan, math.nan])
    assert result.n_useful == 0 and result.verdict == "too_few" and not result.runs_signal
