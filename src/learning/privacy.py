"""Small-number suppression: the one gate every table shown to people passes through.

Rules (DESIGN.md «Privacy rules»), with ``min_n`` (default 5, a setting, never below 3):

1. **primary** – a group with fewer than ``min_n`` respondents shows no figure at all, not even
   its ``n``;
2. **complement** – a count ``c`` in a group of ``n`` is hidden when ``0 < n − c < min_n``
   (18 of 20 answered «often/always»: the 2 others could be singled out). A count of 0 or of
   ``n`` itself is shown: it singles nobody out. A *small* count (2 of 20) is shown by design:
   the group, not the cell, is the unit of protection;
3. **secondary** – more cells are hidden until no hidden cell can be computed exactly from
   the shown ones through any combination of the table's sums (row totals, column totals, the
   grand total; shares that add up to 100 % are the row sums again). A hidden cell is
   recoverable exactly when it is zero in every solution of the homogeneous sum equations
   restricted to the hidden cells, i.e. when it is zero in every vector of their null space;
   that is what :func:`_recoverable` checks. A sum equation is only used where it holds in the
   data, so tables whose categories overlap (multiple choice) get no row equations.

What this guarantees, and what it does not: no shown figure belongs to a group under ``min_n``;
no shown count (or share, whose count follows from it and ``n``) has a complement in
``1 … min_n−1``; no hidden cell can be recovered *exactly* from the shown figures of the same
table. It does not promise wide bounds (the sum of two hidden cells may be known), nor
protection across different tables: compute a table for all groups at once and select from it,
so every report uses the same suppression.

The mark is ``:`` – Norwegian statistical tables commonly use it for «not shown for reasons of
confidentiality», while ``–`` usually means zero and ``.`` «cannot occur», so those would mislead.
The report explains it once under each table that has one (:func:`explanation`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd
from scipy.linalg import null_space

from learning.i18n import Lang, t
from learning.problems import UserError

MARK = ":"
DEFAULT_MIN_N = 5
LOWEST_MIN_N = 3
N_COLUMN = "n"
_TOLERANCE = 1e-9

Cell = tuple[Hashable, Hashable]
Equation = tuple[tuple[Cell, ...], Cell]  # (parts, total): sum of parts == total


class Reason(StrEnum):
    """Why a cell is hidden."""

    PRIMARY = "primary"  # the group has fewer than min_n respondents
    COMPLEMENT = "complement"  # the rest of the group (n − count) is fewer than min_n
    SECONDARY = "secondary"  # hidden so another hidden cell cannot be computed from sums


def check_min_n(min_n: int) -> int:
    """``min_n`` if it is an allowed threshold; a :class:`UserError` otherwise."""
    if isinstance(min_n, bool) or not isinstance(min_n, int | np.integer) or min_n < LOWEST_MIN_N:
        raise UserError(
            f"Minste gruppestørrelse er {min_n!r}, men må være et heltall på minst {LOWEST_MIN_N}: "
            f"tall for mindre grupper kan avsløre hvem som har svart. Sett survey_min_group "
            f"i nettverksfilen til {LOWEST_MIN_N} eller mer (standard er {DEFAULT_MIN_N})."
        )
    return int(min_n)


def complement_risk(count: float, n: float, min_n: int) -> bool:
    """True when the rest of the group, ``n − count``, is between 1 and ``min_n − 1``."""
    rest = n - count
    return bool(0 < rest < min_n)


def explanation(min_n: int, lang: Lang) -> str:
    """The sentence explaining the mark, for under a table that has one."""
    return t("privacy.explanation", lang, mark=MARK, min_n=min_n)


@dataclass(frozen=True)
class Protected:
    """A table ready to show, and the record of what was hidden.

    ``display`` has the shape of the table given; hidden cells hold :data:`MARK`, the others
    their value. ``hidden`` has one row per hidden cell: ``row`` (index label), ``column`` and
    ``reason`` (a :class:`Reason` value).
    """

    display: pd.DataFrame
    hidden: pd.DataFrame
    min_n: int

    @property
    def has_marks(self) -> bool:
        return not self.hidden.empty

    @property
    def mask(self) -> pd.DataFrame:
        """True where a cell is hidden."""
        mask = pd.DataFrame(False, index=self.display.index, columns=self.display.columns)
        for row, column in zip(self.hidden["row"], self.hidden["column"], strict=True):
            mask.loc[row, column] = True
        return mask

    def reason(self, row: Hashable, column: Hashable) -> Reason | None:
        """Why one cell is hidden, or None if it is shown."""
        chosen = self.hidden[(self.hidden["row"] == row) & (self.hidden["column"] == column)]
        return None if chosen.empty else Reason(chosen["reason"].iloc[0])


# --- the secondary-suppression engine, independent of table layout ------------------------


def _recoverable(hidden: Sequence[Cell], equations: Sequence[Equation]) -> set[Cell]:
    """The hidden cells whose value follows exactly from the shown cells and the equations."""
    if not hidden:
        return set()
    position = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for parts, total in equations:
        coefficients = np.zeros(len(hidden))
        for cell in parts:
            if cell in position:
                coefficients[position[cell]] += 1.0
        if total in position:
            coefficients[position[total]] -= 1.0
        if coefficients.any():
            rows.append(coefficients)
    if not rows:
        return set()
    basis = null_space(np.array(rows))
    free = np.abs(basis).max(axis=1) if basis.size else np.zeros(len(hidden))
    return {cell for cell, spread in zip(hidden, free, strict=True) if spread < _TOLERANCE}


def secondary_suppression(
    values: dict[Cell, float],
    hidden: set[Cell],
    equations: Sequence[Equation],
    cost: dict[Cell, tuple[float, ...]],
) -> set[Cell]:
    """Greedily hide more cells until no hidden cell is recoverable; returns the cells added.

    Each round looks at the shown cells that share a sum with a recoverable cell and hides the
    one that leaves the fewest recoverable cells (ties: the cheapest by ``cost``). Not optimal,
    but it always ends: hiding every cell of a table whose sums each have at least two cells
    leaves nothing recoverable.
    """
    hidden = set(hidden)
    added: set[Cell] = set()
    order = list(values)

    def at_risk(cells: set[Cell]) -> set[Cell]:
        return _recoverable([c for c in order if c in cells], equations)

    risky = at_risk(hidden)
    while risky:
        candidates = [
            cell
            for cell in order
            if cell not in hidden
            and any(cell in (*parts, total) and risky.intersection((*parts, total))
                    for parts, total in equations)
        ]
        if not candidates:  # cannot happen for a table built by this module
            raise RuntimeError("secondary suppression found no cell to hide")
        outcomes = {cell: at_risk(hidden | {cell}) for cell in candidates}
        chosen = min(candidates, key=lambda c: (len(outcomes[c]), cost[c], order.index(c)))
        hidden.add(chosen)
        added.add(chosen)
        risky = outcomes[chosen]
    return added


def _equation_holds(parts: Sequence[Cell], total: Cell, values: dict[Cell, float]) -> bool:
    return bool(abs(sum(values[c] for c in parts) - values[total]) < _TOLERANCE)


def _hidden_frame(reasons: dict[Cell, Reason]) -> pd.DataFrame:
    return pd.DataFrame(
        [(row, column, str(reason)) for (row, column), reason in reasons.items()],
        columns=["row", "column", "reason"],
    )


# --- a table of counts: groups × categories -------------------------------------------------


def protect_counts(
    counts: pd.DataFrame,
    n: pd.Series | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    total_label: str | None = None,
) -> Protected:
    """Suppress a table of counts: groups in the index, categories in the columns.

    ``n`` is each group's number of respondents; ``None`` means the categories are exclusive and
    exhaustive, so ``n`` is the row sum. The display gets a column ``n`` after the categories
    and, when ``total_label`` is given, a last row of that name with the column totals (a group of
    its own: the rules apply to it too). A row's counts are treated as adding up to its ``n`` only
    where they do.
    """
    min_n = check_min_n(min_n)
    table = counts.copy()
    if N_COLUMN in table.columns:
        raise ValueError(f"a category may not be called {N_COLUMN!r}")
    table[N_COLUMN] = table.sum(axis=1) if n is None else n.reindex(table.index)
    if table[N_COLUMN].isna().any():
        raise ValueError("every group needs its n")
    if total_label is not None:
        if total_label in table.index:
            raise ValueError(f"{total_label!r} is already a group")
        table.loc[total_label] = table.sum(axis=0)
    categories = list(counts.columns)
    values = {(r, c): float(table.loc[r, c]) for r in table.index for c in table.columns}

    reasons: dict[Cell, Reason] = {}
    for row in table.index:
        size = table.loc[row, N_COLUMN]
        if size < min_n:
            reasons.update({(row, c): Reason.PRIMARY for c in table.columns})
            continue
        for category in categories:
            if complement_risk(table.loc[row, category], size, min_n):
                reasons[(row, category)] = Reason.COMPLEMENT

    equations: list[Equation] = []
    for row in table.index:
        parts = tuple((row, c) for c in categories)
        if _equation_holds(parts, (row, N_COLUMN), values):
            equations.append((parts, (row, N_COLUMN)))
    if total_label is not None:
        groups = [r for r in table.index if r != total_label]
        for column in table.columns:
            parts = tuple((r, column) for r in groups)
            equations.append((parts, (total_label, column)))

    # Keep totals and the total row visible where possible: they are what readers compare with.
    cost = {
        (r, c): (float(r == total_label) + float(c == N_COLUMN), values[(r, c)])
        for (r, c) in values
    }
    for cell in secondary_suppression(values, set(reasons), equations, cost):
        reasons[cell] = Reason.SECONDARY
    return Protected(_display(table, reasons), _hidden_frame(reasons), min_n)


def _display(table: pd.DataFrame, reasons: dict[Cell, Reason]) -> pd.DataFrame:
    display = table.astype(object)
    if not (display.index.is_unique and display.columns.is_unique):
        for row, column in reasons:
            display.loc[row, column] = MARK
        return display
    # Set the marks in one array: cell-by-cell .loc assignment dominated report rendering time.
    cells = display.to_numpy(copy=True)
    rows = display.index.get_indexer([row for row, _ in reasons])
    columns = display.columns.get_indexer([column for _, column in reasons])
    cells[rows, columns] = MARK
    return pd.DataFrame(cells, index=display.index, columns=display.columns)


def as_shares(protected: Protected) -> pd.DataFrame:
    """The display of :func:`protect_counts` with each shown count as a share of its row's ``n``.

    A row whose ``n`` is hidden shows no share at all: shares add up to 100 % without ``n``, so
    one hidden share in such a row could be computed from the others.
    """
    display = protected.display.copy()
    for row in display.index:
        size = display.loc[row, N_COLUMN]
        for column in display.columns:
            if column == N_COLUMN:
                continue
            value = display.loc[row, column]
            if isinstance(size, str) or isinstance(value, str):
                display.loc[row, column] = MARK
            else:
                display.loc[row, column] = value / size if size else float("nan")
    return display


# --- a long table of statistics, one row per group (× item) ---------------------------------


def protect_stats(
    stats: pd.DataFrame,
    *,
    min_n: int = DEFAULT_MIN_N,
    n: str = N_COLUMN,
    count: str | None = "count",
    values: Sequence[str] | None = None,
    group: str | None = None,
    total: object = None,
) -> Protected:
    """Suppress a long table of statistics with a column ``n`` (respondents behind each row).

    ``count`` names the count behind a share (None if there is none); ``values`` are the figures
    hidden with it (default: every numeric column except ``n`` and ``count``). A row with
    ``n < min_n`` hides ``n``, ``count`` and ``values`` (primary); a row whose count has a small
    complement hides ``count`` and ``values`` but keeps ``n``. When ``group`` and ``total`` are
    given, the rows whose ``group`` equals ``total`` are the sums of the other rows with the same
    remaining keys (e.g. the whole network beside each municipality), and secondary suppression
    keeps hidden counts and ``n`` from being computed from them.
    """
    min_n = check_min_n(min_n)
    frame = stats.reset_index(drop=True)
    if values is None:
        values = [c for c in frame.columns
                  if c not in (n, count) and pd.api.types.is_numeric_dtype(frame[c])
                  and not pd.api.types.is_bool_dtype(frame[c])]
    hidden_with_count = [c for c in (count, *values) if c is not None]
    keys = [c for c in frame.columns if c not in (n, *hidden_with_count)]

    reasons: dict[Cell, Reason] = {}
    sizes = frame[n].tolist()
    counts = frame[count].tolist() if count is not None else [None] * len(frame)
    for row, size, counted in zip(frame.index, sizes, counts, strict=True):
        if pd.isna(size) or size < min_n:
            reasons.update({(row, c): Reason.PRIMARY for c in (n, *hidden_with_count)})
        elif count is not None and complement_risk(counted, size, min_n):
            reasons.update({(row, c): Reason.COMPLEMENT for c in hidden_with_count})

    if group is not None and total is not None:
        added = _stats_secondary(frame, reasons, n=n, count=count, keys=keys, group=group,
                                 total=total)
        for row, column in added:
            # A shown share and count give n back, and a shown share and n give the count: so a
            # hidden n takes the whole row with it, and a hidden count takes its share.
            for hidden in ([n, *hidden_with_count] if column == n else hidden_with_count):
                reasons.setdefault((row, hidden), Reason.SECONDARY)
    return Protected(_display(frame, reasons), _hidden_frame(reasons), min_n)


def _stats_secondary(
    frame: pd.DataFrame,
    reasons: dict[Cell, Reason],
    *,
    n: str,
    count: str | None,
    keys: list[str],
    group: str,
    total: object,
) -> set[Cell]:
    """Secondary suppression over the sums «total row = sum of the group rows» per item."""
    measured = [c for c in (n, count) if c is not None]
    others = [k for k in keys if k != group]
    grouped = frame.groupby(others, dropna=False, sort=False) if others else [((), frame)]
    added: set[Cell] = set()
    # The sums never cross items, so each item is solved on its own: small matrices, fast.
    for _, part in grouped:
        totals = part.index[part[group] == total]
        if len(totals) != 1:
            continue
        members = part.index[part[group] != total]
        numbers = part[measured].apply(pd.to_numeric, errors="coerce").fillna(0.0).to_numpy(dtype=float)
        values = {(r, c): float(numbers[i, j]) for i, r in enumerate(part.index) for j, c in enumerate(measured)}
        equations: list[Equation] = []
        for column in measured:
            cells = tuple((r, column) for r in members)
            if _equation_holds(cells, (totals[0], column), values):
                equations.append((cells, (totals[0], column)))
        cost = {(r, c): (float(r == totals[0]), values[(r, c)]) for (r, c) in values}
        hidden = {cell for cell in reasons if cell in values}
        added |= secondary_suppression(values, hidden, equations, cost)
    return added
