"""Shared fixtures: a private copy of the demo workspace for every test that writes."""

from __future__ import annotations

import shutil
from pathlib import Path

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


@pytest.fixture
def repo_workspace() -> Workspace:
    """The repository itself, read-only: never write into it from a test."""
    return Workspace(REPO)
