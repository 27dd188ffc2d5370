"""``learning demo``: prepare the bundled demo workspace and render all its reports."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from learning.cli import app
from learning.cli.options import WorkspaceOption
from learning.cli.render import render_workspace, selected_networks
from learning.workspace import Workspace
from learning.workspace_lock import workspace_lock


@app.command()
def demo(
    workspace: WorkspaceOption = None,
    render: Annotated[bool, typer.Option(
        "--render/--no-render", help="Lag rapportene også (standard), eller bare legg inn demodataene.")] = True,
) -> int:
    """Importer demodataene (syntetiske), lag alle rapportene og vis hvor de ligger."""
    from learning.synthetic.manifest import import_demo_surveys  # pandas: only for this command
    from learning.synthetic.reflections import seed_demo_reflections

    ws = Workspace.locate(workspace)
    console = Console(highlight=False)
    with workspace_lock(ws, "demo"):
        summaries = import_demo_surveys(ws)
        added = sum(s.accepted for s in summaries if not s.already_imported)
        console.print(f"Demokartlegginger: {len(summaries)} filer, {added} nye svar importert "
                      f"(filer som alt er importert, legges ikke inn på nytt).")
        seeded = seed_demo_reflections(ws)
        console.print(f"Demorefleksjoner: {seeded} nye versjoner lagt inn." if seeded
                      else "Demorefleksjonene er alt lagt inn.")
        if not render:
            return 0
        results = render_workspace(ws, selected_networks(ws, None))
    return 1 if any(r.status == "failed" for r in results) else 0
