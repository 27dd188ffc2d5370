"""Reading survey exports as people really get them: CSV in any common dialect, or XLSX.

Every cell comes back as text (numbers from a spreadsheet without a trailing ``.0``), so the
importer sees one shape whatever the format. A file that is not a table at all is a
:class:`UserError` that says what to do; the file itself is only ever read.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from learning.problems import Problem, UserError
from learning.survey import workbook_limits as limits

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


def _utf16_variant(data: bytes) -> str | None:
    """``utf-16`` (with a BOM), ``utf-16-le``/``-be`` (text whose every other byte is zero, as
    Excel's «Unicode text» writes it), else None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def _decode(data: bytes, fail: Fail) -> str:
    """UTF-8 (with or without BOM), Windows-1252 or UTF-16: the encodings exports come in."""
    variant = _utf16_variant(data)
    if variant:
        try:
            return data.decode(variant).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise fail("filen ser ut som UTF-16-tekst, men kan ikke leses som det. "
                       "Lagre filen som CSV (UTF-8) og prøv igjen.") from None
    if b"\x00" in data:
        raise fail("filen er ikke en tabell (CSV eller XLSX): den inneholder binære data. "
                   "Lagre svarene som CSV (UTF-8) eller XLSX og prøv igjen.")
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


def _sheet_records(sheet: Any, fail: Fail) -> list[list[str]]:
    """The sheet's rows as text, stopping with a clear message past the row, column or time bound."""
    width = sheet.max_column  # from the sheet's declared dimension; None when it has none
    if width is not None and width > limits.MAX_COLUMNS:
        raise fail(f"regnearket har {width} kolonner (høyst {limits.MAX_COLUMNS}). "
                   "Eksporter bare svarene og prøv igjen.")
    deadline = time.monotonic() + limits.MAX_SECONDS
    records = []
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > limits.MAX_ROWS + 1:
            raise fail(f"regnearket har flere enn {limits.MAX_ROWS:,} rader med svar. Del opp eksporten "
                       "(for eksempel per kommune) og importer delene hver for seg.".replace(",", " "))
        if len(row) > limits.MAX_COLUMNS:
            raise fail(f"rad {number} har {len(row)} celler (høyst {limits.MAX_COLUMNS}).")
        if number % 1000 == 0 and time.monotonic() > deadline:
            raise fail(f"lesingen av arbeidsboka tok mer enn {limits.MAX_SECONDS:g} sekunder og ble stoppet. "
                       "Eksporter svarene som CSV og prøv igjen.")
        records.append([_cell_text(v) for v in row])
    return records


def _read_xlsx(data: bytes, fail: Fail) -> RawTable:
    """The first worksheet of a workbook (values, not formulas), within :mod:`workbook_limits`."""
    limits.check_workbook_archive(data, fail)
    broken = ("arbeidsboka er skadet og kan ikke leses ({}). Åpne den i Excel og lagre den på nytt "
              "som .xlsx, eller eksporter svarene som CSV.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl has no error type of its own for a malformed part
        raise fail(broken.format(type(error).__name__)) from None
    try:
        records = _sheet_records(workbook.worksheets[0], fail)
        warnings = tuple(_other_sheet_warnings(workbook.worksheets[1:]))
    except UserError:
        raise
    except Exception as error:
        raise fail(broken.format(type(error).__name__)) from None
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
