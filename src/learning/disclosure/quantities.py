"""The true counts behind every survey figure the reports publish for one wave of one network.

Each figure is a key ``(kind, place, *detail)``; ``place`` is a member's kommunenummer or
:data:`NETWORK`. Group sizes (published as counts):

- ``("N", place)``: respondents;
- ``("S", place, service)``: respondents of a service;
- ``("n", place, item)``: respondents with a valid answer to an item.

Answers (published as a percentage of their group):

- ``("c", place, item)``: those answering «often/always», «yes» or «agree» (of ``n``);
- ``("k", place, service, partner)``: respondents of a service who cooperated with the partner
  (of ``S``; the cooperation map's denominator is every respondent of the service).

A place's services with 1 … ``min_n − 1`` respondents each are also counted together
(``("S", place, group)``, ``("k", place, group, partner)``), by family where a family's reach
twice ``min_n`` and the rest as «other services» (:mod:`learning.survey.service_groups`): its
cooperation map shows them as such rows, where one service alone could show nothing (the network
too: a service few work in across the whole network).

What every reader knows about these tables, and the audit assumes: each count lies between 0 and
its group (:attr:`Quantities.base`); a network figure is the sum of its counted members'; a
place's services add up to its respondents.

**The network's figures count only members with at least ``min_n`` respondents** (or none) in the
wave. A member with 1 … ``min_n − 1`` is shown as «under ``min_n``» and left out of the network's
sums: otherwise the network minus the other members would give its figures back, and hiding that
would take bands over the whole network's row. The reports say so under the table
(:attr:`Quantities.left_out`); research notebooks use the responses themselves. Such a member's
small waves may be shown taken together (:mod:`.pooled`, which builds a :class:`Quantities` of
its own for them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from learning.survey import aggregate, schema
from learning.survey.service_groups import service_groups

NETWORK = "__network__"
Key = tuple[str, ...]
SIZE_KINDS = ("N", "S", "n")
SHARE_KINDS = ("c", "k")
ITEM_FUNCTIONS = (aggregate.practice_items, aggregate.system_items, aggregate.confidence_items)
ITEMS = (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)


def is_share(key: Key) -> bool:
    """True for an answer count (published as a percentage of its group)."""
    return key[0] in SHARE_KINDS


@dataclass(frozen=True)
class Quantities:
    """One wave's true counts, each figure's group, and the sums that hold between them."""

    members: tuple[str, ...]
    value: dict[Key, int]
    base: dict[Key, Key]  # every key's group; the network's respondents have none
    sums: tuple[tuple[tuple[Key, ...], Key], ...]  # (parts, total): Σ parts = total
    services: tuple[str, ...]  # services with any respondent in the network (the map's rows)
    left_out: tuple[str, ...] = ()  # members under the minimum, not counted in the network
    # figures whose form another publication has fixed: secondary protection never changes them
    fixed: frozenset[Key] = frozenset()

    @property
    def counted(self) -> tuple[str, ...]:
        """The members whose figures the network's figures add up."""
        return tuple(m for m in self.members if m not in self.left_out)

    @property
    def places(self) -> tuple[str, ...]:
        return (*self.members, NETWORK)


def counted_responses(frame: pd.DataFrame, left_out: Sequence[str]) -> pd.DataFrame:
    """The responses the network's figures count: those of the members not left out."""
    return frame[~frame["kommune"].isin(list(left_out))]


def wave_quantities(frame: pd.DataFrame, members: Sequence[str], min_n: int) -> Quantities:
    """The counts of one wave's validated responses, for the members (others are not counted)."""
    members = tuple(members)
    frame = frame[frame["kommune"].isin(list(members))]
    sizes = frame["kommune"].value_counts()
    left_out = tuple(m for m in members if 0 < int(sizes.get(m, 0)) < min_n)
    counted_frame = counted_responses(frame, left_out)
    places = (*members, NETWORK)
    value: dict[Key, int] = {}
    base: dict[Key, Key] = {}

    by_place = {m: frame[frame["kommune"] == m] for m in members}
    for place in places:
        part = counted_frame if place == NETWORK else by_place[place]
        value[("N", place)] = len(part)
        if place != NETWORK:
            base[("N", place)] = ("N", NETWORK)
        counted = part["tjeneste"].value_counts()
        for service in schema.SERVICES:
            value[("S", place, service)] = int(counted.get(service, 0))
            base[("S", place, service)] = ("N", place)
    services = tuple(s for s in schema.SERVICES if value[("S", NETWORK, s)] > 0)

    for function in ITEM_FUNCTIONS:
        stats = pd.concat([function(frame, by="kommune"),
                           function(counted_frame).assign(kommune=NETWORK)],
                          ignore_index=True)
        for row in stats.itertuples(index=False):
            place = str(row.kommune)
            if place not in places:
                continue
            value[("n", place, str(row.item))] = int(row.n)
            value[("c", place, str(row.item))] = int(row.count)
    for place in places:
        for item in ITEMS:
            value.setdefault(("n", place, item), 0)
            value.setdefault(("c", place, item), 0)
            base[("n", place, item)] = ("N", place)
            base[("c", place, item)] = ("n", place, item)

    links = _links(frame, counted_frame)
    for place in places:
        for service in services:
            for partner in schema.COOPERATION_OPTIONS:
                key = ("k", place, service, partner)
                value[key] = links.get((place, service, partner), 0)
                base[key] = ("S", place, service)

    details: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for counted_key in value:
        if counted_key[1] == NETWORK:
            details[counted_key[0]].append(counted_key[2:])
    sums: list[tuple[tuple[Key, ...], Key]] = []
    # After the network's sums are listed: a place's group rows are its own, not sums of members'.
    for place in (*(m for m in members if m not in left_out), NETWORK):
        sizes_here = {s: value[("S", place, s)] for s in services}
        for group, small in service_groups(sizes_here, min_n).items():
            together = ("S", place, group)
            value[together] = sum(value[("S", place, s)] for s in small)
            base[together] = ("N", place)
            sums.append((tuple(("S", place, s) for s in small), together))
            for partner in schema.COOPERATION_OPTIONS:
                key = ("k", place, group, partner)
                value[key] = sum(value[("k", place, s, partner)] for s in small)
                base[key] = together
                sums.append((tuple(("k", place, s, partner) for s in small), key))
    for kind, rests in details.items():
        for rest in rests:
            sums.append((tuple((kind, m, *rest) for m in members if m not in left_out),
                         (kind, NETWORK, *rest)))
    for place in places:
        sums.append((tuple(("S", place, s) for s in schema.SERVICES), ("N", place)))
    return Quantities(members, value, base, tuple(sums), services, left_out)


def _links(frame: pd.DataFrame, counted: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    """(place, service, partner) → respondents who ticked the partner (the network as NETWORK,
    over the counted members)."""
    counts: dict[tuple[str, str, str], int] = {}
    if frame.empty:
        return counts
    both = pd.concat([aggregate.cooperation(frame, by="kommune"),
                      aggregate.cooperation(counted).assign(kommune=NETWORK)], ignore_index=True)
    for row in both.itertuples(index=False):
        counts[(str(row.kommune), str(row.tjeneste), str(row.partner))] = int(row.count)
    return counts
