"""Aggregation checked against values worked out by hand on small frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from learning.survey import aggregate, schema
from test_survey_stats_frames import responses, rows

SECRET = "Kari på kontoret sa noe fortrolig"


@pytest.fixture
def frame() -> pd.DataFrame:
    # Municipality 3449: p_identify 5, 4, 4, 3, 1, 0 (not relevant), missing.
    # Municipality 3450: p_identify all «not relevant» or missing.
    return responses([
        *rows(1, p_identify=5, s_routine=1, c_talk_child=5, kommentar=SECRET),
        *rows(2, p_identify=4, s_routine=1, c_talk_child=4),
        *rows(1, p_identify=3, s_routine=2, c_talk_child=3, tjeneste="nav"),
        *rows(1, p_identify=1, s_routine=9, c_talk_child=2, tjeneste="nav"),
        *rows(1, p_identify=0, tjeneste="nav"),
        *rows(1),
        *rows(2, kommune="3450", p_identify=0),
        *rows(1, kommune="3450"),
    ])


def pick(table: pd.DataFrame, **keys: object) -> pd.Series:
    chosen = table
    for key, value in keys.items():
        chosen = chosen[chosen[key] == value]
    assert len(chosen) == 1, chosen
    return chosen.iloc[0]


def test_practice_by_municipality_by_hand(frame: pd.DataFrame) -> None:
    table = aggregate.practice_items(frame, by="kommune")
    assert list(table.columns) == ["kommune", "item", "n", "count", "share", "share_low",
                                   "share_high", "mean"]
    row = pick(table, kommune="3449", item="p_identify")
    assert (row["n"], row["count"]) == (5, 3)  # 0 and missing left out; 5, 4, 4 are often/always
    assert row["share"] == pytest.approx(0.6)
    assert row["mean"] == pytest.approx((5 + 4 + 4 + 3 + 1) / 5)
    # Wilson 95 % for 3/5, worked out by hand from the formula: 0.2307 … 0.8824
    assert row["share_low"] == pytest.approx(0.230724, abs=1e-5)
    assert row["share_high"] == pytest.approx(0.882380, abs=1e-5)


def test_group_with_only_not_relevant_has_n_zero_and_nan(frame: pd.DataFrame) -> None:
    row = pick(aggregate.practice_items(frame, by="kommune"), kommune="3450", item="p_identify")
    assert row["n"] == 0 and row["count"] == 0
    assert math.isnan(row["share"]) and math.isnan(row["mean"])
    assert math.isnan(row["share_low"]) and math.isnan(row["share_high"])


def test_every_practice_item_once_per_group_in_schema_order(frame: pd.DataFrame) -> None:
    table = aggregate.practice_items(frame, by="kommune")
    for kommune in ("3449", "3450"):
        assert table[table["kommune"] == kommune]["item"].tolist() == list(schema.PRACTICE_ITEMS)
    unanswered = pick(table, kommune="3449", item="p_refer")
    assert unanswered["n"] == 0 and math.isnan(unanswered["share"])


def test_system_counts_dont_know_in_the_denominator(frame: pd.DataFrame) -> None:
    row = pick(aggregate.system_items(frame), item="s_routine")
    # answers: yes, yes, yes, no, don't know → 3 yes of 5
    assert (row["n"], row["count"]) == (5, 3)
    assert row["share"] == pytest.approx(3 / 5)
    assert "mean" not in aggregate.system_items(frame).columns


def test_confidence_share_and_mean(frame: pd.DataFrame) -> None:
    row = pick(aggregate.confidence_items(frame), item="c_talk_child")
    # 5, 4, 4, 3, 2 → agree or strongly agree: 3 of 5; mean 18/5
    assert (row["n"], row["count"]) == (5, 3)
    assert row["mean"] == pytest.approx(18 / 5)


def test_by_several_columns(frame: pd.DataFrame) -> None:
    table = aggregate.practice_items(frame, by=("kommune", "tjeneste"))
    skole = pick(table, kommune="3449", tjeneste="skole", item="p_identify")
    nav = pick(table, kommune="3449", tjeneste="nav", item="p_identify")
    assert (skole["n"], skole["count"]) == (3, 3)  # 5, 4, 4 (one missing)
    assert (nav["n"], nav["count"]) == (2, 0)  # 3, 1 (one not relevant)
    assert nav["mean"] == pytest.approx(2.0)


def test_everyone_together_has_no_group_columns(frame: pd.DataFrame) -> None:
    table = aggregate.practice_items(frame)
    assert table.columns[0] == "item" and len(table) == len(schema.PRACTICE_ITEMS)
    assert pick(table, item="p_identify")["n"] == 5


def test_participation(frame: pd.DataFrame) -> None:
    table = aggregate.participation(frame, by="kommune")
    assert dict(zip(table["kommune"], table["n"], strict=True)) == {"3449": 7, "3450": 3}
    both = aggregate.participation(frame, by=("kommune", "tjeneste"))
    assert pick(both, kommune="3449", tjeneste="nav")["n"] == 3
    assert aggregate.participation(frame, by=())["n"].tolist() == [10]


def test_missing_role_is_its_own_group() -> None:
    frame = responses([*rows(2, rolle=None, p_identify=4), *rows(1, rolle="leder", p_identify=1)])
    table = aggregate.practice_items(frame, by="rolle")
    unknown = table[table["rolle"].isna() & (table["item"] == "p_identify")].iloc[0]
    assert (unknown["n"], unknown["count"]) == (2, 2)


def test_free_text_never_appears(frame: pd.DataFrame) -> None:
    tables = [
        aggregate.participation(frame), aggregate.practice_items(frame, by="kommune"),
        aggregate.system_items(frame), aggregate.confidence_items(frame),
        aggregate.cooperation(frame), aggregate.change(frame, "p_identify", "baseline", "x"),
    ]
    for table in tables:
        assert "kommentar" not in table.columns
        assert SECRET not in table.to_csv()


def test_grouping_by_free_text_or_an_item_is_refused(frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="gruppere"):
        aggregate.practice_items(frame, by="kommentar")
    with pytest.raises(ValueError, match="gruppere"):
        aggregate.participation(frame, by="p_identify")


@pytest.mark.parametrize("function", [aggregate.practice_items, aggregate.system_items,
                                      aggregate.confidence_items, aggregate.participation,
                                      aggregate.cooperation])
def test_empty_input(function) -> None:
    for empty in (responses([]), pd.DataFrame()):
        table = function(empty, by="kommune")
        assert table.empty
        assert "kommune" in table.columns and "n" in table.columns


def test_change_by_hand() -> None:
    frame = responses([
        *rows(2, wave="baseline", p_talk_parent=5), *rows(8, wave="baseline", p_talk_parent=2),
        *rows(8, wave="samling-1", p_talk_parent=4), *rows(2, wave="samling-1", p_talk_parent=1),
        *rows(3, wave="samling-2", p_talk_parent=5),  # another wave: ignored
    ])
    row = aggregate.change(frame, "p_talk_parent", "baseline", "samling-1").iloc[0]
    assert (row["n_from"], row["count_from"], row["n_to"], row["count_to"]) == (10, 2, 10, 8)
    assert row["difference"] == pytest.approx(0.6)
    # pooled 10/20 = 0.5; expected counts 5 → z-test; SE = sqrt(0.25 · 0.2); z = 0.6 / SE
    z = 0.6 / math.sqrt(0.5 * 0.5 * (1 / 10 + 1 / 10))
    assert row["test"] == "z"
    assert row["p_value"] == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-9)
    assert row["difference_low"] < 0.6 < row["difference_high"]
    assert row["difference_low"] > 0  # a clear improvement


def test_change_per_group_with_a_missing_wave() -> None:
    frame = responses([
        *rows(5, kommune="3449", wave="baseline", s_routine=1),
        *rows(5, kommune="3449", wave="samling-1", s_routine=2),
        *rows(4, kommune="3450", wave="baseline", s_routine=1),
    ])
    table = aggregate.change(frame, "s_routine", "baseline", "samling-1", by="kommune")
    first = pick(table, kommune="3449")
    assert first["difference"] == pytest.approx(-1.0)
    later = pick(table, kommune="3450")
    assert later["n_to"] == 0 and math.isnan(later["share_to"]) and math.isnan(later["difference"])
    assert math.isnan(later["p_value"])


def test_change_on_empty_input_and_unknown_item() -> None:
    table = aggregate.change(responses([]), "p_identify", "baseline", "samling-1", by="kommune")
    assert table.empty and "difference" in table.columns
    with pytest.raises(ValueError, match="spørsmålskode"):
        aggregate.change(responses([]), "kommentar", "baseline", "samling-1")


def test_cooperation_by_hand() -> None:
    frame = responses([
        *rows(2, tjeneste="skole", samarbeid=("nav",)),
        *rows(1, tjeneste="skole", samarbeid=("nav", "ppt")),
        *rows(1, tjeneste="skole"),  # did not answer the item: not in n
        *rows(2, tjeneste="helsestasjon_skolehelse", samarbeid=()),
    ])
    table = aggregate.cooperation(frame)
    assert list(table.columns) == ["tjeneste", "partner", "n", "count", "share"]
    nav = pick(table, tjeneste="skole", partner="nav")
    assert (nav["n"], nav["count"], nav["share"]) == (3, 3, 1.0)
    ppt = pick(table, tjeneste="skole", partner="ppt")
    assert ppt["count"] == 1 and ppt["share"] == pytest.approx(1 / 3)
    none = pick(table, tjeneste="helsestasjon_skolehelse", partner="nav")
    assert (none["n"], none["count"]) == (2, 0)
    partners = table[table["tjeneste"] == "skole"]["partner"].tolist()
    assert partners == list(schema.COOPERATION_OPTIONS)
    by_municipality = aggregate.cooperation(frame, by=("kommune", "tjeneste"))
    assert list(by_municipality.columns[:3]) == ["kommune", "tjeneste", "partner"]


def test_shares_lie_in_their_intervals(frame: pd.DataFrame) -> None:
    table = aggregate.practice_items(frame, by="kommune")
    shown = table[table["n"] > 0]
    assert np.all(shown["share_low"] <= shown["share"])
    assert np.all(shown["share"] <= shown["share_high"])
