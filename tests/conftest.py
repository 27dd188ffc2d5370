"""Shared fixtures: a private copy of the demo workspace for every test that writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="session")
def rendered_demo(tmp_path_factory: pytest.TempPathFactory) -> RenderedDemo:
    """The whole demo (surveys imported, reflections seeded) rendered once per test session by
    ``learning render`` as a user would run it. Shared: tests only read it."""
    from learning.synthetic.manifest import import_demo_surveys
    from learning.synthetic.reflections import seed_demo_reflections

    workspace = copy_demo(tmp_path_factory.mktemp("rendered") / "workspace")
    import_demo_surveys(workspace)
    seed_demo_reflections(workspace)
    # The kernels must import this checkout's package, not whatever the venv points at.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "learning", "render", "-w", str(workspace.root), "-q"],
                            capture_output=True, text=True, timeout=900, check=False, env=env)
    assert result.returncode == 0, result.stderr
    return RenderedDemo(workspace, result)


@pytest.fixture
def repo_workspace() -> Workspace:
    """The repository itself, read-only: never write into it from a test."""
    return Workspace(REPO)
