"""``learning check``: validate the whole workspace and print every problem at once."""

from __future__ import annotations

from rich.console import Console

from learning.cli import app
from learning.cli.options import WorkspaceOption
from learning.network import load_networks
from learning.problems import UserError
from learning.workspace import Workspace


@app.command()
def check(workspace: WorkspaceOption = None) -> int:
    """Sjekk nettverksfilene i params/ med mål, refleksjonsoppgaver og tiltaksstatus; vis alle feil."""
    from learning.inputs import workspace_problems  # pandas: not needed by the other commands

    ws = Workspace.locate(workspace)
    networks, problems = load_networks(ws)
    from learning.render.plan import output_collisions

    for network in networks:
        problems += workspace_problems(ws, network) + output_collisions(network)
    if problems:
        raise UserError(problems)
    if not networks:
        raise UserError(f"{ws.params_dir}: ingen nettverksfiler (*.yml). Legg inn én per nettverk.")
    console = Console(highlight=False)
    for network in networks:
        console.print(f"[green]✓[/] {network.id}: {len(network.members)} kommuner, "
                      f"{len(network.gatherings)} samlinger")
    console.print(f"Arbeidsområdet {ws.root} er i orden.")
    return 0
