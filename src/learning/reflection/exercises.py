"""Reflection exercises as data: ``params/exercises/<network>.yml``, checked on load.

The workspace holds the exercises, not the code: facilitators write the prompts (bokmål and
nynorsk), choose the field types and say which exercises belong to which gathering. Unknown keys
are rejected and every problem names the file and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from learning.network import Network
from learning.problems import Problem, UserError, repeated
from learning.schema_messages import load_model
from learning.strict import Bilingual, Strict
from learning.workspace import Workspace

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class _BaseField(Strict):
    id: Slug
    prompt: Bilingual
    help: Bilingual | None = None
    required: bool = False
    phase: Literal["always", "plan", "followup"] = Field(
        default="always",
        description="plan: for the period until the next gathering; followup: about the previous "
        "gathering's plan (left out at a network's first gathering)",
    )


class TextField(_BaseField):
    kind: Literal["text"]
    max_length: Annotated[int, Field(ge=1, le=10000)] = 1000
    rows: Annotated[int, Field(ge=1, le=20)] = 4


class Option(Strict):
    value: Slug
    label: Bilingual


class ChoiceField(_BaseField):
    kind: Literal["choice"]
    options: list[Option] = Field(min_length=2)


class MeasuresField(_BaseField):
    """The status grid for M1–M13: one status (and an optional comment) per measure."""

    kind: Literal["measures"]
    comment_max_length: Annotated[int, Field(ge=1, le=2000)] = 300


ExerciseField = Annotated[TextField | ChoiceField | MeasuresField, Field(discriminator="kind")]


class Exercise(Strict):
    id: Slug
    title: Bilingual
    intro: Bilingual
    fields: list[ExerciseField] = Field(min_length=1)

    def fields_for(self, has_previous: bool) -> list[TextField | ChoiceField | MeasuresField]:
        """The fields asked at a gathering: follow-up fields need a previous gathering."""
        return [f for f in self.fields if has_previous or f.phase != "followup"]

    def field(self, field_id: str) -> TextField | ChoiceField | MeasuresField:
        return next(f for f in self.fields if f.id == field_id)


class ExerciseFile(Strict):
    """``params/exercises/<network>.yml``."""

    network: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
    synthetic: Text | None = None
    exercises: list[Exercise] = Field(min_length=1)
    gatherings: dict[str, list[Slug]] = Field(description="gathering id → exercise ids, in order")

    def exercise(self, exercise_id: str) -> Exercise:
        return next(e for e in self.exercises if e.id == exercise_id)

    def for_gathering(self, gathering_id: str) -> list[Exercise]:
        """The exercises of a gathering (none if the file does not list it)."""
        return [self.exercise(i) for i in self.gatherings.get(gathering_id, [])]


def exercises_path(workspace: Workspace, network_id: str) -> Path:
    return workspace.params_dir / "exercises" / f"{network_id}.yml"


def _meaning_problems(data: ExerciseFile, network: Network, source: str) -> list[Problem]:
    problems: list[Problem] = []
    if data.network != network.id:
        problems.append(
            Problem(source, "network", f"{data.network!r} må være nettverkets id ({network.id!r})")
        )
    for exercise_id, count in repeated(e.id for e in data.exercises).items():
        problems.append(Problem(source, "exercises", f"oppgave-id {exercise_id!r} brukes {count} ganger"))
    for i, exercise in enumerate(data.exercises):
        for field_id, count in repeated(f.id for f in exercise.fields).items():
            problems.append(Problem(source, f"exercises[{i}].fields",
                                    f"felt-id {field_id!r} brukes {count} ganger i oppgaven {exercise.id!r}"))
        for j, field in enumerate(exercise.fields):
            if isinstance(field, ChoiceField):
                for value, count in repeated(o.value for o in field.options).items():
                    problems.append(Problem(source, f"exercises[{i}].fields[{j}].options",
                                            f"verdien {value!r} står {count} ganger"))
    known_gatherings = [g.id for g in network.gatherings]
    known_exercises = {e.id for e in data.exercises}
    for gathering_id, exercise_ids in data.gatherings.items():
        if gathering_id not in known_gatherings:
            problems.append(
                Problem(
                    source,
                    f"gatherings.{gathering_id}",
                    f"ingen slik samling i {network.id}; kjente: {', '.join(known_gatherings)}",
                )
            )
        for k, exercise_id in enumerate(exercise_ids):
            if exercise_id not in known_exercises:
                problems.append(
                    Problem(
                        source,
                        f"gatherings.{gathering_id}[{k}]",
                        f"oppgaven {exercise_id!r} er ikke definert under exercises",
                    )
                )
    return problems


def no_exercise_file(workspace: Workspace, network: Network) -> Problem:
    """What to say when a report needs the network's exercises and it has no exercise file."""
    return Problem(workspace.relative(exercises_path(workspace, network.id)), "",
                   f"filen finnes ikke. Legg inn refleksjonsoppgavene for nettverket {network.id!r} der.")


def load_exercises(workspace: Workspace, network: Network) -> ExerciseFile:
    """The checked exercise file of a network; a :class:`UserError` lists every problem."""
    path = exercises_path(workspace, network.id)
    source = workspace.relative(path)
    if not path.exists():
        raise UserError([no_exercise_file(workspace, network)])
    return load_model(path, source, ExerciseFile, "network, exercises og gatherings",
                      lambda data: _meaning_problems(data, network, source))
