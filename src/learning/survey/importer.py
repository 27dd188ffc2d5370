"""Import one survey export into the network's validated responses.

A file that cannot be used at all is a :class:`UserError` and nothing is written. Otherwise every
row is checked: good rows are added to the store, bad rows are listed (row, column, reason; never
a free-text value) and left out, and a response whose submission id is already stored is counted
once. Importing the same file again adds nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from learning.network import Network, load_network
from learning.problems import Problem, UserError
from learning.reference.municipalities import Municipalities, load_municipalities
from learning.survey import schema
from learning.survey.answers import (
    AnswerError,
    label_lookup,
    parse_choice,
    parse_created,
    parse_flag,
    parse_multiple,
    parse_municipality,
    parse_opprettet,
    parse_scale,
)
from learning.survey.codebook import Codebook, load_codebook
from learning.survey.columns import ColumnMap, map_columns
from learning.survey.overlap import find_overlap, without_files
from learning.survey.reading import read_table
from learning.survey.store import update_responses
from learning.survey.workbook_limits import MAX_FILE_BYTES
from learning.workspace import Workspace

SCALE_ITEMS = (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)


@dataclass(frozen=True)
class Rejection:
    """Why one row (or one cell of it) could not be used."""

    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: counts, rejected rows and columns that were ignored."""

    source_file: str
    network: str
    wave: str
    sha256: str
    format: str
    rows_read: int
    accepted: int
    rejected: tuple[Rejection, ...] = ()
    duplicates: tuple[int, ...] = ()
    unknown_columns: tuple[str, ...] = ()
    empty_rows: int = 0
    already_imported: bool = False
    overlap_files: tuple[str, ...] = ()  # stored files this re-export repeats (nothing stored without --replace)
    overlap_rows: tuple[int, ...] = ()
    replaced: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def rejected_rows(self) -> list[int]:
        """The numbers of the rejected rows, each once."""
        return sorted({r.row for r in self.rejected})


@dataclass
class _Checker:
    """Checks rows of one file against the codebook and the network."""

    network: Network
    codebook: Codebook
    columns: ColumnMap
    municipalities: Municipalities
    rejections: list[Rejection] = field(default_factory=list)

    @cached_property
    def lookups(self) -> dict[str, dict[str, object]]:
        book = self.codebook
        found = {code: label_lookup(book.scale_of(code).labels) for code in SCALE_ITEMS}
        found |= {
            code: label_lookup(book.options_of(code)) for code in ("tjeneste", "rolle", "samarbeid")
        }
        return found

    @cached_property
    def names(self):  # type: ignore[no-untyped-def]
        return self.municipalities.by_name()

    def row(self, number: int, cells: list[str]) -> dict[str, object] | None:
        """The response of one row, or None (with its rejections recorded) when it is unusable."""
        before = len(self.rejections)
        cols = self.columns

        def cell(index: int | None) -> str:
            return cells[index] if index is not None and index < len(cells) else ""

        def read(index: int, parse, *args):  # type: ignore[no-untyped-def]
            try:
                return parse(cell(index), *args)
            except AnswerError as error:
                self.rejections.append(Rejection(number, cols.labels[index], str(error)))
                return None

        if len(cells) > len(cols.labels) and any(c.strip() for c in cells[len(cols.labels) :]):
            self.rejections.append(
                Rejection(number, "", "raden har flere celler enn det er kolonneoverskrifter")
            )
        record: dict[str, object] = {
            "kommune": self._municipality(number, cell(cols.items["kommune"]))
        }
        record["tjeneste"] = read(
            cols.items["tjeneste"], parse_choice, self.lookups["tjeneste"], "tjeneste"
        )
        if record["tjeneste"] is None and not cell(cols.items["tjeneste"]).strip():
            self.rejections.append(
                Rejection(number, cols.labels[cols.items["tjeneste"]], "tjeneste mangler")
            )
        if "rolle" in cols.items:
            record["rolle"] = read(
                cols.items["rolle"], parse_choice, self.lookups["rolle"], "rolle"
            )
        for code in SCALE_ITEMS:
            if code in cols.items:
                record[code] = read(
                    cols.items[code], parse_scale, self.codebook.scale_of(code), self.lookups[code]
                )
        record |= self._cooperation(read)
        if "kommentar" in cols.items:
            record["kommentar"] = cell(cols.items["kommentar"]).strip() or None
        record |= self._system(cell, read)
        return record if len(self.rejections) == before else None

    def _municipality(self, number: int, text: str) -> str | None:
        label = self.columns.labels[self.columns.items["kommune"]]
        try:
            code = parse_municipality(text, self.municipalities, self.names)
        except AnswerError as error:
            self.rejections.append(Rejection(number, label, str(error)))
            return None
        if code not in self.network.member_numbers:
            name = self.municipalities.get(code).name
            self.rejections.append(
                Rejection(
                    number,
                    label,
                    f"kommune {code} {name} er ikke medlem av nettverket {self.network.id}",
                )
            )
            return None
        return code

    def _cooperation(self, read) -> dict[str, object]:  # type: ignore[no-untyped-def]
        cols = self.columns
        if "samarbeid" in cols.items:
            chosen = read(cols.items["samarbeid"], parse_multiple, self.lookups["samarbeid"])
            if chosen is None:
                return {}
            return {f"samarbeid.{o}": o in chosen for o in schema.COOPERATION_OPTIONS}
        flags = {option: read(index, parse_flag) for option, index in cols.cooperation.items()}
        if all(value is None for value in flags.values()):
            return {}
        # An answered item: options the export left out, or left blank, were not chosen.
        return {f"samarbeid.{o}": bool(flags.get(o)) for o in schema.COOPERATION_OPTIONS}

    def _system(self, cell, read) -> dict[str, object]:  # type: ignore[no-untyped-def]
        system = self.columns.system
        found: dict[str, object] = {}
        if "submission_id" in system:
            found["submission_id"] = cell(system["submission_id"]).strip() or None
        if "created" in system:
            found["submitted_at"] = read(system["created"], parse_created)
        elif "opprettet" in system:
            found["submitted_at"] = read(system["opprettet"], parse_opprettet)
        return found


def check_wave(network: Network, wave: str) -> str:
    """``wave`` if it is ``baseline`` or a gathering of the network; else a UserError."""
    valid = [schema.BASELINE, *(g.id for g in network.gatherings)]
    if wave not in valid:
        raise UserError(
            [
                Problem(
                    "--wave",
                    "",
                    f"Bølgen {wave!r} finnes ikke i nettverket {network.id}. "
                    f"Gyldige bølger: {', '.join(valid)} "
                    "(baseline = før første samling, ellers samlingens id).",
                )
            ]
        )
    return wave


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_survey(
    workspace: Workspace,
    path: Path | str,
    network_id: str,
    wave: str,
    *,
    codebook: Codebook | None = None,
    replace: bool = False,
) -> ImportSummary:
    """Import the export at ``path`` as ``wave`` of ``network_id``; the file is only read."""
    network = load_network(workspace, network_id)
    check_wave(network, wave)
    source = Path(path)
    if not source.is_file():
        raise UserError([Problem(str(source), "", "filen finnes ikke. Sjekk navnet og mappen.")])
    size = source.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UserError([Problem(str(source), "", (
            f"filen er {size / 1024**2:,.0f} MB (høyst {MAX_FILE_BYTES // 1024**2} MB for en kartlegging). "
            "Sjekk at det er riktig fil, eller del opp eksporten."))])
    try:
        data = source.read_bytes()
    except OSError as error:
        raise UserError([Problem(str(source), "", f"kan ikke leses ({error.strerror}).")]) from None
    table = read_table(source, data, source.name)
    columns = map_columns(table.header, codebook or load_codebook(), source.name)
    checker = _Checker(network, codebook or load_codebook(), columns, load_municipalities(workspace))
    records: list[dict[str, object]] = []
    empty = 0
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            empty += 1  # spreadsheets often end with blank rows; they are not responses
            continue
        record = checker.row(number, cells)
        if record is not None:
            records.append({"row_number": number, **record})
    sha = file_sha256(data)
    meta = {"network": network.id, "wave": wave, "source_file": source.name, "source_sha256": sha}
    new = pd.DataFrame([{**meta, **r} for r in records], columns=list(schema.RESPONSE_COLUMNS))
    outcome = _store(workspace, network.id, new, sha, wave=wave, replace=replace)
    return ImportSummary(
        source_file=source.name,
        network=network.id,
        wave=wave,
        sha256=sha,
        format=table.format,
        rows_read=len(table.rows) - empty,
        accepted=outcome["accepted"],
        rejected=tuple(checker.rejections),
        duplicates=tuple(outcome["duplicates"]),
        unknown_columns=tuple(columns.unknown),
        empty_rows=empty,
        already_imported=bool(outcome["already"]),
        overlap_files=outcome["overlap"].files if outcome["overlap"] else (),
        overlap_rows=outcome["overlap"].rows if outcome["overlap"] else (),
        replaced=bool(outcome["overlap"]) and replace,
        warnings=table.warnings,
    )


def _store(
    workspace: Workspace, network_id: str, new: pd.DataFrame, sha: str, *, wave: str, replace: bool
) -> dict[str, Any]:
    """Add ``new`` to the store unless the file is there already; leave out stored submissions.

    A re-export that repeats another file's responses (:mod:`learning.survey.overlap`) is stored
    only with ``replace``, and then instead of that file."""
    outcome: dict[str, Any] = {"accepted": 0, "duplicates": [], "already": False, "overlap": None}

    def change(current: pd.DataFrame) -> pd.DataFrame | None:
        if (current["source_sha256"] == sha).any():
            outcome["already"] = True
            return None
        overlap = find_overlap(current, new, wave)
        outcome["overlap"] = overlap
        if overlap and not replace:
            return None
        if overlap:
            current = without_files(current, wave, overlap.files)
        seen = set(current["submission_id"].dropna())
        keep = []
        for submission in new["submission_id"]:
            duplicate = pd.notna(submission) and submission in seen
            keep.append(not duplicate)
            if pd.notna(submission):
                seen.add(submission)
        outcome["duplicates"] = new.loc[[not k for k in keep], "row_number"].astype(int).tolist()
        added = new.loc[keep]
        outcome["accepted"] = len(added)
        if added.empty and not overlap:
            return None
        return pd.concat([current, added.astype(current.dtypes.to_dict())], ignore_index=True)

    update_responses(workspace, network_id, change)
    return outcome
