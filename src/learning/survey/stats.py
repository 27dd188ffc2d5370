"""Proportions: Wilson intervals, Newcombe's interval for a difference, and its test.

Chosen because survey groups are small (often 5–30 respondents per municipality), where the
textbook Wald interval p ± 1.96·SE is too narrow and can leave [0, 1]:

- **Wilson score interval** for one share (Wilson 1927): stays in [0, 1] and keeps close to its
  nominal coverage for small n.
- **Newcombe's hybrid score interval** for a difference of two independent shares (Newcombe
  1998, method 10): built from the two Wilson intervals, good coverage for small n.
- **Two-sided test** of equal shares: the pooled two-proportion z-test, except when an expected
  cell count is below 5 (Cochran's rule), where Fisher's exact test is used instead. The method
  used is reported beside the p-value.

Waves are treated as independent samples: the survey is anonymous, so the same person's answers
cannot be paired across waves.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from scipy.stats import fisher_exact, norm

Z95 = float(norm.ppf(0.975))
EXPECTED_MINIMUM = 5  # Cochran's rule for when the z-test's normal approximation is trusted
NAN = float("nan")


class Interval(NamedTuple):
    low: float
    high: float


class TestResult(NamedTuple):
    p_value: float
    method: str  # "z" (pooled two-proportion z-test), "fisher" (exact), or "" when untestable


def wilson(count: float, n: float, z: float = Z95) -> Interval:
    """The Wilson score interval for ``count`` successes of ``n``; NaN bounds when n is 0."""
    if not n or n <= 0:
        return Interval(NAN, NAN)
    share = count / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def newcombe(count1: float, n1: float, count2: float, n2: float, z: float = Z95) -> Interval:
    """Newcombe's hybrid score interval for ``count1/n1 − count2/n2``; NaN when an n is 0."""
    if not n1 or not n2 or n1 <= 0 or n2 <= 0:
        return Interval(NAN, NAN)
    p1, p2 = count1 / n1, count2 / n2
    low1, high1 = wilson(count1, n1, z)
    low2, high2 = wilson(count2, n2, z)
    difference = p1 - p2
    return Interval(
        difference - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2),
        difference + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2),
    )


def two_proportion_test(count1: int, n1: int, count2: int, n2: int) -> TestResult:
    """Two-sided test that two independent shares are equal (z-test, or Fisher when small)."""
    if n1 <= 0 or n2 <= 0:
        return TestResult(NAN, "")
    pooled = (count1 + count2) / (n1 + n2)
    expected = (n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled))
    if min(expected) < EXPECTED_MINIMUM:
        table = [[count1, n1 - count1], [count2, n2 - count2]]
        return TestResult(float(fisher_exact(table, alternative="two-sided").pvalue), "fisher")
    standard_error = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (count1 / n1 - count2 / n2) / standard_error
    return TestResult(float(2 * norm.sf(abs(z))), "z")
