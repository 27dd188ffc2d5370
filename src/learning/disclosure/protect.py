"""Choose how every figure of a wave is published, until the audit of the whole wave passes.

1. **Primary.** A place with fewer than ``min_n`` respondents shows its respondents as «under
   ``min_n``» and nothing else. A share whose group (``n``, or a service's respondents) is under
   ``min_n`` or not shown exactly is not shown. A group's size is not an answer and is shown (a
   service with 2 respondents says who took part, not what anyone answered), except where the
   audit needs it hidden.
2. **Complement.** A share whose complement ``n − count`` is 1 … ``min_n − 1`` is shown as a
   band «minst X %» wide enough to keep the protection interval (9 of 10 → «minst 70 %»): a
   municipality doing well sees that it does, never a bare mark.
3. **Secondary.** The audit (:mod:`.audit`) runs over the whole wave; for each protected count
   whose range is too narrow, one figure that shares a sum with it is made coarser (exact → a
   10-point band → wider bands → the mark; a «minst» band that can widen no further without
   saying nothing turns into «høyst» first). It is taken from a sum that on its own leaves the
   count too little room (a change in any other sum would be spent for nothing: a member's
   «other services» at 0 % pins its small services whatever the network shows), and within it
   the one whose next form widens the range most, the network's figure before a municipality's
   when they are equal, never chosen for being zero. A count whose own form leaves it room is
   not coarsened while a figure further out can be. Then the audit runs again, until it passes.

Every report of the wave reads its figures from the result, so they all show the same thing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

from learning.disclosure.audit import failures, required, share_behind
from learning.disclosure.quantities import NETWORK, Key, Quantities, is_share
from learning.disclosure.shown import HIDE, Shown, band, exact, whole_percent

SIZE_WIDTHS = (5, 10, 20, 50, 100, 200, 500, 1000)
SHARE_STEP = 10  # a first secondary band is 10 percentage points wide
COMPLEMENT_STEP = 5  # «minst X %» with X a multiple of 5
MAX_ROUNDS = 200
MAX_REACH = 3  # sums away from a failing count that a figure to coarsen is looked for


class ProtectionFailedError(RuntimeError):
    """No choice of marks and bands passes the audit (cannot happen for tables built here)."""


def protect(q: Quantities, min_n: int, protection: int, given: Mapping[Key, Shown] | None = None
            ) -> dict[Key, Shown]:
    """How each figure of the wave is published: every protected count's range at least
    ``protection`` wide (or its whole group). ``given``: figures already published in this form
    (they should be in ``q.fixed``, so that no later round changes them)."""
    shown = initial(q, min_n, protection, given)
    sums_of: dict[Key, list[int]] = defaultdict(list)
    for i, (parts, total) in enumerate(q.sums):
        for key in (*parts, total):
            sums_of[key].append(i)
    in_group: dict[Key, set[Key]] = defaultdict(set)  # a group → the counts of it
    for key, base in q.base.items():
        in_group[base].add(key)
    for _ in range(MAX_ROUNDS):
        found = failures(q, shown, min_n, protection)
        if not found:
            return shown
        touched: set[Key] = set()  # the figures changed this round
        helped: set[Key] = set()  # failing counts a change this round already widened
        for finding in found:
            key = share_behind(finding.key)  # a complement is widened through its share
            column = _column(q, sums_of, key)
            if key in helped:
                continue  # a neighbour changed this round: audit again before doing more
            binding = _binding(q, shown, sums_of, key, finding.required)
            cell = _choose(q, shown, key, finding.required, binding, min_n) if binding else None
            if cell is None:
                cell = _choose(q, shown, key, finding.required, column, min_n)
            reach = column
            for _ in range(MAX_REACH):  # every neighbour hidden: look one sum further out
                if cell is not None:
                    break
                reach = set().union(*(_further(q, sums_of, in_group, k) for k in reach))
                cell = _choose(q, shown, key, finding.required, reach, min_n)
            if cell is None and not shown[key].hidden and key not in q.fixed:
                cell = key  # nothing further out to coarsen: the count's own form it is
            if cell is None:
                raise ProtectionFailedError(f"nothing left to hide around {finding.key!r}")
            shown[cell] = coarser(q, shown[cell], cell, min_n)
            touched.add(cell)
            helped |= _column(q, sums_of, cell)
    raise ProtectionFailedError("the audit did not pass within the round limit")


def initial(q: Quantities, min_n: int, protection: int, given: Mapping[Key, Shown] | None = None
            ) -> dict[Key, Shown]:
    """Primary and complement protection (rules 1 and 2); ``given`` forms are kept, and a share
    follows its group's given form."""
    given = given or {}
    shown: dict[Key, Shown] = {}
    small = {k[1] for k, v in q.value.items() if k[0] == "N" and 0 < v < min_n}
    for key, value in q.value.items():
        if is_share(key):
            continue
        if key in given:
            shown[key] = given[key]
        elif key[0] == "N":
            shown[key] = band(1, min_n - 1) if key[1] in small else exact(value)
        else:
            shown[key] = HIDE if key[1] in small else exact(value)
    for key, value in q.value.items():
        if not is_share(key):
            continue
        base = q.base[key]
        size, group = q.value[base], shown[base]
        if key in given:
            shown[key] = given[key]
        elif group.hidden or (not group.exact and group.low < min_n):
            shown[key] = HIDE  # «–» would tell that the group is empty
        elif size == 0:
            shown[key] = exact(0)  # nobody in the group: printed as «–»
        elif size < min_n:
            shown[key] = HIDE
        elif 0 < size - value < min_n:
            shown[key] = at_least(value, size, protection)
        else:
            shown[key] = exact(whole_percent(value, size))
    return shown


def at_least(count: int, size: int, protection: int) -> Shown:
    """«minst X %»: X a multiple of 5 with at least ``protection`` possible counts under ``size``."""
    highest = min(count, size - protection)
    percent = COMPLEMENT_STEP * math.floor(100 * highest / size / COMPLEMENT_STEP + 1e-9)
    return band(percent, 100) if percent > 0 else HIDE


def coarser(q: Quantities, shown: Shown, key: Key, min_n: int) -> Shown:
    """The next coarser form of a figure on the fixed grid (the mark last) that allows more counts
    than ``shown``: a form allowing the same counts would be a change spent for nothing (of 5,
    «minst 10 %» and «minst 20 %» both say «at least 1»)."""
    if shown.hidden or not is_share(key):
        return _next_form(q, shown, key, min_n)
    size = q.value[q.base[key]]
    before = _share_counts(shown, size)
    form = _next_form(q, shown, key, min_n)
    while not form.hidden and _share_counts(form, size) == before:
        form = _next_form(q, form, key, min_n)
    return form


def _next_form(q: Quantities, shown: Shown, key: Key, min_n: int) -> Shown:
    """The next form on the fixed grid, whatever counts it allows."""
    if shown.hidden:
        return shown
    value = q.value[key]
    if not is_share(key):
        current = 0.0 if shown.exact else shown.high - shown.low + 1
        for width in SIZE_WIDTHS:
            start = width * (value // width)
            if value >= min_n:
                start = max(start, min_n)
            end = width * (value // width) + width - 1
            if end - start + 1 > current:
                return band(start, end)
        return HIDE
    size = q.value[q.base[key]]
    if size == 0:
        return HIDE  # «–» (nobody asked) has no band: a band would say someone was
    share = 100 * value / size
    if shown.exact:
        first = min(SHARE_STEP * math.floor(share / SHARE_STEP), 100 - SHARE_STEP)
        return band(first, first + SHARE_STEP)
    low, high = float(shown.low), float(shown.high)
    if low <= 0 and high >= 100:
        return HIDE
    if high >= 100:
        new_low = SHARE_STEP * math.ceil(low / SHARE_STEP) - SHARE_STEP
        if new_low > 0:
            return band(new_low, 100)
        # «minst» can widen no further without saying nothing: «høyst» from the other side
        # still tells a low share (1 of 5 → «høyst 30 %», then wider, then the mark).
        new_high = SHARE_STEP * math.floor(share / SHARE_STEP) + SHARE_STEP
        return band(0, new_high) if share > 0 and new_high < 100 else HIDE
    if low <= 0:
        new_high = SHARE_STEP * math.floor(high / SHARE_STEP) + SHARE_STEP
        return band(0, new_high) if new_high < 100 else HIDE
    doubled = 2 * (high - low)
    lowest = doubled * math.floor(share / doubled)
    return band(lowest, min(lowest + doubled, 100))


def _share_counts(form: Shown, size: int) -> tuple[int, int]:
    """The counts of ``size`` a share's visible form allows (an exact share is rounded to a whole
    percent, so it allows what rounds to it)."""
    low, high = (form.low - 0.5, form.high + 0.5) if form.exact else (form.low, form.high)
    return max(0, math.ceil(low * size / 100 - 1e-9)), min(size, math.floor(high * size / 100 + 1e-9))


def _column(q: Quantities, sums_of: Mapping[Key, list[int]], key: Key) -> set[Key]:
    """The figures sharing a sum with ``key`` (and ``key`` itself)."""
    found = {key}
    for i in sums_of.get(key, []):
        parts, total = q.sums[i]
        found.update(parts)
        found.add(total)
    return found


def _interval(q: Quantities, shown: Mapping[Key, Shown], key: Key) -> tuple[float, float]:
    """The counts a figure's published form allows on its own (its group as published)."""
    form = shown[key]
    group = _interval(q, shown, q.base[key])[1] if key in q.base else math.inf
    if form.hidden:
        return 0.0, group
    if not is_share(key):
        return float(form.low), float(form.high)
    base = q.base[key]
    if form.exact and shown[base].exact:
        return float(q.value[key]), float(q.value[key])  # the audit takes such a count as known
    low, high = _share_counts(form, q.value[base])
    return float(low), min(group, float(high))


def _further(q: Quantities, sums_of: Mapping[Key, list[int]], in_group: Mapping[Key, set[Key]],
             key: Key) -> set[Key]:
    """The figures one step further out from ``key``: those sharing a sum with it, and in a view
    with figures fixed elsewhere (a member's pooled waves) also its group and the group's counts:
    a share of a group shown as a band can pin the group (an exact 25 % of «5–8» can only be 2
    of 8), and the fixed sizes cannot help."""
    found = _column(q, sums_of, key)
    if q.fixed:
        found |= in_group.get(key, set())
        if key in q.base:
            found.add(q.base[key])
    return found


def _binding(q: Quantities, shown: Mapping[Key, Shown], sums_of: Mapping[Key, list[int]], key: Key,
             needed: float) -> set[Key]:
    """The figures of the sums that on their own leave ``key`` less room than it needs: only a
    change in one of those can widen it (a change elsewhere would be spent for nothing)."""
    found: set[Key] = set()
    own_low, own_high = 0.0, _interval(q, shown, q.base[key])[1] if key in q.base else math.inf
    for i in sums_of.get(key, []):
        parts, total = q.sums[i]
        if key == total:
            ranges = [_interval(q, shown, p) for p in parts]
            low, high = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
        else:
            others = [_interval(q, shown, p) for p in parts if p != key]
            total_low, total_high = _interval(q, shown, total)
            low = total_low - sum(r[1] for r in others)
            high = total_high - sum(r[0] for r in others)
        if min(high, own_high) - max(low, own_low) < needed:
            found.update(parts)
            found.add(total)
    return found


def _own_width(q: Quantities, shown: Shown, key: Key) -> float:
    """The range a figure's own published form allows, its group taken as known."""
    if shown.hidden:
        return math.inf
    if not is_share(key):
        return shown.high - shown.low
    low, high = _share_counts(shown, q.value[q.base[key]])
    return float(high - low)


def _choose(q: Quantities, shown: dict[Key, Shown], key: Key, needed: float, column: set[Key],
            min_n: int) -> Key | None:
    """The figure to make coarser for ``key``: itself when its own form is too narrow, else the
    neighbour whose next form widens ``key``'s range most (network first, then larger groups)."""
    if key not in q.fixed and (shown[key].exact or _own_width(q, shown[key], key) < needed):
        return key
    candidates = [c for c in column if c != key and not shown[c].hidden and c not in q.fixed]
    if not candidates:
        # Its own form leaves it room, so what pins it lies further out: coarsening it would be
        # spent for nothing (a member's «other services» pinned by the network's sums).
        return None

    def cost(candidate: Key) -> tuple[float, int, float, str]:
        # How much room the neighbour's next form leaves it (in counts, capped at what is
        # needed): a neighbour that gains room passes it on to ``key`` through their sum. Worked
        # out from the form alone, so choosing costs no solver call; the audit checks the result.
        room = min(_own_width(q, coarser(q, shown[candidate], candidate, min_n), candidate), needed)
        return (-room, 0 if candidate[1] == NETWORK else 1,
                -float(q.value[q.base[candidate]] if candidate in q.base else math.inf), str(candidate))

    return min(candidates, key=cost)


__all__ = ["ProtectionFailedError", "at_least", "coarser", "initial", "protect", "required"]
