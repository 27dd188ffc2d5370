"""Load and check a network's goals (YAML) and measurements (CSV): every problem at once.

``params/goals/<network>.yml`` holds the goals and indicators; ``data/goals/<network>.csv`` the
measurements, one row per indicator and date. Each problem names the file, the row as a
spreadsheet shows it (the first line is row 1, the header row if there are no comment lines) or
the field, and the value. Lines starting with ``#`` before the header are comments (the demo
files use one to say they are synthetic); they count as rows, as in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from learning.dates import DATE_HINT, parse_date
from learning.goals.model import MEASUREMENT_COLUMNS, GoalsFile, Indicator, NetworkGoals
from learning.network import Network, load_network
from learning.problems import Problem, UserError, repeated
from learning.schema_messages import describe_location, read_model
from learning.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

REQUIRED = ("kommune", "indicator", "date", "value")
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,](\d+))?$")


def goals_path(workspace: Workspace, network_id: str) -> Path:
    return workspace.params_dir / "goals" / f"{network_id}.yml"


def measurements_path(workspace: Workspace, network_id: str) -> Path:
    return workspace.data_dir / "goals" / f"{network_id}.csv"


# --- The goals file --------------------------------------------------------------------------


def _goal_meaning_problems(goals: GoalsFile, network: Network, source: str, raw: object) -> list[Problem]:
    problems: list[Problem] = []

    def add(where: list[object], message: str) -> None:
        problems.append(Problem(source, describe_location(where, raw), message))

    if goals.network != network.id:
        add(["network"], f"verdien {goals.network!r} må være nettverkets id {network.id!r}")
    members = set(network.member_numbers)
    for number, count in repeated(m.kommune for m in goals.municipalities).items():
        add(["municipalities"], f"kommune {number!r} står {count} ganger; samle målene under én")
    for i, municipality in enumerate(goals.municipalities):
        here: list[object] = ["municipalities", i]
        if municipality.kommune not in members:
            add([*here, "kommune"],
                f"kommune {municipality.kommune!r} er ikke medlem av nettverket {network.id!r}; "
                f"medlemmer: {', '.join(network.member_numbers)}")
        for ident in repeated(g.id for g in municipality.goals):
            add([*here, "goals"], f"mål-id {ident!r} brukes flere ganger; gi hvert mål sin egen id")
        for ident in repeated(ind.id for g in municipality.goals for ind in g.indicators):
            add([*here, "goals"], f"indikator-id {ident!r} brukes flere ganger i kommunen; "
                                 "hver indikator trenger sin egen id")
        for j, goal in enumerate(municipality.goals):
            for k, indicator in enumerate(goal.indicators):
                for name, message in _indicator_problems(indicator):
                    add([*here, "goals", j, "indicators", k, name], message)
    return problems


def _indicator_problems(indicator: Indicator) -> list[tuple[str, str]]:
    found = []
    if indicator.is_percent:
        for name in ("baseline", "target"):
            value = getattr(indicator, name)
            if not 0 <= value <= 100:
                found.append((name, f"verdien {value:g} er utenfor 0–100 (enheten er prosent)"))
    if indicator.target == indicator.baseline:
        found.append(("target", f"målet {indicator.target:g} er lik utgangsverdien; "
                                "sett et mål som er bedre enn utgangspunktet"))
    elif not indicator.reached(indicator.target) or indicator.reached(indicator.baseline):
        wanted = "høyere" if indicator.direction == "higher" else "lavere"
        found.append(("target", f"målet {indicator.target:g} er ikke {wanted} enn "
                                f"utgangsverdien {indicator.baseline:g} (direction er "
                                f"{indicator.direction!r})"))
    return found


def _parse_goals_file(
    path: Path, network: Network, source: str
) -> tuple[GoalsFile | None, list[Problem]]:
    goals, raw, problems = read_model(path, source, GoalsFile, "network og municipalities")
    if goals is None:
        return None, problems
    return goals, _goal_meaning_problems(goals, network, source, raw)


# --- The measurements file -------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    """Where a value stands, for messages: ``rad 7, kolonne value``."""

    source: str
    row: int

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.source, f"rad {self.row}, kolonne {column}", message)


def _parse_number(text: str) -> tuple[float, int] | None:
    """A number with a decimal point or comma, and how many decimals were written."""
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    match = _NUMBER.match(cleaned)
    if not match:
        return None
    return float(cleaned.replace(",", ".")), len(match.group(1) or "")


def _records(path: Path, source: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(row number, cells) for the header and every data row; comment lines skipped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(source, "", "filen er ikke UTF-8. Lagre den som CSV UTF-8.")]
    except OSError as error:
        return [], [Problem(source, "", f"kan ikke leses ({error.strerror}).")]
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.startswith("#")), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    records = []
    header_seen = False
    for row, cells in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
        if not header_seen and (not cells or cells[0].startswith("#")):
            continue
        header_seen = True
        if any(c.strip() for c in cells):
            records.append((row, [c.strip() for c in cells]))
    return records, []


def _row_problems(
    cell: _Cell, values: dict[str, str], network: Network, goals: GoalsFile
) -> tuple[dict[str, object] | None, list[Problem]]:
    """Check one data row; the parsed row when it is usable."""
    problems: list[Problem] = []

    def add(column: str, message: str) -> None:
        problems.append(cell.problem(column, message))

    number = values["kommune"]
    kommune = number.zfill(4) if number.isdigit() and len(number) <= 4 else number
    indicators = {ind.id: ind for m in goals.municipalities if m.kommune == kommune
                  for g in m.goals for ind in g.indicators}
    indicator = indicators.get(values["indicator"])
    if kommune not in network.member_numbers:
        add("kommune", f"verdien {number!r} er ikke et kommunenummer i nettverket {network.id!r}")
    elif not indicators:
        add("kommune", f"kommune {kommune} har ingen mål i målfila; legg inn målene først")
    elif indicator is None:
        known = ", ".join(sorted(indicators))
        add("indicator", f"verdien {values['indicator']!r} er ingen indikator for kommune "
                         f"{kommune} (kjente: {known})")
    day = parse_date(values["date"])
    if day is None:
        add("date", f"verdien {values['date']!r} er ikke en dato ({DATE_HINT})")
    parsed: dict[str, tuple[float, int] | None] = {}
    for column in ("value", "numerator", "denominator"):
        text = values.get(column, "")
        parsed[column] = _parse_number(text) if text else None
        if text and parsed[column] is None:
            add(column, f"verdien {text!r} er ikke et tall")
    if problems or indicator is None or day is None:
        return None, problems
    value = _checked_value(cell, indicator, values, parsed, problems)
    if problems or value is None:
        return None, problems
    numerator, denominator = parsed["numerator"], parsed["denominator"]
    return {
        "kommune": kommune, "indicator": indicator.id, "date": day, "value": value,
        "numerator": numerator[0] if numerator else math.nan,
        "denominator": denominator[0] if denominator else math.nan, "row": cell.row,
    }, problems


def _checked_value(
    cell: _Cell, indicator: Indicator, texts: dict[str, str],
    parsed: dict[str, tuple[float, int] | None], problems: list[Problem],
) -> float | None:
    """The measured value, from the value column or numerator/denominator; impossible values
    are problems."""

    def add(column: str, message: str) -> None:
        problems.append(cell.problem(column, message))

    value, numerator, denominator = parsed["value"], parsed["numerator"], parsed["denominator"]
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        add(missing, "mangler; fyll ut både teller (numerator) og nevner (denominator), "
                     "eller ingen av dem")
        return None
    computed = None
    if numerator is not None and denominator is not None:
        top, bottom = numerator[0], denominator[0]
        if top < 0 or top != int(top):
            add("numerator", f"verdien {texts['numerator']!r} må være et helt tall, 0 eller mer")
        if bottom <= 0 or bottom != int(bottom):
            add("denominator", f"verdien {texts['denominator']!r} må være et helt tall over 0")
        if top > bottom > 0:
            add("numerator", f"telleren {texts['numerator']} er større enn nevneren "
                             f"{texts['denominator']}")
        if problems:
            return None
        computed = top / bottom * (100 if indicator.is_percent else 1)
    if value is None:
        if computed is None:
            add("value", "mangler; skriv verdien, eller teller og nevner")
        return computed
    number, decimals = value
    if computed is not None and abs(number - computed) > 0.5 * 10**-decimals + 1e-9:
        add("value", f"verdien {texts['value']} stemmer ikke med {texts['numerator']}/"
                     f"{texts['denominator']} = {computed:.2f}".rstrip("0").rstrip(".")
            + "; rett verdien eller teller/nevner")
        return None
    if indicator.is_percent and not 0 <= number <= 100:
        add("value", f"verdien {texts['value']} er utenfor 0–100 (enheten er prosent)")
        return None
    if number < 0 and indicator.unit == "antall":
        add("value", f"verdien {texts['value']} er negativ; et antall er 0 eller mer")
        return None
    return number


def _order_problems(frame: pd.DataFrame, source: str) -> list[Problem]:
    """Dates must be increasing within each municipality's indicator, without repeats."""
    problems = []
    for (kommune, indicator), rows in frame.groupby(["kommune", "indicator"], sort=False):
        seen: dict[dt.date, int] = {}
        previous: tuple[dt.date, int] | None = None
        for day, row in zip(rows["date"], rows["row"], strict=True):
            where, what = f"rad {row}, kolonne date", f"datoen {day} for {kommune}/{indicator}"
            if day in seen:
                message = f"{what} står også på rad {seen[day]}; behold én av dem"
                problems.append(Problem(source, where, message))
            elif previous is not None and day < previous[0]:
                message = (f"{what} kommer etter {previous[0]} på rad {previous[1]}; "
                           "sorter radene etter dato")
                problems.append(Problem(source, where, message))
            seen.setdefault(day, row)
            previous = (day, row) if previous is None or day >= previous[0] else previous
    return problems


def _parse_measurements(
    path: Path, network: Network, goals: GoalsFile, source: str
) -> tuple[pd.DataFrame, list[Problem]]:
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    empty = pd.DataFrame(columns=[*MEASUREMENT_COLUMNS, "row"])
    records, problems = _records(path, source)
    if problems:
        return empty, problems
    if not records:
        message = f"filen er tom; første rad skal være {','.join(MEASUREMENT_COLUMNS)}"
        return empty, [Problem(source, "", message)]
    header_row, header = records[0]
    names = [h.lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    unknown = [h for h in header if h.lower() not in MEASUREMENT_COLUMNS]
    where = f"rad {header_row}"
    if missing:
        problems.append(Problem(source, where, f"kolonnene {', '.join(missing)} mangler; "
                                               f"overskriftene er {', '.join(header)}"))
    if unknown:
        problems.append(Problem(source, where, f"ukjente kolonner: {', '.join(unknown)}; "
                                               f"tillatt er {', '.join(MEASUREMENT_COLUMNS)}"))
    if problems:
        return empty, problems
    rows = []
    for row, cells in records[1:]:
        cell = _Cell(source, row)
        if len(cells) > len(names):
            problems.append(Problem(source, f"rad {row}", f"har {len(cells)} celler, men bare "
                                                          f"{len(names)} kolonner"))
            continue
        values = dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=True))
        parsed, found = _row_problems(cell, values, network, goals)
        problems += found
        if parsed is not None:
            rows.append(parsed)
    frame = pd.DataFrame(rows, columns=[*MEASUREMENT_COLUMNS, "row"]) if rows else empty
    return frame, sorted(problems + _order_problems(frame, source), key=_row_number)


def _row_number(problem: Problem) -> int:
    """For listing problems in file order (``rad 12, kolonne date`` → 12)."""
    match = re.match(r"rad (\d+)", problem.where)
    return int(match.group(1)) if match else 0


# --- Public API ------------------------------------------------------------------------------


def _load(workspace: Workspace, network: Network) -> tuple[NetworkGoals, list[Problem]]:
    yml, csv_file = goals_path(workspace, network.id), measurements_path(workspace, network.id)
    if not yml.exists():
        if csv_file.exists():
            message = (f"det finnes målinger, men ingen målfil {workspace.relative(yml)}; "
                       "legg inn målene")
            return NetworkGoals(network.id, None), [
                Problem(workspace.relative(csv_file), "", message)]
        return NetworkGoals(network.id, None), []
    goals, problems = _parse_goals_file(yml, network, workspace.relative(yml))
    if goals is None:
        return NetworkGoals(network.id, None), problems
    frame = NetworkGoals(network.id, goals.synthetic).measurements
    if csv_file.exists():
        frame, found = _parse_measurements(csv_file, network, goals, workspace.relative(csv_file))
        problems += found
    return NetworkGoals(network.id, goals.synthetic, list(goals.municipalities), frame), problems


def goal_problems(workspace: Workspace, network: Network) -> list[Problem]:
    """Every problem in the network's goals and measurements (empty when there are no goals);
    for ``learning check``."""
    return _load(workspace, network)[1]


def load_goals(workspace: Workspace, network_id: str) -> NetworkGoals:
    """The network's checked goals with their measurements; a :class:`UserError` lists every
    problem in the network file, the goals file and the measurements at once."""
    network = load_network(workspace, network_id)
    goals, problems = _load(workspace, network)
    if problems:
        raise UserError(problems)
    return goals
