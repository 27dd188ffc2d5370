"""``learning status``: what the run ledger knows about the last render of each report."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from learning.cli import app
from learning.cli.options import NetworkOption, WorkspaceOption
from learning.render.ledger import read_entries
from learning.workspace import Workspace


def _when(iso: str) -> str:
    """``2026-11-23T13:40:11+00:00`` → ``2026-11-23 13:40 UTC``."""
    return f"{iso[:16].replace('T', ' ')} UTC"


@app.command()
def status(workspace: WorkspaceOption = None, network: NetworkOption = None) -> int:
    """Vis hvilke rapporter som er laget, når, hvor lang tid det tok, og hvilke som feilet."""
    ws = Workspace.locate(workspace)
    entries = [e for e in read_entries(ws).values() if not network or e.network in network]
    console = Console(highlight=False)
    if not entries:
        console.print("Ingen rapporter er laget ennå. Kjør «learning render».")
        return 0
    summary = Table("Nettverk", "Samling", "Laget", "Feilet", "Sist ferdig", "Sekunder i alt",
                    title="Rapporter etter nettverk og samling")
    groups: dict[tuple[str, str], list] = {}
    for entry in entries:
        groups.setdefault((entry.network, entry.gathering), []).append(entry)
    for (net, gathering), group in sorted(groups.items()):
        counts = Counter(e.status for e in group)
        summary.add_row(net, gathering, str(counts["done"]), str(counts["failed"]),
                        _when(max(e.finished_at for e in group)), f"{sum(e.seconds for e in group):.1f}")
    console.print(summary)
    failed = sorted((e for e in entries if e.status == "failed"), key=lambda e: e.output)
    if failed:
        table = Table("Rapport", "Når", "Hvorfor", title="Feilet sist", title_style="bold red")
        for entry in failed:
            table.add_row(entry.output, _when(entry.finished_at), entry.reason.splitlines()[0] if entry.reason else "")
        console.print(table)
    return 1 if failed else 0
