"""Shared fixtures: a private copy of the demo workspace for every test that writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo_workspace(tmp_path: Path) -> Workspace:
    """A copy of the repository's demo workspace (params/ and data/, without generated data)."""
    root = tmp_path / "workspace"
    shutil.copytree(REPO / "params", root / "params")
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("processed"))
    return Workspace(root)


@pytest.fixture
def repo_workspace() -> Workspace:
    """The repository itself, read-only: never write into it from a test."""
    return Workspace(REPO)
