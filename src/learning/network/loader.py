"""Load and check ``params/<network>.yml``: every problem at once, each naming file, field, value."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from learning.network.model import Gathering, Member, Network
from learning.problems import Problem, UserError
from learning.reference.municipalities import Municipalities, load_municipalities
from learning.workspace import Workspace
from learning.yamlfile import read_yaml

# Pydantic's messages are English and technical; facilitators read these.
_MESSAGES = {
    "missing": "mangler (feltet må fylles ut)",
    "extra_forbidden": "ukjent felt: sjekk stavemåten, eller fjern det",
    "literal_error": "ugyldig verdi; tillatt er {expected}",  # pydantic joins the last with «or»
    "string_pattern_mismatch": "har feil form",
    "date_from_datetime_parsing": "er ikke en dato (skriv ÅÅÅÅ-MM-DD)",
    "date_parsing": "er ikke en dato (skriv ÅÅÅÅ-MM-DD)",
    "date_type": "er ikke en dato (skriv ÅÅÅÅ-MM-DD)",
    "time_parsing": "er ikke et klokkeslett (skriv TT:MM, for eksempel \"09:00\")",
    "time_type": "er ikke et klokkeslett (skriv TT:MM i anførselstegn, for eksempel \"09:00\")",
    "bool_parsing": "må være true eller false",
    "bool_type": "må være true eller false",
    "int_parsing": "må være et heltall",
    "int_type": "må være et heltall",
    "greater_than_equal": "er for lite (minst {ge})",
    "less_than_equal": "er for stort (høyst {le})",
    "too_short": "er tom eller har for få elementer",
    "string_too_short": "er tom",
    "string_too_long": "er for lang",
    "list_type": "må være en liste",
    "dict_type": "må være en tabell (nøkkel: verdi)",
    "model_type": "må være en tabell (nøkkel: verdi)",
    "string_type": "må være tekst",
}


def network_files(workspace: Workspace) -> list[Path]:
    """The network files of a workspace, one per network."""
    return sorted(workspace.params_dir.glob("*.yml")) + sorted(workspace.params_dir.glob("*.yaml"))


def _field_path(loc: Iterable[Any]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _value_text(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_problems(error: ValidationError, source: str) -> list[Problem]:
    problems = []
    for item in error.errors():
        template = _MESSAGES.get(item["type"], item["msg"])
        try:
            message = template.format(**(item.get("ctx") or {})).replace("' or '", "' eller '")
        except (KeyError, IndexError):
            message = template
        if item["type"] != "missing" and "input" in item and not isinstance(item["input"], dict | list):
            message = f"{message} (fikk {_value_text(item['input'])})"
        problems.append(Problem(source, _field_path(item["loc"]), message))
    return problems


def _meaning_problems(
    members: list[tuple[int, Member]],
    gatherings: list[tuple[int, Gathering]],
    source: str,
    municipalities: Municipalities,
    today: dt.date,
) -> list[Problem]:
    """Checks across fields that the schema alone cannot express.

    Takes the members and gatherings that passed the schema, with their positions in the file, so
    these checks run even when another part of the file has a schema error.
    """
    problems: list[Problem] = []

    def add(where: str, message: str) -> None:
        problems.append(Problem(source, where, message))

    for i, member in members:
        if member.kommune not in municipalities:
            add(f"members[{i}].kommune", f"kommunenummer {member.kommune!r} finnes ikke i kommunelista for 2024")
        loi = member.letter_of_intent
        if loi.signed and loi.date is None:
            add(f"members[{i}].letter_of_intent.date", "avtalen er signert, men datoen mangler")
        if not loi.signed and loi.date is not None:
            add(f"members[{i}].letter_of_intent.signed", "har dato, men signed er false")
    numbers = [(i, m.kommune) for i, m in members]
    for number, count in Counter(n for _, n in numbers).items():
        if count > 1:
            places = [f"members[{i}]" for i, n in numbers if n == number]
            add(", ".join(places), f"kommune {number!r} står {count} ganger; hver kommune skal stå én gang")

    for number, count in Counter(g.id for _, g in gatherings).items():
        if count > 1:
            add("gatherings", f"samlings-id {number!r} brukes {count} ganger; hver samling trenger sin egen id")
    member_set = {n for _, n in numbers}
    for i, gathering in gatherings:
        where = f"gatherings[{i}] ({gathering.id})"
        if gathering.end <= gathering.start:
            add(f"{where}.end", f"slutt {gathering.end:%H:%M} er ikke etter start {gathering.start:%H:%M}")
        deadline = gathering.registration_deadline
        if deadline is not None and deadline > gathering.date:
            add(f"{where}.registration_deadline", f"påmeldingsfristen {deadline} er etter samlingen {gathering.date}")
        if gathering.attendance is None:
            continue
        if gathering.date > today:
            add(f"{where}.attendance", f"oppmøte er ført for en samling som ikke er holdt ennå ({gathering.date})")
        for number in gathering.attendance:
            if number not in member_set:
                add(f"{where}.attendance.{number}", f"kommune {number!r} er ikke medlem av nettverket")
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
    try:
        raw = read_yaml(path, source)
    except UserError as error:
        return None, error.problems
    if not isinstance(raw, dict):
        return None, [Problem(source, "", "filen må være en YAML-tabell med id, name, members, gatherings …")]
    network: Network | None = None
    try:
        network = Network.model_validate(raw)
        problems = []
    except ValidationError as error:
        problems = schema_problems(error, source)
    problems += _meaning_problems(
        _valid_items(raw, "members", Member), _valid_items(raw, "gatherings", Gathering), source,
        municipalities or load_municipalities(), today or dt.date.today(),
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
