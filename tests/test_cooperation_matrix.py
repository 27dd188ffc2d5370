"""The cooperation map's data: hand-computed shares, and suppression that holds."""

from __future__ import annotations

import pandas as pd
import pytest

from learning.network import load_network
from learning.privacy import MARK
from learning.survey import cooperation as co
from learning.survey import schema
from learning.survey.store import load_responses
from learning.synthetic.manifest import import_demo_surveys
from learning.workspace import Workspace
from test_survey_stats_frames import responses, rows

MEMBERS = ("3449", "3450", "3451", "3452", "3453", "3454")


@pytest.fixture
def frame() -> pd.DataFrame:
    specs = [
        # Sør-Aurdal: 10 at school; 4 with child welfare and the health station, 1 with NAV,
        # 5 left the question empty (they still count in n)
        *rows(4, kommune="3449", tjeneste="skole",
              samarbeid=("barnevern", "helsestasjon_skolehelse")),
        *rows(1, kommune="3449", tjeneste="skole", samarbeid=("nav",)),
        *rows(5, kommune="3449", tjeneste="skole"),
        # Etnedal: only 2 respondents
        *rows(2, kommune="3450", tjeneste="skole", samarbeid=("barnevern",)),
        # Nord-Aurdal: 6 at school (1 with child welfare), 5 at the health station (all with school)
        *rows(1, kommune="3451", tjeneste="skole", samarbeid=("barnevern",)),
        *rows(5, kommune="3451", tjeneste="skole", samarbeid=()),
        *rows(5, kommune="3451", tjeneste="helsestasjon_skolehelse", samarbeid=("skole",)),
    ]
    return responses(specs, network="valdres")


def test_matrix_against_hand_computed_shares(frame: pd.DataFrame) -> None:
    protected = co.protect_cooperation(frame, MEMBERS, 5)
    shares, n = co.matrix(protected, "3449")
    assert list(shares.index) == ["skole"]  # no health-station row: Sør-Aurdal has 0 there
    assert n["skole"] == 10
    assert shares.loc["skole", "barnevern"] == pytest.approx(0.4)
    assert shares.loc["skole", "helsestasjon_skolehelse"] == pytest.approx(0.4)
    assert shares.loc["skole", "nav"] == pytest.approx(0.1)
    assert shares.loc["skole", "skole"] == 0

    shares, n = co.matrix(protected, "3451")
    assert n["skole"] == 6 and n["helsestasjon_skolehelse"] == 5
    assert shares.loc["skole", "barnevern"] == pytest.approx(1 / 6)
    assert shares.loc["helsestasjon_skolehelse", "skole"] == 1.0  # 5 of 5: nobody singled out

    shares, n = co.matrix(protected, co.NETWORK)
    assert n["skole"] == 18  # 10 + 2 + 6
    assert shares.loc["skole", "barnevern"] == pytest.approx(7 / 18)  # 4 + 2 + 1
    assert shares.loc["skole", "helsestasjon_skolehelse"] == pytest.approx(4 / 18)
    assert shares.loc["helsestasjon_skolehelse", "skole"] == 1.0


def test_small_groups_show_nothing(frame: pd.DataFrame) -> None:
    protected = co.protect_cooperation(frame, MEMBERS, 5)
    shares, n = co.matrix(protected, "3450")
    assert n["skole"] == MARK
    assert (shares.loc["skole"] == MARK).all()
    # the complement rule: 6 of Nord-Aurdal's 6 at school … 1 of 6 is shown, 0 of 6 too;
    # raise the threshold and the 6 themselves are too few
    shares, n = co.matrix(co.protect_cooperation(frame, MEMBERS, 7), "3451")
    assert n["skole"] == MARK and (shares.loc["skole"] == MARK).all()


def test_complement_rule_hides_a_share(frame: pd.DataFrame) -> None:
    more = pd.concat([frame, responses(rows(3, kommune="3451", tjeneste="helsestasjon_skolehelse",
                                            samarbeid=("nav",)), network="valdres")])
    shares, n = co.matrix(co.protect_cooperation(more, MEMBERS, 5), "3451")
    assert n["helsestasjon_skolehelse"] == 8
    # 5 of 8 with school: the 3 others could be singled out
    assert shares.loc["helsestasjon_skolehelse", "skole"] == MARK
    assert shares.loc["helsestasjon_skolehelse", "nav"] == pytest.approx(3 / 8)


def test_change_has_both_waves_with_both_n(frame: pd.DataFrame) -> None:
    later = responses([
        *rows(6, kommune="3449", tjeneste="skole", wave="rutiner", samarbeid=("barnevern",)),
        *rows(6, kommune="3449", tjeneste="skole", wave="rutiner", samarbeid=("ppt",)),
    ], network="valdres")
    before = co.protect_cooperation(frame, MEMBERS, 5)
    after = co.protect_cooperation(later, MEMBERS, 5)
    table = co.change(before, after, "3449").set_index(["tjeneste", "partner"])
    row = table.loc[("skole", "barnevern")]
    assert (row["n_from"], row["n_to"]) == (10, 12)
    assert row["share_from"] == pytest.approx(0.4) and row["share_to"] == pytest.approx(0.5)
    assert table.loc[("skole", "ppt"), "share_from"] == 0
    assert table.loc[("skole", "ppt"), "share_to"] == pytest.approx(0.5)
    assert ("skole", "skole") not in table.index  # 0 in both waves: left out


def _equations_ok(hidden: pd.DataFrame, groups: list[list[tuple[str, str]]]) -> None:
    """No sum has exactly one hidden cell (that cell would follow from the others)."""
    cells = set(zip(hidden["row"], hidden["column"], strict=True))
    for group in groups:
        assert sum(cell in cells for cell in group) != 1, group


@pytest.mark.parametrize("network", ["valdres", "midt-norge-2022"])
def test_suppression_holds_on_the_demo(demo_workspace: Workspace, network: str) -> None:
    import_demo_surveys(demo_workspace)
    everything = load_responses(demo_workspace, network)
    members = tuple(load_network(demo_workspace, network).member_numbers)
    for wave, part in everything.groupby("wave"):
        sizes = co.protect_sizes(part, members, 5)
        true = co.size_table(part, members)
        for place in true.index:
            for column in true.columns:
                shown = sizes.display.loc[place, column]
                if shown != MARK:
                    assert shown == true.loc[place, column]
                    assert shown == 0 or shown >= 5, (wave, place, column)
        places = [*members, co.NETWORK]
        services = [*schema.SERVICES]
        _equations_ok(sizes.hidden,
                      [[(p, s) for s in [*services, co.TOTAL]] for p in places]
                      + [[(p, s) for p in places] for s in [*services, co.TOTAL]])

        protected = co.protect_cooperation(part, members, 5)
        display = protected.display
        for row in display.itertuples(index=False):
            if row.share == MARK:
                continue
            size = true.loc[row.kommune, row.tjeneste]
            assert row.n == size >= 5, (wave, row)
            assert not 0 < size - row.count < 5, (wave, row)
        hidden = display[display["count"] == MARK]
        for (service, partner), group in display.groupby(["tjeneste", "partner"]):
            marks = group["count"] == MARK
            assert marks.sum() != 1, (wave, service, partner)
        assert len(hidden) > 0  # the demo has small groups: the test is not empty
