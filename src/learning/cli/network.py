"""``learning nettverk …``: the routine records of a network, by command instead of editing YAML.

Each command changes ``params/<nettverk>.yml`` only after the whole result has passed the same
checks as ``learning check``; comments and layout of the file are kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from ruamel.yaml.comments import CommentedMap

from learning.cli import app
from learning.cli.options import WorkspaceOption
from learning.dates import DATE_HINT, TIME_HINT, parse_clock, parse_date
from learning.network.edit import (
    edit_network,
    entries,
    find_gathering,
    find_member,
    flow,
    municipality_number,
    quoted,
)
from learning.network.loader import network_files
from learning.problems import UserError
from learning.reference.municipalities import load_municipalities
from learning.workspace import Workspace

network_app = typer.Typer(
    help="Før medlemmer, intensjonsavtaler, forankring, representanter, samlinger og oppmøte uten å redigere filer.",
    no_args_is_help=True,
)
app.add_typer(network_app, name="nettverk")
console = Console(highlight=False)

NetworkId = Annotated[
    str | None, typer.Option("--network", "-n", help="Nettverkets id. Trengs bare når arbeidsområdet har flere.")
]
Kommune = Annotated[str, typer.Argument(help="Kommunens navn eller nummer, for eksempel Vang eller 3453.")]
DateText = Annotated[str, typer.Option("--dato", help="Datoen, for eksempel 15.01.2024.")]


def choose_network(workspace: Workspace, given: str | None) -> str:
    """The network the command is about: the one given, or the only one in the workspace."""
    if given:
        return given
    ids = [p.stem for p in network_files(workspace)]
    if len(ids) == 1:
        return ids[0]
    raise UserError(f"Arbeidsområdet har {len(ids)} nettverk ({', '.join(ids) or 'ingen'}). "
                    "Si hvilket med --network NETTVERK." if ids else
                    "Arbeidsområdet har ingen nettverk. Lag et med «learning init».")


def date_option(text: str, what: str) -> dt.date:
    day = parse_date(text)
    if day is None:
        raise UserError(f"{what}: «{text}» er ikke en dato; {DATE_HINT}.")
    return day


def clock_option(text: str, what: str) -> str:
    time = parse_clock(text)
    if time is None:
        raise UserError(f"{what}: «{text}» er ikke et klokkeslett; {TIME_HINT}.")
    return quoted(f"{time:%H:%M}")


def _done(message: str) -> int:
    console.print(f"[green]✓[/] {message}")
    return 0


def _name(number: str) -> str:
    return load_municipalities().get(number).name


@network_app.command("medlem-inn")
def add_member(kommune: Kommune, innmeldt: Annotated[str | None, typer.Option(
                   "--innmeldt", help="Datoen kommunen ble med (standard: i dag).")] = None,
               network: NetworkId = None, workspace: WorkspaceOption = None) -> int:
    """Meld en kommune inn i nettverket."""
    ws = Workspace.locate(workspace)
    number = municipality_number(kommune)
    joined = date_option(innmeldt, "--innmeldt") if innmeldt else dt.date.today()

    def change(data: CommentedMap) -> None:
        entries(data, "members").append(CommentedMap({
            "kommune": quoted(number), "joined": joined,
            "letter_of_intent": flow({"signed": False}), "anchoring": flow({"level": "ingen"}),
            "representatives": [],
        }))

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"{_name(number)} ({number}) er meldt inn.")


@network_app.command("medlem-ut")
def remove_member(kommune: Kommune, network: NetworkId = None, workspace: WorkspaceOption = None) -> int:
    """Meld en kommune ut av nettverket (oppmøte den har fra før må fjernes først)."""
    ws = Workspace.locate(workspace)
    number = municipality_number(kommune)

    def change(data: CommentedMap) -> None:
        entries(data, "members").remove(find_member(data, number))

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"{_name(number)} ({number}) er meldt ut.")


@network_app.command("intensjonsavtale")
def letter_of_intent(kommune: Kommune, dato: DateText, signert_av: Annotated[str | None, typer.Option(
                         "--signert-av", help="Rollen til den som signerte, f.eks. kommunedirektør (aldri et navn).")
                     ] = None, network: NetworkId = None, workspace: WorkspaceOption = None) -> int:
    """Før en signert intensjonsavtale."""
    ws = Workspace.locate(workspace)
    number = municipality_number(kommune)
    day = date_option(dato, "--dato")
    record = {"signed": True, "date": day} | ({"signed_by": signert_av} if signert_av else {})

    def change(data: CommentedMap) -> None:
        find_member(data, number)["letter_of_intent"] = flow(record)

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"Intensjonsavtalen for {_name(number)} er ført ({day:%d.%m.%Y}).")


@network_app.command("forankring")
def anchoring(kommune: Kommune, niva: Annotated[str, typer.Argument(
                  metavar="NIVÅ", help="ingen, informert, vedtak eller plan.")],
              beskrivelse: Annotated[str | None, typer.Option("--beskrivelse", help="Kort om forankringen.")] = None,
              network: NetworkId = None, workspace: WorkspaceOption = None) -> int:
    """Sett forankringen i kommunens ledelse."""
    ws = Workspace.locate(workspace)
    number = municipality_number(kommune)
    record = {"level": niva.strip().lower()} | ({"description": beskrivelse} if beskrivelse else {})

    def change(data: CommentedMap) -> None:
        find_member(data, number)["anchoring"] = flow(record)

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"Forankringen for {_name(number)} er «{record['level']}».")


@network_app.command("representant")
def add_representative(
    kommune: Kommune,
    rolle: Annotated[str, typer.Option("--rolle", help="leder, helsepersonell eller annen_fagperson.")],
    tjeneste: Annotated[str, typer.Option("--tjeneste", help="Tjenesten, for eksempel skole eller psykisk_helse_rus.")],
    mandat: Annotated[bool, typer.Option("--mandat/--uten-mandat",
                                         help="Har mandat til å samordne på tvers av enhetene.")] = False,
    network: NetworkId = None, workspace: WorkspaceOption = None,
) -> int:
    """Legg til en representant for kommunen (rolle og tjeneste; navn lagres aldri)."""
    ws = Workspace.locate(workspace)
    number = municipality_number(kommune)

    def change(data: CommentedMap) -> None:
        member = find_member(data, number)
        if not isinstance(member.get("representatives"), list):
            member["representatives"] = []
        member["representatives"].append(flow({"role": rolle, "service": tjeneste, "coordination_mandate": mandat}))

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"Representant for {_name(number)} er lagt til.")


def gathering_record(ident: str, day: dt.date, start: str, end: str, form: str, place: str,
                     theme: str) -> CommentedMap:
    """A new gathering as the network file holds it."""
    return CommentedMap({"id": ident, "date": day, "start": clock_option(start, "--start"),
                         "end": clock_option(end, "--slutt"), "format": form, "place": place, "theme": theme})


FormOption = Annotated[str, typer.Option("--form", help="digital eller physical (fysisk).")]


@network_app.command("samling-ny")
def add_gathering(
    ident: Annotated[str, typer.Option("--id", help="Kort id med små bokstaver, for eksempel samling-2.")],
    dato: DateText,
    sted: Annotated[str, typer.Option("--sted", help="Sted, eller «Teams» for en digital samling.")],
    tema: Annotated[str, typer.Option("--tema", help="Tema for samlingen.")],
    form: FormOption = "physical",
    start: Annotated[str, typer.Option("--start", help="Starttid, for eksempel 09:00.")] = "09:00",
    slutt: Annotated[str, typer.Option("--slutt", help="Sluttid, for eksempel 15:00.")] = "15:00",
    network: NetworkId = None, workspace: WorkspaceOption = None,
) -> int:
    """Legg til en samling."""
    ws = Workspace.locate(workspace)
    record = gathering_record(ident, date_option(dato, "--dato"), start, slutt, _form(form), sted, tema)

    def change(data: CommentedMap) -> None:
        entries(data, "gatherings").append(record)

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"Samlingen {ident} er lagt til ({record['date']:%d.%m.%Y}).")


def _form(text: str) -> str:
    """``fysisk`` is what people say; the file says ``physical``."""
    return {"fysisk": "physical"}.get(text.strip().lower(), text.strip().lower())


@network_app.command("samling-flytt")
def move_gathering(
    ident: Annotated[str, typer.Argument(help="Samlingens id.")],
    dato: DateText,
    start: Annotated[str | None, typer.Option("--start", help="Ny starttid.")] = None,
    slutt: Annotated[str | None, typer.Option("--slutt", help="Ny sluttid.")] = None,
    sted: Annotated[str | None, typer.Option("--sted", help="Nytt sted.")] = None,
    network: NetworkId = None, workspace: WorkspaceOption = None,
) -> int:
    """Flytt en samling til en ny dato (og eventuelt tid og sted)."""
    ws = Workspace.locate(workspace)
    day = date_option(dato, "--dato")

    def change(data: CommentedMap) -> None:
        gathering = find_gathering(data, ident)
        gathering["date"] = day
        for key, value, what in (("start", start, "--start"), ("end", slutt, "--slutt")):
            if value is not None:
                gathering[key] = clock_option(value, what)
        if sted is not None:
            gathering["place"] = sted

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"Samlingen {ident} er flyttet til {day:%d.%m.%Y}.")


@network_app.command("oppmote")
def record_attendance(
    ident: Annotated[str, typer.Argument(help="Samlingens id.")],
    antall: Annotated[list[str], typer.Argument(help="KOMMUNE=ANTALL, for eksempel Vang=4 Hol=3.")],
    network: NetworkId = None, workspace: WorkspaceOption = None,
) -> int:
    """Før oppmøtet på en samling som ett tall per kommune (se også «importer-oppmote»)."""
    ws = Workspace.locate(workspace)
    counts: dict[str, int] = {}
    for pair in antall:
        name, _, count = pair.rpartition("=")
        if not name or not count.strip().isdigit():
            raise UserError(f"«{pair}»: skriv KOMMUNE=ANTALL, for eksempel Vang=4.")
        counts[municipality_number(name)] = int(count)

    def change(data: CommentedMap) -> None:
        gathering = find_gathering(data, ident)
        gathering.pop("attendance_detail", None)
        gathering["attendance"] = flow({quoted(n): c for n, c in counts.items()})

    edit_network(ws, choose_network(ws, network), change)
    return _done(f"Oppmøtet på {ident} er ført: {sum(counts.values())} deltakere.")


@network_app.command("importer-oppmote")
def import_attendance_command(
    file: Annotated[Path, typer.Argument(help="Eksporten fra påmeldingen (CSV eller XLSX), én rad per person.")],
    ident: Annotated[str, typer.Option("--samling", help="Samlingens id.")],
    network: NetworkId = None, workspace: WorkspaceOption = None,
) -> int:
    """Importer oppmøtet fra påmeldingssystemet: bare antall per kommune, rolle og tjeneste lagres."""
    from learning.network.attendance import import_attendance

    ws = Workspace.locate(workspace)
    summary = import_attendance(ws, choose_network(ws, network), ident, file)
    for line in summary.lines():
        console.print(line, markup=False)
    return 0
