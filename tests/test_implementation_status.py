"""The status table: self-assessment first, the workspace file as fallback, shared answers only for
the network, and nothing after the report's gathering."""

from __future__ import annotations

import pandas as pd
import pytest

from learning.implementation import COLUMNS, SELF_ASSESSMENT, WORKSPACE, load_status, withheld
from learning.network import Network, load_network
from learning.reports.context import ReportContext
from learning.workspace import Workspace
from test_implementation_seeded import NETWORK, seed


@pytest.fixture
def network(demo_workspace: Workspace) -> Network:
    seed(demo_workspace)
    return load_network(demo_workspace, NETWORK)


def _inputs(workspace: Workspace) -> ReportContext:
    """The loaded inputs the status is made of, as a report has them (the gathering is any)."""
    return ReportContext.load(str(workspace.root), NETWORK, "samling-1")


def _status(frame: pd.DataFrame, kommune: str, gathering: str) -> dict[str, tuple[str, str]]:
    rows = frame[(frame["kommune"] == kommune) & (frame["gathering"] == gathering)]
    return {m: (s, src) for m, s, src in zip(rows["measure"], rows["status"], rows["source"], strict=True)}


def test_tidy_columns_and_one_row_per_measure(demo_workspace: Workspace, network: Network) -> None:
    frame = load_status(_inputs(demo_workspace))
    assert tuple(frame.columns) == COLUMNS
    assert not frame.duplicated(["kommune", "gathering", "measure"]).any()
    assert set(frame["network"]) == {NETWORK}


def test_the_self_assessment_wins_and_the_workspace_fills_the_gaps(
    demo_workspace: Workspace, network: Network
) -> None:
    frame = load_status(_inputs(demo_workspace))
    mine = _status(frame, "5001", "samling-2")
    # The workspace file says M1 «ikke_startet» for 5001, but 5001 did the self-assessment.
    assert mine["M1"] == ("etablert", SELF_ASSESSMENT) and mine["M2"] == ("etablert", SELF_ASSESSMENT)
    assert mine["M3"] == ("i_gang", SELF_ASSESSMENT)
    fallback = _status(frame, "5035", "samling-2")
    assert len(fallback) == 13
    assert fallback["M1"] == ("etablert", WORKSPACE) and fallback["M13"] == ("planlagt", WORKSPACE)
    assert _status(frame, "5037", "samling-2") == {}  # neither source


def test_the_own_view_uses_the_current_version_shared_or_not(demo_workspace: Workspace, network: Network) -> None:
    frame = load_status(_inputs(demo_workspace))
    assert _status(frame, "5031", "samling-2")["M12"] == ("etablert", SELF_ASSESSMENT)
    assert _status(frame, "5006", "samling-2")["M5"] == ("etablert", SELF_ASSESSMENT)


def test_the_network_view_keeps_only_shared_current_versions(demo_workspace: Workspace, network: Network) -> None:
    frame = load_status(_inputs(demo_workspace), shared_only=True)
    at_2 = frame[frame["gathering"] == "samling-2"]
    assert sorted(set(at_2["kommune"])) == ["5001", "5007", "5035"]
    # 5006 shared an earlier version, but its current one is not shared: it is out.
    assert "5006" not in set(frame["kommune"])
    assert withheld(_inputs(demo_workspace), network.gathering("samling-2")) == ["5006", "5031"]
    assert withheld(_inputs(demo_workspace), network.gathering("samling-1")) == ["5006"]


def test_only_gatherings_up_to_the_date(demo_workspace: Workspace, network: Network) -> None:
    until = network.gathering("samling-2").date
    assert set(load_status(_inputs(demo_workspace), until=until)["gathering"]) == {"samling-1", "samling-2"}
    assert "samling-3" in set(load_status(_inputs(demo_workspace))["gathering"])


def test_without_a_workspace_file_only_self_assessments(demo_workspace: Workspace, network: Network) -> None:
    (demo_workspace.params_dir / "implementation" / f"{NETWORK}.yml").unlink()
    frame = load_status(_inputs(demo_workspace))
    assert set(frame["source"]) == {SELF_ASSESSMENT}
    assert "5035" not in set(frame["kommune"])
