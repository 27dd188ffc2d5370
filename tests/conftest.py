"""Shared fixtures: a private copy of the demo workspace for every test that writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from tests.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures: a real PostgreSQL)

from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


def copy_demo(root: Path) -> Workspace:
    """Copy the repository's demo workspace (params/ and data/, without generated data) to root."""
    shutil.copytree(REPO / "params", root / "params")
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("processed"))
    return Workspace(root)


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Workspace:
    """A private copy of the demo workspace for one test."""
    return copy_demo(tmp_path / "workspace")


@pytest.fixture(scope="module")
def module_demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A private copy of the demo workspace shared by the tests of one module (for slow setups)."""
    return copy_demo(tmp_path_factory.mktemp("module") / "workspace")


class RenderedDemo(NamedTuple):
    workspace: Workspace
    result: subprocess.CompletedProcess[str]


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (each worker's own base
    folder lies inside the run's); without xdist, the run's base folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def session_run_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole test session is one render run: network-wide results (the survey publications
    above all, seconds per wave) are computed once and read by every test process, report kernel
    and ``learning render`` the tests start (``learning.run_cache``; keys are content, so a result
    is only reused for identical input). Tests of the cache itself take it away."""
    from learning import run_cache
    from learning.private_files import private_dir

    folder = private_dir(_shared_folder(tmp_path_factory) / "session-run-cache")
    with run_cache.using(folder):
        yield folder


@pytest.fixture(scope="session")
def rendered_demo(tmp_path_factory: pytest.TempPathFactory) -> RenderedDemo:
    """The whole demo (surveys imported, reflections seeded) rendered once per test run by
    ``learning render`` as a user would run it. Shared: tests only read it. With pytest-xdist the
    first worker that needs it renders it and the others wait for that render (a file lock)."""
    from filelock import FileLock

    shared = _shared_folder(tmp_path_factory)
    root, outcome = shared / "rendered-demo", shared / "rendered-demo.json"
    with FileLock(str(shared / "rendered-demo.lock")):
        if not outcome.exists():
            result = _render_demo(root)
            outcome.write_text(json.dumps({"args": result.args, "returncode": result.returncode,
                                           "stdout": result.stdout, "stderr": result.stderr}), encoding="utf-8")
    saved = json.loads(outcome.read_text(encoding="utf-8"))
    result = subprocess.CompletedProcess(saved["args"], saved["returncode"], saved["stdout"], saved["stderr"])
    assert result.returncode == 0, result.stderr
    return RenderedDemo(Workspace(root / "workspace"), result)


def _render_demo(root: Path) -> subprocess.CompletedProcess[str]:
    from learning.synthetic.manifest import import_demo_surveys
    from learning.synthetic.reflections import seed_demo_reflections

    workspace = copy_demo(root / "workspace")
    import_demo_surveys(workspace)
    seed_demo_reflections(workspace)
    # The kernels must import this checkout's package, not whatever the venv points at.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "learning", "render", "-w", str(workspace.root), "-q"],
                          capture_output=True, text=True, timeout=900, check=False, env=env)


@pytest.fixture
def repo_workspace() -> Workspace:
    """The repository itself, read-only: never write into it from a test."""
    return Workspace(REPO)
