"""On the demo workspace: warm workers give the same reports as fresh kernels; only what changed is
rendered again; an interrupted run leaves nothing that looks finished and the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from learning import run_cache
from learning.network import load_network
from learning.render.engine import run_jobs
from learning.render.paths import executed_path, html_path
from learning.render.plan import Job, plan
from learning.render.worker import fresh_execute, parameterised
from learning.synthetic.manifest import import_demo_surveys
from learning.synthetic.reflections import seed_demo_reflections
from learning.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def workspace(module_demo_workspace: Workspace) -> Workspace:
    import_demo_surveys(module_demo_workspace)
    seed_demo_reflections(module_demo_workspace)
    return module_demo_workspace


def _jobs(workspace: Workspace, gathering: str = "samling-3") -> list[Job]:
    network = load_network(workspace, "midt-norge-2022")
    return plan(workspace, [network], gathering=gathering)


def _comparable(notebook: nbformat.NotebookNode) -> list[list[dict]]:
    """Every code cell's outputs, without what legitimately differs between runs (timings)."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cells.append([{k: v for k, v in output.items() if k != "execution_count"} for output in cell.outputs])
    return cells


def _assert_rendered_as_fresh_kernels_would(workspace: Workspace, jobs: list, workers: int) -> None:
    """Render ``jobs`` with ``workers`` warm workers, then compare each with a fresh kernel's run.

    The fresh kernels share a cache of their own, filled by the first of them: the publications
    they print are computed apart from the warm run's (and the test session's) cache."""
    results = run_jobs(workspace, jobs, workers=workers, force=True)
    assert all(r.status == "done" for r in results), [r.reason for r in results]
    own = run_cache.create(workspace.root / "fresh-kernels")
    with run_cache.using(own):
        for job in jobs:
            notebook_path = workspace.notebook(job.notebook)
            fresh = fresh_execute(parameterised(notebook_path, job.parameters), notebook_path.parent, 300)
            warm = nbformat.read(executed_path(workspace, job), as_version=4)
            assert _comparable(warm) == _comparable(fresh), job.output
    run_cache.remove(own)


def test_warm_workers_match_fresh_kernels(workspace: Workspace) -> None:
    chosen = {"network_overview", "municipality_report", "survey_overview", "reflection", "gathering_summary"}
    jobs = [j for j in _jobs(workspace) if j.notebook in chosen and j.municipality in ("", "5001", "1508")]
    assert {j.notebook for j in jobs} == chosen
    _assert_rendered_as_fresh_kernels_would(workspace, jobs, workers=1)  # one kernel renders them all in turn


def test_workers_sharing_the_run_cache_match_fresh_kernels(workspace: Workspace) -> None:
    """Two workers: network-wide tables and figures one computed, the other read from the run's
    cache on disk, and every report is still what fresh kernels make (with no cache but theirs)."""
    jobs = [j for j in _jobs(workspace) if (j.notebook == "municipality_report" and j.municipality in
                                            ("5001", "5006", "1508"))
            or j.notebook == "network_evaluation"]
    _assert_rendered_as_fresh_kernels_would(workspace, jobs, workers=2)


def test_only_what_changed_is_rendered_again(workspace: Workspace) -> None:
    # Every network-wide report of the gathering and two members' reports: the changed member's
    # and one whose reports must stay as they are.
    jobs = [j for j in _jobs(workspace, "samling-4") if j.municipality in ("", "5006", "5001")]
    first = run_jobs(workspace, jobs)
    assert all(r.status in ("done", "skipped") for r in first), [r.reason for r in first]
    assert all(r.status == "skipped" for r in run_jobs(workspace, jobs))
    # One municipality corrects a goal measurement (an early one, before samling-4).
    goals = workspace.data_dir / "goals" / "midt-norge-2022.csv"
    lines = goals.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("5006,dager-til-kontakt,2022-"))
    fields = lines[index].split(",")
    fields[3] = str(float(fields[3]) + 1)
    lines[index] = ",".join(fields)
    goals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = run_jobs(workspace, jobs)
    rendered = {r.job.output for r in again if r.status == "done"}
    expected = {j.output for j in jobs if j.municipality == "5006" and j.notebook == "municipality_report"}
    # these list every member: the goal evaluation, and the follow-up (goals without a new measurement)
    expected |= {j.output for j in jobs if j.notebook in ("network_evaluation", "gathering_summary")}
    assert rendered == expected


def test_an_interrupted_run_leaves_nothing_half_written(workspace: Workspace) -> None:
    # One gathering's reports (every kind of report, but a third of the plan): enough to be killed mid-run.
    command = [sys.executable, "-m", "learning", "render", "-w", str(workspace.root), "-n", "valdres",
               "-g", "samhandling", "--force", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    folder = workspace.reports_dir / "valdres"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list(folder.rglob("*.html"))) < 3:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)  # as hard as it gets: no clean-up in the parent
    process.wait(timeout=30)
    time.sleep(1)  # orphaned workers notice the closed pipe and stop
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), f"{page} is half-written"
    finished = subprocess.run([*command[:-2], "-q"], capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr
    network = load_network(workspace, "valdres")
    for job in plan(workspace, [network], gathering="samhandling"):
        assert html_path(workspace, job).exists(), job.output
    assert not [p for p in workspace.reports_dir.rglob("*.tmp")]
