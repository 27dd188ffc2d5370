"""Feasible ranges of unknown counts under linear facts, by integer programming (HiGHS).

A :class:`Facts` holds unknown integer counts with bounds (``0 ≤ x ≤ cap``) and linear facts
``low ≤ Σ coefficient·x ≤ high`` (an equality when ``low == high``: a published sum; an
inequality: a published band, a rounded percentage, or ``count ≤ n`` when both are unknown).
:func:`feasible_ranges` gives, for each asked-for unknown, the smallest and largest value any
integer solution allows: exactly what someone who combines every published figure can know.

Before solving, facts with one unknown become bounds and unknowns pinned to one value are
substituted, until nothing changes (what a patient reader does by hand). The facts left are split
into connected blocks (an item × wave column, one service × partner column) and each block is
solved on its own, so the cost grows with the number of blocks, not with the square of the
publication. ``integer=False`` solves the LP relaxation instead (faster, and only ever wider).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

Key = Hashable
Row = tuple[dict[Key, float], float, float]
_EPSILON = 1e-7
_ROUNDS = 100
RANDOM_SWEEPS = 6  # at most this many mixed sweeps per block before unknowns are solved alone


class ContradictionError(ValueError):
    """The facts have no solution: a published figure contradicts another (or the model)."""


@dataclass
class Facts:
    """Unknown counts with bounds, and linear facts about them."""

    bounds: dict[Key, tuple[float, float]] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    def unknown(self, key: Key, low: float, high: float) -> None:
        """Declare (or narrow) an unknown's bounds."""
        old = self.bounds.get(key, (-math.inf, math.inf))
        self.bounds[key] = (max(old[0], low), min(old[1], high))

    def fact(self, terms: Mapping[Key, float], low: float, high: float) -> None:
        """``low ≤ Σ terms ≤ high`` over unknowns (constants already moved into low/high)."""
        kept = {k: float(v) for k, v in terms.items() if v}
        for key in kept:
            self.bounds.setdefault(key, (-math.inf, math.inf))
        if kept:
            self.rows.append((kept, float(low), float(high)))


def _inwards(value: float, rounding: object) -> float:
    """A bound rounded towards the inside to the nearest integer (infinite stays infinite)."""
    if math.isinf(value):
        return value
    nudge = _EPSILON if rounding is math.floor else -_EPSILON
    return float(rounding(value + nudge))  # type: ignore[operator]


def tighten(facts: Facts) -> tuple[dict[Key, tuple[float, float]], list[Row]]:
    """Integer bounds after substituting pinned unknowns and turning one-unknown facts into bounds;
    the facts left have two or more free unknowns. Raises :class:`ContradictionError`."""
    bounds = {k: (_inwards(lo, math.ceil), _inwards(hi, math.floor)) for k, (lo, hi) in facts.bounds.items()}
    rows = list(facts.rows)
    for _ in range(_ROUNDS):
        changed, left = False, []
        for terms, low, high in rows:
            free: dict[Key, float] = {}
            for key, a in terms.items():
                lo, hi = bounds[key]
                if lo == hi:
                    low, high = low - a * lo, high - a * lo
                else:
                    free[key] = a
            if len(free) > 1:
                left.append((free, low, high))
                continue
            if not free:
                if low > _EPSILON or high < -_EPSILON:
                    raise ContradictionError("the published figures contradict each other")
                continue
            ((key, a),) = free.items()
            lo, hi = (low / a, high / a) if a > 0 else (high / a, low / a)
            old = bounds[key]
            new = (max(old[0], _inwards(lo, math.ceil)), min(old[1], _inwards(hi, math.floor)))
            if new[0] > new[1]:
                raise ContradictionError(f"the published figures contradict each other at {key!r}")
            if new != old:
                bounds[key], changed = new, True
        rows = left
        if not changed:
            break
    return bounds, rows


def blocks(facts: Facts) -> list[list[Key]]:
    """The unknowns grouped into blocks that share no fact (connected components)."""
    return _components(list(facts.bounds), facts.rows)


def _components(keys: list[Key], rows: list[Row]) -> list[list[Key]]:
    position = {k: i for i, k in enumerate(keys)}
    starts, ends = [], []
    for terms, _, _ in rows:
        members = [position[k] for k in terms]
        starts += members[:-1]
        ends += members[1:]
    graph = coo_matrix((np.ones(len(starts)), (starts, ends)), shape=(len(keys), len(keys)))
    count, labels = connected_components(graph, directed=False)
    grouped: list[list[Key]] = [[] for _ in range(count)]
    for key, label in zip(keys, labels, strict=True):
        grouped[label].append(key)
    return grouped


def feasible_ranges(facts: Facts, targets: Iterable[Key], *, integer: bool = True,
                    enough: Mapping[Key, float] | None = None) -> dict[Key, tuple[float, float]]:
    """For each target unknown: (min, max) over every solution (``inf`` where nothing bounds it).

    ``enough``: a target whose range is known to be at least this wide gets, instead of its range,
    the values of two whole-number solutions already found that far apart (a part of its range:
    enough for an audit that asks only whether a range is wide enough, and far fewer solves)."""
    bounds, rows = tighten(facts)
    wanted = [k for k in dict.fromkeys(targets)]
    free = [k for k, (lo, hi) in bounds.items() if lo != hi]
    result = {k: bounds[k] for k in wanted if bounds[k][0] == bounds[k][1]}
    rows_of: dict[Key, list[int]] = defaultdict(list)
    for r, (terms, _, _) in enumerate(rows):
        for key in terms:
            rows_of[key].append(r)
    asked = {k for k in wanted if k not in result}
    for block in _components(free, rows):
        chosen = [k for k in block if k in asked]
        if not chosen:
            continue
        block_rows = sorted({r for k in block for r in rows_of.get(k, [])})
        if not block_rows:
            result.update({k: bounds[k] for k in chosen})
            continue
        if len(block_rows) == 1 and _unit(rows[block_rows[0]], bounds):
            result.update(_one_sum(rows[block_rows[0]], bounds, chosen))
            continue
        wide = tuple(sorted((repr(k), enough[k]) for k in chosen if k in enough)) if enough else ()
        result.update(_solve_once(block, [rows[r] for r in block_rows], bounds, chosen,
                                  integer=integer, enough=dict(wide)))
    return result


_SOLVED: dict[object, dict[Key, tuple[float, float]]] = {}
_SOLVED_LIMIT = 50_000


def _solve_once(keys: list[Key], rows: list[Row], bounds: dict[Key, tuple[float, float]],
                asked: list[Key], *, integer: bool, enough: dict[str, float]
                ) -> dict[Key, tuple[float, float]]:
    """:func:`_solve`, remembered by the block's facts: protection audits again and again while it
    changes a few figures, and most blocks are the same as last time."""
    signature = (integer, tuple(sorted(enough.items())), tuple(sorted(map(repr, asked))),
                 tuple(sorted((repr(k), bounds[k]) for k in keys)),
                 tuple(sorted((tuple(sorted((repr(k), a) for k, a in terms.items())), low, high)
                              for terms, low, high in rows)))
    if signature not in _SOLVED:
        if len(_SOLVED) > _SOLVED_LIMIT:
            _SOLVED.clear()
        _SOLVED[signature] = _solve(keys, rows, bounds, asked, integer=integer, enough=enough)
    return _SOLVED[signature]


def _unit(row: Row, bounds: dict[Key, tuple[float, float]]) -> bool:
    """A fact whose coefficients are all ±1 over unknowns with finite integer bounds."""
    terms = row[0]
    return all(abs(a) == 1.0 for a in terms.values()) and all(
        math.isfinite(bounds[k][0]) and math.isfinite(bounds[k][1]) for k in terms)


def _one_sum(row: Row, bounds: dict[Key, tuple[float, float]], asked: list[Key]
             ) -> dict[Key, tuple[float, float]]:
    """Ranges under one ±1 fact and box bounds, worked out directly. Exact for integers too: a sum
    of integers each free in an interval takes every integer value between its extremes."""
    terms, low, high = row
    lowest = {k: min(a * bounds[k][0], a * bounds[k][1]) for k, a in terms.items()}
    highest = {k: max(a * bounds[k][0], a * bounds[k][1]) for k, a in terms.items()}
    all_low, all_high = sum(lowest.values()), sum(highest.values())
    found = {}
    for key in asked:
        a = terms[key]
        # a·x must lie in [low − (others' highest), high − (others' lowest)]
        span = (low - (all_high - highest[key]), high - (all_low - lowest[key]))
        x_range = (span[0] / a, span[1] / a) if a > 0 else (span[1] / a, span[0] / a)
        lo = max(bounds[key][0], _inwards(x_range[0], math.ceil))
        hi = min(bounds[key][1], _inwards(x_range[1], math.floor))
        if lo > hi:
            raise ContradictionError(f"the published figures have no solution around {key!r}")
        found[key] = (lo, hi)
    return found


def _solve(keys: list[Key], rows: list[Row], bounds: dict[Key, tuple[float, float]],
           asked: list[Key], *, integer: bool, enough: Mapping[str, float] | None = None
           ) -> dict[Key, tuple[float, float]]:
    """Min and max of each asked unknown of one block. One HiGHS model per block, its objective
    changed per unknown (each solve starts from the last basis). For integers the LP relaxation
    comes first: an optimum at a whole-number point is the integer optimum too (the tables' sums
    of ±1 usually have only such corners); otherwise that one end is solved as an integer
    programme, unless a whole-number solution already takes the LP optimum rounded inwards (one
    seen so far, or the LP point rounded): no integer solution does better, so it is the end.
    Every whole-number solution found also shows values each unknown can take, which settles
    ``enough`` without solving for it."""
    model = _Model(keys, rows, bounds)
    if enough:
        # Two solves with every such unknown in the objective (all as low, then all as high)
        # often show many of them wide enough at once, before any is solved for alone.
        columns = [model.index[k] for k in asked if repr(k) in enough]
        for sign in (1.0, -1.0):
            model.sweep(columns, np.full(len(columns), sign))
        # Then random mixes of low and high (and their mirror): unknowns tied by a sum cannot all
        # be low at once, so the uniform sweeps leave some of each sum unsettled.
        width = {model.index[k]: enough[repr(k)] for k in asked if repr(k) in enough}
        signs = np.random.default_rng(0)
        for _ in range(RANDOM_SWEEPS):
            open_ = [c for c in columns if model.seen_high[c] - model.seen_low[c] < width[c]]
            if not open_:
                break
            weights = signs.choice([-1.0, 1.0], size=len(open_))
            model.sweep(open_, weights)
            model.sweep(open_, -weights)
            if len([c for c in open_ if model.seen_high[c] - model.seen_low[c] < width[c]]) == len(open_):
                break  # no progress: solve the rest one by one
    found = {}
    for key in asked:
        needed = (enough or {}).get(repr(key))
        column = model.index[key]
        if needed is not None and model.seen_high[column] - model.seen_low[column] >= needed:
            found[key] = (float(model.seen_low[column]), float(model.seen_high[column]))
            continue
        ends = [model.extreme(key, sign, integer=integer) for sign in (1.0, -1.0)]
        found[key] = (_inwards(ends[0], math.ceil), _inwards(-ends[1], math.floor))
    return found


class _Model:
    """A block's facts as a HiGHS model; an integer copy is built only when needed."""

    def __init__(self, keys: list[Key], rows: list[Row], bounds: dict[Key, tuple[float, float]]) -> None:
        self.index = {k: i for i, k in enumerate(keys)}
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(keys), len(rows)
        lp.col_cost_ = np.zeros(len(keys))
        lp.col_lower_ = np.array([_highs(bounds[k][0]) for k in keys])
        lp.col_upper_ = np.array([_highs(bounds[k][1]) for k in keys])
        lp.row_lower_ = np.array([_highs(low) for _, low, _ in rows])
        lp.row_upper_ = np.array([_highs(high) for _, _, high in rows])
        entries = [(r, self.index[key], a) for r, (terms, _, _) in enumerate(rows) for key, a in terms.items()]
        matrix = coo_matrix(([a for *_, a in entries], ([r for r, *_ in entries], [c for _, c, _ in entries])),
                            shape=(len(rows), len(keys))).tocsc()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        self.lp = lp
        self.rows = matrix.tocsr()  # to check a rounded point against every fact
        self.relaxed = self._highs(lp)
        self.whole: highspy.Highs | None = None
        self.costed: dict[int, list[int]] = {}  # solver → the columns whose cost is set
        # the smallest and largest value each unknown took in a whole-number solution so far
        self.seen_low = np.full(len(keys), np.inf)
        self.seen_high = np.full(len(keys), -np.inf)

    @staticmethod
    def _highs(lp: highspy.HighsLp) -> highspy.Highs:
        solver = highspy.Highs()
        solver.setOptionValue("output_flag", False)
        solver.setOptionValue("threads", 1)
        solver.passModel(lp)
        return solver

    def _minimise(self, solver: highspy.Highs, column: int | list[int], sign: float | np.ndarray
                  ) -> tuple[str, float, np.ndarray]:
        columns = column if isinstance(column, list) else [column]
        weights = np.broadcast_to(np.asarray(sign, dtype=float), (len(columns),))
        for before in self.costed.get(id(solver), []):
            solver.changeColCost(before, 0.0)
        for chosen, weight in zip(columns, weights, strict=True):
            solver.changeColCost(chosen, float(weight))
        self.costed[id(solver)] = columns
        solver.run()
        status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            point = np.asarray(solver.getSolution().col_value)
            return "optimal", float(solver.getInfo().objective_function_value), point
        unbounded = (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible)
        if status in unbounded:
            return "unbounded", -math.inf, np.array([])
        return "infeasible", math.nan, np.array([])

    def _saw(self, point: np.ndarray) -> None:
        """Note a whole-number solution: each unknown can take the value it has there."""
        rounded = np.round(point)
        self.seen_low = np.minimum(self.seen_low, rounded)
        self.seen_high = np.maximum(self.seen_high, rounded)

    def sweep(self, columns: list[int], weights: np.ndarray) -> None:
        """Minimise the columns weighted; a whole-number optimum is noted as seen."""
        if not columns:
            return
        state, _, point = self._minimise(self.relaxed, columns, weights)
        if state == "infeasible":
            raise ContradictionError("the published figures have no solution")
        if state != "optimal":
            return
        if not bool(np.all(np.abs(point - np.round(point)) < 1e-6)):
            if self._solves(np.round(point)):  # the corner rounded is a whole-number solution too
                self._saw(np.round(point))
                return
            # A fractional corner (a band's percentage): one integer solve for all of them beats
            # one per unknown.
            state, _, point = self._minimise(self._integer(), columns, weights)
            if state != "optimal":
                return
        self._saw(point)

    def _solves(self, point: np.ndarray) -> bool:
        """Whether a whole-number point meets every bound and fact."""
        lp, values = self.lp, self.rows @ point
        return bool(np.all(point >= np.asarray(lp.col_lower_)) and np.all(point <= np.asarray(lp.col_upper_))
                    and np.all(values >= np.asarray(lp.row_lower_) - _EPSILON)
                    and np.all(values <= np.asarray(lp.row_upper_) + _EPSILON))

    def _integer(self) -> highspy.Highs:
        """The block's integer programme (built on first use)."""
        if self.whole is None:
            self.whole = self._highs(self.lp)
            self.whole.changeColsIntegrality(len(self.index), np.arange(len(self.index), dtype=np.int32),
                                             np.full(len(self.index), highspy.HighsVarType.kInteger))
        return self.whole

    def extreme(self, key: Key, sign: float, *, integer: bool) -> float:
        """The smallest value of ``sign · key`` (−inf when nothing bounds it)."""
        column = self.index[key]
        state, value, point = self._minimise(self.relaxed, column, sign)
        if state == "infeasible":
            raise ContradictionError(f"the published figures have no solution around {key!r}")
        whole = state == "optimal" and bool(np.all(np.abs(point - np.round(point)) < 1e-6))
        if whole:
            self._saw(point)
        if state == "unbounded" or not integer or whole:
            return value
        # No integer solution lies below the LP optimum rounded up: where a whole-number solution
        # already takes that value (one seen so far, or the LP point rounded), it is the optimum.
        bound = _inwards(value, math.ceil)
        seen = self.seen_low[column] if sign > 0 else -self.seen_high[column]
        if seen == bound:
            return bound
        rounded = np.round(point)
        rounded[column] = sign * bound
        if self._solves(rounded):
            self._saw(rounded)
            return bound
        state, value, point = self._minimise(self._integer(), column, sign)
        if state == "optimal":
            self._saw(point)
        if state == "infeasible":
            raise ContradictionError(f"the published figures have no solution around {key!r}")
        return value


def _highs(value: float) -> float:
    return highspy.kHighsInf if value == math.inf else -highspy.kHighsInf if value == -math.inf else value
