"""On the demo workspace: warm workers give the same reports as fresh kernels; only what changed is
rendered again; an interrupted run leaves nothing that looks finished and the next run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import NamedTuple

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


# The reports both comparisons below check: every kind of report once, the municipality report for
# three members (their network-wide tables and figures computed once, then read from the cache).
COMPARED = {"network_overview", "municipality_report", "survey_overview", "reflection", "gathering_summary",
            "network_evaluation"}
MEMBERS = ("", "5001", "5006", "1508")


class Rendered(NamedTuple):
    jobs: list[Job]
    warm: dict[int, dict[str, list[list[dict]]]]  # workers → job output → its cells' outputs
    fresh: dict[str, list[list[dict]]]


@pytest.fixture(scope="module")
def rendered(workspace: Workspace) -> Rendered:
    """``COMPARED`` rendered with one warm worker (one kernel renders them all in turn), then with
    two sharing the run's cache, then each job executed once in a fresh kernel.

    The fresh kernels share a cache of their own, filled by the first of them: the publications
    they print are computed apart from the warm runs' (and the test session's) cache."""
    jobs = [j for j in _jobs(workspace) if j.notebook in COMPARED and j.municipality in MEMBERS]
    assert {j.notebook for j in jobs} == COMPARED
    warm = {}
    for workers in (1, 2):
        results = run_jobs(workspace, jobs, workers=workers, force=True)
        assert all(r.status == "done" for r in results), [r.reason for r in results]
        warm[workers] = {j.output: _comparable(nbformat.read(executed_path(workspace, j), as_version=4))
                         for j in jobs}
    fresh = {}
    own = run_cache.create(workspace.root / "fresh-kernels")
    with run_cache.using(own):
        for job in jobs:
            notebook_path = workspace.notebook(job.notebook)
            fresh[job.output] = _comparable(fresh_execute(parameterised(notebook_path, job.parameters),
                                                          notebook_path.parent, 300))
    run_cache.remove(own)
    return Rendered(jobs, warm, fresh)


def _assert_rendered_as_fresh_kernels_would(rendered: Rendered, workers: int) -> None:
    for job in rendered.jobs:
        assert rendered.warm[workers][job.output] == rendered.fresh[job.output], job.output


def test_warm_workers_match_fresh_kernels(rendered: Rendered) -> None:
    _assert_rendered_as_fresh_kernels_would(rendered, workers=1)


def test_workers_sharing_the_run_cache_match_fresh_kernels(rendered: Rendered) -> None:
    """Two workers: network-wide tables and figures one computed, the other read from the run's
    cache on disk, and every report is still what fresh kernels make (with no cache but theirs)."""
    assert {j.municipality for j in rendered.jobs if j.notebook == "municipality_report"} == set(MEMBERS[1:])
    _assert_rendered_as_fresh_kernels_would(rendered, workers=2)


def test_only_what_changed_is_rendered_again(workspace: Workspace, rendered: Rendered) -> None:
    # Every network-wide report of the gathering and two members' reports: the changed member's
    # and one whose reports must stay as they are. Most were rendered for the comparisons above
    # (``rendered``): those are skipped the first time too.
    jobs = [j for j in _jobs(workspace) if j.municipality in ("", "5006", "5001")]
    first = run_jobs(workspace, jobs)
    assert all(r.status in ("done", "skipped") for r in first), [r.reason for r in first]
    skipped = {r.job.output for r in first if r.status == "skipped"}
    assert skipped >= {j.output for j in jobs} & {j.output for j in rendered.jobs}
    assert all(r.status == "skipped" for r in run_jobs(workspace, jobs))
    # One municipality corrects a goal measurement (an early one, before samling-3).
    goals = workspace.data_dir / "goals" / "midt-norge-2022.csv"
    lines = goals.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("5006,dager-til-kontakt,2022-"))
    fields = lines[index].split(",")
    fields[3] = str(float(fields[3]) + 1)
    lines[index] = ",".join(fields)
    goals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = run_jobs(workspace, jobs)
    done = {r.job.output for r in again if r.status == "done"}
    expected = {j.output for j in jobs if j.municipality == "5006" and j.notebook == "municipality_report"}
    # these list every member: the goal evaluation, and the follow-up (goals without a new measurement)
    expected |= {j.output for j in jobs if j.notebook in ("network_evaluation", "gathering_summary")}
    assert done == expected


def test_an_interrupted_run_leaves_nothing_half_written(workspace: Workspace) -> None:
    # One member's reports of every gathering (8), one worker: killed as soon as the first is
    # there, with most of the run still to do.
    command = [sys.executable, "-m", "learning", "render", "-w", str(workspace.root), "-n", "valdres",
               "-m", "3449", "-j", "1", "--force", "-q"]
    jobs = plan(workspace, [load_network(workspace, "valdres")], municipality="3449")
    assert len(jobs) > 3
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    folder = workspace.reports_dir / "valdres"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not list(folder.rglob("*.html")):
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)  # as hard as it gets: no clean-up in the parent
    process.wait(timeout=30)
    time.sleep(1)  # orphaned workers notice the closed pipe and stop
    assert [j for j in jobs if not html_path(workspace, j).exists()], "the run was not interrupted"
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), f"{page} is half-written"
    finished = subprocess.run([*command[:-2], "-q"], capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 0, finished.stderr
    for job in jobs:
        assert html_path(workspace, job).exists(), job.output
    assert not [p for p in workspace.reports_dir.rglob("*.tmp")]
