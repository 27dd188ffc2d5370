"""One registry of a workspace's inputs: each kind's files, its loader, its check, its fingerprint.

A report notebook declares the kinds it reads in its metadata (``learning.inputs``); the render
fingerprint hashes exactly the files listed here, the report context loads them through the
loaders here, and ``learning check`` runs the checks here. Each file's path is spelled once, by
the module that owns it (``goals_path``, ``store_path`` …); this registry only points at it.

To add a kind: write its path function and loader in its own module, add an :class:`InputKind`
to :data:`INPUTS` below, and name it in the notebooks that read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from learning.goals import goal_problems, load_goals
from learning.goals.cycles import cycle_problems, cycles_path
from learning.goals.loader import goals_path, measurements_path
from learning.implementation.records import implementation_path, implementation_problems, load_records
from learning.network import Network
from learning.network.loader import network_path
from learning.problems import Problem, UserError
from learning.reference.findings import FINDINGS_FILE, Finding, Source, load_findings, load_sources
from learning.reference.municipalities import (
    MALFORM_FILE,
    MUNICIPALITY_FILE,
    Municipalities,
    load_municipalities,
)
from learning.reflection.exercises import exercises_path, load_exercises
from learning.reflection.store import ReflectionStore, store_file
from learning.survey.store import load_responses, store_path
from learning.workspace import Workspace

#: How a file is fingerprinted for one report job (see ``render/fingerprint.py``):
#: ``file``: the whole file; ``municipality_rows``: a municipality job hashes only its own rows of
#: the CSV (column ``kommune``), a network job the whole file; ``reflection_versions``: the
#: newest saved version in the job's network (and municipality) of the append-only store.
Fingerprint = Literal["file", "municipality_rows", "reflection_versions"]


@dataclass(frozen=True)
class Place:
    """One file of an input kind, for a network: ``where(workspace, network_id)``."""

    where: Callable[[Workspace, str], Path]
    fingerprint: Fingerprint = "file"


@dataclass(frozen=True)
class InputKind:
    """An input a report can declare: its files, how to load it for a network, how to check it."""

    name: str
    places: tuple[Place, ...]
    load: Callable[[Workspace, Network], Any]
    problems: Callable[[Workspace, Network], list[Problem]] | None = None

    def files(self, workspace: Workspace, network_id: str) -> list[Path]:
        return [place.where(workspace, network_id) for place in self.places]


class Reference(NamedTuple):
    """The reference data a report may show: municipalities, research findings and their sources."""

    municipalities: Municipalities
    findings: list[Finding]
    sources: dict[str, Source]


def load_reference(workspace: Workspace, _network: Network | None = None) -> Reference:
    """The workspace's reference data, each file falling back on the package's copy."""
    return Reference(load_municipalities(workspace), load_findings(workspace=workspace),
                     load_sources(workspace=workspace))


def _reference_file(name: str) -> Place:
    return Place(lambda workspace, _network_id: workspace.reference_file(name))


def _exercise_problems(workspace: Workspace, network: Network) -> list[Problem]:
    """The exercise file is optional for ``learning check``; when it is there it must be right."""
    if not exercises_path(workspace, network.id).exists():
        return []
    try:
        load_exercises(workspace, network)
    except UserError as error:
        return error.problems
    return []


def _exercises_or_none(workspace: Workspace, network: Network) -> Any:
    """The network's exercises, or ``None`` when it has no exercise file."""
    return load_exercises(workspace, network) if exercises_path(workspace, network.id).exists() else None


INPUTS: dict[str, InputKind] = {
    kind.name: kind
    for kind in (
        InputKind("network", (Place(network_path),), lambda workspace, network: network),
        InputKind(
            "reference",
            tuple(_reference_file(name) for name in (MUNICIPALITY_FILE, MALFORM_FILE, FINDINGS_FILE)),
            load_reference,
        ),
        InputKind("survey", (Place(store_path),), lambda workspace, network: load_responses(workspace, network.id)),
        InputKind(
            "goals",
            (Place(goals_path), Place(measurements_path, "municipality_rows"),
             Place(cycles_path, "municipality_rows")),  # PDSA cycles belong to a goal's indicator
            lambda workspace, network: load_goals(workspace, network.id),
            lambda workspace, network: goal_problems(workspace, network) + cycle_problems(workspace, network),
        ),
        InputKind("exercises", (Place(exercises_path),), _exercises_or_none, _exercise_problems),
        InputKind(
            "reflections",
            (Place(lambda workspace, _network_id: store_file(workspace), "reflection_versions"),),
            lambda workspace, network: ReflectionStore.for_workspace(workspace),
        ),
        InputKind("implementation", (Place(implementation_path),), load_records, implementation_problems),
    )
}

#: What a notebook reads when its metadata does not say.
DEFAULT_INPUTS = ("network", "reference")


def input_kind(name: str, *, where: str) -> InputKind:
    """The registered kind ``name``; an unknown name is an error that says where it was found."""
    try:
        return INPUTS[name]
    except KeyError:
        raise UserError(
            f"{where}: ukjent input {name!r} i metadata learning.inputs. Kjente: {', '.join(INPUTS)}."
        ) from None


def workspace_problems(workspace: Workspace, network: Network) -> list[Problem]:
    """Every problem in the network's inputs that have a check (for ``learning check``)."""
    problems: list[Problem] = []
    for kind in INPUTS.values():
        if kind.problems is not None:
            problems += kind.problems(workspace, network)
    return problems
