"""Reading survey exports as people really get them: CSV in any common dialect, or XLSX.

Every cell comes back as text (numbers from a spreadsheet without a trailing ``.0``), so the
importer sees one shape whatever the format. A file that is not a table at all is a
:class:`UserError` that says what to do; the file itself is only ever read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from learning.problems import Problem, UserError

DELIMITERS = (";", ",", "\t")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
Fail = Callable[[str], UserError]


@dataclass(frozen=True)
class RawTable:
    """A file's header and data rows as text; ``rows`` pairs each row with its number as a
    spreadsheet shows it (header = 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    format: str
    warnings: tuple[str, ...] = ()  # e.g. data on other sheets of a workbook, which is not read


def read_table(path: Path, data: bytes, shown_as: str) -> RawTable:
    """Parse ``data`` (the bytes of ``path``) as an XLSX workbook or a CSV text."""

    def fail(message: str) -> UserError:
        return UserError([Problem(shown_as, "", message)])

    if not data.strip():
        raise fail("filen er tom. Eksporter svarene på nytt og prøv igjen.")
    if data.startswith(_OLE_MAGIC) or path.suffix.lower() == ".xls":
        raise fail(
            "det gamle Excel-formatet (.xls) kan ikke leses. Lagre filen som .xlsx eller CSV."
        )
    table = _read_xlsx(data, fail) if data.startswith(_ZIP_MAGIC) else _read_csv(_decode(data, fail), fail)
    if not any(cell.strip() for cell in table.header):
        raise fail("første rad er tom; den skal ha kolonneoverskriftene.")
    return table


def _decode(data: bytes, fail: Fail) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the two encodings exports come in."""
    if b"\x00" in data:
        raise fail("filen er ikke en tabell (CSV eller XLSX).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise fail("tegnkodingen er ukjent. Lagre filen som CSV (UTF-8) og prøv igjen.") from None


def _parse(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _consistency(records: list[list[str]]) -> int:
    """The header width if most rows have that width, else 0 (this delimiter does not fit)."""
    if not records or len(records[0]) < 2:
        return 0
    width = len(records[0])
    rows = [r for r in records[1:50] if any(cell.strip() for cell in r)]
    fitting = sum(len(r) == width for r in rows)
    return width if not rows or fitting >= 0.8 * len(rows) else 0


def _read_csv(text: str, fail: Fail) -> RawTable:
    """Pick the delimiter that splits the header into most columns with rows that fit."""
    best: tuple[int, str] = (0, "")
    for delimiter in DELIMITERS:
        try:
            records = _parse(text, delimiter)
        except csv.Error:
            continue
        score = _consistency(records)
        if score > best[0]:
            best = (score, delimiter)
    if not best[1]:
        raise fail(
            "filen er ikke en tabell: fant ingen kolonner skilt med "
            "semikolon, komma eller tabulator."
        )
    records = _parse(text, best[1])
    rows = [(number, record) for number, record in enumerate(records[1:], start=2)]
    return RawTable(header=records[0], rows=rows, format=f"csv ({_DELIMITER_NAMES[best[1]]})")


_DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabulator"}


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person would see (``4``, not ``4.0``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes, fail: Fail) -> RawTable:
    """The first worksheet of a workbook (values, not formulas)."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise fail(
            "filen ser ut som en zip-fil, men er ikke en Excel-arbeidsbok (.xlsx)."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        warnings = tuple(_other_sheet_warnings(workbook.worksheets[1:]))
    finally:
        workbook.close()
    if not records:
        raise fail("det første regnearket i arbeidsboka er tomt.")
    rows = [(number, record) for number, record in enumerate(records[1:], start=2)]
    return RawTable(header=records[0], rows=rows, format="xlsx", warnings=warnings)


def _other_sheet_warnings(sheets: list) -> list[str]:  # type: ignore[type-arg]
    """Only the first sheet is imported; data on any other sheet is said, never silently left out."""
    found = []
    for sheet in sheets:
        filled = sum(any(_cell_text(v).strip() for v in row) for row in sheet.iter_rows(values_only=True))
        if filled > 1:  # more than a header
            found.append(f"arket «{sheet.title}» har {filled - 1} rader med data som ikke er importert: bare det "
                         "første arket leses. Flytt radene dit, eller importer arket som egen fil.")
    return found
