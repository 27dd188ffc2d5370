"""Load and check ``params/<network>.yml``: every problem at once, each naming file, field, value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from learning.network.model import Gathering, Member, Network
from learning.problems import Problem, UserError, repeated
from learning.reference.municipalities import Municipalities, load_municipalities
from learning.schema_messages import describe_location, read_model
from learning.workspace import Workspace


def network_files(workspace: Workspace) -> list[Path]:
    """The network files of a workspace, one per network."""
    return sorted(workspace.params_dir.glob("*.yml")) + sorted(workspace.params_dir.glob("*.yaml"))


def _meaning_problems(
    members: list[tuple[int, Member]],
    gatherings: list[tuple[int, Gathering]],
    source: str,
    municipalities: Municipalities,
    today: dt.date,
    raw: dict[str, Any],
) -> list[Problem]:
    """Checks across fields that the schema alone cannot express.

    Takes the members and gatherings that passed the schema, with their positions in the file, so
    these checks run even when another part of the file has a schema error.
    """
    problems: list[Problem] = []

    def add(where: tuple[Any, ...] | str, message: str) -> None:
        text = where if isinstance(where, str) else describe_location(where, raw)
        problems.append(Problem(source, text, message))

    for i, member in members:
        if member.kommune not in municipalities:
            add(("members", i, "kommune"), f"kommunenummer {member.kommune!r} finnes ikke i kommunelista for 2024; "
                                           "sjekk nummeret (fire sifre) eller bruk kommunens navn")
        loi = member.letter_of_intent
        if loi.signed and loi.date is None:
            add(("members", i, "letter_of_intent", "date"), "avtalen er signert, men datoen mangler; før den inn")
        if not loi.signed and loi.date is not None:
            add(("members", i, "letter_of_intent", "signed"), "har dato, men er ikke merket som signert")
        if loi.date is not None and loi.date > today:
            add(("members", i, "letter_of_intent", "date"),
                f"avtalen er datert {loi.date:%d.%m.%Y}, som er fram i tid; før den inn når den er signert")
    numbers = [(i, m.kommune) for i, m in members]
    for number, count in repeated(n for _, n in numbers).items():
        places = [f"medlem {i + 1}" for i, n in numbers if n == number]
        add(", ".join(places), f"kommune {number!r} står {count} ganger; hver kommune skal stå én gang")

    for number, count in repeated(g.id for _, g in gatherings).items():
        add(("gatherings",), f"samlings-id {number!r} brukes {count} ganger; hver samling trenger sin egen id")
    # Members with a mistake elsewhere in their entry are still members: count them by number.
    listed = raw.get("members")
    raw_members = listed if isinstance(listed, list) else []
    member_set = {n for _, n in numbers} | {
        str(m["kommune"]).strip().zfill(4) for m in raw_members if isinstance(m, dict) and m.get("kommune")
    }
    for i, gathering in gatherings:
        where = ("gatherings", i)
        if gathering.end <= gathering.start:
            add((*where, "end"), f"slutt {gathering.end:%H:%M} er ikke etter start {gathering.start:%H:%M}")
        deadline = gathering.registration_deadline
        if deadline is not None and deadline > gathering.date:
            add((*where, "registration_deadline"),
                f"påmeldingsfristen {deadline:%d.%m.%Y} er etter samlingen {gathering.date:%d.%m.%Y}")
        if gathering.attendance is None:
            continue
        if gathering.date > today:
            add((*where, "attendance"),
                f"oppmøte er ført for en samling som ikke er holdt ennå ({gathering.date:%d.%m.%Y}); flytt samlingen "
                "eller vent med oppmøtet")
        for number in gathering.attendance:
            if number not in member_set:
                add((*where, "attendance", number), f"kommune {number!r} er ikke medlem av nettverket; "
                                                    "meld den inn først eller fjern oppmøtet")
    return problems


def _valid_items(raw: dict[str, Any], key: str, model: type[Member] | type[Gathering]) -> list[tuple[int, Any]]:
    """The entries of ``raw[key]`` that pass the schema on their own, with their positions."""
    items = raw.get(key)
    if not isinstance(items, list):
        return []
    valid = []
    for i, item in enumerate(items):
        try:
            valid.append((i, model.model_validate(item)))
        except ValidationError:
            continue
    return valid


def parse_network(
    path: Path,
    *,
    shown_as: str | None = None,
    municipalities: Municipalities | None = None,
    today: dt.date | None = None,
) -> tuple[Network | None, list[Problem]]:
    """Read one network file; return the network (if it is usable) and every problem found."""
    source = shown_as or str(path)
    network, raw, problems = read_model(
        path, source, Network, "id, name, members, gatherings …; lag et nytt nettverk med «learning init»")
    if not isinstance(raw, dict):
        return None, problems
    problems += _meaning_problems(
        _valid_items(raw, "members", Member), _valid_items(raw, "gatherings", Gathering), source,
        municipalities or load_municipalities(), today or dt.date.today(), raw,
    )
    if network is not None and network.id != path.stem:
        problems.append(Problem(source, "id", f"id {network.id!r} må være lik filnavnet ({path.stem!r})"))
    return network, problems


def network_path(workspace: Workspace, network_id: str) -> Path:
    """Where the network file of ``network_id`` is."""
    return workspace.params_dir / f"{network_id}.yml"


def load_network(workspace: Workspace, network_id: str, *, today: dt.date | None = None) -> Network:
    """The checked network ``params/<network_id>.yml``; a :class:`UserError` lists every problem."""
    path = network_path(workspace, network_id)
    if not path.exists():
        known = ", ".join(p.stem for p in network_files(workspace)) or "ingen"
        raise UserError(f"Nettverket {network_id!r} finnes ikke i {workspace.params_dir}. Kjente nettverk: {known}.")
    network, problems = parse_network(path, shown_as=workspace.relative(path),
                                      municipalities=load_municipalities(workspace), today=today)
    if problems or network is None:
        raise UserError(problems)
    return network


def load_networks(workspace: Workspace, *, today: dt.date | None = None) -> tuple[list[Network], list[Problem]]:
    """Every network of the workspace that loads, and every problem in any of them."""
    networks: list[Network] = []
    problems: list[Problem] = []
    municipalities = load_municipalities(workspace)
    for path in network_files(workspace):
        network, found = parse_network(path, shown_as=workspace.relative(path), municipalities=municipalities,
                                       today=today)
        problems += found
        if network is not None and not found:
            networks.append(network)
    return networks, problems
