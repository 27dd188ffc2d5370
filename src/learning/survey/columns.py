"""Recognising the columns of a survey export: by item code or by question text (nb or nn).

Headers are matched ignoring case and surrounding or repeated spaces. Survey tools add system
columns (Nettskjema's ``$submission_id``, ``$created``, ``$answer_time_ms``; older exports
``Opprettet``); anything else is reported as unknown and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from learning.problems import Problem, UserError
from learning.survey.codebook import Codebook, fold

SYSTEM_COLUMNS = {
    "$submission_id": "submission_id",
    "$created": "created",
    "$answer_time_ms": "answer_time_ms",
    "opprettet": "opprettet",
}


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_label(header: str, index: int) -> str:
    """A column as messages name it: its header (shortened) and its spreadsheet letter."""
    text = " ".join(header.split()) or "uten overskrift"
    if len(text) > 40:
        text = text[:37] + "…"
    return f"«{text}» (kolonne {column_letter(index)})"


@dataclass
class ColumnMap:
    """Which column (0-based index) holds what."""

    items: dict[str, int] = field(default_factory=dict)  # item code → column
    cooperation: dict[str, int] = field(default_factory=dict)  # samarbeid option → 0/1 column
    system: dict[str, int] = field(default_factory=dict)  # submission_id/created/… → column
    unknown: list[str] = field(default_factory=list)  # labels of ignored columns
    labels: dict[int, str] = field(default_factory=dict)  # column → label for messages


def _known_headers(codebook: Codebook) -> dict[str, tuple[str, str]]:
    """Folded header → (kind, code): kind is ``item``, ``cooperation`` or ``system``."""
    known: dict[str, tuple[str, str]] = {}
    for item in codebook.items:
        for text in (item.code, *item.text.both()):
            known[fold(text)] = ("item", item.code)
    for option, texts in codebook.options_of("samarbeid").items():
        for name in (option, *texts.both()):
            known[fold(f"samarbeid.{name}")] = ("cooperation", option)
    known |= {name: ("system", role) for name, role in SYSTEM_COLUMNS.items()}
    return known


def map_columns(header: list[str], codebook: Codebook, shown_as: str) -> ColumnMap:
    """Recognise every column; a file without the columns the import needs is a UserError."""
    known = _known_headers(codebook)
    found = ColumnMap()
    places: dict[tuple[str, str], list[int]] = {}
    for index, text in enumerate(header):
        found.labels[index] = column_label(text, index)
        match = known.get(fold(text))
        if match is None:
            if text.strip():
                found.unknown.append(found.labels[index])
            continue
        places.setdefault(match, []).append(index)
    problems = [
        Problem(
            shown_as,
            ", ".join(found.labels[i] for i in where),
            f"{code} står i {len(where)} kolonner; behold én av dem",
        )
        for (_, code), where in places.items()
        if len(where) > 1
    ]
    if problems:
        raise UserError(problems)
    for (kind, code), (index,) in places.items():
        {"item": found.items, "cooperation": found.cooperation, "system": found.system}[kind][
            code
        ] = index
    _check_usable(found, shown_as)
    return found


def _check_usable(found: ColumnMap, shown_as: str) -> None:
    def fail(message: str) -> UserError:
        return UserError([Problem(shown_as, "kolonneoverskrifter", message)])

    if not found.items and not found.cooperation:
        raise fail(
            "fant ingen kjente kolonner. Første rad må ha spørsmålskodene (for eksempel kommune, "
            "tjeneste, p_identify) eller spørsmålsteksten fra kodeboka på bokmål eller nynorsk."
        )
    if "kommune" not in found.items:
        raise fail(
            "kolonnen for kommune mangler. "
            "Legg til en kolonne «kommune» med kommunenummer eller navn."
        )
    if "tjeneste" not in found.items:
        raise fail("kolonnen for tjeneste mangler. Legg til en kolonne «tjeneste».")
    if "samarbeid" in found.items and found.cooperation:
        raise fail(
            "samarbeid står både som én kolonne og som én kolonne per svar (samarbeid.…); "
            "behold én av formene."
        )
