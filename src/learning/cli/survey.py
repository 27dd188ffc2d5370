"""``learning import-survey``: read a survey export into the network's validated responses."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from learning.cli import app
from learning.cli.options import RequiredNetwork, WorkspaceOption
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
    for warning in summary.warnings:
        console.print(f"  [yellow]Advarsel:[/] {escape(warning)}")
    if summary.overlap_files and not summary.replaced:
        console.print(
            f"  [red]{len(summary.overlap_rows)} svar finnes allerede fra "
            f"{escape(', '.join(summary.overlap_files))}[/] "
            "(samme svar og tidspunkt): dette ser ut som en rettet eller samlet ny eksport. Ingenting er lagt til. "
            "Skal denne filen erstatte den gamle, importer på nytt med --replace.")
        return
    if summary.replaced:
        console.print(f"  [yellow]Erstattet svarene fra {escape(', '.join(summary.overlap_files))}[/]")
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
    network: RequiredNetwork,
    wave: Annotated[
        str,
        typer.Option("--wave", help="«baseline» (før første samling) eller id-en til en samling."),
    ],
    replace: Annotated[bool, typer.Option(
        "--replace", help="La filen erstatte en tidligere eksport av samme bølge som den gjentar.")] = False,
    workspace: WorkspaceOption = None,
) -> int:
    """Importer en kartlegging (CSV/XLSX) til nettverkets svartabell. Filen endres aldri."""
    ws = Workspace.locate(workspace)
    from learning.survey.importer import import_survey  # pandas and pyarrow: only when importing

    with workspace_lock(ws, "import-survey"):
        summary = import_survey(ws, file, network, wave, replace=replace)
    print_summary(summary, Console(highlight=False))
    return 0


@app.command("export-survey")
def export_survey_command(
    output: Annotated[Path, typer.Argument(help="Filen som skrives.")],
    network: RequiredNetwork,
    fmt: Annotated[
        str, typer.Option("--format", help="sav (SPSS), dta (Stata), csv eller parquet.")
    ],
    wave: Annotated[
        str | None, typer.Option("--wave", help="Bare denne runden (baseline eller samlingens id).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Etikettenes språk: nb eller nn.")] = "nb",
    include_free_text: Annotated[
        bool, typer.Option("--include-free-text", help="Ta med fritekst (kommentar).")
    ] = False,
    with_datapackage: Annotated[
        bool,
        typer.Option("--datapackage", help="Skriv også datapackage.json (Frictionless) ved siden av CSV-filen."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv over filer som finnes.")] = False,
    workspace: WorkspaceOption = None,
) -> int:
    """Eksporter svarene med variabel- og verdietiketter for forskning (SPSS, Stata, CSV, Parquet)."""
    from learning.i18n import check_language
    from learning.problems import UserError
    from learning.survey.export import FORMATS, export_survey

    if fmt not in FORMATS:
        raise UserError(f"--format {fmt!r}: bruk en av {', '.join(FORMATS)}.")
    if lang not in ("nb", "nn"):
        raise UserError(f"--lang {lang!r}: bruk nb (bokmål) eller nn (nynorsk).")
    summary = export_survey(
        Workspace.locate(workspace), network, output, fmt=fmt,  # type: ignore[arg-type]
        wave=wave, lang=check_language(lang), include_free_text=include_free_text,
        with_datapackage=with_datapackage, force=force,
    )
    console = Console(highlight=False)
    for warning in summary.warnings:
        Console(stderr=True, highlight=False).print(f"[yellow]Advarsel:[/] {escape(warning)}")
    files = ", ".join(escape(str(f)) for f in summary.files)
    console.print(f"Skrev {summary.rows} svar til {files}.")
    return 0


@app.command("export-codebook")
def export_codebook_command(
    output: Annotated[Path, typer.Argument(help="Filen som skrives: .csv eller .xlsx.")],
    lang: Annotated[
        str, typer.Option("--lang", help="nb, nn eller begge (standard: begge).")
    ] = "begge",
    force: Annotated[bool, typer.Option("--force", help="Skriv over filen om den finnes.")] = False,
) -> int:
    """Eksporter kodeboka (spørsmål, svarkoder og etiketter) på bokmål og/eller nynorsk."""
    from learning.problems import UserError
    from learning.survey.export import export_codebook

    if lang not in ("nb", "nn", "begge"):
        raise UserError(f"--lang {lang!r}: bruk nb, nn eller begge.")
    chosen = None if lang == "begge" else lang
    rows = export_codebook(output, lang=chosen, force=force)  # type: ignore[arg-type]
    Console(highlight=False).print(f"Skrev kodeboka ({rows} rader) til {escape(str(output))}.")
    return 0
@app.command("goals-template")
def goals_template_command(
    out: Annotated[Path | None, typer.Argument(help="Regnearket som skal lages (standard: mal-<nettverk>.xlsx).")]
        = None,
    network: Annotated[str | None, typer.Option("--network", "-n", help="Nettverkets id.")] = None,
    workspace: WorkspaceOption = None,
) -> int:
    """Lag regnearket kommunene fyller ut med mål, indikatorer og målinger (ett ark per kommune)."""
    from learning.cli.network import choose_network
    from learning.goals.workbook import goals_template

    ws = Workspace.locate(workspace)
    network_id = choose_network(ws, network)
    path = goals_template(ws, network_id, out or Path(f"mal-{network_id}.xlsx"))
    Console(highlight=False).print(f"[green]✓[/] Regnearket er laget: {path}. Send det til kommunene; "
                                   f"importer det utfylte med «learning import-goals FIL».")
    return 0


@app.command("import-goals")
def import_goals_command(
    file: Annotated[Path, typer.Argument(help="Det utfylte regnearket fra «learning goals-template».")],
    network: Annotated[str | None, typer.Option("--network", "-n", help="Nettverkets id.")] = None,
    workspace: WorkspaceOption = None,
) -> int:
    """Importer mål og målinger fra det utfylte regnearket. Alle feil vises med ark, rad og kolonne."""
    from learning.cli.network import choose_network
    from learning.goals.workbook import import_goals_workbook

    ws = Workspace.locate(workspace)
    counts = import_goals_workbook(ws, choose_network(ws, network), file)
    Console(highlight=False).print(
        f"[green]✓[/] Importert: {_counted(counts['indicators'], 'indikator', 'indikatorer')} for "
        f"{_counted(counts['municipalities'], 'kommune', 'kommuner')}, "
        f"{_counted(counts['measurements'], 'måling', 'målinger')}.")
    return 0


def _counted(count: int, one: str, many: str) -> str:
    """«1 kommune», «3 kommuner»."""
    return f"{count} {one if count == 1 else many}"


@app.command("survey-form")
def survey_form_command(
    folder: Annotated[Path, typer.Argument(help="Mappen filene skal i (lages).")] = Path("sporreskjema"),
    pdf: Annotated[bool, typer.Option("--pdf/--uten-pdf", help="Lag også PDF (trenger Chromium).")] = True,
) -> int:
    """Lag spørreskjemaet (bokmål og nynorsk, HTML og PDF) og kodelisten et skjemaverktøy må eksportere."""
    from learning.survey.form import write_survey_form

    result = write_survey_form(folder, pdf=pdf)
    console = Console(highlight=False)
    for path in result.written:
        console.print(f"[green]✓[/] {path}", markup=True)
    if result.pdf_missing:
        console.print(f"[yellow]{escape(result.pdf_missing)}[/]")
    console.print("Bygg skjemaet i Nettskjema med kolonnenavnene og svarkodene i kodeliste.csv; da kan eksporten "
                  "importeres med «learning import-survey» uten å endre noe.")
    return 0
