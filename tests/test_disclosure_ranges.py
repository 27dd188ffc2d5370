"""The LP audit core (``learning.disclosure.ranges``) against hand-worked cases and an attacker
written apart from it (``lp_attacker``)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from learning.disclosure.ranges import Facts, blocks, feasible_ranges
from lp_attacker import attack_long

MARK = ":"


def test_bounds_pin_hidden_cells_that_sums_alone_do_not() -> None:
    # The midt-norge samling-1 pattern: the network shows 6 of 81, the shown municipalities add
    # up to 6, so every hidden count must be 0 once counts are known to be ≥ 0, although the sum
    # equation alone (a null-space check) leaves the two hidden counts free.
    facts = Facts()
    facts.unknown("a", 0, 3)  # a group of 3
    facts.unknown("b", 0, 12)
    facts.fact({"a": 1, "b": 1}, 6 - 6, 6 - 6)
    assert feasible_ranges(facts, ["a", "b"]) == {"a": (0.0, 0.0), "b": (0.0, 0.0)}


def test_a_band_is_an_inequality_and_caps_bound_the_range() -> None:
    facts = Facts()
    facts.unknown("c", 0, 10)  # a count in a group of 10
    facts.unknown("d", 0, 20)
    facts.fact({"c": 1, "d": 1}, 15, 15)  # the network's count minus the shown ones
    facts.fact({"c": 1}, 7, math.inf)  # «minst 70 %» of 10
    assert feasible_ranges(facts, ["c", "d"]) == {"c": (7.0, 10.0), "d": (5.0, 8.0)}


def test_independent_facts_are_solved_as_separate_blocks() -> None:
    facts = Facts()
    for key in ("a", "b", "x", "y", "alone"):
        facts.unknown(key, 0, 5)
    facts.fact({"a": 1, "b": 1}, 4, 4)
    facts.fact({"x": 1, "y": -1}, 0, 0)
    found = sorted(sorted(map(str, block)) for block in blocks(facts))
    assert found == [["a", "b"], ["alone"], ["x", "y"]]
    assert feasible_ranges(facts, ["alone"]) == {"alone": (0.0, 5.0)}


@st.composite
def published_tables(draw: st.DrawFn) -> list[dict]:
    """One item: municipalities with n and count, some hidden, and the network row."""
    rows = []
    for i in range(draw(st.integers(1, 6))):
        n = draw(st.integers(0, 15))
        rows.append({"key": "i", "group": f"k{i}", "n": n, "count": draw(st.integers(0, n))})
    rows.append({"key": "i", "group": "net", "n": sum(r["n"] for r in rows),
                 "count": sum(r["count"] for r in rows)})
    truth = [dict(r) for r in rows]
    for row in rows:
        if draw(st.booleans()):
            row["count"] = MARK
        if draw(st.integers(0, 3)) == 0:
            row["n"] = MARK
    return [truth, rows]


@settings(max_examples=40, deadline=None)
@given(published_tables())
def test_audit_core_and_independent_attacker_agree(case: list) -> None:
    truth, shown = case
    facts = Facts()
    for row in shown:
        for kind in ("n", "count"):
            if row[kind] == MARK:
                facts.unknown((kind, row["group"]), 0, math.inf)
    constant = {kind: 0.0 for kind in ("n", "count")}
    for kind in ("n", "count"):
        terms: dict[object, float] = {}
        for row in shown:
            sign = -1.0 if row["group"] == "net" else 1.0
            if row[kind] == MARK:
                terms[(kind, row["group"])] = sign
            else:
                constant[kind] += sign * row[kind]
        if terms:
            facts.fact(terms, -constant[kind], -constant[kind])
    for row in shown:  # count ≤ n
        c, n = ("count", row["group"]), ("n", row["group"])
        if row["count"] == MARK and row["n"] == MARK:
            facts.fact({c: 1, n: -1}, -math.inf, 0)
        elif row["count"] == MARK:
            facts.unknown(c, 0, row["n"])
        elif row["n"] == MARK:
            facts.unknown(n, row["count"], math.inf)
    hidden = [("count", r["group"]) for r in shown if r["count"] == MARK]
    ours = feasible_ranges(facts, hidden)
    theirs = attack_long(shown, group_total="net")
    for row, true in zip(shown, truth, strict=True):
        if row["count"] == MARK:
            low, high = ours[("count", row["group"])]
            assert low <= true["count"] <= high
            assert (low, high) == theirs[("c", "i", row["group"])]
