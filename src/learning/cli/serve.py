"""``learning serve``: the reflection exercises online; ``learning invite``: the links to them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from learning.cli import app
from learning.cli.options import RequiredNetwork, WorkspaceOption
from learning.problems import UserError
from learning.workspace import Workspace

invite_app = typer.Typer(help="Invitasjonslenker til refleksjonsoppgavene på nett.", no_args_is_help=True)
app.add_typer(invite_app, name="invite")


@app.command("serve")
def serve(
    network: Annotated[
        list[str] | None,
        typer.Option("--network", "-n", help="Nettverk som skal med (kan gjentas). Tomt: alle."),
    ] = None,
    address: Annotated[str, typer.Option(help="Adressen serveren lytter på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Porten serveren lytter på.")] = 8866,
    public_url: Annotated[
        str,
        typer.Option(help="Adressen deltakerne bruker (https://…, bak omvendt proxy med TLS)."),
    ] = "",
    max_kernels: Annotated[int, typer.Option(help="Høyst så mange åpne skjemaer samtidig.")] = 60,
    max_memory_mb: Annotated[int, typer.Option(help="Minnetak for alle skjemaene (MB).")] = 8192,
    idle_minutes: Annotated[int, typer.Option(help="Et skjema uten aktivitet stenges etter så mange minutter.")] = 15,
    allow_root: Annotated[bool, typer.Option(help="Tillat å kjøre som root (ikke anbefalt).")] = False,
    workspace: WorkspaceOption = None,
) -> int:
    """Kjør refleksjonsoppgavene som nettjeneste (Voilà på Jupyter Server), bare med invitasjon."""
    from learning.network.loader import load_network
    from learning.serving.app import ServeSettings, run

    ws = Workspace.locate(workspace)
    for network_id in network or []:
        load_network(ws, network_id)  # an unknown network stops us before the server starts
    if not 1 <= port <= 65535:
        raise UserError(f"--port {port}: må være mellom 1 og 65535.")
    for name, value in (
        ("--max-kernels", max_kernels),
        ("--max-memory-mb", max_memory_mb),
        ("--idle-minutes", idle_minutes),
    ):
        if value < 1:
            raise UserError(f"{name} {value}: må være minst 1.")
    settings = ServeSettings(
        ws,
        list(network or []),
        address,
        port,
        public_url,
        max_kernels,
        max_memory_mb,
        idle_minutes=idle_minutes,
        allow_root=allow_root,
    )
    Console(highlight=False).print(f"Refleksjonsoppgavene på nett: {settings.origin}/ (Ctrl-C stopper)")
    return run(settings)


@invite_app.command("create")
def invite_create(
    network: RequiredNetwork,
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="Kommunenummeret (ikke for fasilitator).")
    ] = "",
    role: Annotated[
        str,
        typer.Option(help="leder, helsepersonell, annen_fagperson eller fasilitator."),
    ] = "helsepersonell",
    days: Annotated[int, typer.Option(help="Hvor mange dager lenken gjelder.")] = 60,
    public_url: Annotated[str, typer.Option(help="Tjenestens adresse (https://…).")] = "http://127.0.0.1:8866",
    workspace: WorkspaceOption = None,
) -> int:
    """Lag en invitasjonslenke for en kommune (eller en fasilitator). Lenken vises bare nå."""
    from learning.network.loader import load_network
    from learning.reflection.scoped import FACILITATOR
    from learning.serving.app import ENTRY
    from learning.serving.identity import TOKEN_ARGUMENT
    from learning.serving.invitations import InvitationBook

    ws = Workspace.locate(workspace)
    loaded = load_network(ws, network)
    if role != FACILITATOR and municipality not in loaded.member_numbers:
        raise UserError(
            f"--municipality {municipality!r}: ikke medlem av {network}. "
            f"Medlemmer: {', '.join(loaded.member_numbers)}."
        )
    try:
        invitation, token = InvitationBook.for_workspace(ws).create(network, municipality, role, days=days)
    except ValueError as error:
        raise UserError(str(error)) from None
    console = Console(highlight=False)
    console.print(f"Invitasjon {invitation.id} gjelder til {invitation.expires_at:%Y-%m-%d %H:%M} UTC.")
    console.print("Send lenken bare til dem den er for (den vises ikke igjen):")
    console.print(f"{public_url.rstrip('/')}{ENTRY}?{TOKEN_ARGUMENT}={token}", soft_wrap=True)
    return 0


@invite_app.command("list")
def invite_list(
    network: Annotated[str | None, typer.Option("--network", "-n", help="Bare dette nettverket.")] = None,
    workspace: WorkspaceOption = None,
) -> int:
    """Vis invitasjonene (uten lenkene: de lagres ikke)."""
    from learning.serving.invitations import InvitationBook

    table = Table("Id", "Nettverk", "Kommune", "Rolle", "Gjelder til", "Status")
    for invitation in InvitationBook.for_workspace(Workspace.locate(workspace)).all(network):
        refusal = invitation.refusal()
        status = "gyldig" if refusal is None else ("trukket tilbake" if refusal.value == "revoked" else "utløpt")
        table.add_row(
            invitation.id,
            invitation.network,
            invitation.municipality or "–",
            invitation.role,
            f"{invitation.expires_at:%Y-%m-%d}",
            status,
        )
    Console(highlight=False).print(table)
    return 0


@invite_app.command("revoke")
def invite_revoke(
    ident: Annotated[str, typer.Argument(help="Invitasjonens id (se learning invite list).")],
    workspace: WorkspaceOption = None,
) -> int:
    """Trekk tilbake en invitasjon: lenken slutter å virke med en gang."""
    from learning.serving.invitations import InvitationBook

    revoked = InvitationBook.for_workspace(Workspace.locate(workspace)).revoke(ident)
    if revoked is None:
        raise UserError(f"{ident}: ingen invitasjon med den id-en. Se learning invite list.")
    Console(highlight=False).print(f"Invitasjon {ident} er trukket tilbake.")
    return 0
