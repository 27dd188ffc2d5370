"""Wilson, Newcombe and the two-proportion test against scipy, published values and hand sums."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from learning.survey.stats import newcombe, two_proportion_test, wilson


@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy(pair: tuple[int, int]) -> None:
    count, n = pair
    expected = binomtest(count, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(count, n)
    assert low == pytest.approx(expected.low, abs=1e-9)
    assert high == pytest.approx(expected.high, abs=1e-9)


def test_wilson_by_hand() -> None:
    # 3 of 5, z = 1.959964: centre (0.6 + z²/10) / (1 + z²/5), half-width by the formula
    z = 1.959964
    centre = (0.6 + z * z / 10) / (1 + z * z / 5)
    half = z / (1 + z * z / 5) * math.sqrt(0.6 * 0.4 / 5 + z * z / 100)
    low, high = wilson(3, 5)
    assert low == pytest.approx(centre - half, abs=1e-6)
    assert high == pytest.approx(centre + half, abs=1e-6)


def test_wilson_of_nothing_is_nan() -> None:
    assert all(math.isnan(x) for x in wilson(0, 0))


@pytest.mark.parametrize(("a", "m", "b", "n", "low", "high"), [
    # Newcombe (1998), Stat Med 17:873–890, Table II, method 10 (hybrid score)
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
])
def test_newcombe_published_examples(
    a: int, m: int, b: int, n: int, low: float, high: float
) -> None:
    interval = newcombe(a, m, b, n)
    assert interval.low == pytest.approx(low, abs=1e-4)
    assert interval.high == pytest.approx(high, abs=1e-4)


def test_newcombe_with_an_empty_sample_is_nan() -> None:
    assert all(math.isnan(x) for x in newcombe(3, 5, 0, 0))


def test_z_test_by_hand() -> None:
    # 56/70 vs 48/80: pooled 104/150; every expected count ≥ 5
    pooled = 104 / 150
    z = (56 / 70 - 48 / 80) / math.sqrt(pooled * (1 - pooled) * (1 / 70 + 1 / 80))
    result = two_proportion_test(56, 70, 48, 80)
    assert result.method == "z"
    assert result.p_value == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), rel=1e-9)


def _fisher_by_hand(a: int, m: int, b: int, n: int) -> float:
    """Two-sided Fisher: the hypergeometric probabilities no larger than the observed one."""
    total = a + b

    def probability(x: int) -> float:
        return math.comb(m, x) * math.comb(n, total - x) / math.comb(m + n, total)

    observed = probability(a)
    support = range(max(0, total - n), min(m, total) + 1)
    return sum(p for x in support if (p := probability(x)) <= observed * (1 + 1e-7))


def test_small_counts_use_fisher() -> None:
    # 9/10 vs 3/10: pooled 0.6, expected «no» counts 4 < 5 → exact test
    result = two_proportion_test(9, 10, 3, 10)
    assert result.method == "fisher"
    assert result.p_value == pytest.approx(_fisher_by_hand(9, 10, 3, 10), rel=1e-9)


def test_identical_all_or_nothing_samples() -> None:
    assert two_proportion_test(0, 8, 0, 9).p_value == pytest.approx(1.0)
    assert two_proportion_test(12, 12, 20, 20).p_value == pytest.approx(1.0)
    assert math.isnan(two_proportion_test(1, 2, 0, 0).p_value)
