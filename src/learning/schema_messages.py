"""Pydantic's errors in the facilitator's words: the one translation every loader of people's files uses.

Pydantic says ``members.5.joined``: ``Input should be a valid date``. People read «medlem 6 (Vang),
innmeldt: er ikke en dato (skriv datoen som DD.MM.ÅÅÅÅ …)». Positions count from 1, list entries
are named by what they hold (the municipality's name, a gathering's id), field names are the
Norwegian words for them, and every message says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from learning.dates import DATE_HINT, TIME_HINT
from learning.problems import Problem, UserError
from learning.yamlfile import read_yaml

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "mangler (feltet må fylles ut)",
    "extra_forbidden": "ukjent felt: sjekk stavemåten, eller fjern det",
    "literal_error": "ugyldig verdi; tillatt er {expected}",  # pydantic joins the last with «or»
    "string_pattern_mismatch": "har feil form",
    "date_from_datetime_parsing": f"er ikke en dato ({DATE_HINT})",
    "date_from_datetime_inexact": f"er ikke en dato ({DATE_HINT})",
    "date_parsing": f"er ikke en dato ({DATE_HINT})",
    "date_type": f"er ikke en dato ({DATE_HINT})",
    "time_parsing": f"er ikke et klokkeslett ({TIME_HINT})",
    "time_type": f"er ikke et klokkeslett ({TIME_HINT})",
    "bool_parsing": "må være ja eller nei (true eller false)",
    "bool_type": "må være ja eller nei (true eller false)",
    "int_parsing": "må være et heltall",
    "int_type": "må være et heltall",
    "int_from_float": "må være et heltall",
    "float_parsing": "må være et tall",
    "float_type": "må være et tall",
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

# The words facilitators use for the keys of the params files (network, goals, exercises, …).
FIELD_WORDS = {
    "id": "id", "name": "navn", "organisers": "arrangører", "partners": "samarbeidspartnere",
    "target_group": "målgruppe", "language": "målform", "survey_min_group": "minste gruppe",
    "survey_protection_interval": "vern av skjulte tall",
    "members": "medlemmer", "kommune": "kommunenummer", "joined": "innmeldt",
    "letter_of_intent": "intensjonsavtale", "signed": "signert", "date": "dato",
    "signed_by": "signert av", "anchoring": "forankring", "level": "nivå", "description": "beskrivelse",
    "representatives": "representanter", "role": "rolle", "service": "tjeneste",
    "coordination_mandate": "mandat til samordning", "gatherings": "samlinger", "start": "start",
    "end": "slutt", "format": "form", "place": "sted", "theme": "tema",
    "registration_deadline": "påmeldingsfrist", "attendance": "oppmøte",
    "attendance_detail": "oppmøte i detalj", "counts": "antall", "count": "antall",
    "representative_with_mandate": "representant med mandat til stede",
    "partners_present": "samarbeidspartnere til stede", "reports": "rapporter",
    "notebook": "notatbok", "scope": "omfang", "audience": "målgruppe", "parameters": "parametere",
    "municipalities": "kommuner", "goals": "mål", "text": "tekst", "indicators": "indikatorer",
    "unit": "enhet", "direction": "retning", "baseline": "utgangsverdi", "target": "målverdi",
    "measured": "slik måles det", "baseline_points": "målinger i utgangsnivået",
    "network": "nettverk", "exercises": "oppgaver", "fields": "felt", "prompt": "spørsmål",
}
# A list under this key holds entries called this (singular), numbered from 1.
ENTRY_WORDS = {
    "members": "medlem", "gatherings": "samling", "representatives": "representant",
    "municipalities": "kommune", "goals": "mål", "indicators": "indikator", "reports": "rapport",
    "exercises": "oppgave", "fields": "felt", "organisers": "arrangør", "partners": "samarbeidspartner",
    "counts": "linje", "partners_present": "samarbeidspartner",
}
# Mappings keyed by kommunenummer: the key is shown with the municipality's name.
_MUNICIPALITY_KEYED = {"attendance", "attendance_detail", "municipalities"}


@cache
def _municipality_names() -> dict[str, str]:
    from learning.reference.municipalities import load_municipalities  # only when a message needs it

    return {m.number: m.name for m in load_municipalities()}


def municipality_label(number: object) -> str:
    """``3453`` → ``Vang``; an unknown number stays as it was written."""
    text = str(number).strip()
    padded = text.zfill(4) if text.isdigit() and len(text) <= 4 else text
    return _municipality_names().get(padded, text)


def _entry_label(entry: Any) -> str:
    if isinstance(entry, Mapping):
        if "kommune" in entry and entry["kommune"] is not None:
            return municipality_label(entry["kommune"])
        if isinstance(entry.get("id"), str | int):
            return str(entry["id"])
    if isinstance(entry, str) and len(entry) <= 40:
        return entry
    return ""


def describe_location(loc: Iterable[Any], raw: Any = None) -> str:
    """A pydantic location in words: ``("members", 5, "joined")`` → ``medlem 6 (Vang), innmeldt``."""
    parts: list[str] = []
    node, parent_key = raw, None
    for part in loc:
        if part == "[key]":
            parts.append("nøkkelen")
            continue
        if isinstance(part, int):
            word = ENTRY_WORDS.get(str(parent_key), "nr.")
            entry = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            label = _entry_label(entry)
            if parts and parent_key in ENTRY_WORDS:
                parts.pop()  # «medlem 6» says «medlemmer» already
            parts.append(f"{word} {part + 1}" + (f" ({label})" if label else ""))
            node = entry
        elif parent_key in _MUNICIPALITY_KEYED and str(part).strip().isdigit():
            parts.append(f"{municipality_label(part)} ({part})")
            node = node.get(part) if isinstance(node, Mapping) else None
        else:
            parts.append(FIELD_WORDS.get(str(part), str(part)))
            node = node.get(part) if isinstance(node, Mapping) else None
        parent_key = part
    return ", ".join(parts)


def _value_text(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message_for(item: ErrorDetails) -> str:
    """One pydantic error's message in Norwegian, with the wrong value where it is short."""
    kind = item["type"]
    if kind == "value_error":
        message = str(item.get("ctx", {}).get("error", item["msg"])).removeprefix("Value error, ")
    else:
        template = _MESSAGES.get(kind, "ugyldig verdi; sjekk feltet mot eksempelet i README")
        try:
            message = template.format(**(item.get("ctx") or {})).replace("' or '", "' eller '")
        except (KeyError, IndexError):
            message = template
    if kind != "missing" and "input" in item and not isinstance(item["input"], dict | list):
        message = f"{message} (fikk {_value_text(item['input'])})"
    return message


def schema_problems(error: ValidationError, source: str, raw: Any = None, *, prefix: str = "") -> list[Problem]:
    """Every error of a validation as a :class:`Problem` in the facilitator's words.

    ``raw`` is the data that was validated; with it, list entries are named by what they hold.
    ``prefix`` places the validated part inside a larger file (e.g. ``funn 3``).
    """
    problems = []
    for item in error.errors():
        where = describe_location(item["loc"], raw)
        where = ", ".join(part for part in (prefix, where) if part)
        problems.append(Problem(source, where, message_for(item)))
    return problems


def read_model(path: Path, source: str, model: type[M], keys: str) -> tuple[M | None, Any, list[Problem]]:
    """Read a YAML file of people's into ``model``: (the model or ``None``, the raw data, every
    problem). ``keys`` names the top-level keys for the message when the file is no mapping; the
    raw data is returned so that a loader can look for more problems where validation failed."""
    try:
        raw = read_yaml(path, source)
    except UserError as error:
        return None, None, error.problems
    if not isinstance(raw, dict):
        return None, raw, [Problem(source, "", f"filen må være en YAML-tabell med {keys}")]
    try:
        return model.model_validate(raw), raw, []
    except ValidationError as error:
        return None, raw, schema_problems(error, source, raw)


def load_model(path: Path, source: str, model: type[M], keys: str, meaning: Callable[[M], list[Problem]]) -> M:
    """:func:`read_model`, then the file's ``meaning`` problems; a :class:`UserError` lists every problem."""
    data, _, problems = read_model(path, source, model, keys)
    if data is not None:
        problems = meaning(data)
    if problems or data is None:
        raise UserError(problems)
    return data
