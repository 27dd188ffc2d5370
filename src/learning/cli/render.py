"""``learning render``: render the reports the networks' params ask for, then the index pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from learning.cli import app
from learning.cli.options import NetworkOption, WorkspaceOption
from learning.network import Network, load_network, load_networks
from learning.problems import UserError
from learning.render.engine import JobResult, run_jobs
from learning.render.paths import html_path, pdf_path
from learning.render.plan import Job, plan
from learning.workspace import Workspace
from learning.workspace_lock import workspace_lock


def selected_networks(ws: Workspace, names: list[str] | None) -> list[Network]:
    if names:
        return [load_network(ws, name) for name in names]
    networks, problems = load_networks(ws)
    if problems:
        raise UserError(problems)
    return networks


def render_workspace(
    ws: Workspace,
    networks: list[Network],
    *,
    gathering: str | None = None,
    municipality: str | None = None,
    workers: int | None = None,
    timeout: float = 600,
    force: bool = False,
    quiet: bool = False,
    pdf: bool = False,
) -> list[JobResult]:
    """Plan, run and index; prints progress and a summary unless ``quiet``."""
    console = Console(highlight=False, quiet=quiet)
    jobs = plan(ws, networks, gathering=gathering, municipality=municipality)
    counts = {"done": 0, "skipped": 0, "failed": 0}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("[green]{task.fields[done]} laget[/] · {task.fields[skipped]} uendret · "
                             "[red]{task.fields[failed]} feilet[/]"),
                  TimeRemainingColumn(), console=console, disable=quiet) as progress:
        task = progress.add_task("Rapporter", total=len(jobs), done=0, skipped=0, failed=0)

        def advance(result: JobResult) -> None:
            counts[result.status] += 1
            progress.update(task, advance=1, done=counts["done"], skipped=counts["skipped"], failed=counts["failed"])

        results = run_jobs(ws, jobs, workers=workers, timeout=timeout, force=force, on_result=advance,
                           before_rendering=audit_before_rendering(ws, networks))
    if pdf:
        from learning.render.pdf import write_pdfs

        pages = [html_path(ws, r.job) for r in results
                 if r.status != "failed" and r.job.audience == "participants" and _pdf_due(ws, r.job)]
        console.print(f"{len(write_pdfs(pages))} PDF-er laget.")
    if counts["done"] or pdf or not (ws.reports_dir / "index.html").exists():
        # Imported here: with nothing to write, the templates' import would be a tenth of the run.
        from learning.render.index import write_network_index, write_workspace_index

        for network in networks:
            write_network_index(ws, network)
        index = write_workspace_index(ws, load_networks(ws)[0])
    else:
        index = ws.reports_dir / "index.html"
    failed = [r for r in results if r.status == "failed"]
    console.print(f"{counts['done']} rapporter laget, {counts['skipped']} uendret (hoppet over), "
                  f"{len(failed)} feilet.")
    if failed:
        errors = Console(stderr=True, highlight=False, soft_wrap=True)  # whole paths, never cut short
        errors.print("[bold red]Feilet:[/]")
        for result in failed:
            reason = result.reason.splitlines()[0] if result.reason else ""
            errors.print(f"  {result.job.name}.html: {reason}", markup=False)
    console.print(f"Oversikt over rapportene: {index}")
    return results


def audit_before_rendering(ws: Workspace, networks: list[Network]) -> Callable[[list[Job]], None]:
    """The disclosure audit of every network a render touches, before anything is written: a
    publication that fails it stops the run with the figures named (never happens for what the
    protection chooses; this is the independent check that it did its job)."""
    by_id = {n.id: n for n in networks}

    def check(jobs: list[Job]) -> None:
        from learning.disclosure.network_audit import audit_network, problems
        from learning.survey.store import load_responses

        found = []
        for network_id in sorted({job.network for job in jobs}):
            network = by_id.get(network_id) or load_network(ws, network_id)
            found += problems(network, list(audit_network(network, load_responses(ws, network_id))))
        if found:
            raise UserError(found)

    return check


def _pdf_due(ws: Workspace, job: Job) -> bool:
    """A participant page needs a PDF when it has none or the HTML is newer."""
    html, pdf = html_path(ws, job), pdf_path(ws, job)
    return html.exists() and (not pdf.exists() or pdf.stat().st_mtime < html.stat().st_mtime)


@app.command()
def render(
    workspace: WorkspaceOption = None,
    network: NetworkOption = None,
    gathering: Annotated[str | None, typer.Option("--gathering", "-g", help="Bare denne samlingen (id).")] = None,
    municipality: Annotated[str | None, typer.Option("--municipality", "-m",
                                                     help="Bare denne kommunen (kommunenummer).")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Antall parallelle arbeidere.")] = None,
    timeout: Annotated[float, typer.Option(min=1, help="Sekunder en rapport får før den regnes som feilet.")] = 600,
    force: Annotated[bool, typer.Option("--force", help="Lag alle rapportene på nytt, også uendrede.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Ingen fremdriftsvisning (for skript).")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Lag også en PDF (A4) ved siden av hver deltakerrapport.")] = False,
) -> int:
    """Lag rapportene nettverkenes params ber om, som HTML, og en oversiktsside."""
    ws = Workspace.locate(workspace)
    with workspace_lock(ws, "render"):
        results = render_workspace(ws, selected_networks(ws, network), gathering=gathering,
                                   municipality=municipality, workers=jobs, timeout=timeout, force=force,
                                   quiet=quiet, pdf=pdf)
    return 1 if any(r.status == "failed" for r in results) else 0
