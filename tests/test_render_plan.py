"""Planning render jobs, and checking every job's parameters before any kernel starts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from learning.network import load_network
from learning.problems import UserError
from learning.render.parameters import declared_parameters, parameter_errors
from learning.render.plan import plan
from learning.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    nb = new_notebook()
    cell = new_code_cell('network = "x"  # the network\ncount = 3  # how many\nratio = 0.5\nlang = "nb"')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    return path


def test_declared_parameters_with_types_and_help(notebook: Path) -> None:
    declared = declared_parameters(notebook)
    assert list(declared) == ["network", "count", "ratio", "lang"]
    assert declared["count"].type is int and declared["count"].default == 3
    assert declared["network"].help == "the network"


def test_good_parameters_pass(notebook: Path) -> None:
    assert parameter_errors(notebook, {"network": "valdres", "count": 4, "ratio": 1.0}) == []


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"netwrk": "x"}, "'netwrk' er ikke en parameter"),
        ({"__import__('os').system('x')": 1}, "ikke et gyldig Python-navn"),
        ({"a b": 1}, "ikke et gyldig Python-navn"),
        ({"count": "3"}, "count='3' har typen str, men demo.ipynb venter int"),
        ({"count": True}, "venter int"),
    ],
)
def test_bad_parameters_are_named(notebook: Path, parameters: dict[str, object], expected: str) -> None:
    errors = parameter_errors(notebook, parameters)
    assert len(errors) == 1 and expected in errors[0], errors


def test_plan_gives_one_overview_per_gathering_with_unique_paths(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "midt-norge-2022", today=TODAY)
    jobs = [j for j in plan(repo_workspace, [network]) if j.notebook == "network_overview"]
    assert sorted(j.gathering for j in jobs) == sorted(g.id for g in network.gatherings)
    all_jobs = plan(repo_workspace, [network])
    assert len({j.output for j in all_jobs}) == len(all_jobs)


def test_plan_narrows_to_a_gathering(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres", today=TODAY)
    jobs = plan(repo_workspace, [network], gathering="rutiner")
    assert jobs and {j.gathering for j in jobs} == {"rutiner"}


def test_plan_rejects_unknown_gathering_and_municipality(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres", today=TODAY)
    with pytest.raises(UserError, match="ingen samling 'samling-9'"):
        plan(repo_workspace, [network], gathering="samling-9")
    with pytest.raises(UserError, match="kommune '5001' er ikke medlem"):
        plan(repo_workspace, [network], municipality="5001")


def test_a_job_parameter_from_params_is_checked_before_running(demo_workspace: Workspace) -> None:
    path = demo_workspace.params_dir / "valdres.yml"
    text = path.read_text(encoding="utf-8").replace(
        "  - notebook: network_overview\n    scope: gathering\n",
        "  - notebook: network_overview\n    scope: gathering\n    parameters: {lang: se, gatherin: x}\n", 1)
    path.write_text(text, encoding="utf-8")
    network = load_network(demo_workspace, "valdres", today=TODAY)
    with pytest.raises(UserError) as caught:
        plan(demo_workspace, [network])
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "jobb valdres/alle-kommuner/samling-1-2024-03-12-nettverksoversikt" in messages
    assert "'gatherin' er ikke en parameter" in messages
    assert "lang='se'" in messages
