"""Which findings stand beside which survey items."""

from __future__ import annotations

import pytest

from learning.problems import UserError
from learning.reference.findings import (
    CONSTRUCTS,
    ITEM_CONSTRUCTS,
    constructs_for_item,
    findings_for_item,
    findings_for_items,
)
from learning.survey import schema

REFERRAL = {"parents_wanted_referral", "parents_believed_referral", "personnel_referred"}
IMPLEMENTATION = {"multicentre_samples", "law_partly_implemented"}


def ids(item: str) -> set[str]:
    return {f.id for f in findings_for_item(item)}


def test_the_mapping_names_only_real_items_and_constructs() -> None:
    items = {*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS}
    assert set(ITEM_CONSTRUCTS) <= items
    assert {c for cs in ITEM_CONSTRUCTS.values() for c in cs} <= set(CONSTRUCTS)


@pytest.mark.parametrize("item", ["p_refer", "p_contact_services"])
def test_contact_and_refer_get_the_referral_gap(item: str) -> None:
    assert ids(item) == REFERRAL


@pytest.mark.parametrize("item", ["p_inform_child", "p_offer_conversation", "c_talk_child"])
def test_talking_with_children(item: str) -> None:
    assert ids(item) == {"personnel_talked_with_children"}


@pytest.mark.parametrize("item", ["p_identify", "p_document", "p_talk_parent", "c_know_duties"])
def test_duties_without_own_figures_get_the_implementation_findings(item: str) -> None:
    assert ids(item) == IMPLEMENTATION


def test_items_without_matching_research() -> None:
    assert findings_for_item("p_bereaved") == []
    assert constructs_for_item("s_routine") == ()


def test_children_and_prevalence_are_not_beside_any_item() -> None:
    shown = {f.id for item in ITEM_CONSTRUCTS for f in findings_for_item(item)}
    assert not shown & {
        "children_stress_caring",
        "children_parent_cancer",
        "outpatients_with_children",
    }


def test_several_items_give_each_finding_once_in_file_order() -> None:
    found = findings_for_items(["p_refer", "p_contact_services", "p_identify"])
    assert [f.id for f in found] == [
        "multicentre_samples",
        "law_partly_implemented",
        "parents_wanted_referral",
        "parents_believed_referral",
        "personnel_referred",
    ]


def test_an_unknown_item_code_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="Ukjent spørsmålskode 'p_nonsense'"):
        findings_for_item("p_nonsense")
