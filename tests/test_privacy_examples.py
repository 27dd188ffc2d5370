"""Suppression on small tables worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from learning.i18n import t
from learning.privacy import (
    MARK,
    Reason,
    as_shares,
    check_min_n,
    explanation,
    protect_counts,
    protect_stats,
)
from learning.problems import UserError


@pytest.mark.parametrize("bad", [2, 0, -5, True, 4.5, "5"])
def test_threshold_below_three_or_not_an_integer_is_refused(bad: object) -> None:
    with pytest.raises(UserError, match="minst 3"):
        check_min_n(bad)  # type: ignore[arg-type]
    with pytest.raises(UserError):
        protect_counts(pd.DataFrame({"a": [5]}), min_n=bad)  # type: ignore[arg-type]


def test_threshold_three_is_allowed() -> None:
    assert check_min_n(3) == 3


def test_complement_in_a_single_group() -> None:
    # 18 of 20 «often/always»: the other 2 could be singled out, so 18 is hidden; with n shown,
    # 2 would give 18 back (20 − 2), so it is hidden as well.
    protected = protect_counts(pd.DataFrame({"often": [18], "other": [2]}, index=["A"]))
    assert protected.display.loc["A"].tolist() == [MARK, MARK, 20]
    assert protected.reason("A", "often") is Reason.COMPLEMENT
    assert protected.reason("A", "other") is Reason.SECONDARY
    assert protected.reason("A", "n") is None
    assert protected.has_marks


def test_nothing_hidden_when_nothing_is_risky() -> None:
    counts = pd.DataFrame({"often": [10, 0], "other": [10, 7]}, index=["A", "B"])
    protected = protect_counts(counts, total_label="Alle")
    assert not protected.has_marks
    # 0 of 7 and 7 of 7 single nobody out; the total row is the column sums
    assert protected.display.loc["Alle"].tolist() == [10, 17, 27]


def test_small_group_and_secondary_suppression_with_totals() -> None:
    # A has 3 respondents: all its figures go (primary). With the total row shown, A's cells would
    # follow by subtraction in each column, so a second group must go too. C (15) is the smallest
    # other group: hiding C's x, y and n leaves each column with two unknowns, and the rows A and
    # C with two unknowns each, and no combination of sums isolates one of them.
    counts = pd.DataFrame({"x": [2, 10, 7], "y": [1, 10, 8]}, index=["A", "B", "C"])
    protected = protect_counts(counts, total_label="Alle", min_n=5)
    display = protected.display
    assert display.loc["A"].tolist() == [MARK, MARK, MARK]
    assert display.loc["C"].tolist() == [MARK, MARK, MARK]
    assert display.loc["B"].tolist() == [10, 10, 20]
    assert display.loc["Alle"].tolist() == [19, 19, 38]
    assert {protected.reason("A", c) for c in ("x", "y", "n")} == {Reason.PRIMARY}
    assert {protected.reason("C", c) for c in ("x", "y", "n")} == {Reason.SECONDARY}


def test_multiple_choice_rows_are_not_treated_as_sums() -> None:
    # 12 respondents could tick several partners: 11 ticked «nav» (complement 1: hidden), and the
    # row is no sum (4 + 11 ≠ 12), so 4 may stay.
    counts = pd.DataFrame({"skole": [4], "nav": [11]}, index=["helsestasjon"])
    protected = protect_counts(counts, pd.Series({"helsestasjon": 12}))
    assert protected.display.loc["helsestasjon"].tolist() == [4, MARK, 12]


def test_shares() -> None:
    counts = pd.DataFrame({"often": [6, 18], "other": [6, 2]}, index=["A", "B"])
    shares = as_shares(protect_counts(counts))
    assert shares.loc["A", "often"] == pytest.approx(0.5)
    assert shares.loc["B"].tolist()[:2] == [MARK, MARK]


def test_explanation_in_both_languages() -> None:
    nb, nn = explanation(5, "nb"), explanation(5, "nn")
    assert nb != nn
    for text in (nb, nn):
        assert text.startswith(MARK) and "5" in text
    assert t("privacy.explanation", "nn", mark=MARK, min_n=7) == explanation(7, "nn")


def test_stats_primary_complement_and_secondary() -> None:
    # p_identify per municipality and for the network (the sums of the municipalities).
    # A (n=3) is hidden entirely (primary). D has 18 of 20: count and share go, n stays
    # (complement). The counts of A and D are two unknowns in the network's count sum: safe. A's n
    # is the only unknown in the network's n sum, so another n must go: the smallest, C's (8) –
    # and with it C's count and share, which would give C's n back. The network row stays.
    frame = pd.DataFrame({
        "kommune": ["A", "B", "C", "D", "Alle"],
        "item": ["p_identify"] * 5,
        "n": [3, 10, 8, 20, 41],
        "count": [1, 5, 2, 18, 26],
    })
    frame["share"] = frame["count"] / frame["n"]
    protected = protect_stats(frame, group="kommune", total="Alle")
    display = protected.display.set_index("kommune")
    assert display.loc["A", ["n", "count", "share"]].tolist() == [MARK] * 3
    assert display.loc["C", ["n", "count", "share"]].tolist() == [MARK] * 3
    assert display.loc["D", ["n", "count", "share"]].tolist() == [20, MARK, MARK]
    assert display.loc["B", "share"] == pytest.approx(0.5)
    assert display.loc["Alle", "count"] == 26
    reasons = protected.hidden.assign(kommune=frame["kommune"].to_numpy()[protected.hidden["row"]])
    by_municipality = reasons.groupby("kommune")["reason"].agg(set).to_dict()
    assert by_municipality == {"A": {"primary"}, "C": {"secondary"}, "D": {"complement"}}


def test_stats_without_a_total_and_with_empty_groups() -> None:
    frame = pd.DataFrame({"item": ["a", "b"], "n": [0, 6], "count": [0, 6],
                          "share": [math.nan, 1.0], "mean": [math.nan, 4.5]})
    display = protect_stats(frame).display
    assert display.loc[0].tolist() == ["a", MARK, MARK, MARK, MARK]
    assert display.loc[1].tolist() == ["b", 6, 6, 1.0, 4.5]


def test_stats_on_an_empty_table() -> None:
    frame = pd.DataFrame({"item": pd.Series(dtype=object), "n": pd.Series(dtype="int64")})
    protected = protect_stats(frame, count=None)
    assert protected.display.empty and not protected.has_marks
