"""How a place's small services are taken together in its cooperation map.

A service with 1 … ``min_n − 1`` respondents in a place can show nothing alone. Its map takes such
services together instead: first by **family** (health and care; kindergarten, school and PPT;
NAV and child welfare — the sectors the Valdres project's cross-sector model names: school,
kindergarten, health services and other municipal resources), where a family's small services
reach twice ``min_n`` together; the rest as one row «other services». A family row says more than
«other services» (which sectors cooperate with whom), so it comes first, as long as the rest
then still reaches ``min_n`` (or is empty): a rest too small shows nothing, so the smallest
family goes back into it.

This is the one place the rule lives: the wave's counts (:mod:`learning.disclosure.quantities`)
and the cooperation map (:mod:`learning.reports.cooperation`) both ask it.
"""

from __future__ import annotations

from collections.abc import Mapping

from learning.survey import schema

OTHER = "__other__"  # the small services no family row takes
FAMILY_PREFIX = "__family__:"
# A family gets its own row from twice the minimum: then at least half the counts a share of it
# can take are shown as numbers (with complements 1 … min_n − 1 a row of 5–9 shows mostly bands,
# and «other services» taken together would have shown numbers).
FAMILY_SIZE = 2
FAMILIES: dict[str, tuple[str, ...]] = {
    "helse": ("psykisk_helse_rus", "hjemmetjeneste", "sykehjem", "legekontor",
              "helsestasjon_skolehelse", "avlastning"),
    "oppvekst": ("barnehage", "skole", "ppt"),
    "velferd": ("nav", "barnevern"),
}


def family_group(family: str) -> str:
    """The row code of a family taken together: ``__family__:helse``."""
    return FAMILY_PREFIX + family


def is_group(code: str) -> bool:
    """True for a row that takes several services together (a family or «other services»)."""
    return code == OTHER or code.startswith(FAMILY_PREFIX)


def group_label_key(code: str) -> str:
    """The i18n key of a group row's label."""
    if code == OTHER:
        return "cooperation.other_services"
    return f"cooperation.family.{code.removeprefix(FAMILY_PREFIX)}"


def service_groups(sizes: Mapping[str, int], min_n: int) -> dict[str, tuple[str, ...]]:
    """Group row → the services it takes together, for a place whose services have ``sizes``
    respondents: each small service (1 … ``min_n − 1``) in exactly one group, families first
    (those whose small services reach twice ``min_n`` together and leave a rest that reaches
    ``min_n``, or none), the rest in «other services»."""
    small = [s for s in schema.SERVICES if 0 < sizes.get(s, 0) < min_n]
    families: dict[str, tuple[str, ...]] = {}
    for family, members in FAMILIES.items():
        taken = tuple(s for s in small if s in members)
        if sum(sizes[s] for s in taken) >= FAMILY_SIZE * min_n:
            families[family_group(family)] = taken
    while True:
        rest = tuple(s for s in small if not any(s in g for g in families.values()))
        if not rest or not families or sum(sizes[s] for s in rest) >= min_n:
            break
        # A rest too small to show anything would hide what «other services» showed before: the
        # smallest family goes back into it until it reaches min_n (or no family is left).
        del families[min(reversed(families), key=lambda g: sum(sizes[s] for s in families[g]))]
    return {**families, OTHER: rest} if rest else families


__all__ = ["FAMILIES", "OTHER", "family_group", "group_label_key", "is_group", "service_groups"]
