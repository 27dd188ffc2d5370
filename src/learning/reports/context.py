"""The checked parameters of one report: workspace, network, gathering, municipality, language."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from learning.i18n import Lang, check_language
from learning.network import Gathering, Network, load_network
from learning.problems import UserError
from learning.reference.municipalities import Municipalities, Municipality, load_municipalities
from learning.workspace import Workspace


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

    @cached_property
    def municipalities(self) -> Municipalities:
        return load_municipalities(self.workspace)

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
