"""The warm-worker engine: no state leaks between jobs, failures stay alone, timeouts, kernel
deaths, and the same outputs as a fresh kernel."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from learning.render.engine import run_jobs
from learning.render.ledger import ledger_path, read_entries
from learning.render.plan import Job
from learning.workspace import Workspace

pytestmark = pytest.mark.slow


def _notebook(folder: Path, name: str, *sources: str) -> None:
    nb = new_notebook()
    parameters = new_code_cell('x = 1  # a number')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, *[new_code_cell(s) for s in sources]]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / f"{name}.ipynb")


def _job(name: str, output: str, x: int = 1) -> Job:
    return Job("test", name, "network", "g", "", "nb", "participants", output, {"x": x})


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("engine")
    (root / "params").mkdir()
    notebooks = root / "notebooks"
    notebooks.mkdir()
    # Fails if anything from an earlier job survived: a variable, an open figure, a setting, the folder.
    _notebook(notebooks, "clean",
              "import os, matplotlib, matplotlib.pyplot as plt, pandas as pd\n"
              "assert 'leftover' not in globals(), 'a variable leaked'\n"
              "assert plt.get_fignums() == [], 'a figure leaked'\n"
              "assert matplotlib.rcParams['lines.linewidth'] != 7, 'a matplotlib setting leaked'\n"
              "assert pd.get_option('display.max_rows') != 3, 'a pandas option leaked'\n"
              "assert os.getcwd().endswith('notebooks'), 'the working folder leaked'\n"
              "import random, sys, numpy as np\n"
              "assert pd.get_option('styler.format.precision') != 1, 'a styler option leaked'\n"
              "assert pd.get_option('mode.chained_assignment') != 'raise', 'a pandas mode leaked'\n"
              "assert 'LEARNING_LEAKED' not in os.environ, 'an environment variable leaked'\n"
              "assert '/leaked' not in sys.path, 'sys.path leaked'\n"
              "assert np.random.random() != np.random.RandomState(42).random(), 'numpy state leaked'\n"
              "assert random.random() != random.Random(42).random(), 'random state leaked'\n",
              "leftover = x\nplt.figure()\nmatplotlib.rcParams['lines.linewidth'] = 7\n"
              "pd.set_option('display.max_rows', 3)\npd.set_option('styler.format.precision', 1)\n"
              "pd.set_option('mode.chained_assignment', 'raise')\n"
              "os.environ['LEARNING_LEAKED'] = '1'\nsys.path.append('/leaked')\n"
              "np.random.seed(42)\nrandom.seed(42)\nos.chdir('/')\nprint(x * 2)")
    _notebook(notebooks, "fails", "raise ValueError('boom')")
    _notebook(notebooks, "hangs", "import time\ntime.sleep(120)")
    _notebook(notebooks, "dies", "import os\nos._exit(1)")
    return Workspace(root)


def test_no_state_leaks_between_jobs_in_one_worker(workspace: Workspace) -> None:
    jobs = [_job("clean", f"clean/{i}", x=i) for i in range(4)]
    results = run_jobs(workspace, jobs, workers=1, force=True)
    assert [r.status for r in results] == ["done"] * 4, [r.reason for r in results]
    executed = nbformat.read(workspace.processed_dir / "executed" / "clean/3.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"] == "6\n"  # the job's own parameter, injected


def test_failures_stay_alone_and_say_why(workspace: Workspace) -> None:
    jobs = [_job("clean", "a/1"), _job("fails", "a/2"), _job("clean", "a/3"), _job("dies", "a/4"),
            _job("clean", "a/5")]
    results = run_jobs(workspace, jobs, workers=2, force=True)
    assert [r.status for r in results] == ["done", "failed", "done", "failed", "done"]
    assert "ValueError: boom" in results[1].reason
    assert "Dead" in results[3].reason or "stoppet" in results[3].reason, results[3].reason
    assert not (workspace.reports_dir / "a/2.html").exists()
    assert (workspace.reports_dir / "a/5.html").exists()
    ledger = read_entries(workspace)
    assert ledger["a/2"].status == "failed" and "boom" in ledger["a/2"].reason
    assert stat.S_IMODE(ledger_path(workspace).stat().st_mode) == 0o600  # private, like every store


def test_a_hanging_job_times_out_and_never_looks_finished(workspace: Workspace) -> None:
    started = time.perf_counter()
    results = run_jobs(workspace, [_job("hangs", "t/1"), _job("clean", "t/2")], workers=1, timeout=4, force=True)
    assert time.perf_counter() - started < 60
    assert results[0].status == "failed" and "tidsavbrudd" in results[0].reason
    assert results[1].status == "done"
    assert not (workspace.reports_dir / "t/1.html").exists()
    assert not (workspace.processed_dir / "executed" / "t/1.ipynb").exists()


def test_unchanged_jobs_are_skipped_and_force_renders_again(workspace: Workspace) -> None:
    jobs = [_job("clean", "s/1"), _job("clean", "s/2", x=2)]
    assert [r.status for r in run_jobs(workspace, jobs, workers=1)] == ["done", "done"]
    assert [r.status for r in run_jobs(workspace, jobs, workers=1)] == ["skipped", "skipped"]
    changed = [jobs[0], _job("clean", "s/2", x=3)]  # a changed parameter is a changed job
    assert [r.status for r in run_jobs(workspace, changed, workers=1)] == ["skipped", "done"]
    (workspace.reports_dir / "s/1.html").unlink()  # a lost output is made again
    assert [r.status for r in run_jobs(workspace, changed, workers=1)] == ["done", "skipped"]
    assert [r.status for r in run_jobs(workspace, changed, workers=1, force=True)] == ["done", "done"]
