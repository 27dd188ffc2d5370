"""``learning init DIR``: a workspace for a new network, from options or by asking."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from learning.cli import app
from learning.cli.network import clock_option, date_option
from learning.network.create import FirstGathering, create_workspace, member_names
from learning.network.edit import municipality_number


def _ask_list(given: list[str] | None, question: str) -> list[str]:
    if given:
        return given
    answer = typer.prompt(f"{question} (skill med komma)")
    return [part.strip() for part in answer.split(",") if part.strip()]


@app.command("init")
def init(
    folder: Annotated[Path, typer.Argument(help="Mappen arbeidsområdet skal ligge i (lages).")],
    name: Annotated[str | None, typer.Option("--navn", help="Nettverkets navn.")] = None,
    organisers: Annotated[list[str] | None, typer.Option(
        "--arrangor", help="Arrangør, for eksempel Statsforvalteren i Innlandet. Kan gis flere ganger.")] = None,
    members: Annotated[list[str] | None, typer.Option(
        "--kommune", help="Medlemskommune, navn eller nummer. Kan gis flere ganger.")] = None,
    date: Annotated[str | None, typer.Option("--samling-dato", help="Dato for første samling, f.eks. 15.01.2025.")]
        = None,
    place: Annotated[str | None, typer.Option("--samling-sted", help="Sted for første samling (eller Teams).")]
        = None,
    theme: Annotated[str | None, typer.Option("--samling-tema", help="Tema for første samling.")] = None,
    digital: Annotated[bool, typer.Option("--digital/--fysisk", help="Første samling er digital eller fysisk.")]
        = False,
    start: Annotated[str, typer.Option("--start", help="Starttid for første samling.")] = "09:00",
    end: Annotated[str, typer.Option("--slutt", help="Sluttid for første samling.")] = "15:00",
    target_group: Annotated[str, typer.Option("--malgruppe", help="Hvem nettverket er for.")]
        = "Ansatte i kommunenes tjenester som møter barn som pårørende og foreldrene deres.",
) -> int:
    """Lag et arbeidsområde for et nytt nettverk. Det du ikke oppgir, blir du spurt om."""
    name = name or typer.prompt("Nettverkets navn")
    organisers = _ask_list(organisers, "Arrangør(er)")
    numbers = [municipality_number(m) for m in _ask_list(members, "Medlemskommuner, navn eller nummer")]
    day = date_option(date or typer.prompt("Dato for første samling (DD.MM.ÅÅÅÅ)"), "--samling-dato")
    place = place or typer.prompt("Sted for første samling")
    theme = theme or typer.prompt("Tema for første samling", default="Oppstart")
    gathering = FirstGathering(date=day, place=place, theme=theme, format="digital" if digital else "physical",
                               start=str(clock_option(start, "--start")), end=str(clock_option(end, "--slutt")))
    workspace, network_id = create_workspace(folder, name, organisers, numbers, gathering, target_group=target_group)
    console = Console(highlight=False)
    console.print(f"[green]✓[/] Arbeidsområdet er laget i {workspace.root}")
    console.print(f"  Nettverket {network_id}: {member_names(numbers)}", markup=False)
    console.print(f"  Første samling {day:%d.%m.%Y}. Les README.md der for hva du gjør videre.")
    return 0
