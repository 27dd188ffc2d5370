"""A member's own results from several small waves taken together, where one wave is too small.

A member with 1 … ``min_n − 1`` respondents in a wave is left out of that wave: it shows «under
``min_n``» and nothing else, and the network's figures do not count it (:mod:`.quantities`).
When the current wave of a gathering is such a wave for a member, the member's report may show
its answers from every wave so far in which it was left out, taken together (a **pool**), once
they add up to at least ``min_n`` respondents: its own practice, system and confidence results,
never a wave alone.

A later pool minus an earlier one is a single small wave, so every pool of a member, over all
gatherings, is protected and audited together: one :class:`~.quantities.Quantities` whose places
are the member's small waves (each published as «under ``min_n``» only) and its pools, with
pool = Σ its waves for every count; :mod:`.protect` and :mod:`.audit` then treat it as they treat
a wave. No other published figure counts a left-out member's answers (the network leaves them
out), so this is all that is published about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from learning.disclosure.protect import ProtectionFailedError, protect
from learning.disclosure.publication import WavePublication
from learning.disclosure.quantities import ITEM_FUNCTIONS, ITEMS, Key, Quantities, is_share
from learning.disclosure.shown import HIDE, Shown, band
from learning.network.model import Network
from learning.survey.memo import by_content
from learning.survey.waves import waves_until

Pool = tuple[str, ...]  # the waves taken together, in the order of the network's gatherings


def pool_place(pool: Pool) -> str:
    """The place a pool's figures are kept under: ``baseline+samling-3``."""
    return "+".join(pool)


def pools_by_gathering(network: Network, responses: pd.DataFrame, member: str) -> dict[str, Pool]:
    """Gathering id → the member's waves its report at that gathering shows together, in the
    order of the gatherings (only gatherings whose current wave leaves the member out and whose
    small waves so far add up to at least the minimum)."""
    if "wave" not in responses.columns:
        return {}
    min_n = network.survey_min_group
    present = set(responses["wave"])
    sizes = responses.loc[responses["kommune"] == member, "wave"].value_counts()
    found: dict[str, Pool] = {}
    for gathering in network.gatherings_in_order:
        allowed = [w for w in waves_until(network, gathering.id) if w in present]
        if not allowed or not 0 < int(sizes.get(allowed[-1], 0)) < min_n:
            continue
        small = tuple(w for w in allowed if 0 < int(sizes.get(w, 0)) < min_n)
        if len(small) > 1 and sum(int(sizes[w]) for w in small) >= min_n:
            found[gathering.id] = small
    return found


def pooled_quantities(frame: pd.DataFrame, pools: Sequence[Pool], fixed: Iterable[Key] = ()
                      ) -> Quantities:
    """The counts of one member's small waves and of its pools (``frame``: its responses in
    those waves), with the sums that tie each pool to its waves. ``fixed``: figures already
    published, which protection must leave as they are."""
    waves = tuple(dict.fromkeys(w for pool in pools for w in pool))
    value: dict[Key, int] = {}
    base: dict[Key, Key] = {}
    for wave in waves:
        part = frame[frame["wave"] == wave]
        value[("N", wave)] = len(part)
        for item in ITEMS:
            value[("n", wave, item)] = value[("c", wave, item)] = 0
        for function in ITEM_FUNCTIONS:
            for row in function(part).itertuples(index=False):
                value[("n", wave, str(row.item))] = int(row.n)
                value[("c", wave, str(row.item))] = int(row.count)
    sums: list[tuple[tuple[Key, ...], Key]] = []
    places = tuple(pool_place(pool) for pool in pools)
    details: list[tuple[str, tuple[str, ...]]] = [("N", ()), *((k, (i,)) for i in ITEMS for k in "nc")]
    for pool, place in zip(pools, places, strict=True):
        for kind, detail in details:
            parts = tuple((kind, wave, *detail) for wave in pool)
            total = (kind, place, *detail)
            value[total] = sum(value[p] for p in parts)
            sums.append((parts, total))
    for place in (*waves, *places):
        for item in ITEMS:
            base[("n", place, item)] = ("N", place)
            base[("c", place, item)] = ("n", place, item)
    # Each wave's size is published as «under min_n» in that wave's tables: it stays so here.
    return Quantities((*waves, *places), value, base, tuple(sums), (),
                      fixed=frozenset([*(("N", wave) for wave in waves), *fixed]))


@by_content
def protected_pools(frame: pd.DataFrame, pools: tuple[Pool, ...], min_n: int, protection: int
                    ) -> WavePublication:
    """Protect and audit one member's pools together, one gathering's pool after another: each
    is protected with the earlier ones as they were published, so a report once rendered stays
    the same when a later gathering's pool is added."""
    shown: dict[Key, Shown] = {}
    q = pooled_quantities(frame, ())
    for count in range(1, len(pools) + 1):
        place = pool_place(pools[count - 1])
        # The pool's size stays the band that says only «at least min_n»: what its being shown
        # at all tells every reader anyway.
        q = pooled_quantities(frame, pools[:count], fixed=[*shown, ("N", place)])
        sizes = pool_sizes(q, pools[count - 1], min_n)
        shown = _protected_pool(q, place, {**sizes, **shown}, min_n, protection)
    return WavePublication(" & ".join(pool_place(p) for p in pools), q, shown, min_n, protection)


def _protected_pool(q: Quantities, place: str, given: dict[Key, Shown], min_n: int, protection: int
                    ) -> dict[Key, Shown]:
    """The new pool protected around what is ``given``. Where the search for a figure to coarsen
    finds none (a pool's figures are few and tied to fixed ones), the pool shows less until the
    audit passes: first none of its shares, then nothing but its size band (all that its being
    shown at all tells anyway). Showing less is always safe; refusing the report is not needed."""
    hidden_shares = {k: HIDE for k in q.value if k[1] == place and is_share(k)}
    only_size = {k: HIDE for k in q.value if k[1] == place and k[0] != "N"}
    for fallback in ({}, hidden_shares, only_size):
        try:
            shown = protect(q, min_n, protection, given={**given, **fallback})
        except ProtectionFailedError:
            continue
        return without_shares_of_small_groups(q, shown, min_n)
    raise ProtectionFailedError(f"even the size alone of the pool {place!r} does not pass the audit")


def pool_sizes(q: Quantities, pool: Pool, min_n: int) -> dict[Key, Shown]:
    """A pool's group sizes as it shows them: «5–8» (for two waves) where a group has at least
    ``min_n``, «0–4» where not. Each wave has 1 … ``min_n − 1``, so the band says no more than
    that the pool reached the minimum: an exact pool of 6 out of two waves would tell each wave
    it had 2 … 4. (Protection may still make an item's coarser; the pool's own stays.)"""
    place, most = pool_place(pool), len(pool) * (min_n - 1)
    found: dict[Key, Shown] = {("N", place): band(min_n, most)}
    for item in ITEMS:
        key = ("n", place, item)
        found[key] = band(min_n, most) if q.value[key] >= min_n else band(0, min_n - 1)
    return found


def without_shares_of_small_groups(q: Quantities, shown: dict[Key, Shown], min_n: int
                                   ) -> dict[Key, Shown]:
    """``shown`` with the mark for every share whose group, once protected, is shown as a band
    that reaches under ``min_n`` (rule 1 of :mod:`.protect` for a group made coarser later: a
    share of a group that may be too small says nothing a reader can use). Showing less keeps
    the audit passing."""
    small = {k for k, s in shown.items() if not is_share(k) and s.kind == "band" and s.low < min_n}
    return {k: HIDE if is_share(k) and q.base[k] in small else s for k, s in shown.items()}


def member_pools(network: Network, responses: pd.DataFrame, member: str, until: str | None = None
                 ) -> WavePublication | None:
    """Every pool the member's reports show (up to the gathering ``until``), protected together;
    None when there is none."""
    by_gathering = pools_by_gathering(network, responses, member)
    if until is not None:
        last = network.gathering_number(until)
        by_gathering = {g: p for g, p in by_gathering.items() if network.gathering_number(g) <= last}
    pools = tuple(dict.fromkeys(by_gathering.values()))
    if not pools:
        return None
    waves = {w for pool in pools for w in pool}
    frame = responses[(responses["kommune"] == member) & responses["wave"].isin(waves)]
    return protected_pools(frame, pools, network.survey_min_group, network.survey_protection_interval)


__all__ = ["Pool", "member_pools", "pool_place", "pooled_quantities",
           "pools_by_gathering", "protected_pools"]
