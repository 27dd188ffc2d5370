"""The audit: what someone who combines every published figure of a wave can know about each count.

Everything published about one wave (every report of every audience and gathering shows the
same figures, :mod:`.protect`) becomes linear facts about integer counts with
``0 ≤ count ≤ group`` (:mod:`.quantities`): an exact count fixes it; a whole percentage ``p %`` of
``n`` says ``(p − ½)·n ≤ 100·count ≤ (p + ½)·n``; a band says its inequality; a mark says nothing.
:func:`feasible_ranges` then gives each count's smallest and largest possible value.

A count is **protected** when it is not published exactly, or when its group may be smaller than
the minimum (the count of a small group must not follow from, say, a network-wide 0 %). A protected
count is safe when its range is at least the protection interval wide (or its whole group, when
the group is smaller than the interval): the rule τ-ARGUS and sdcTable audit with. Of a share
whose group is not published exactly, those who did *not* answer so (``group − count``) are
protected the same way: «all of them» must not be known for a small group either.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from learning.disclosure.quantities import Key, Quantities, is_share
from learning.disclosure.ranges import Facts, feasible_ranges
from learning.disclosure.shown import Shown

COMPLEMENT = "¬"  # the first element of a complement's key: ``("¬", "c", place, item)``


@dataclass(frozen=True)
class Finding:
    """A protected count whose range is too narrow."""

    key: Key
    low: float
    high: float
    required: float

    @property
    def width(self) -> float:
        return self.high - self.low


def facts(q: Quantities, shown: Mapping[Key, Shown], keys: Iterable[Key] | None = None) -> Facts:
    """The published figures and what every reader knows, as facts (``keys``: only these)."""
    chosen = set(q.value) if keys is None else set(keys)
    found = Facts()
    for key in chosen:
        found.unknown(key, 0, math.inf)
        base = q.base.get(key)
        if base is not None and base in chosen:
            found.fact({key: 1.0, base: -1.0}, -math.inf, 0.0)
    for parts, total in q.sums:
        if total in chosen and all(p in chosen for p in parts):
            terms: dict[Hashable, float] = {p: 1.0 for p in parts}
            terms[total] = -1.0
            found.fact(terms, 0.0, 0.0)
    for key in chosen:
        _published(found, q, key, shown, chosen)
    return found


def _published(found: Facts, q: Quantities, key: Key, everything: Mapping[Key, Shown],
               chosen: set[Key]) -> None:
    shown = everything[key]
    if shown.hidden:
        return
    if not is_share(key):
        found.unknown(key, shown.low, shown.high)
        return
    base = q.base[key]
    if base in chosen:
        # A share is printed «–» exactly when its group is empty, a percentage only when it is
        # not: either way a reader learns which (38 % of an unseen group rules out 0 of 0).
        if q.value[base] > 0:
            found.fact({base: 1.0}, 1.0, math.inf)
        elif shown.exact:
            found.fact({base: 1.0}, 0.0, 0.0)
    if shown.exact and everything[base].exact:
        # A share and its group both exact: the change tables work from these counts, so the
        # audit takes the count as published (stronger than the ±½ point the share says).
        found.unknown(key, q.value[key], q.value[key])
        return
    low, high = (shown.low - 0.5, shown.high + 0.5) if shown.exact else (shown.low, shown.high)
    if base not in chosen:  # outside the facts asked for: its true size stands in (narrower)
        size = q.value[base]
        found.unknown(key, low * size / 100, high * size / 100)
        return
    if low > 0:
        found.fact({key: 100.0, base: -low}, 0.0, math.inf)
    if high < 100:
        found.fact({key: 100.0, base: -high}, -math.inf, 0.0)


def protected_ranges(q: Quantities, shown: Mapping[Key, Shown], min_n: int, protection: int
                     ) -> dict[Key, tuple[float, float, float]]:
    """Every protected count → (low, high, largest its group can be). A range at least as wide as
    it must be may be given only in part (two values it can take that far apart)."""
    aside = {k for k in q.value if k[1] in q.left_out}
    published = facts(q, shown, [k for k in q.value if k not in aside])
    base_of = dict(q.base)
    for key in _complemented(q, shown, aside):
        other = complement(key)
        published.unknown(other, 0, math.inf)
        published.fact({key: 1.0, other: 1.0, q.base[key]: -1.0}, 0.0, 0.0)
        base_of[other] = q.base[key]
    bases = {b for k, b in base_of.items() if k not in aside}
    # Group sizes from the LP relaxation: only ever wider, so more counts count as protected and
    # are checked against a larger group, never fewer or a smaller one.
    groups = feasible_ranges(published, bases, integer=False)
    protected: set[Key] = {k for k, s in shown.items() if not s.exact and k not in aside}
    protected |= {k for k, base in base_of.items() if k not in aside and groups[base][0] < min_n}
    protected = {k for k in protected if k not in base_of or groups[base_of[k]][1] > 0}
    # Only whether a range is wide enough matters here: a count two whole-number solutions
    # already show to be wide enough is not solved for (its range is then only part of it).
    enough: dict[Hashable, float] = {
        k: required(groups[base_of[k]][1] if k in base_of else math.inf, protection) for k in protected}
    ranges = feasible_ranges(published, protected, enough=enough)
    found = {k: (*ranges[k], groups[base_of[k]][1] if k in base_of else math.inf) for k in protected}
    found.update(_left_out_ranges(q, shown, aside, min_n))
    return found


def complement(key: Key) -> Key:
    """The key of those in a share's group who did not answer so (``n − count``)."""
    return (COMPLEMENT, *key)


def share_behind(key: Key) -> Key:
    """The share a count or its complement belongs to (the key itself for a count)."""
    return key[1:] if key[0] == COMPLEMENT else key


def _complemented(q: Quantities, shown: Mapping[Key, Shown], aside: set[Key]) -> list[Key]:
    """The shares whose complement the audit must protect as well: those of a group not shown
    exactly. (Of a group shown exactly the complement's range is the count's, mirrored.) A
    homogeneous share of such a group — all or none of a pool of small waves — would tell every
    small group in it that all or none of them answered so, however wide each count's range."""
    return [k for k in q.value if is_share(k) and k not in aside and not shown[q.base[k]].exact]


def _left_out_ranges(q: Quantities, shown: Mapping[Key, Shown], aside: set[Key], min_n: int
                     ) -> dict[Key, tuple[float, float, float]]:
    """A member left out of the network's sums publishes «under min_n» and nothing else, and no
    sum links its figures to any other: each count can be anything from 0 (1 respondent) to
    ``min_n − 1``, so no solver is needed for them."""
    found: dict[Key, tuple[float, float, float]] = {}
    for key in aside:
        if key[0] == "N":
            if not (shown[key].kind == "band" and shown[key].low <= 1 and shown[key].high == min_n - 1):
                raise ValueError(f"a member left out must show «under {min_n}»: {key!r}")
            found[key] = (1.0, float(min_n - 1), math.inf)
            continue
        if not shown[key].hidden:
            raise ValueError(f"a member left out must show nothing but its size: {key!r}")
        found[key] = (0.0, float(min_n - 1), float(min_n - 1))
    return found


def required(group: float, protection: int) -> float:
    """The width a range must have: the protection interval, or the whole group when smaller."""
    return min(float(protection), group)


def failures(q: Quantities, shown: Mapping[Key, Shown], min_n: int, protection: int) -> list[Finding]:
    """The protected counts whose range is narrower than the protection interval."""
    found = []
    for key, (low, high, group) in protected_ranges(q, shown, min_n, protection).items():
        needed = required(group, protection)
        if high - low < needed:
            found.append(Finding(key, low, high, needed))
    return sorted(found, key=lambda f: f.key)
