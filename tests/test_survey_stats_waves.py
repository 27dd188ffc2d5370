"""Which waves a gathering's report may use, on the demo networks."""

from __future__ import annotations

import pandas as pd
import pytest

from learning.network import load_network
from learning.problems import UserError
from learning.survey import aggregate
from learning.survey.waves import responses_until, waves_until
from learning.workspace import Workspace
from test_survey_stats_frames import responses, rows


def test_midt_norge_waves(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "midt-norge-2022")
    assert waves_until(network, "samling-1") == ["baseline", "samling-1"]
    assert waves_until(network, "samling-3") == ["baseline", "samling-1", "samling-2", "samling-3"]


def test_valdres_waves_in_date_order(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres")
    # dates in params/valdres.yml: oppstart 2024-03-12, samhandling 2024-09-17, rutiner 2025-03-11
    assert waves_until(network, "rutiner") == ["baseline", "oppstart", "samhandling", "rutiner"]


def test_waves_sorted_by_date_not_by_file_order(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres")
    shuffled = network.model_copy(update={"gatherings": list(reversed(network.gatherings))})
    assert waves_until(shuffled, "samhandling") == ["baseline", "oppstart", "samhandling"]


def test_unknown_gathering(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres")
    with pytest.raises(UserError, match="samling-9"):
        waves_until(network, "samling-9")


def test_old_report_gives_the_same_figures_after_later_waves(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "midt-norge-2022")
    on_the_day = responses([
        *rows(6, wave="baseline", p_identify=2), *rows(6, wave="samling-1", p_identify=4),
        *rows(1, wave="not-a-gathering", p_identify=5),
    ])
    later = pd.concat([on_the_day, responses(rows(9, wave="samling-2", p_identify=5))],
                      ignore_index=True)
    before = aggregate.practice_items(responses_until(on_the_day, network, "samling-1"))
    after = aggregate.practice_items(responses_until(later, network, "samling-1"))
    pd.testing.assert_frame_equal(before, after)
    row = before[before["item"] == "p_identify"].iloc[0]
    assert (row["n"], row["count"]) == (12, 6)  # the unknown wave and samling-2 are left out


def test_responses_until_on_empty_input(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres")
    assert responses_until(responses([]), network, "oppstart").empty
    assert responses_until(pd.DataFrame(), network, "oppstart").empty
