"""``learning audit``: check what the survey reports may show, and say how much they show."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from learning.cli import app
from learning.cli.options import NetworkOption, WorkspaceOption
from learning.cli.render import selected_networks
from learning.workspace import Workspace


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %".replace(".", ",")


@app.command()
def audit(
    workspace: WorkspaceOption = None,
    network: NetworkOption = None,
    summary: Annotated[bool, typer.Option("--summary", help="Bare én linje per kartlegging.")] = False,
) -> int:
    """Sjekk personvernet i kartleggingstallene: kan noe skjult tall regnes ut fra alt som vises?"""
    from learning.disclosure.network_audit import Shares, audit_network, problems, shown_shares
    from learning.survey.store import load_responses

    ws = Workspace.locate(workspace)
    console = Console(highlight=False)
    failed = False
    for net in selected_networks(ws, network):
        responses = load_responses(ws, net.id)
        audits = []
        with console.status(f"Sjekker {net.name} …"):
            for wave_audit in audit_network(net, responses):
                audits.append(wave_audit)
        if not audits:
            console.print(f"{net.name}: ingen kartleggingssvar ennå, ingenting å sjekke.")
            continue
        table = Table("Kartlegging", "Revisjon", "Svartall vist som tall", "som spenn", "ikke vist",
                      "Kommunenes egne svar vist (laveste)", title=f"{net.name} (minste gruppe "
                      f"{net.survey_min_group}, vern {net.survey_protection_interval})")
        for wave_audit in audits:
            published = wave_audit.publication
            every = sum((shown_shares(published, p) for p in wave_audit.places), Shares())
            if wave_audit.member is None:
                own = [shown_shares(published, m) for m in net.member_numbers if m not in published.left_out]
                name = published.wave
            else:  # a member's small waves taken together: all of it is its own
                own, name = [every], f"{wave_audit.member}: {published.wave} samlet"
            lowest = min((s.with_a_number for s in own if s.total), default=1.0)
            table.add_row(name, "bestått" if wave_audit.passed else "[red]IKKE bestått[/]",
                          _percent(every.exact / every.total if every.total else 1.0),
                          _percent(every.band / every.total if every.total else 0.0),
                          _percent(every.hidden / every.total if every.total else 0.0),
                          _percent(lowest))
            if not summary and published.left_out:
                table.add_row("", f"ikke med i nettverkstallene: {', '.join(published.left_out)}",
                              "", "", "", "")
        console.print(table)
        for problem in problems(net, audits):
            failed = True
            console.print(f"[red]•[/] {problem}", markup=True, highlight=False, soft_wrap=True)
    if not failed:
        console.print("Ingen skjult tall kan regnes ut nærmere enn vernet tillater.")
    return 1 if failed else 0
