"""Feasible ranges of unknown counts under linear facts, by linear programming (HiGHS).

A :class:`Facts` holds unknown integer counts with bounds (``0 ≤ x ≤ cap``) and linear facts
``low ≤ Σ coefficient·x ≤ high`` (an equality when ``low == high``: a published sum; an
inequality: a published band, or ``count ≤ n`` when both are unknown). :func:`feasible_ranges`
gives, for each asked-for unknown, the smallest and largest value any solution allows: exactly
what someone who combines every published figure can know about it.

Facts that share no unknown are independent, so the problem is split into connected blocks
(an item × wave table, one service's column) and each block is solved on its own: the cost
grows with the number of blocks, not with the square of the publication. The LP relaxation
gives a range at least as wide as the integer one; bounds are rounded inwards to integers
(an integer solution can never lie outside them).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

Key = Hashable
_EPSILON = 1e-7


@dataclass
class Facts:
    """Unknown counts with bounds, and linear facts about them."""

    bounds: dict[Key, tuple[float, float]] = field(default_factory=dict)
    rows: list[tuple[dict[Key, float], float, float]] = field(default_factory=list)

    def unknown(self, key: Key, low: float, high: float) -> None:
        """Declare (or narrow) an unknown's bounds."""
        old = self.bounds.get(key, (-math.inf, math.inf))
        self.bounds[key] = (max(old[0], low), min(old[1], high))

    def fact(self, terms: Mapping[Key, float], low: float, high: float) -> None:
        """``low ≤ Σ terms ≤ high`` over unknowns (constants already moved into low/high)."""
        terms = {k: float(v) for k, v in terms.items() if v}
        if terms:
            self.rows.append((terms, float(low), float(high)))


def blocks(facts: Facts) -> list[list[Key]]:
    """The unknowns grouped into blocks that share no fact (connected components)."""
    keys = list(facts.bounds)
    position = {k: i for i, k in enumerate(keys)}
    starts, ends = [], []
    for terms, _, _ in facts.rows:
        members = [position[k] for k in terms]
        starts += members[:-1]
        ends += members[1:]
    graph = coo_matrix((np.ones(len(starts)), (starts, ends)), shape=(len(keys), len(keys)))
    count, labels = connected_components(graph, directed=False)
    grouped: list[list[Key]] = [[] for _ in range(count)]
    for key, label in zip(keys, labels, strict=True):
        grouped[label].append(key)
    return grouped


def feasible_ranges(facts: Facts, targets: Iterable[Key]) -> dict[Key, tuple[float, float]]:
    """For each target unknown: (min, max) over every solution, rounded inwards to integers
    (``inf`` where nothing bounds it)."""
    wanted = set(targets)
    rows_of: dict[Key, list[int]] = {}
    for r, (terms, _, _) in enumerate(facts.rows):
        for key in terms:
            rows_of.setdefault(key, []).append(r)
    result: dict[Key, tuple[float, float]] = {}
    for block in blocks(facts):
        asked = [k for k in block if k in wanted]
        if not asked:
            continue
        rows = sorted({r for k in block for r in rows_of.get(k, [])})
        result.update(_solve_block(facts, block, rows, asked))
    return result


def _solve_block(
    facts: Facts, block: list[Key], rows: list[int], asked: list[Key]
) -> dict[Key, tuple[float, float]]:
    position = {k: i for i, k in enumerate(block)}
    bounds = [facts.bounds[k] for k in block]
    if not rows:
        return {k: (_inwards(bounds[position[k]][0], math.ceil),
                    _inwards(bounds[position[k]][1], math.floor)) for k in asked}
    eq_r: list[int] = []
    eq_c: list[int] = []
    eq_v: list[float] = []
    eq_b: list[float] = []
    ub_r: list[int] = []
    ub_c: list[int] = []
    ub_v: list[float] = []
    ub_b: list[float] = []
    for r in rows:
        terms, low, high = facts.rows[r]
        if abs(high - low) < _EPSILON:
            i = len(eq_b)
            eq_r += [i] * len(terms)
            eq_c += [position[k] for k in terms]
            eq_v += list(terms.values())
            eq_b.append(low)
            continue
        if high < math.inf:
            i = len(ub_b)
            ub_r += [i] * len(terms)
            ub_c += [position[k] for k in terms]
            ub_v += list(terms.values())
            ub_b.append(high)
        if low > -math.inf:
            i = len(ub_b)
            ub_r += [i] * len(terms)
            ub_c += [position[k] for k in terms]
            ub_v += [-v for v in terms.values()]
            ub_b.append(-low)
    size = len(block)
    a_eq = coo_matrix((eq_v, (eq_r, eq_c)), shape=(len(eq_b), size)).tocsr() if eq_b else None
    a_ub = coo_matrix((ub_v, (ub_r, ub_c)), shape=(len(ub_b), size)).tocsr() if ub_b else None
    ranges: dict[Key, tuple[float, float]] = {}
    for key in asked:
        objective = np.zeros(size)
        objective[position[key]] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            solved = linprog(sign * objective, A_ub=a_ub, b_ub=ub_b or None, A_eq=a_eq,
                             b_eq=eq_b or None, bounds=bounds, method="highs")
            if solved.status == 3:  # unbounded: nothing published limits it that way
                ends.append(sign * -math.inf)
                continue
            if solved.status != 0:
                raise RuntimeError(f"the published facts have no solution ({solved.message})")
            ends.append(sign * solved.fun)
        ranges[key] = (_inwards(ends[0], math.ceil), _inwards(ends[1], math.floor))
    return ranges


def _inwards(value: float, rounding: object) -> float:
    """An LP bound rounded towards the inside to the nearest integer (infinite stays infinite)."""
    if math.isinf(value):
        return value
    nudge = _EPSILON if rounding is math.floor else -_EPSILON
    return float(rounding(value + nudge))  # type: ignore[operator]
