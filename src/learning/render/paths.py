"""Where a job's outputs go."""

from __future__ import annotations

from pathlib import Path

from learning.render.plan import Job
from learning.workspace import Workspace


def executed_path(workspace: Workspace, job: Job) -> Path:
    """The executed notebook, kept for researchers beside the processed data."""
    return workspace.processed_dir / "executed" / f"{job.output}.ipynb"


def html_path(workspace: Workspace, job: Job) -> Path:
    """The participant report."""
    return workspace.reports_dir / f"{job.output}.html"
