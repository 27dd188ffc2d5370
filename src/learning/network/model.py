"""The network model as loaded from ``params/<network>.yml``; unknown keys are rejected.

Codes for services and roles are the survey instrument's (``shared/survey-instrument.md``), so a
network's representatives and its survey answers speak the same language.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from learning.dates import clock_before_validator, date_before_validator
from learning.strict import Strict

Service = Literal[
    "psykisk_helse_rus", "hjemmetjeneste", "sykehjem", "legekontor", "helsestasjon_skolehelse",
    "nav", "avlastning", "barnehage", "skole", "barnevern", "ppt", "annet",
]
Role = Literal["leder", "helsepersonell", "annen_fagperson"]
Language = Literal["nb", "nn"]
Scope = Literal["network", "gathering", "municipality_gathering"]


def _municipality_number(value: object) -> object:
    """Accept ``5001`` or ``"301"`` from YAML and restore a lost leading zero."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        return value.strip().zfill(4)
    return value


KommuneNr = Annotated[
    str,
    BeforeValidator(_municipality_number),
    StringConstraints(pattern=r"^\d{4}$"),
]
ClockTime = Annotated[dt.time, BeforeValidator(clock_before_validator)]
Date = Annotated[dt.date, BeforeValidator(date_before_validator)]
"""A date written 2024-01-15 or 15.01.2024 (:mod:`learning.dates`, the same everywhere)."""
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
GatheringId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class LetterOfIntent(Strict):
    """The binding «intensjonsavtale» between the municipality and the organisers."""

    signed: bool
    date: Date | None = None
    signed_by: Text | None = Field(default=None, description="role, e.g. kommunalsjef; never a name")


class Anchoring(Strict):
    """How the work is anchored in municipal leadership («forankring»)."""

    level: Literal["ingen", "informert", "vedtak", "plan"]
    description: Text | None = None


class Representative(Strict):
    """A municipal representative, by role and service; the project stores no names."""

    role: Role
    service: Service
    coordination_mandate: bool = Field(description="mandate to foster cooperation across units")


class Member(Strict):
    kommune: KommuneNr
    joined: Date
    letter_of_intent: LetterOfIntent
    anchoring: Anchoring
    representatives: list[Representative] = Field(default_factory=list)
    language: Language | None = Field(default=None, description="overrides målform for reports")


Headcount = Annotated[int, Field(ge=0, le=500)]


class AttendanceCount(Strict):
    """How many came with one role from one service (from the registration export)."""

    role: Role
    service: Service
    count: Annotated[int, Field(ge=1, le=500)]


class MunicipalityAttendance(Strict):
    """Who came from one municipality: counts by role and service, never names."""

    counts: list[AttendanceCount] = Field(default_factory=list)
    representative_with_mandate: bool | None = Field(
        default=None, description="a representative with mandate to coordinate came (None: not known)"
    )

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)


class Gathering(Strict):
    """A «samling»: 2–4 a year, alternating digital and physical."""

    id: GatheringId
    date: Date
    start: ClockTime
    end: ClockTime
    format: Literal["digital", "physical"]
    place: Text
    theme: Text
    registration_deadline: Date | None = None
    attendance: dict[KommuneNr, Headcount] | None = Field(
        default=None, description="participants per municipality, once the gathering is held"
    )
    attendance_detail: dict[KommuneNr, MunicipalityAttendance] | None = Field(
        default=None, description="by role and service, and whether a representative with mandate came"
    )
    partners_present: list[Text] | None = Field(default=None, description="partners that took part")

    @model_validator(mode="after")
    def _totals_from_detail(self) -> Gathering:
        """The detailed form implies the one-number form, so every reader of ``attendance`` works."""
        if self.attendance_detail is None:
            return self
        totals = {number: detail.total for number, detail in self.attendance_detail.items()}
        if self.attendance is None:
            object.__setattr__(self, "attendance", totals)
        elif any(self.attendance.get(n, 0) != t for n, t in totals.items() if t):
            raise ValueError("oppmøte og oppmøte i detalj er ulike; "
                             "før oppmøtet på nytt med «learning nettverk oppmote»")
        return self


class ReportRequest(Strict):
    """One report template and the scope it is rendered for."""

    notebook: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    scope: Scope
    audience: Literal["participants", "facilitators", "researchers"] = "participants"
    parameters: dict[str, str | int | float | bool] = Field(
        default_factory=dict, description="extra notebook parameters, e.g. lang: nn"
    )


class Network(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
    name: Text
    synthetic: Text | None = Field(default=None, description="what in this file is invented")
    organisers: list[Text] = Field(min_length=1)
    partners: list[Text] = Field(default_factory=list)
    target_group: Text
    language: Language = Field(default="nb", description="for members without a nynorsk målform")
    survey_min_group: Annotated[int, Field(ge=3, le=50)] = Field(
        default=5, description="smallest group a statistic is shown for (never below 3)"
    )
    survey_protection_interval: Annotated[int, Field(ge=2, le=20)] = Field(
        default=3, description="a hidden count must be at least this many values from being known"
    )
    members: list[Member] = Field(min_length=1)
    gatherings: list[Gathering] = Field(min_length=1)
    reports: list[ReportRequest] = Field(default_factory=list)

    def member(self, kommune: str) -> Member:
        return next(m for m in self.members if m.kommune == kommune)

    def gathering(self, gathering_id: str) -> Gathering:
        return next(g for g in self.gatherings if g.id == gathering_id)

    @property
    def member_numbers(self) -> list[str]:
        return [m.kommune for m in self.members]

    @property
    def gatherings_in_order(self) -> list[Gathering]:
        """The gatherings by date (then start time, then id): the one order every report,
        file name and survey wave numbers them in."""
        return sorted(self.gatherings, key=lambda g: (g.date, g.start, g.id))

    def gathering_number(self, gathering_id: str) -> int:
        """1 for the network's first gathering by date, 2 for the next, …"""
        return [g.id for g in self.gatherings_in_order].index(gathering_id) + 1

    def gatherings_until(self, gathering_id: str) -> list[Gathering]:
        """The gatherings up to and including this one, in date order."""
        return self.gatherings_in_order[: self.gathering_number(gathering_id)]
