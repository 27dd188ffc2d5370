"""The network model as loaded from ``params/<network>.yml``; unknown keys are rejected.

Codes for services and roles are the survey instrument's (``shared/survey-instrument.md``), so a
network's representatives and its survey answers speak the same language.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints

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


def _clock_time(value: object) -> object:
    """Accept ``"9:00"`` as well as ``"09:00"``."""
    if isinstance(value, str) and len(value.strip()) == 4 and value.strip()[1] == ":":
        return "0" + value.strip()
    return value


KommuneNr = Annotated[
    str,
    BeforeValidator(_municipality_number),
    StringConstraints(pattern=r"^\d{4}$"),
]
ClockTime = Annotated[dt.time, BeforeValidator(_clock_time)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
GatheringId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class LetterOfIntent(Strict):
    """The binding «intensjonsavtale» between the municipality and the organisers."""

    signed: bool
    date: dt.date | None = None
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
    joined: dt.date
    letter_of_intent: LetterOfIntent
    anchoring: Anchoring
    representatives: list[Representative] = Field(default_factory=list)
    language: Language | None = Field(default=None, description="overrides målform for reports")


class Gathering(Strict):
    """A «samling»: 2–4 a year, alternating digital and physical."""

    id: GatheringId
    date: dt.date
    start: ClockTime
    end: ClockTime
    format: Literal["digital", "physical"]
    place: Text
    theme: Text
    registration_deadline: dt.date | None = None
    attendance: dict[KommuneNr, Annotated[int, Field(ge=0, le=500)]] | None = Field(
        default=None, description="participants per municipality, once the gathering is held"
    )


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

    def gatherings_until(self, gathering_id: str) -> list[Gathering]:
        """The gatherings up to and including this one, in date order."""
        ordered = sorted(self.gatherings, key=lambda g: (g.date, g.start))
        index = [g.id for g in ordered].index(gathering_id)
        return ordered[: index + 1]
