"""PDSA cycles (plan–do–study–act), each linked to one goal indicator and a start date.

A municipality records its tests of change in ``data/pdsa/<network>.csv``, one row per cycle:
``kommune``, ``indicator``, ``start`` and a short ``title``, with ``plan``, ``do``, ``study``
and ``act`` in its own words. A row may instead name a ``gathering``: the cycle is then the one
planned in that gathering's improvement-cycle exercise (``forbedringssyklus``), its start is the
gathering's date unless given, and plan / study / act come from the reflection store (the plan
from that gathering, the follow-up from the next one).

Charts mark cycles with a number only (``S1``, ``S2``…), never with typed text, so a chart may be
shown to the whole network; the texts appear only in the municipality's own report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from learning.dates import DATE_HINT, parse_date
from learning.goals.loader import _records
from learning.goals.model import NetworkGoals
from learning.network import Network
from learning.problems import Problem, UserError
from learning.workspace import Workspace

COLUMNS = ("kommune", "indicator", "start", "title", "plan", "do", "study", "act", "gathering")
REQUIRED = ("kommune", "indicator", "title")
TITLE_MAX = 60
TEXT_MAX = 2000
EXERCISE = "forbedringssyklus"
PLAN_FIELDS = ("hva_prove",)
DO_FIELDS = ("hva_skjedde",)
STUDY_FIELDS = ("hva_laerte",)
ACT_FIELDS = ("hva_videre",)


@dataclass(frozen=True)
class Cycle:
    """One test of change of one municipality, on one indicator."""

    kommune: str
    indicator: str
    start: dt.date
    title: str
    plan: str = ""
    do: str = ""
    study: str = ""
    act: str = ""
    gathering: str = ""
    row: int = 0


@dataclass(frozen=True)
class NetworkCycles:
    """Every recorded cycle of a network; numbered per municipality in start order."""

    cycles: tuple[Cycle, ...] = ()

    def for_municipality(self, kommune: str) -> list[Cycle]:
        return sorted((c for c in self.cycles if c.kommune == kommune),
                      key=lambda c: (c.start, c.row))

    def number(self, cycle: Cycle) -> int:
        """The cycle's number within its municipality (1 = first started)."""
        return self.for_municipality(cycle.kommune).index(cycle) + 1

    def label(self, cycle: Cycle) -> str:
        """The short mark on a chart: ``S1``, ``S2``… (no typed text)."""
        return f"S{self.number(cycle)}"

    def on_indicator(self, kommune: str, indicator: str,
                     until: dt.date | None = None) -> list[Cycle]:
        return [c for c in self.for_municipality(kommune) if c.indicator == indicator
                and (until is None or c.start <= until)]


def cycles_path(workspace: Workspace, network_id: str) -> Path:
    return workspace.data_dir / "pdsa" / f"{network_id}.csv"


def _row_cycle(row: int, values: dict[str, str], network: Network, goals: NetworkGoals,
               source: str) -> tuple[Cycle | None, list[Problem]]:
    problems: list[Problem] = []

    def add(column: str, message: str) -> None:
        problems.append(Problem(source, f"rad {row}, kolonne {column}", message))

    for column in REQUIRED:
        if not values.get(column):
            add(column, "mangler; fyll ut kommune, indicator og title")
    number = values.get("kommune", "")
    kommune = number.zfill(4) if number.isdigit() and len(number) <= 4 else number
    indicators = [i.id for g in goals.goals_for(kommune) for i in g.indicators]
    if number and kommune not in network.member_numbers:
        add("kommune", f"verdien {number!r} er ikke et kommunenummer i nettverket {network.id!r}")
    elif number and values.get("indicator") and values["indicator"] not in indicators:
        known = ", ".join(indicators) or "ingen – legg inn målene først"
        add("indicator", f"verdien {values['indicator']!r} er ingen indikator for kommune "
                         f"{kommune} (kjente: {known})")
    if len(values.get("title", "")) > TITLE_MAX:
        add("title", f"er {len(values['title'])} tegn; skriv høyst {TITLE_MAX}")
    for column in ("plan", "do", "study", "act"):
        if len(values.get(column, "")) > TEXT_MAX:
            add(column, f"er {len(values[column])} tegn; skriv høyst {TEXT_MAX}")
    gathering = values.get("gathering", "")
    known_gatherings = {g.id: g.date for g in network.gatherings}
    if gathering and gathering not in known_gatherings:
        add("gathering", f"verdien {gathering!r} er ingen samling i nettverket; kjente: "
                         f"{', '.join(known_gatherings)}")
    start: dt.date | None = None
    if values.get("start"):
        start = parse_date(values["start"])
        if start is None:
            add("start", f"verdien {values['start']!r} er ikke en dato; {DATE_HINT}")
    elif gathering in known_gatherings:
        start = known_gatherings[gathering]
    elif not gathering:
        add("start", f"mangler; skriv datoen syklusen startet ({DATE_HINT}), eller en samling")
    if problems or start is None:
        return None, problems
    texts = {c: values.get(c, "") for c in ("plan", "do", "study", "act")}
    return Cycle(kommune, values["indicator"], start, values["title"], gathering=gathering,
                 row=row, **texts), []


def read_cycles(workspace: Workspace, network: Network,
                goals: NetworkGoals) -> tuple[NetworkCycles, list[Problem]]:
    """The network's recorded cycles and every problem in the file (none when there is none)."""
    path = cycles_path(workspace, network.id)
    if not path.exists():
        return NetworkCycles(), []
    source = workspace.relative(path)
    records, problems = _records(path, source)
    if problems:
        return NetworkCycles(), problems
    if not records:
        return NetworkCycles(), []
    header_row, header = records[0]
    names = [h.lower() for h in header]
    unknown = [h for h in header if h.lower() not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    if unknown or missing:
        message = (f"kolonnene må være blant {', '.join(COLUMNS)}; "
                   + (f"ukjente: {', '.join(unknown)}; " if unknown else "")
                   + (f"mangler: {', '.join(missing)}" if missing else ""))
        return NetworkCycles(), [Problem(source, f"rad {header_row}", message.rstrip("; "))]
    found: list[Cycle] = []
    for row, cells in records[1:]:
        if len(cells) > len(names):
            problems.append(Problem(source, f"rad {row}", f"har {len(cells)} celler, men bare "
                                                          f"{len(names)} kolonner"))
            continue
        values = dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=True))
        cycle, row_problems = _row_cycle(row, values, network, goals, source)
        problems += row_problems
        if cycle is not None:
            found.append(cycle)
    return NetworkCycles(tuple(found)), problems


def load_cycles(workspace: Workspace, network: Network, goals: NetworkGoals) -> NetworkCycles:
    """The checked cycles; a :class:`UserError` lists every problem in the file at once."""
    cycles, problems = read_cycles(workspace, network, goals)
    if problems:
        raise UserError(problems)
    return cycles


def with_reflections(cycles: NetworkCycles, network: Network,
                     answers: dict[tuple[str, str], dict[str, object]]) -> NetworkCycles:
    """Cycles whose row names a gathering, with plan / do / study / act filled from that
    gathering's improvement-cycle answers and the next gathering's follow-up (``answers`` maps
    (municipality, gathering) → the current answers). Texts written in the file win."""
    order = [g.id for g in network.gatherings]
    filled = []
    for cycle in cycles.cycles:
        if not cycle.gathering:
            filled.append(cycle)
            continue
        here = answers.get((cycle.kommune, cycle.gathering), {})
        index = order.index(cycle.gathering)
        after = answers.get((cycle.kommune, order[index + 1]), {}) if index + 1 < len(order) else {}

        def pick(fields: tuple[str, ...], source: dict[str, object]) -> str:
            return " ".join(str(source[f]) for f in fields if source.get(f))

        filled.append(Cycle(
            cycle.kommune, cycle.indicator, cycle.start, cycle.title,
            plan=cycle.plan or pick(PLAN_FIELDS, here), do=cycle.do or pick(DO_FIELDS, after),
            study=cycle.study or pick(STUDY_FIELDS, after), act=cycle.act or pick(ACT_FIELDS, after),
            gathering=cycle.gathering, row=cycle.row))
    return NetworkCycles(tuple(filled))



def cycle_problems(workspace: Workspace, network: Network) -> list[Problem]:
    """Every problem in the network's cycles file, for ``learning check`` (none when the goals
    themselves have problems: those are reported first)."""
    from learning.goals.loader import _load

    goals, goal_problems = _load(workspace, network)
    if goal_problems:
        return []
    return read_cycles(workspace, network, goals)[1]
