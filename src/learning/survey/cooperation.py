"""The cooperation map: which services cooperate with which about children as next of kin.

From the ``samarbeid`` item: for each place (member municipality, and the whole network) a
service × service matrix, rows = the respondent's own service (``tjeneste``), columns = the
partner service ticked (``samarbeid.*``), each cell the share of that service's respondents who
reported cooperating with that partner.

The denominator ``n`` is *every* respondent of the service in the wave, not only those who ticked
something: most exports give «ticked nothing» and «skipped the question» as the same empty cell,
so only this reading means the same thing for every survey tool. It also makes ``n`` the number
of respondents of that service, one figure shared with the participation table.

Everything here is protected for all places at once, so every report hides the same cells:

1. :func:`protect_totals` – respondents per municipality (exactly as the survey report's
   participation table does it);
2. :func:`protect_sizes` – respondents per municipality × service. Each municipality × service
   is a group of its own in the map, so a cell with 1 … ``min_n − 1`` respondents is hidden
   (primary), a municipality whose total is hidden for being small hides all its cells, and
   secondary suppression keeps hidden cells from following from the sums: services add up to the
   municipality's total (shown in the participation table), municipalities add up to the network;
3. :func:`protect_cooperation` – the counts and shares of the map, with the ``n`` of step 2:
   a row whose ``n`` is hidden shows nothing, the complement rule applies to each count, and
   secondary suppression covers «municipalities add up to the network» per cell.
   A service's partners are multiple choice, so a row has no sum to protect.

These are functions of one wave's responses; a report picks the wave (see ``reports.cooperation``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from learning.privacy import (
    MARK,
    Cell,
    Equation,
    Protected,
    Reason,
    check_min_n,
    protect_stats,
    secondary_suppression,  # the privacy module engine; see the module docstring, step 2
)
from learning.survey import aggregate, schema
from learning.survey.memo import by_content

NETWORK = "__network__"  # the whole network's row beside the municipalities' (as reports.survey)
TOTAL = "n"  # the column of a municipality's respondents in :func:`protect_sizes`
PLACE = "kommune"


def _members_only(responses: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    return responses[responses["kommune"].isin(list(members))]


def protect_totals(responses: pd.DataFrame, members: Sequence[str], min_n: int) -> Protected:
    """Respondents per member municipality and in the network (``kommune, n``), suppressed.

    The same table and rules as the survey report's participation section, so the totals hidden
    there are the totals hidden here.
    """
    counted = aggregate.participation(responses, by="kommune").set_index("kommune")["n"]
    stats = pd.DataFrame({
        PLACE: [*members, NETWORK],
        "n": [int(counted.get(m, 0)) for m in members] + [len(_members_only(responses, members))],
    })
    return protect_stats(stats, min_n=min_n, count=None, values=[], group=PLACE, total=NETWORK)


def size_table(responses: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Respondents per place (index: members, then NETWORK) × service, plus the total ``n``."""
    frame = _members_only(responses, members)
    counts = pd.crosstab(frame["kommune"], frame["tjeneste"]) if not frame.empty else None
    table = pd.DataFrame(0, index=[*members, NETWORK], columns=[*schema.SERVICES, TOTAL])
    if counts is not None:
        for member in counts.index:
            for service in counts.columns:
                table.loc[member, service] = int(counts.loc[member, service])
    table.loc[NETWORK] = table.loc[list(members)].sum(axis=0)
    table[TOTAL] = table[list(schema.SERVICES)].sum(axis=1)
    return table.astype("int64")


def protect_sizes(responses: pd.DataFrame, members: Sequence[str], min_n: int) -> Protected:
    """Respondents per place × service (display: members and NETWORK × services and ``n``).

    The ``n`` column is :func:`protect_totals`'s: those cells are never hidden or shown
    differently here, since the participation table shows them as they are.
    """
    min_n = check_min_n(min_n)
    table = size_table(responses, members)
    totals = protect_totals(responses, members, min_n)
    total_hidden = {
        place: reason for place, reason in zip(
            totals.display.loc[totals.hidden["row"], PLACE] if not totals.hidden.empty else [],
            totals.hidden["reason"], strict=True)
    }
    places = [*members, NETWORK]
    services = list(schema.SERVICES)
    reasons: dict[Cell, Reason] = {(p, TOTAL): Reason(r) for p, r in total_hidden.items()}
    for place in places:
        small_place = reasons.get((place, TOTAL)) == Reason.PRIMARY
        for service in services:
            value = int(table.loc[place, service])
            if small_place or 0 < value < min_n:
                reasons[(place, service)] = Reason.PRIMARY

    # Shown totals are known constants, so they are left out of ``values``: the engine can then
    # neither pick them for hiding nor count them as unknowns.
    values = {(p, s): float(table.loc[p, s]) for p in places for s in services}
    values.update({(p, TOTAL): float(table.loc[p, TOTAL]) for p in places if (p, TOTAL) in reasons})
    equations: list[Equation] = [
        (tuple((p, s) for s in services), (p, TOTAL)) for p in places
    ]
    equations += [(tuple((m, s) for m in members), (NETWORK, s)) for s in [*services, TOTAL]]
    # Keep the network's row visible where possible: it is what readers compare with.
    cost = {cell: (float(cell[0] == NETWORK), value) for cell, value in values.items()}
    for cell in secondary_suppression(values, set(reasons), equations, cost):
        reasons[cell] = Reason.SECONDARY

    display = table.astype(object)
    for place, column in reasons:
        display.loc[place, column] = MARK
    display.index.name = PLACE
    hidden = pd.DataFrame([(r, c, str(why)) for (r, c), why in reasons.items()],
                          columns=["row", "column", "reason"])
    return Protected(display, hidden, min_n)


def map_services(sizes: Protected) -> list[str]:
    """The services a map has rows for: those with any respondent in the network (schema order).

    A hidden network figure still means someone answered, so such a service keeps its row.
    """
    network = sizes.display.loc[NETWORK]
    return [s for s in schema.SERVICES if isinstance(network[s], str) or network[s] > 0]


@by_content
def protect_cooperation(responses: pd.DataFrame, members: Sequence[str], min_n: int) -> Protected:
    """The map for every place at once: ``kommune, tjeneste, partner, n, count, share``.

    One row per place × service of :func:`map_services` × partner, except a place's services
    shown with 0 respondents (the participation table already says there is nothing). ``n``
    comes from :func:`protect_sizes`; where it is hidden, the whole row is.
    """
    min_n = check_min_n(min_n)
    frame = _members_only(responses, members)
    sizes = protect_sizes(frame, members, min_n)
    table = size_table(frame, members)
    counts = _cooperation_counts(frame)
    rows = []
    for place in [*members, NETWORK]:
        for service in map_services(sizes):
            shown = sizes.display.loc[place, service]
            if not isinstance(shown, str) and shown == 0:
                continue
            size = int(table.loc[place, service])
            for partner in schema.COOPERATION_OPTIONS:
                count = int(counts.get((place, service, partner), 0))
                rows.append({
                    PLACE: place, "tjeneste": service, "partner": partner,
                    # a hidden n makes protect_stats hide the row (primary): its count then
                    # still takes part in the network sums, which is what secondary needs
                    "n": float("nan") if isinstance(shown, str) else float(size),
                    "count": count,
                    "share": count / size if size else float("nan"),
                })
    long = pd.DataFrame(rows, columns=[PLACE, "tjeneste", "partner", "n", "count", "share"])
    return protect_stats(long, min_n=min_n, n="n", count="count", values=["share"],
                         group=PLACE, total=NETWORK)


def _cooperation_counts(frame: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    """(place, service, partner) → respondents who ticked the partner (network as NETWORK)."""
    counts: dict[tuple[str, str, str], int] = {}
    by_place = aggregate.cooperation(frame, by="kommune")
    network = aggregate.cooperation(frame).assign(kommune=NETWORK)
    for row in pd.concat([by_place, network], ignore_index=True).itertuples(index=False):
        counts[(str(row.kommune), str(row.tjeneste), str(row.partner))] = int(row.count)
    return counts


def matrix(protected: Protected, place: str) -> tuple[pd.DataFrame, pd.Series]:
    """One place's map: shares (services × partners; a float, or MARK where hidden) and ``n``."""
    display = protected.display
    chosen = display[display[PLACE] == place]
    services = list(dict.fromkeys(chosen["tjeneste"]))
    shares = pd.DataFrame(index=services, columns=list(schema.COOPERATION_OPTIONS), dtype=object)
    sizes = pd.Series(index=services, dtype=object)
    for row in chosen.itertuples(index=False):
        shares.loc[row.tjeneste, row.partner] = row.share
        sizes.loc[row.tjeneste] = MARK if isinstance(row.n, str) else int(row.n)
    return shares, sizes


def change(before: Protected, after: Protected, place: str) -> pd.DataFrame:
    """Per service × partner of one place: share and ``n`` in both waves (display values).

    Columns ``tjeneste, partner, n_from, share_from, n_to, share_to``; a service missing in one
    wave has ``n`` 0 there and no share. Only pairs with a shown share above 0 in either wave are
    kept: the rest shows nothing but zeros and marks.
    """
    shares_from, n_from = matrix(before, place)
    shares_to, n_to = matrix(after, place)
    services = [s for s in schema.SERVICES if s in shares_from.index or s in shares_to.index]
    rows = []
    for service in services:
        for partner in schema.COOPERATION_OPTIONS:
            old = shares_from.loc[service, partner] if service in shares_from.index else None
            new = shares_to.loc[service, partner] if service in shares_to.index else None
            if not any(isinstance(v, float) and v > 0 for v in (old, new)):
                continue
            rows.append({
                "tjeneste": service, "partner": partner,
                "n_from": n_from.get(service, 0), "share_from": old,
                "n_to": n_to.get(service, 0), "share_to": new,
            })
    return pd.DataFrame(rows, columns=["tjeneste", "partner", "n_from", "share_from", "n_to",
                                       "share_to"])
