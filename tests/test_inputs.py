"""The inputs registry: every declared kind is known, and the render key follows each kind's files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learning.inputs import INPUTS, input_kind, workspace_problems
from learning.network import load_network
from learning.problems import UserError
from learning.reflection.store import ReflectionStore
from learning.render.fingerprint import job_key
from learning.render.plan import Job, plan
from learning.synthetic.reflections import seed_demo_reflections
from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


def test_every_input_a_notebook_declares_is_registered() -> None:
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        declared = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("learning", {}).get("inputs", [])
        assert set(declared) <= set(INPUTS), path.name


def test_an_unknown_input_kind_is_a_clear_error() -> None:
    with pytest.raises(UserError, match="ukjent input 'weather'"):
        input_kind("weather", where="x.ipynb")


def _job(workspace: Workspace, notebook: str, municipality: str) -> Job:
    network = load_network(workspace, "midt-norge-2022")
    return next(j for j in plan(workspace, [network], gathering="samling-3")
                if j.notebook == notebook and j.municipality == municipality)


@pytest.mark.parametrize("kind", ["network", "goals", "exercises", "implementation"])
def test_changing_any_registered_file_changes_the_key(demo_workspace: Workspace, kind: str) -> None:
    job = _job(demo_workspace, "municipality_report", "5001")
    before = job_key(demo_workspace, job)
    for path in INPUTS[kind].files(demo_workspace, "midt-norge-2022"):
        assert path.is_file(), path  # the demo has every file the registry names
        with path.open("a", encoding="utf-8") as f:
            f.write("\n# endret\n")
    assert job_key(demo_workspace, job) != before


def test_a_workspaces_own_reference_file_changes_the_key(demo_workspace: Workspace) -> None:
    job = _job(demo_workspace, "municipality_report", "5001")
    before = job_key(demo_workspace, job)
    (demo_workspace.reference_dir / "unused-notes.txt").write_text("nothing reads this", encoding="utf-8")
    assert job_key(demo_workspace, job) == before  # only the files the loaders read count
    with (demo_workspace.reference_dir / "findings.yml").open("a", encoding="utf-8") as f:
        f.write("\n# endret\n")
    assert job_key(demo_workspace, job) != before


def test_a_new_reflection_changes_only_that_municipalitys_and_the_networks_keys(demo_workspace: Workspace) -> None:
    seed_demo_reflections(demo_workspace)
    own, other = _job(demo_workspace, "reflection", "5001"), _job(demo_workspace, "reflection", "5035")
    network_wide = _job(demo_workspace, "gathering_summary", "")  # lists every municipality's sharing
    own_before, other_before = job_key(demo_workspace, own), job_key(demo_workspace, other)
    network_before = job_key(demo_workspace, network_wide)
    store = ReflectionStore.for_workspace(demo_workspace)
    latest = store.latest_per_municipality("midt-norge-2022", "samling-3")
    version = next(v for v in latest if v.municipality == "5001")
    store.append(network=version.network, municipality=version.municipality, gathering=version.gathering,
                 exercise=version.exercise, role=version.role, shared=version.shared, answers=version.answers)
    assert job_key(demo_workspace, own) != own_before
    assert job_key(demo_workspace, other) == other_before
    assert job_key(demo_workspace, network_wide) != network_before


def test_check_reports_a_broken_exercise_file(demo_workspace: Workspace) -> None:
    network = load_network(demo_workspace, "midt-norge-2022")
    assert workspace_problems(demo_workspace, network) == []
    (demo_workspace.params_dir / "exercises" / "midt-norge-2022.yml").write_text("network: annet\n", encoding="utf-8")
    problems = workspace_problems(demo_workspace, network)
    assert any("exercises" in p.source for p in problems)
