"""``learning demo``: prepare the bundled demo workspace and render all its reports."""

from __future__ import annotations

from learning.cli import app
from learning.cli.options import WorkspaceOption
from learning.cli.render import render_workspace, selected_networks
from learning.workspace import Workspace


@app.command()
def demo(workspace: WorkspaceOption = None) -> int:
    """Lag alle rapportene i demo-arbeidsområdet (syntetiske data) og vis hvor de ligger."""
    ws = Workspace.locate(workspace)
    results = render_workspace(ws, selected_networks(ws, None))
    return 1 if any(r.status == "failed" for r in results) else 0
