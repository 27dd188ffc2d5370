"""The render run's shared cache: computed once for all processes, never reused for other
content, private, and gone after the run."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from learning import run_cache
from learning.render.engine import run_jobs
from learning.render.plan import Job
from learning.survey.memo import disk_key
from learning.workspace import Workspace
from shared_counting import calls, column_totals

TESTS = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _no_session_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests count computations: the test session's shared cache (conftest) must not serve them."""
    monkeypatch.delenv(run_cache.ENV_VAR, raising=False)
FRAME = {"a": [1, 2, 3], "b": [10, 20, 30]}

_CHILD = """
import sys
sys.path.insert(0, {tests!r})
import pandas as pd
from shared_counting import column_totals
print(column_totals(pd.DataFrame({frame!r}), {counter!r}, pause=1.0).to_dict())
"""


def _child(counter: Path, frame: dict[str, list[int]], cache: Path | None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != run_cache.ENV_VAR}
    if cache is not None:
        env[run_cache.ENV_VAR] = str(cache)
    code = _CHILD.format(tests=str(TESTS), frame=frame, counter=str(counter))
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)


def _outputs(processes: list[subprocess.Popen[str]]) -> list[str]:
    outputs = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert [p.returncode for p in processes] == [0] * len(processes)
    return outputs


def test_two_processes_share_one_computation(tmp_path: Path) -> None:
    cache = run_cache.create(tmp_path / "processed")
    counter = tmp_path / "calls.txt"
    outputs = _outputs([_child(counter, FRAME, cache), _child(counter, FRAME, cache)])
    assert len(calls(counter)) == 1  # the second waited for the first and read its result
    assert outputs[0] == outputs[1] == str(pd.DataFrame(FRAME).sum().to_dict())


def test_without_a_run_cache_each_process_computes(tmp_path: Path) -> None:
    counter = tmp_path / "calls.txt"
    _outputs([_child(counter, FRAME, None), _child(counter, FRAME, None)])
    assert len(calls(counter)) == 2


def test_changed_content_is_computed_again(tmp_path: Path) -> None:
    cache = run_cache.create(tmp_path / "processed")
    counter = tmp_path / "calls.txt"
    changed = {"a": [1, 2, 3], "b": [10, 20, 31]}
    first, second = _outputs([_child(counter, FRAME, cache)]) + _outputs([_child(counter, changed, cache)])
    assert len(calls(counter)) == 2
    assert second == str(pd.DataFrame(changed).sum().to_dict()) != first


def test_keys_follow_content_not_identity() -> None:
    frame = pd.DataFrame(FRAME)
    same = disk_key(column_totals.__wrapped__, (frame.copy(), "c"), {})
    assert same == disk_key(column_totals.__wrapped__, (pd.DataFrame(FRAME), "c"), {})
    assert same != disk_key(column_totals.__wrapped__, (frame.astype(float), "c"), {})  # type matters
    assert same != disk_key(column_totals.__wrapped__, (frame.rename(columns={"b": "c"}), "c"), {})
    assert same != disk_key(column_totals.__wrapped__, (frame.set_axis([5, 6, 7]), "c"), {})
    assert disk_key(column_totals.__wrapped__, (frame, lambda: 1), {}) is None  # no stable form: not shared


_IDENTITIES = """
from learning.controlchart import draw
from learning.disclosure.publication import wave_publication
from learning.reports.cooperation import _drawn_heatmap
from learning.runchart import chart
from learning.survey.memo import _function_identity
for function in (draw, wave_publication, _drawn_heatmap, chart):
    print(_function_identity(function.__wrapped__))
"""


def test_a_function_has_the_same_key_in_every_process() -> None:
    """A render's workers and the next run share results only if every process names a function
    alike: the cached drawing functions hold comprehensions (a code object's repr carries its
    address) and set constants (their order follows each process's string hashing)."""
    def identities(seed: str) -> list[str]:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _IDENTITIES], env=env, capture_output=True, text=True,
                              timeout=120, check=True)
        return done.stdout.split()

    first = identities("1")
    assert len(first) == 4 and first == identities("2")


def test_a_change_inside_a_comprehension_changes_the_key() -> None:
    from learning.survey.memo import _function_identity

    functions = []
    for body in ("v * v", "v * v * v"):
        namespace: dict[str, Any] = {}
        exec(f"def powers(values):\n    return [{body} for v in values if v in {{1, 2}}]", namespace)
        functions.append(namespace["powers"])
    assert _function_identity(functions[0]) != _function_identity(functions[1])
    calling: list[Any] = []
    for name in ("min", "max"):
        namespace = {}
        exec(f"def powers(values):\n    return {name}(values)", namespace)
        calling.append(namespace["powers"])
    assert _function_identity(calling[0]) != _function_identity(calling[1])  # same bytes, other names


def test_a_folder_that_is_not_private_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setenv(run_cache.ENV_VAR, str(folder))
    assert run_cache.active_folder() is None
    monkeypatch.setenv(run_cache.ENV_VAR, str(tmp_path / "missing"))
    assert run_cache.active_folder() is None


def test_abandoned_folders_are_removed(tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    mine = run_cache.create(processed)
    dead = run_cache.cache_root(processed) / "run-999999999-x"
    dead.mkdir()
    run_cache.remove_abandoned(processed)
    assert mine.is_dir() and not dead.exists()


@pytest.mark.slow
def test_render_workers_share_network_wide_work_and_clean_up(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "params").mkdir(parents=True)
    (root / "notebooks").mkdir()
    counter = tmp_path / "calls.txt"
    nb = new_notebook()
    parameters = new_code_cell("x = 1")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, new_code_cell(
        f"import os, sys\nsys.path.insert(0, {str(TESTS)!r})\nimport pandas as pd\n"
        "from shared_counting import column_totals\n"
        f"totals = column_totals(pd.DataFrame({FRAME!r}), {str(counter)!r}, pause=2.0)\n"
        "print(os.getpid(), totals.to_dict())")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "notebooks" / "shared.ipynb")
    workspace = Workspace(root)
    jobs = [Job("test", "shared", "network", "g", "", "nb", "participants", f"shared/{i}", {"x": i})
            for i in range(4)]
    results = run_jobs(workspace, jobs, workers=2, force=True)
    assert [r.status for r in results] == ["done"] * 4, [r.reason for r in results]
    printed = [nbformat.read(workspace.processed_dir / "executed" / f"shared/{i}.ipynb", as_version=4)
               .cells[-1].outputs[0]["text"].split(" ", 1) for i in range(4)]
    assert len({pid for pid, _ in printed}) == 2  # both workers' kernels ran jobs …
    assert len(calls(counter)) == 1  # … and only one of them computed
    assert {totals for _, totals in printed} == {str(pd.DataFrame(FRAME).sum().to_dict()) + "\n"}
    cache_root = run_cache.cache_root(workspace.processed_dir)
    assert stat.S_IMODE(cache_root.stat().st_mode) == 0o700
    (kept,) = cache_root.iterdir()  # one folder, kept for this version of the code …
    assert kept.name.startswith("kept-") and stat.S_IMODE(kept.stat().st_mode) == 0o700
    again = run_jobs(workspace, jobs[:1], workers=1, force=True)
    assert again[0].status == "done" and len(calls(counter)) == 1  # … so the next run reads it


def test_a_kept_folder_belongs_to_one_version_and_keeps_to_its_size(tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    old = run_cache.kept(processed, "aaaa")
    run_cache.shared(old, "k", lambda: 1)
    folder = run_cache.kept(processed, "bbbb")
    assert not old.exists()  # results of other code are not trusted
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("first", "second", "third"):
        run_cache.shared(folder, name, lambda: bytes(1000))
        time.sleep(0.01)  # distinct modification times
    assert run_cache.shared(folder, "first", lambda: b"") == bytes(1000)  # read: used again
    same = run_cache.kept(processed, "bbbb", limit=2500)
    assert same == folder
    assert sorted(p.stem for p in folder.glob("*.pickle")) == ["first", "third"]  # «second» was oldest


def test_run_cache_files_are_private(tmp_path: Path) -> None:
    folder = run_cache.create(tmp_path / "processed")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert run_cache.shared(folder, "k", lambda: {"n": 3}) == {"n": 3}
    assert run_cache.shared(folder, "k", lambda: {"n": 4}) == {"n": 3}  # stored, read back
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}


def test_chart_arguments_have_stable_forms_that_follow_content() -> None:
    import datetime as dt

    import numpy as np

    from learning.runchart import Mark, analyse

    values = np.array([1.0, 2.0, 3.0, 2.0, 5.0, 4.0])
    marks = (Mark(dt.date(2022, 3, 1), "S1"),)
    key = disk_key(column_totals.__wrapped__, (values, analyse(values), marks), {"lang": "nb"})
    assert key is not None
    assert key == disk_key(column_totals.__wrapped__, (values.copy(), analyse(values.copy()), marks), {"lang": "nb"})
    changed = values.copy()
    changed[-1] = 4.5
    assert key != disk_key(column_totals.__wrapped__, (changed, analyse(values), marks), {"lang": "nb"})
    assert key != disk_key(column_totals.__wrapped__, (values, analyse(values * 10), marks), {"lang": "nb"})
    later = (Mark(dt.date(2022, 3, 2), "S1"),)
    assert key != disk_key(column_totals.__wrapped__, (values, analyse(values), later), {"lang": "nb"})
    assert key != disk_key(column_totals.__wrapped__, (values, analyse(values), marks), {"lang": "nn"})


def test_a_run_inside_a_run_uses_the_enclosing_cache_and_leaves_it(tmp_path: Path) -> None:
    outer = run_cache.create(tmp_path / "outer")
    with run_cache.using(outer), run_cache.for_run(tmp_path / "processed") as folder:
        assert folder == outer
        run_cache.shared(folder, "k", lambda: 1)
    assert (outer / "k.pickle").exists()  # the enclosing run's, still there for it
    assert not run_cache.cache_root(tmp_path / "processed").exists()  # no folder of its own


def test_a_run_of_its_own_removes_its_cache(tmp_path: Path) -> None:
    with run_cache.for_run(tmp_path / "processed") as folder:
        assert run_cache.shared(folder, "k", lambda: 1) == 1
        assert folder.is_dir()
    assert not folder.exists()
