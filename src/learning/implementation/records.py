"""``params/implementation/<network>.yml``: the facilitators' record of each member's status on the
guideline's measures, for gatherings where a municipality has not done the self-assessment.

The status codes are the reflection self-assessment's (:data:`learning.reference.guideline.STATUSES`),
so both sources speak the same language. Unknown keys are rejected, and every problem names the
file, the field (``municipalities.5035.samling-2.M4``) and the value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from learning.network import Network
from learning.network.model import GatheringId, KommuneNr, Strict, Text
from learning.problems import Problem, UserError
from learning.reference.guideline import MEASURES, STATUSES
from learning.schema_messages import describe_location, load_model
from learning.workspace import Workspace

# Literal built from the reflection code's own tuples: one list of codes in the whole project.
Measure = Literal[MEASURES]  # type: ignore[valid-type]
Status = Literal[STATUSES]  # type: ignore[valid-type]
Statuses = Annotated[dict[Measure, Status], Field(min_length=1)]


class ImplementationFile(Strict):
    """The whole file: municipality number → gathering id → measure → status."""

    network: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")]
    synthetic: Text | None = Field(default=None, description="what in this file is invented")
    municipalities: dict[KommuneNr, dict[GatheringId, Statuses]] = Field(default_factory=dict)


def implementation_path(workspace: Workspace, network_id: str) -> Path:
    return workspace.params_dir / "implementation" / f"{network_id}.yml"


def _meaning_problems(data: ImplementationFile, network: Network, source: str) -> list[Problem]:
    problems: list[Problem] = []
    if data.network != network.id:
        problems.append(Problem(source, describe_location(["network"]),
                                f"verdien {data.network!r} må være nettverkets id {network.id!r}"))
    gatherings = [g.id for g in network.gatherings]
    for number, by_gathering in data.municipalities.items():
        if number not in network.member_numbers:
            problems.append(Problem(
                source, describe_location(["municipalities", number]),
                f"kommune {number!r} er ikke medlem av nettverket {network.id!r}; "
                f"medlemmer: {', '.join(network.member_numbers)}"))
        for gathering_id in by_gathering:
            if gathering_id not in gatherings:
                problems.append(Problem(
                    source, describe_location(["municipalities", number, gathering_id]),
                    f"ingen samling {gathering_id!r} i nettverket {network.id!r}; kjente: {', '.join(gatherings)}"))
    return problems


def load_records(workspace: Workspace, network: Network) -> ImplementationFile | None:
    """The checked file, or ``None`` when the network has none (it is optional); a
    :class:`UserError` lists every problem at once."""
    path = implementation_path(workspace, network.id)
    if not path.exists():
        return None
    source = workspace.relative(path)
    return load_model(path, source, ImplementationFile, "network og municipalities",
                      lambda data: _meaning_problems(data, network, source))


def implementation_problems(workspace: Workspace, network: Network) -> list[Problem]:
    """Every problem in the network's implementation file (none when it has no file); for
    ``learning check``."""
    try:
        load_records(workspace, network)
    except UserError as error:
        return error.problems
    return []
