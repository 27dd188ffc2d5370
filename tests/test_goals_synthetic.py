"""The demo goals: deterministic, committed as generated, marked synthetic, every verdict shown."""

from __future__ import annotations

import pytest

from learning.goals import goals_path, load_goals, measurements_path
from learning.goals.achievement import achievement_table
from learning.synthetic.goals import write_demo
from learning.workspace import Workspace


def test_generator_is_deterministic_and_matches_the_committed_files(
    demo_workspace: Workspace, repo_workspace: Workspace
) -> None:
    for network in ("midt-norge-2022", "valdres"):
        goals_path(demo_workspace, network).unlink()
        measurements_path(demo_workspace, network).unlink()
    written = write_demo(demo_workspace)
    assert len(written) == 4
    for network in ("midt-norge-2022", "valdres"):
        for where in (goals_path, measurements_path):
            committed = where(repo_workspace, network)
            assert where(demo_workspace, network).read_bytes() == committed.read_bytes(), committed
    write_demo(demo_workspace)  # again, over its own output
    committed = goals_path(repo_workspace, "valdres").read_bytes()
    assert goals_path(demo_workspace, "valdres").read_bytes() == committed


@pytest.mark.parametrize("network", ["midt-norge-2022", "valdres"])
def test_demo_files_say_they_are_synthetic(repo_workspace: Workspace, network: str) -> None:
    assert "SYNTETISKE DEMODATA" in goals_path(repo_workspace, network).read_text(encoding="utf-8")
    text = measurements_path(repo_workspace, network).read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line.startswith("# Demo.") and "oppdiktet" in first_line


@pytest.mark.parametrize("network", ["midt-norge-2022", "valdres"])
def test_demo_shows_improvement_noise_and_too_few(repo_workspace: Workspace, network: str) -> None:
    table = achievement_table(load_goals(repo_workspace, network))
    assert {"improvement", "random", "too_few"} <= set(table["change"])
    assert table["target_reached"].any() and not table["target_reached"].all()
