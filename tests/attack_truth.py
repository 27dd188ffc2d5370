"""The true values behind the attacker's unknowns, from the responses themselves.

Only to check that the attacker (``html_attacker``) is sound: every range it computes must hold
the true count, so a «recovered» cell is a real recovery and not a misread table. Uses the survey
aggregation the reports use (``learning.survey``), never the suppressor.
"""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

from learning.network.loader import load_network
from learning.reference.municipalities import load_municipalities
from learning.survey import aggregate, schema
from learning.survey.service_groups import group_label_key, service_groups
from learning.survey.store import load_responses
from learning.workspace import Workspace

NETWORK = "__network__"  # html_attacker.NETWORK
COMPLEMENT = "¬"  # html_attacker.COMPLEMENT
Key = tuple[Hashable, ...]


def true_values(workspace: Workspace, network_id: str) -> dict[Key, int]:
    """Every (kind, wave number, place name, …) key the attacker uses → its true value."""
    network = load_network(workspace, network_id)
    names = load_municipalities(workspace)
    members = list(network.member_numbers)
    place_of = {m: names.get(m).name for m in members}
    responses = load_responses(workspace, network_id)
    responses = responses[responses["kommune"].isin(members)]
    values: dict[Key, int] = {}
    for wave, frame in responses.groupby("wave"):
        number = 1 if wave == schema.BASELINE else network.gathering_number(str(wave))
        for m in members:
            values[("N", number, place_of[m])] = int((frame["kommune"] == m).sum())
        # The reports say it under their tables: the network's figures leave out every member
        # with 1 … min_n − 1 respondents in the wave. Its own figures stay in ``frame``.
        sizes = frame["kommune"].value_counts()
        small = [m for m in members if 0 < int(sizes.get(m, 0)) < network.survey_min_group]
        counted = frame[~frame["kommune"].isin(small)]
        values[("N", number, NETWORK)] = len(counted)
        for service in schema.SERVICES:
            chosen = frame[frame["tjeneste"] == service]
            values[("S", number, NETWORK, service)] = int((counted["tjeneste"] == service).sum())
            for m in members:
                values[("S", number, place_of[m], service)] = int((chosen["kommune"] == m).sum())
        for function in (aggregate.practice_items, aggregate.system_items, aggregate.confidence_items):
            stats = pd.concat([function(frame, by="kommune"),
                               function(counted).assign(kommune=NETWORK)], ignore_index=True)
            for row in stats.itertuples(index=False):
                place = place_of.get(str(row.kommune), NETWORK)
                values[("n", number, place, str(row.item))] = int(row.n)
                values[("c", number, place, str(row.item))] = int(row.count)
        links = pd.concat([aggregate.cooperation(frame, by="kommune"),
                           aggregate.cooperation(counted).assign(kommune=NETWORK)], ignore_index=True)
        for row in links.itertuples(index=False):
            place = place_of.get(str(row.kommune), NETWORK)
            values[("k", number, place, str(row.tjeneste), str(row.partner))] = int(row.count)
        # A place's rows of small services taken together (by family, the rest as «other
        # services»), named as the attacker names them (html_attacker.group_row).
        for place in [*place_of.values(), NETWORK]:
            sizes = {s: values.get(("S", number, place, s), 0) for s in schema.SERVICES}
            for group, small in service_groups(sizes, network.survey_min_group).items():
                row = f"*{group_label_key(group)}*"
                values[("S", number, place, row)] = sum(sizes[s] for s in small)
                for partner in schema.COOPERATION_OPTIONS:
                    values[("k", number, place, row, partner)] = sum(
                        values.get(("k", number, place, s, partner), 0) for s in small)
    return values


def truth_of(values: dict[Key, int], key: Key) -> int:
    """The true value of any attacker key: a count, a member's waves taken together (the sum of
    the waves), or a share's complement (its group less the count)."""
    if key[0] == COMPLEMENT:
        kind, wave, place, *rest = key[1:]
        group = ("n", wave, place, *rest) if kind == "c" else ("S", wave, place, rest[0])
        return truth_of(values, group) - truth_of(values, key[1:])
    if isinstance(key[1], tuple):
        return sum(truth_of(values, (key[0], wave, *key[2:])) for wave in key[1])
    return values.get(key, 0)
