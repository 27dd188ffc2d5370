"""Voilà's prelaunch hook: the notebook a kernel runs is chosen here, from the identity.

Voilà calls the hook with the request before it starts a kernel. The hook takes network,
municipality and role from ``request.current_user`` (set by the identity provider), never from
the URL; only the gathering (which is not a secret) and, for a facilitator, the municipality to
look at may be chosen in the query. It then replaces the served notebook by one hidden cell
calling :func:`learning.serving.online.show` with those values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from tornado import web

from learning.network.loader import load_network
from learning.network.model import Network
from learning.serving.identity import Participant
from learning.serving.kernels import finish_full, starting_for
from learning.workspace import Workspace

GATHERING_ARGUMENT = "samling"
MUNICIPALITY_ARGUMENT = "kommune"


def current_gathering(network: Network, today: dt.date) -> str:
    """The next gathering from today (the work between gatherings leads up to it), else the last."""
    ordered = network.gatherings_in_order
    upcoming = [g for g in ordered if g.date >= today]
    return (upcoming[0] if upcoming else ordered[-1]).id


@dataclass(frozen=True)
class PrelaunchHook:
    """The hook, bound to the served workspace."""

    workspace: str

    def __call__(self, req: web.RequestHandler, notebook: Any, cwd: str) -> Any:
        user = req.current_user
        if not isinstance(user, Participant):
            raise web.HTTPError(403)
        manager = req.settings["kernel_manager"]
        if hasattr(manager, "has_room") and not manager.has_room():
            finish_full(req)
        network = load_network(Workspace(Path(self.workspace)), user.network)
        gathering = req.get_query_argument(GATHERING_ARGUMENT, "")
        if gathering not in {g.id for g in network.gatherings}:
            gathering = current_gathering(network, dt.date.today())
        municipality = user.municipality
        if user.scope.is_facilitator:  # a facilitator sees every municipality of the network
            asked = req.get_query_argument(MUNICIPALITY_ARGUMENT, "")
            members = network.member_numbers
            municipality = asked if asked in members else members[0]
        starting_for.set(user.username)
        arguments = {
            "workspace": self.workspace,
            "network": user.network,
            "gathering": gathering,
            "municipality": municipality,
            "scope_municipality": user.municipality,
            "role": user.role,
        }
        call = ", ".join(f"{name}={value!r}" for name, value in arguments.items())
        served = nbformat.v4.new_notebook(metadata=notebook.metadata)
        served.cells = [nbformat.v4.new_code_cell(f"from learning.serving.online import show\nshow({call})")]
        return served
