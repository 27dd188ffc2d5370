"""The status table: one row per network, municipality, gathering and measure.

A municipality's status at a gathering comes from its self-assessment (the current, i.e. latest
saved, version of the exercise with the M1–M13 grid) and, only when it has none, from the
workspace file. Two views:

* the municipality's own (``shared_only=False``): its current version whether shared or not;
* the network's (``shared_only=True``), for facilitators: as in ``reports/gathering_summary.py``, a
  self-assessment counts only when its current version is shared. A municipality whose current
  version is unshared is left out altogether (its workspace record is not used in its place
  either, so nothing stands in for what it chose not to share).

Only gatherings dated on or before ``until`` are read, so an earlier gathering's report stays the
same when later gatherings are added. Nothing here reads a file: the inputs come loaded, from the
report context (:class:`StatusInputs`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from learning.implementation.records import ImplementationFile
from learning.network import Gathering, Network
from learning.reference.guideline import MEASURES, STATUSES
from learning.reflection.exercises import ExerciseFile, MeasuresField
from learning.reflection.store import Store, Version

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("network", "kommune", "gathering", "measure", "status", "source")
SELF_ASSESSMENT = "egenvurdering"
WORKSPACE = "arbeidsområde"


class StatusInputs(Protocol):
    """What the status is made of, loaded (a :class:`~learning.reports.context.ReportContext`)."""

    @property
    def network(self) -> Network: ...

    @property
    def exercises(self) -> ExerciseFile | None: ...

    @property
    def reflections(self) -> Store: ...

    @property
    def implementation_records(self) -> ImplementationFile | None: ...


def _gatherings(network: Network, until: dt.date | None) -> list[Gathering]:
    return [g for g in network.gatherings_in_order if until is None or g.date <= until]


def _self_assessments(inputs: StatusInputs, gathering: Gathering) -> dict[str, tuple[Version, dict[str, str]]]:
    """Municipality → (current version, measure → status) for those whose current version of the
    gathering's self-assessment holds at least one status. Comments are never read."""
    if inputs.exercises is None:
        return {}
    exercises = inputs.exercises.for_gathering(gathering.id)
    found = [(e, f) for e in exercises for f in e.fields if isinstance(f, MeasuresField)]
    if not found:
        return {}
    exercise, field = found[0]  # the same choice as the facilitators' summary
    result = {}
    for version in inputs.reflections.latest_per_municipality(inputs.network.id, gathering.id):
        if version.exercise != exercise.id:
            continue
        answers = version.answers.get(field.id) or {}
        statuses = {
            code: status
            for code in MEASURES
            if isinstance(answers.get(code), dict) and (status := answers[code].get("status")) in STATUSES
        }
        if statuses:
            result[version.municipality] = (version, statuses)
    return result


def load_status(inputs: StatusInputs, *, until: dt.date | None = None, shared_only: bool = False) -> pd.DataFrame:
    """The tidy status table (:data:`COLUMNS`), in gathering date order, members in network order
    and measures M1–M13; ``source`` is :data:`SELF_ASSESSMENT` or :data:`WORKSPACE`."""
    network, records = inputs.network, inputs.implementation_records
    rows = []
    for gathering in _gatherings(network, until):
        assessed = _self_assessments(inputs, gathering)
        for number in network.member_numbers:
            if number in assessed:
                version, statuses = assessed[number]
                if shared_only and not version.shared:
                    continue
                source = SELF_ASSESSMENT
            else:
                statuses = records.municipalities.get(number, {}).get(gathering.id, {}) if records else {}
                source = WORKSPACE
            for code in MEASURES:
                if code in statuses:
                    rows.append((network.id, number, gathering.id, code, statuses[code], source))
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    return pd.DataFrame(rows, columns=list(COLUMNS))


def withheld(inputs: StatusInputs, gathering: Gathering) -> list[str]:
    """Members whose current self-assessment at the gathering is not shared (left out of the
    network's figures); only their number of them is ever shown."""
    assessed = _self_assessments(inputs, gathering)
    return [n for n in inputs.network.member_numbers if n in assessed and not assessed[n][0].shared]
