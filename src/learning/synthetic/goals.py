"""Seeded synthetic goals and monthly measurements for the demo networks.

``python -m learning.synthetic.goals [WORKSPACE]`` writes ``params/goals/<network>.yml`` and
``data/goals/<network>.csv`` for every network of the workspace (the repository by default).
The output depends only on the seed and the network files, so running it twice gives identical
files. Everything it writes is invented and says so in the files.

Each municipality gets one of a few patterns, so the demo shows every verdict: a real
improvement (a step up after the first months), noise around a stable level, and an indicator
measured quarterly from late on, which has too few points for a verdict.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import yaml

from learning.atomic import write_text_atomic
from learning.goals.loader import goals_path, measurements_path
from learning.network import Network, load_networks
from learning.problems import UserError
from learning.reference.municipalities import load_municipalities
from learning.reports.context import report_language
from learning.workspace import Workspace

SEED = 20220111  # the date of the Midt-Norge network's first gathering
STEP_AFTER = 6  # months of measurements before an improving municipality's work takes effect
Pattern = Literal["improvement", "noise", "quarterly"]
# Readers see the note, so it names no tool; the files' header comments say how they were made.
NOTE = "Demo. Målene, indikatorene og alle målingene er oppdiktet; de er ikke ekte tall fra kommunene."


@dataclass(frozen=True)
class Template:
    """A goal with one indicator, as a municipality might write it."""

    goal_id: str
    goal_text: str
    indicator_id: str
    name: str
    unit: str
    direction: Literal["higher", "lower"]
    baseline: float
    target: float
    measured: str


TEMPLATES = {
    "identify": Template(
        "identifisere-barna",
        "Alle voksne pasienter i psykisk helse- og rustjenesten blir spurt om de har "
        "mindreårige barn, og svaret blir dokumentert i journalen.",
        "spurt-om-barn", "Andel nye pasienter spurt om barn", "prosent", "higher", 40, 90,
        "Journalgjennomgang hver måned: teller er nye pasienter som er spurt og har svaret "
        "dokumentert, nevner er alle nye pasienter.",
    ),
    "talks": Template(
        "barnesamtaler",
        "Barn av pasientene våre får tilbud om en samtale tilpasset alderen.",
        "barnesamtaler", "Barnesamtaler per måned", "samtaler", "higher", 3, 8,
        "Telling i fagsystemet ved utgangen av hver måned.",
    ),
    "waiting": Template(
        "rask-kontakt",
        "Barn og familier får raskt kontakt med riktig tjeneste etter at behovet er meldt.",
        "dager-til-kontakt", "Dager fra henvisning til første kontakt", "dager", "lower", 30, 14,
        "Gjennomsnitt for henvisningene siste måned, hentet fra fagsystemet.",
    ),
    "training": Template(
        "opplaering",
        "Alle ansatte som møter foreldre med sykdom eller rusproblemer, har fått opplæring i "
        "å se og snakke med barna.",
        "ansatte-med-opplaering", "Andel ansatte med opplæring", "prosent", "higher", 20, 80,
        "Opptelling fra personalsystemet hvert kvartal: teller er ansatte med opplæring, "
        "nevner er alle ansatte i tjenesten.",
    ),
}


#: The same goals as a nynorsk municipality would write them (its reports are in nynorsk).
TEMPLATES_NN = {
    "identify": ("Alle vaksne pasientar i psykisk helse- og rustenesta blir spurde om dei har "
                 "mindreårige barn, og svaret blir dokumentert i journalen.",
                 "Del nye pasientar spurde om barn",
                 "Journalgjennomgang kvar månad: teljar er nye pasientar som er spurde og har svaret "
                 "dokumentert, nemnar er alle nye pasientar."),
    "talks": ("Barn av pasientane våre får tilbod om ein samtale tilpassa alderen.",
              "Barnesamtalar per månad", "Teljing i fagsystemet ved utgangen av kvar månad."),
    "waiting": ("Barn og familiar får raskt kontakt med rett teneste etter at behovet er meldt.",
                "Dagar frå tilvising til første kontakt",
                "Gjennomsnitt for tilvisingane siste månad, henta frå fagsystemet."),
    "training": ("Alle tilsette som møter foreldre med sjukdom eller rusproblem, har fått opplæring i "
                 "å sjå og snakke med barna.", "Del tilsette med opplæring",
                 "Opptelling frå personalsystemet kvart kvartal: teljar er tilsette med opplæring, "
                 "nemnar er alle tilsette i tenesta."),
}
UNITS_NN = {"prosent": "prosent", "samtaler": "samtalar", "dager": "dagar"}


def _in_language(template: Template, key: str, lang: str) -> Template:
    """The template in the municipality's written standard."""
    if lang != "nn":
        return template
    goal_text, name, measured = TEMPLATES_NN[key]
    return Template(template.goal_id, goal_text, template.indicator_id, name, UNITS_NN[template.unit],
                    template.direction, template.baseline, template.target, measured)


def add_months(day: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months after ``day``'s month (negative: before)."""
    total = day.year * 12 + day.month - 1 + count
    return dt.date(total // 12, total % 12 + 1, 1)


def _period(network: Network) -> list[dt.date]:
    """Monthly dates from two months before the first gathering to the end of the year of the
    third gathering (networks plan gatherings years ahead), and at least 16 months."""
    ordered = sorted(g.date for g in network.gatherings)
    start = add_months(ordered[0], -2)
    end = max(dt.date(ordered[min(2, len(ordered) - 1)].year, 12, 1), add_months(start, 15))
    count = (end.year - start.year) * 12 + end.month - start.month + 1
    return [add_months(start, i) for i in range(count)]


def _patterns(index: int) -> list[tuple[str, Pattern]]:
    """Which goals and patterns municipality number ``index`` of the network gets."""
    first: Pattern = "improvement" if index % 2 == 0 else "noise"
    second: Pattern = "noise" if index % 2 == 0 else "improvement"
    chosen: list[tuple[str, Pattern]] = [("identify", first)]
    chosen.append(("waiting" if index % 3 == 1 else "talks", second))
    if index % 3 == 0:
        chosen.append(("training", "quarterly"))
    return chosen


def _rows(template: Template, pattern: Pattern, dates: list[dt.date], level: float,
          rng: np.random.Generator) -> Iterator[dict[str, Any]]:
    """Measurements for one indicator: a step up after the first months, or flat noise."""
    step_at = STEP_AFTER if pattern == "improvement" else len(dates)
    if pattern == "quarterly":
        dates = [d for d in dates if d.month in (3, 6, 9, 12)][-5:]
        step_at = 1
    for i, day in enumerate(dates):
        improved = i >= step_at
        if template.unit == "prosent":
            share = level if improved else template.baseline / 100
            denominator = int(rng.integers(12, 31))
            numerator = int(rng.binomial(denominator, share))
            yield {"date": day, "value": f"{100 * numerator / denominator:.1f}",
                   "numerator": numerator, "denominator": denominator}
        elif template.unit == "samtaler":
            mean = template.target if improved else template.baseline
            yield {"date": day, "value": str(int(rng.poisson(mean)))}
        else:
            mean = template.target + 2 if improved else template.baseline
            yield {"date": day, "value": f"{max(1.0, rng.normal(mean, 3)):.1f}"}


def generate(network: Network, seed: int = SEED) -> tuple[dict[str, Any], str]:
    """The goals file (as data) and the measurements CSV (as text) for one network."""
    rng = np.random.default_rng([seed, *map(ord, network.id)])
    dates = _period(network)
    municipalities = []
    municipalities_list = load_municipalities()
    out = io.StringIO()
    out.write(f"# {NOTE} Laget av python -m learning.synthetic.goals (frø {seed}).\n")
    out.write("kommune,indicator,date,value,numerator,denominator\n")
    for index, kommune in enumerate(network.member_numbers):
        goals = []
        lang = report_language(network, municipalities_list.get(kommune))
        for key, pattern in _patterns(index):
            template = TEMPLATES[key]
            shown = _in_language(template, key, lang)
            level = 0.75 + 0.06 * (index % 4)  # some municipalities reach 90 %, others not
            indicator: dict[str, Any] = {
                "id": template.indicator_id, "name": shown.name, "unit": shown.unit,
                "direction": template.direction, "baseline": template.baseline,
                "target": template.target, "measured": shown.measured,
            }
            if pattern == "improvement":
                # the centre line from the months before the work took effect, as a
                # municipality that measured before it started would choose
                indicator["baseline_points"] = STEP_AFTER
            goals.append({"id": template.goal_id, "text": shown.goal_text,
                          "indicators": [indicator]})
            for row in _rows(template, pattern, dates, level, rng):
                out.write(f"{kommune},{template.indicator_id},{row['date']:%Y-%m-%d},{row['value']},"
                          f"{row.get('numerator', '')},{row.get('denominator', '')}\n")
        municipalities.append({"kommune": kommune, "goals": goals})
    data = {"network": network.id, "synthetic": NOTE,
            "municipalities": municipalities}
    return data, out.getvalue()


def _yaml_text(data: dict[str, Any]) -> str:
    header = ("# Mål og indikatorer for kommunene i nettverket (SYNTETISKE DEMODATA).\n"
              f"# Laget av python -m learning.synthetic.goals (frø {SEED}); endringer her blir overskrevet.\n")
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_demo(workspace: Workspace, seed: int = SEED) -> list[str]:
    """Write the goals and measurements of every network; the paths written."""
    networks, _ = load_networks(workspace)
    written = []
    for network in networks:
        data, measurements = generate(network, seed)
        for path, text in ((goals_path(workspace, network.id), _yaml_text(data)),
                           (measurements_path(workspace, network.id), measurements)):
            write_text_atomic(path, text)
            written.append(workspace.relative(path))
    return written


def main(argv: list[str] | None = None) -> int:
    """Write the demo files into the given workspace (or the one found from here)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        workspace = Workspace.locate(args[0] if args else None)
        written = write_demo(workspace)
    except UserError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(f"skrev {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
