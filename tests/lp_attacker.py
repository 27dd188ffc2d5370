"""An attacker, written apart from the suppressor: what do the published numbers of a table allow?

It reads only what a reader sees (a shown number, a mark, a band such as «minst 70 %» or
«20–40 %») and what any reader knows about such tables (a count lies between 0 and its group's
n; the network row is the sum of the municipality rows; exclusive categories add up to n), builds
its own linear programme with dense matrices and asks scipy's HiGHS for the smallest and largest
value of every hidden count. It shares no code with ``learning.disclosure``.
"""

from __future__ import annotations

import math
import re

import numpy as np
from scipy.optimize import linprog

BAND = re.compile(r"^(?:minst (\d+) %|(\d+)–(\d+) %)$")


def read_band(text: object) -> tuple[float, float] | None:
    """«minst 70 %» → (0.7, 1.0); «20–40 %» → (0.2, 0.4); anything else → None."""
    match = BAND.match(str(text))
    if not match:
        return None
    if match.group(1) is not None:
        return int(match.group(1)) / 100, 1.0
    return int(match.group(2)) / 100, int(match.group(3)) / 100


def is_number(value: object) -> bool:
    return not isinstance(value, str) and value is not None and not (
        isinstance(value, float) and math.isnan(value))


class Attack:
    """Unknowns, linear facts about them, and min/max by LP."""

    def __init__(self) -> None:
        self.names: dict[object, int] = {}
        self.eq: list[tuple[dict[int, float], float]] = []
        self.ub: list[tuple[dict[int, float], float]] = []  # Σ ≤ b

    def var(self, name: object) -> int:
        return self.names.setdefault(name, len(self.names))

    def equal(self, terms: dict[object, float], value: float) -> None:
        self.eq.append(({self.var(k): v for k, v in terms.items()}, value))

    def at_most(self, terms: dict[object, float], value: float) -> None:
        self.ub.append(({self.var(k): v for k, v in terms.items()}, value))

    def _matrix(self, rows: list[tuple[dict[int, float], float]]) -> tuple[np.ndarray, np.ndarray]:
        matrix = np.zeros((len(rows), len(self.names)))
        for i, (terms, _) in enumerate(rows):
            for j, v in terms.items():
                matrix[i, j] += v
        return matrix, np.array([b for _, b in rows])

    def ranges(self, wanted: list[object]) -> dict[object, tuple[float, float]]:
        a_eq, b_eq = self._matrix(self.eq)
        a_ub, b_ub = self._matrix(self.ub)
        found = {}
        for name in wanted:
            c = np.zeros(len(self.names))
            c[self.names[name]] = 1.0
            ends = []
            for sign in (1, -1):
                result = linprog(sign * c, A_ub=a_ub if len(b_ub) else None,
                                 b_ub=b_ub if len(b_ub) else None,
                                 A_eq=a_eq if len(b_eq) else None,
                                 b_eq=b_eq if len(b_eq) else None,
                                 bounds=[(0, None)] * len(self.names), method="highs")
                assert result.status in (0, 3), result.message
                ends.append(sign * result.fun if result.status == 0 else sign * -math.inf)
            low, high = ends
            found[name] = (low if math.isinf(low) else math.ceil(low - 1e-7),
                           high if math.isinf(high) else math.floor(high + 1e-7))
        return found


def shown_fact(attack: Attack, name: object, value: object) -> None:
    if is_number(value):
        attack.equal({name: 1.0}, float(value))


def attack_long(rows: list[dict], *, group_total: object) -> dict[object, tuple[float, float]]:
    """Rows ``{"key": item key, "group": place, "n": shown, "count": shown, "share": shown}``.

    Returns the range of every hidden count, by (key, group). The row whose group is
    ``group_total`` is the sum of the other rows of the same key (for n and count).
    """
    attack = Attack()
    hidden = []
    by_key: dict[object, list[dict]] = {}
    for row in rows:
        by_key.setdefault(row["key"], []).append(row)
        n, c = ("n", row["key"], row["group"]), ("c", row["key"], row["group"])
        attack.var(n)
        attack.var(c)
        attack.at_most({c: 1.0, n: -1.0}, 0.0)
        shown_fact(attack, n, row["n"])
        shown_fact(attack, c, row["count"])
        share, band = row.get("share"), read_band(row.get("share"))
        if is_number(share) and not is_number(row["count"]):
            attack.equal({c: 1.0, n: -float(share)}, 0.0)
        if band:
            attack.at_most({c: -1.0, n: band[0]}, 0.0)
            attack.at_most({c: 1.0, n: -band[1]}, 0.0)
        if not is_number(row["count"]):
            hidden.append(c)
    for key, part in by_key.items():
        totals = [r for r in part if r["group"] == group_total]
        if len(totals) != 1:
            continue
        for kind in ("n", "c"):
            terms = {(kind, key, r["group"]): 1.0 for r in part if r["group"] != group_total}
            terms[(kind, key, group_total)] = -1.0
            attack.equal(terms, 0.0)
    return attack.ranges(hidden)
