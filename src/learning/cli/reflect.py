"""``learning reflect``: serve a municipality's reflection exercise with Voilà on localhost;
``learning reflect-export``: every stored version for researchers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from learning.cli import app
from learning.cli.options import RequiredNetwork, WorkspaceOption
from learning.i18n import check_language
from learning.workspace import Workspace


@app.command("reflect")
def reflect(
    network: RequiredNetwork,
    municipality: Annotated[str, typer.Option("--municipality", "-m", help="Kommunenummeret.")],
    gathering: Annotated[str, typer.Option("--gathering", "-g", help="Samlingens id.")],
    port: Annotated[
        int, typer.Option(help="Porten Voilà lytter på (bare 127.0.0.1). 0: en ledig port.")
    ] = 8866,
    role: Annotated[
        str,
        typer.Option(
            help="Forhåndsvalgt rolle: leder, helsepersonell, annen_fagperson "
            "eller fasilitator. Tomt: velges i skjemaet."
        ),
    ] = "",
    lang: Annotated[str, typer.Option(help="nb eller nn. Tomt: kommunens målform.")] = "",
    workspace: WorkspaceOption = None,
) -> int:
    """Vis refleksjonsoppgavene for én kommune og samling i nettleseren (Voilà, bare lokalt)."""
    from learning.reflection.serve import serve  # Voilà and the report modules: only for this command
    from learning.reports.context import ReportContext

    try:
        if lang:
            check_language(lang)
    except ValueError as error:
        raise typer.BadParameter(f"{error}; eller la den stå tom", param_hint="--lang") from None
    ctx = ReportContext.load(workspace or "", network, gathering, municipality, lang)
    console = Console(highlight=False)
    return serve(ctx, role=role, port=port, say=console.print)


@app.command("reflect-export")
def reflect_export(
    output: Annotated[Path, typer.Argument(help="Filen som skrives: .csv eller .parquet.")],
    layout: Annotated[
        str, typer.Option(help="versions: én rad per versjon; answers: én rad per svarfelt.")
    ] = "versions",
    network: Annotated[
        str | None, typer.Option("--network", "-n", help="Bare dette nettverket.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Erstatt filen hvis den finnes.")] = False,
    workspace: WorkspaceOption = None,
) -> int:
    """Eksporter alle lagrede versjoner av refleksjonssvarene for forskning (CSV eller Parquet)."""
    ws = Workspace.locate(workspace)
    if layout not in ("versions", "answers"):
        raise typer.BadParameter("bruk versions eller answers", param_hint="--layout")
    from learning.export_target import checked_export_target
    from learning.reflection.export import export_versions
    from learning.reflection.store import ReflectionStore

    chosen: Literal["versions", "answers"] = "answers" if layout == "answers" else "versions"
    target = checked_export_target(ws, output, force=force)
    rows = export_versions(
        ReflectionStore.for_workspace(ws), target, layout=chosen, network=network
    )
    Console(highlight=False).print(f"Skrev {rows} rader til {output}.")
    return 0
