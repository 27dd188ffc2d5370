"""Goals and measurements through a spreadsheet: ``learning goals-template`` and ``learning import-goals``.

The template has a sheet of instructions and one sheet per member municipality: its goals and
indicators at the top, its measurements below, with drop-down lists (data validation) for the
unit, the direction and the indicator of each measurement. A filled-in workbook is read back with
every problem named by sheet, row and column; only when there are none do the goals land in
``params/goals/<nettverk>.yml`` and the measurements in ``data/goals/<nettverk>.csv``. Sheets
left empty leave that municipality's goals as they were.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from learning.atomic import write_bytes_atomic, write_text_atomic
from learning.goals.loader import _row_problems, goal_problems, goals_path, measurements_path
from learning.goals.model import MEASUREMENT_COLUMNS, PERCENT, GoalsFile
from learning.network import Network, load_network
from learning.network.edit import dump_text, quoted
from learning.problems import Problem, UserError
from learning.reference.municipalities import load_municipalities, slugify
from learning.schema_messages import message_for
from learning.workspace import Workspace

GOAL_HEADER = ("Målet med egne ord", "Indikator", "Enhet", "Retning", "Utgangsverdi", "Målverdi", "Slik måles det")
MEASURE_HEADER = ("Indikator", "Dato", "Verdi", "Teller", "Nevner")
GOAL_ROW, GOAL_ROWS = 6, 12  # header row, then rows for goals and indicators
MEASURE_ROW = GOAL_ROW + GOAL_ROWS + 3  # header row of the measurements
MEASURE_ROWS = 400
DIRECTIONS = {"høyere er bedre": "higher", "lavere er bedre": "lower"}
UNITS = (PERCENT, "antall", "samtaler", "dager", "ansatte")
_CSV_COLUMN = {"value": "Verdi", "numerator": "Teller", "denominator": "Nevner", "date": "Dato",
               "indicator": "Indikator", "kommune": "arket"}
INSTRUCTIONS = (
    "Slik fyller du ut regnearket",
    "Hver kommune har sitt eget ark (fanene nederst). Ikke endre navnet på arkene eller overskriftene.",
    "Øverst: kommunens mål med egne ord, og én rad per indikator (flere indikatorer for samme mål: "
    "skriv målet på nytt, eller la cellen stå tom for å bruke målet over).",
    "Enhet og Retning velger du fra listen i cellen. Enheten «prosent» må ha verdier fra 0 til 100.",
    "Nederst: målingene. Velg indikatoren fra listen, skriv datoen som 15.01.2025 og verdien. "
    "For andeler kan du skrive teller og nevner i stedet for verdien.",
    "Ingen navn på personer eller pasienter i regnearket.",
    "Send regnearket tilbake til den som fasiliterer nettverket; hun eller han importerer det med "
    "«learning import-goals».",
)


def _goal_rows(goals: GoalsFile | None, number: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for municipality in goals.municipalities if goals else []:
        if municipality.kommune != number:
            continue
        for goal in municipality.goals:
            for indicator in goal.indicators:
                direction = next(k for k, v in DIRECTIONS.items() if v == indicator.direction)
                rows.append((goal.text, indicator.name, indicator.unit, direction, indicator.baseline,
                             indicator.target, indicator.measured))
    return rows


def _municipality_sheet(book: Workbook, network: Network, number: str, goals: GoalsFile | None) -> None:
    name = load_municipalities().get(number).name
    sheet: Worksheet = book.create_sheet(name[:31])
    bold = Font(bold=True)
    sheet["A1"] = f"Mål for {name} i {network.name}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"], sheet["B2"] = "Kommunenummer", number
    sheet["A3"] = "Se arket «Slik fyller du ut». Velg fra listene der cellen har en pil."
    sheet.cell(GOAL_ROW - 1, 1, "Mål og indikatorer").font = bold
    for column, title in enumerate(GOAL_HEADER, start=1):
        cell = sheet.cell(GOAL_ROW, column, title)
        cell.font, cell.fill = bold, PatternFill("solid", fgColor="DDEBF7")
    for offset, row in enumerate(_goal_rows(goals, number)[:GOAL_ROWS], start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(GOAL_ROW + offset, column, value)
    first, last = GOAL_ROW + 1, GOAL_ROW + GOAL_ROWS
    units = DataValidation(type="list", formula1='"' + ",".join(UNITS) + '"', allow_blank=True,
                           showErrorMessage=False, promptTitle="Enhet", prompt="Velg, eller skriv en egen enhet")
    directions = DataValidation(type="list", formula1='"' + ",".join(DIRECTIONS) + '"', allow_blank=True,
                                errorTitle="Retning", error="Velg «høyere er bedre» eller «lavere er bedre»")
    units.add(f"C{first}:C{last}")
    directions.add(f"D{first}:D{last}")
    sheet.cell(MEASURE_ROW - 1, 1, "Målinger").font = bold
    for column, title in enumerate(MEASURE_HEADER, start=1):
        cell = sheet.cell(MEASURE_ROW, column, title)
        cell.font, cell.fill = bold, PatternFill("solid", fgColor="DDEBF7")
    indicators = DataValidation(type="list", formula1=f"=$B${first}:$B${last}", allow_blank=True,
                                errorTitle="Indikator", error="Velg en indikator fra listen (de står øverst på arket)")
    indicators.add(f"A{MEASURE_ROW + 1}:A{MEASURE_ROW + MEASURE_ROWS}")
    for validation in (units, directions, indicators):
        sheet.add_data_validation(validation)
    for letter, width in zip("ABCDEFG", (48, 34, 12, 18, 13, 11, 48), strict=True):
        sheet.column_dimensions[letter].width = width


def goals_template(workspace: Workspace, network_id: str, out: Path) -> Path:
    """Write the workbook for the network's members (filled with the goals already recorded)."""
    network = load_network(workspace, network_id)
    goals = _current_goals(workspace, network)
    book = Workbook()
    guide = book.active
    guide.title = "Slik fyller du ut"
    for row, text in enumerate(INSTRUCTIONS, start=1):
        guide.cell(row, 1, text).font = Font(bold=row == 1, size=14 if row == 1 else 11)
    guide.column_dimensions["A"].width = 120
    for number in network.member_numbers:
        _municipality_sheet(book, network, number, goals)
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(out, buffer.getvalue())
    return out


def _current_goals(workspace: Workspace, network: Network) -> GoalsFile | None:
    from learning.yamlfile import read_yaml

    path = goals_path(workspace, network.id)
    if not path.exists():
        return None
    try:
        return GoalsFile.model_validate(read_yaml(path))
    except (UserError, ValueError):
        return None


# --- reading it back -------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetCell:
    """Where a value stands in the workbook, for messages (duck-types the CSV loader's cell)."""

    source: str
    sheet: str
    row: int

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.source, f"ark «{self.sheet}», rad {self.row}, kolonne {_CSV_COLUMN.get(column, column)}",
                       message)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


@dataclass
class _Reader:
    source: str
    network: Network
    problems: list[Problem]

    def goals(self, sheet: Worksheet, number: str, before: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The goal rows of a sheet. Goals and indicators already in the workspace keep their ids
        (matched on their text), so measurements and PDSA cycles that name them stay linked."""
        old_goals = {g["text"]: g["id"] for g in (before or {}).get("goals", [])}
        old_indicators = {i["name"]: i["id"] for g in (before or {}).get("goals", []) for i in g["indicators"]}
        goals: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        for row in range(GOAL_ROW + 1, GOAL_ROW + GOAL_ROWS + 1):
            values = [_text(sheet.cell(row, c).value) for c in range(1, len(GOAL_HEADER) + 1)]
            if not any(values):
                continue
            where = SheetCell(self.source, sheet.title, row)
            goal_text, name, unit, direction, baseline, target, measured = values
            if goal_text and (current is None or current["text"] != goal_text):
                taken_goals = [g["id"] for g in goals]
                goal_id = old_goals.get(goal_text)
                current = {"id": goal_id if goal_id and goal_id not in taken_goals else _ident(goal_text, taken_goals),
                           "text": goal_text, "indicators": []}
                goals.append(current)
            if current is None:
                self.problems.append(where.problem(GOAL_HEADER[0], "mangler; skriv målet med egne ord"))
                continue
            indicator: dict[str, Any] = {"name": name, "unit": unit or "antall", "measured": measured}
            for column, value in (("Indikator", name), ("Slik måles det", measured)):
                if not value:
                    self.problems.append(where.problem(column, "mangler; fyll ut cellen"))
            if direction not in DIRECTIONS:
                self.problems.append(where.problem("Retning", "velg «høyere er bedre» eller «lavere er bedre»"))
            indicator["direction"] = DIRECTIONS.get(direction, "higher")
            for column, key, value in (("Utgangsverdi", "baseline", baseline), ("Målverdi", "target", target)):
                try:
                    indicator[key] = float(value.replace(",", "."))
                except ValueError:
                    self.problems.append(where.problem(column, "må være et tall, for eksempel 40 eller 12,5"))
            taken = [i["id"] for g in goals for i in g["indicators"]]
            old_id = old_indicators.get(name)
            indicator["id"] = old_id if old_id and old_id not in taken else _ident(name or "indikator", taken)
            current["indicators"].append(indicator)
            indicator["_where"] = where
        return goals

    def measurements(self, sheet: Worksheet, number: str, goals_file: GoalsFile,
                     names: dict[str, str]) -> list[dict[str, object]]:
        found = []
        last = min(sheet.max_row, MEASURE_ROW + MEASURE_ROWS * 4)  # bounded: a sheet may claim a million rows
        for row in range(MEASURE_ROW + 1, last + 1):
            values = [_text(sheet.cell(row, c).value) for c in range(1, len(MEASURE_HEADER) + 1)]
            if not any(values):
                continue
            indicator, day, value, numerator, denominator = values
            cell = SheetCell(self.source, sheet.title, row)
            texts = {"kommune": number, "indicator": names.get(indicator, indicator), "date": day, "value": value,
                     "numerator": numerator, "denominator": denominator}
            parsed, problems = _row_problems(cell, texts, self.network, goals_file)  # type: ignore[arg-type]
            self.problems += problems
            if parsed is not None:
                found.append(parsed)
        return found


def _ident(text: str, taken: list[str]) -> str:
    """A stable id from a text (``Andel spurt om barn`` → ``andel-spurt-om-barn``), unique in ``taken``."""
    base = slugify(text)[:50].strip("-") or "id"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _sheet_number(sheet: Worksheet, network: Network) -> str | None:
    number = _text(sheet["B2"].value).zfill(4)
    return number if number in network.member_numbers else None


def read_goals_workbook(
    workspace: Workspace, network_id: str, path: Path | str
) -> tuple[GoalsFile, list[dict], set[str]]:
    """The goals and measurements of a filled-in template; a UserError lists every problem."""
    network = load_network(workspace, network_id)
    source = Path(path)
    shown = source.name
    if not source.is_file():
        raise UserError([Problem(str(source), "", "filen finnes ikke. Sjekk navnet og mappen.")])
    try:
        book = load_workbook(source, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UserError([Problem(shown, "", "er ikke et Excel-regneark (.xlsx). Bruk regnearket fra "
                                            "«learning goals-template».")]) from None
    reader = _Reader(shown, network, [])
    current = _current_goals(workspace, network)
    kept = {m.kommune: m.model_dump(exclude_none=True) for m in (current.municipalities if current else [])}
    read: dict[str, dict[str, Any]] = {}
    sheets: dict[str, Worksheet] = {}
    for sheet in book.worksheets[1:]:
        number = _sheet_number(sheet, network)
        if number is None:
            reader.problems.append(Problem(shown, f"ark «{sheet.title}», celle B2",
                                           "kommunenummeret mangler eller er ikke et medlem; bruk et nytt regneark "
                                           "fra «learning goals-template»"))
            continue
        goals = reader.goals(sheet, number, kept.get(number))
        if goals:
            read[number], sheets[number] = {"kommune": number, "goals": goals}, sheet
    municipalities = [read.get(n) or kept[n] for n in network.member_numbers if n in read or n in kept]
    where = {id(i): i.pop("_where") for m in read.values() for g in m["goals"] for i in g["indicators"]}
    try:
        goals_file = GoalsFile.model_validate({"network": network.id, "municipalities": municipalities})
    except ValueError as error:
        seen = {p.where for p in reader.problems}  # a cell already reported is not reported twice
        reader.problems += [p for p in _schema_in_sheets(error, municipalities, where, shown) if p.where not in seen]
        raise UserError(reader.problems) from None
    rows: list[dict] = []
    for number, sheet in sheets.items():
        names = {i["name"]: i["id"] for g in read[number]["goals"] for i in g["indicators"]}
        rows += reader.measurements(sheet, number, goals_file, names)
    if reader.problems:
        raise UserError([*reader.problems, Problem(shown, "", "ingenting er importert; rett cellene og prøv igjen")])
    return goals_file, rows, set(read)


def _schema_in_sheets(error: Any, municipalities: list[dict], where: dict[int, SheetCell], shown: str) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = item["loc"]
        cell = None
        if len(loc) >= 6 and loc[0] == "municipalities" and loc[2] == "goals" and loc[4] == "indicators":
            indicator = municipalities[loc[1]]["goals"][loc[3]]["indicators"][loc[5]]
            cell = where.get(id(indicator))
        column = {"name": "Indikator", "unit": "Enhet", "measured": "Slik måles det", "text": "Målet med egne ord",
                  "baseline": "Utgangsverdi", "target": "Målverdi"}.get(str(loc[-1]), str(loc[-1]))
        problems.append(cell.problem(column, message_for(item)) if cell else Problem(shown, "", message_for(item)))
    return problems


def _measurement_text(workspace: Workspace, network: Network, rows: list[dict], replaced: set[str]) -> str:
    """The measurements file: other municipalities' rows kept as they were, these replaced."""
    path = measurements_path(workspace, network.id)
    comments: list[str] = []
    kept: list[str] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            if line.startswith("#") and not kept:
                comments.append(line)
            elif line.strip():
                kept.append(line)
    kept = kept[1:]  # the header
    kept = [line for line in kept if next(csv.reader([line]))[0].zfill(4) not in replaced]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MEASUREMENT_COLUMNS)
    text = "".join(f"{c}\n" for c in comments) + buffer.getvalue() + "".join(f"{line}\n" for line in kept)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in sorted(rows, key=lambda r: (r["kommune"], r["indicator"], r["date"])):
        writer.writerow([row["kommune"], row["indicator"], row["date"].isoformat(), f"{row['value']:g}",
                         *("" if math.isnan(row[c]) else f"{row[c]:g}" for c in ("numerator", "denominator"))])
    return text + buffer.getvalue()


def import_goals_workbook(workspace: Workspace, network_id: str, path: Path | str) -> dict[str, int]:
    """Read the workbook, check the result as ``learning check`` would, then write both files atomically."""
    network = load_network(workspace, network_id)
    goals_file, rows, replaced = read_goals_workbook(workspace, network_id, path)
    data = goals_file.model_dump(mode="json", exclude_none=True)
    for municipality in data["municipalities"]:
        municipality["kommune"] = quoted(municipality["kommune"])
    yaml_text = ("# Kommunenes mål og indikatorer. Endres med «learning goals-template» og «learning import-goals».\n"
                 + dump_text(data))
    csv_text = _measurement_text(workspace, network, rows, replaced)
    with tempfile.TemporaryDirectory() as folder:
        trial = Workspace(Path(folder))
        write_text_atomic(goals_path(trial, network.id), yaml_text)
        write_text_atomic(measurements_path(trial, network.id), csv_text)
        problems = goal_problems(trial, network)
    if problems:
        raise UserError([*problems, Problem(Path(path).name, "", "ingenting er importert")])
    write_text_atomic(goals_path(workspace, network.id), yaml_text)
    write_text_atomic(measurements_path(workspace, network.id), csv_text)
    return {"municipalities": len(goals_file.municipalities), "measurements": len(rows),
            "indicators": sum(len(g.indicators) for m in goals_file.municipalities for g in m.goals)}

