"""The checked parameters of one report: workspace, network, gathering, municipality, language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from learning.i18n import Lang, check_language
from learning.network import Gathering, Network, load_network
from learning.problems import UserError
from learning.reference.municipalities import Municipalities, Municipality, load_municipalities
from learning.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

    from learning.goals import NetworkGoals
    from learning.goals.cycles import NetworkCycles
    from learning.implementation.records import ImplementationFile
    from learning.inputs import Reference
    from learning.reference.findings import Finding, Source
    from learning.reflection.exercises import ExerciseFile
    from learning.reflection.store import Store


@dataclass(frozen=True)
class ReportContext:
    workspace: Workspace
    network: Network
    gathering: Gathering
    municipality: Municipality | None
    lang: Lang

    @classmethod
    def load(
        cls,
        workspace: str,
        network: str,
        gathering: str,
        municipality: str = "",
        lang: str = "",
    ) -> ReportContext:
        """Check a report's parameters and load what it needs; errors name the parameter."""
        ws = Workspace.locate(workspace or None)
        net = load_network(ws, network)
        known = [g.id for g in net.gatherings]
        if gathering not in known:
            raise UserError(
                f"gathering={gathering!r}: ingen slik samling i nettverket {net.id!r}. "
                f"Kjente samlinger: {', '.join(known)}."
            )
        chosen = None
        if municipality:
            number = str(municipality).strip().zfill(4)  # papermill -p gives 5035 as a number
            if number not in net.member_numbers:
                raise UserError(
                    f"municipality={municipality!r}: ikke medlem av nettverket {net.id!r}. "
                    f"Medlemmer: {', '.join(net.member_numbers)}."
                )
            chosen = load_municipalities(ws).get(number)
        language = check_language(lang) if lang else report_language(net, chosen)
        return cls(ws, net, net.gathering(gathering), chosen, language)

    def _input(self, kind: str) -> Any:
        # Imported here: the registry imports pandas, which the context's own checks do not need.
        from learning.inputs import INPUTS

        return INPUTS[kind].load(self.workspace, self.network)

    # Each input is loaded through the registry (learning/inputs.py), on first use and once per
    # report; sections take the context and never read files themselves.

    @cached_property
    def reference(self) -> Reference:
        return self._input("reference")

    @cached_property
    def municipalities(self) -> Municipalities:
        return self.reference.municipalities

    @cached_property
    def findings(self) -> list[Finding]:
        return self.reference.findings

    @cached_property
    def sources(self) -> dict[str, Source]:
        return self.reference.sources

    @cached_property
    def responses(self) -> pd.DataFrame:
        """The network's validated survey responses (empty when nothing is imported yet)."""
        return self._input("survey")

    @cached_property
    def goals(self) -> NetworkGoals:
        return self._input("goals")

    @cached_property
    def cycles(self) -> NetworkCycles:
        """The network's PDSA cycles: part of the goals input (its files are fingerprinted there),
        checked against the goals' indicators."""
        from learning.goals.cycles import load_cycles

        return load_cycles(self.workspace, self.network, self.goals)

    @cached_property
    def exercises(self) -> ExerciseFile | None:
        """The network's reflection exercises; ``None`` when it has no exercise file."""
        return self._input("exercises")

    @cached_property
    def reflections(self) -> Store:
        return self._input("reflections")

    @cached_property
    def implementation_records(self) -> ImplementationFile | None:
        return self._input("implementation")

    def municipality_name(self, number: str) -> str:
        return self.municipalities.get(number).name

    @property
    def place(self) -> str:
        """What the report is about: the municipality, else the network."""
        return self.municipality.name if self.municipality else self.network.name


def report_language(network: Network, municipality: Municipality | None) -> Lang:
    """A member's own choice, else nynorsk for a nynorsk municipality, else the network's."""
    if municipality is not None:
        member = network.member(municipality.number)
        if member.language:
            return member.language
        if municipality.malform == "nynorsk":
            return "nn"
    return network.language
