"""Hypothesis properties of suppression on random count tables.

The guarantees claimed in ``learning.privacy`` and checked here:

(a) no shown figure belongs to a group (row, including the total row) with n < min_n;
(b) no shown count c has 0 < n − c < min_n, n being its group's total (counts of 0 or n are shown);
(c) every sum in the table (a row that adds up to its n; a column, with the total row) has zero
    or at least two hidden cells, the total counted as a cell: one hidden cell in a sum could be
    computed by subtraction;
(d) stronger than (c), checked independently of the implementation: no hidden cell can be
    computed exactly from any combination of the sums. For a table with a total row and
    exclusive categories this is a graph question (hidden cells are edges between their row
    and column; a cell is determined exactly when its edge is a bridge); for other tables, a
    rank test: the cell is determined when its unit vector lies in the row space of the sums
    restricted to hidden cells.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learning.privacy import MARK, N_COLUMN, as_shares, protect_counts, protect_stats

TOTAL = "Alle"
Case = tuple[pd.DataFrame, pd.Series | None, int, str | None]
SMALL = st.integers(0, 25) | st.integers(0, 4)  # small counts often, to trigger the rules


@st.composite
def count_tables(draw: st.DrawFn) -> Case:
    groups = draw(st.integers(1, 6))
    categories = draw(st.integers(1, 5))
    data = [[draw(SMALL) for _ in range(categories)] for _ in range(groups)]
    counts = pd.DataFrame(data, index=[f"g{i}" for i in range(groups)],
                          columns=[f"c{j}" for j in range(categories)])
    n = None
    if draw(st.booleans()):  # overlapping categories (multiple choice): n ≥ each count
        n = pd.Series([max(row) + draw(st.integers(0, 6)) for row in data], index=counts.index)
    min_n = draw(st.integers(3, 6))
    total = draw(st.sampled_from([TOTAL, None]))
    return counts, n, min_n, total


def _full(counts: pd.DataFrame, n: pd.Series | None, total: str | None) -> pd.DataFrame:
    """The table with its n column and total row, computed here independently."""
    table = counts.copy()
    table[N_COLUMN] = counts.sum(axis=1) if n is None else n
    if total is not None:
        table.loc[total] = table.sum(axis=0)
    return table


def _sums(table: pd.DataFrame, categories: list[str], total: str | None) -> list[list[tuple]]:
    """Every sum as the list of its cells (parts and total alike)."""
    sums = []
    for row in table.index:
        if table.loc[row, categories].sum() == table.loc[row, N_COLUMN]:
            sums.append([(row, c) for c in [*categories, N_COLUMN]])
    if total is not None:
        for column in table.columns:
            sums.append([(row, column) for row in table.index])
    return sums


def _determined_by_rank(hidden: list[tuple], sums: list[list[tuple]]) -> set[tuple]:
    if not hidden:
        return set()
    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = []
    for cells in sums:
        # parts +1, total −1: the last cell of a row sum is its n; of a column sum, the total row
        vector = np.zeros(len(hidden))
        for position, cell in enumerate(cells):
            if cell in index:
                vector[index[cell]] = -1.0 if position == len(cells) - 1 else 1.0
        matrix.append(vector)
    matrix = np.array(matrix) if matrix else np.zeros((0, len(hidden)))
    rank = np.linalg.matrix_rank(matrix) if len(matrix) else 0
    determined = set()
    for cell, i in index.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            determined.add(cell)
    return determined


def _bridges(hidden: list[tuple]) -> set[tuple]:
    """Hidden cells whose row–column edge is a bridge of the graph of hidden cells."""
    found = set()
    for cell in hidden:
        graph = defaultdict(set)
        for row, column in hidden:
            if (row, column) != cell:
                graph[("r", row)].add(("c", column))
                graph[("c", column)].add(("r", row))
        start, goal = ("r", cell[0]), ("c", cell[1])
        seen, stack = {start}, [start]
        while stack:
            for nxt in graph[stack.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        if goal not in seen:
            found.add(cell)
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_tables())
def test_count_table_guarantees(case: Case) -> None:
    counts, n, min_n, total = case
    protected = protect_counts(counts, n, min_n=min_n, total_label=total)
    table = _full(counts, n, total)
    display = protected.display
    categories = list(counts.columns)
    assert list(display.index) == list(table.index)
    assert list(display.columns) == [*categories, N_COLUMN]
    hidden = [(r, c) for r in display.index for c in display.columns if display.loc[r, c] == MARK]
    assert set(hidden) == set(zip(protected.hidden["row"], protected.hidden["column"], strict=True))

    for row in table.index:
        size = table.loc[row, N_COLUMN]
        for column in display.columns:
            shown = display.loc[row, column]
            if shown == MARK:
                continue
            assert shown == table.loc[row, column]  # shown figures are the true ones
            assert size >= min_n  # (a)
            if column != N_COLUMN:
                assert not 0 < size - shown < min_n  # (b)

    for cells in _sums(table, categories, total):  # (c)
        assert sum(cell in set(hidden) for cell in cells) != 1

    assert not _determined_by_rank(hidden, _sums(table, categories, total))  # (d)
    if n is None and total is not None:  # (d) again, by the graph argument
        assert not _bridges(hidden)


@settings(max_examples=60, deadline=None)
@given(count_tables())
def test_shares_hide_what_counts_hide(case: Case) -> None:
    counts, n, min_n, total = case
    protected = protect_counts(counts, n, min_n=min_n, total_label=total)
    shares = as_shares(protected)
    for row in shares.index:
        n_hidden = protected.display.loc[row, N_COLUMN] == MARK
        for column in counts.columns:
            if n_hidden or protected.display.loc[row, column] == MARK:
                assert shares.loc[row, column] == MARK


@st.composite
def stats_tables(draw: st.DrawFn) -> tuple[pd.DataFrame, int]:
    groups = draw(st.integers(1, 6))
    items = draw(st.integers(1, 3))
    records = []
    for item in range(items):
        part = []
        for group in range(groups):
            size = draw(SMALL)
            count = draw(st.integers(0, size))
            part.append({"kommune": f"k{group}", "item": f"i{item}", "n": size, "count": count})
        part.append({"kommune": TOTAL, "item": f"i{item}", "n": sum(r["n"] for r in part),
                     "count": sum(r["count"] for r in part)})
        records += part
    frame = pd.DataFrame(records)
    frame["share"] = np.where(frame["n"] > 0, frame["count"] / frame["n"].where(frame["n"] > 0, 1),
                              np.nan)
    return frame, draw(st.integers(3, 6))


@settings(max_examples=100, deadline=None)
@given(stats_tables())
def test_stats_table_guarantees(case: tuple[pd.DataFrame, int]) -> None:
    frame, min_n = case
    protected = protect_stats(frame, min_n=min_n, group="kommune", total=TOTAL)
    display = protected.display
    for row in frame.index:
        size, count = frame.loc[row, "n"], frame.loc[row, "count"]
        if display.loc[row, "n"] != MARK:
            assert size >= min_n  # (a)
        if display.loc[row, "count"] != MARK:
            assert display.loc[row, "n"] != MARK  # a count is never shown without its n
            assert not 0 < size - count < min_n  # (b)
        if display.loc[row, "share"] != MARK:
            assert display.loc[row, "count"] != MARK and display.loc[row, "n"] != MARK
    for _, part in frame.groupby("item"):  # (c): total row = sum of the municipalities
        for column in ("n", "count"):
            marks = sum(display.loc[row, column] == MARK for row in part.index)
            assert marks != 1
