"""``learning import-survey``: read a survey export into the network's validated responses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from learning.cli import app
from learning.cli.options import WorkspaceOption
from learning.workspace import Workspace
from learning.workspace_lock import workspace_lock

if TYPE_CHECKING:
    from learning.survey.importer import ImportSummary


def print_summary(summary: ImportSummary, console: Console) -> None:
    """The outcome of one import in plain Norwegian; rejected rows with row, column and reason."""
    where = f"{summary.source_file} → {summary.network}, bølge {summary.wave}"
    if summary.already_imported:
        console.print(f"[yellow]{where}: filen er allerede importert. Ingenting er lagt til.[/]")
        return
    console.print(f"[bold]{where}[/] ({summary.format})")
    console.print(f"  Rader lest: {summary.rows_read}")
    console.print(f"  [green]Godtatt og lagret: {summary.accepted}[/]")
    if summary.duplicates:
        rows = ", ".join(str(r) for r in summary.duplicates)
        console.print(
            f"  [yellow]Dubletter (innsendings-id finnes fra før, ikke telt på nytt): "
            f"{len(summary.duplicates)}[/] – rad {rows}"
        )
    if summary.empty_rows:
        console.print(f"  Tomme rader hoppet over: {summary.empty_rows}")
    for column in summary.unknown_columns:
        console.print(f"  [yellow]Ukjent kolonne, ikke importert:[/] {escape(column)}")
    if summary.rejected:
        console.print(f"  [red]Avvist: {len(summary.rejected_rows)} rader[/]")
        table = Table("Rad", "Kolonne", "Grunn", title="Avviste rader", title_justify="left")
        for rejection in summary.rejected:
            table.add_row(
                str(rejection.row), escape(rejection.column) or "–", escape(rejection.reason)
            )
        console.print(table)
    else:
        console.print("  Ingen rader avvist.")


@app.command("import-survey")
def import_survey_command(
    file: Annotated[Path, typer.Argument(help="Eksporten fra spørreskjemaet (CSV eller XLSX).")],
    network: Annotated[
        str, typer.Option("--network", "-n", help="Nettverkets id (filnavnet i params/).")
    ],
    wave: Annotated[
        str,
        typer.Option("--wave", help="«baseline» (før første samling) eller id-en til en samling."),
    ],
    workspace: WorkspaceOption = None,
) -> int:
    """Importer en kartlegging (CSV/XLSX) til nettverkets svartabell. Filen endres aldri."""
    ws = Workspace.locate(workspace)
    from learning.survey.importer import import_survey  # pandas and pyarrow: only when importing

    with workspace_lock(ws, "import-survey"):
        summary = import_survey(ws, file, network, wave)
    print_summary(summary, Console(highlight=False))
    return 0
