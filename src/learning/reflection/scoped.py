"""A store seen through one authenticated identity: what a served kernel may read and write.

A municipality reads its own answers and the answers other municipalities chose to share, and
saves only under its own network and number with its own role; a facilitator reads everything of
the network. The identity is fixed when the kernel starts (from the server's authenticated user),
so nothing a participant sends over the widgets can widen it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from learning.reflection.store import ReflectionStore, Version

FACILITATOR = "fasilitator"
audit_log = logging.getLogger("learning.audit")


@dataclass(frozen=True)
class Scope:
    """Who is using the store: from the invitation, never from the page."""

    network: str
    municipality: str  # "" for a facilitator, who is not one municipality
    role: str

    @property
    def is_facilitator(self) -> bool:
        return self.role == FACILITATOR

    def may_read(self, version: Version) -> bool:
        if version.network != self.network:
            return False
        return self.is_facilitator or version.municipality == self.municipality or version.shared


class ScopeError(PermissionError):
    """A save or read outside the identity's municipality (a bug or a forged request)."""


class ScopedStore:
    """The store's read and append interface, limited to one :class:`Scope`."""

    def __init__(self, store: ReflectionStore | Any, scope: Scope) -> None:
        self._store = store
        self.scope = scope

    def _visible(self, versions: list[Version]) -> list[Version]:
        return [v for v in versions if self.scope.may_read(v)]

    def versions(self, network: str | None = None) -> list[Version]:
        return self._visible(self._store.versions(self.scope.network))

    def history(self, network: str, gathering: str, municipality: str, exercise: str) -> list[Version]:
        return self._visible(self._store.history(network, gathering, municipality, exercise))

    def latest(self, network: str, gathering: str, municipality: str, exercise: str) -> Version | None:
        visible = self.history(network, gathering, municipality, exercise)
        return visible[-1] if visible else None

    def latest_per_municipality(self, network: str, gathering: str) -> list[Version]:
        return self._visible(self._store.latest_per_municipality(network, gathering))

    def append(self, *, network: str, municipality: str, role: str, **fields: Any) -> Version:
        """Save under the identity; refuse anything that names another network or municipality."""
        scope = self.scope
        if network != scope.network or (not scope.is_facilitator and municipality != scope.municipality):
            raise ScopeError("lagring utenfor egen kommune er ikke tillatt")
        version = self._store.append(network=scope.network, municipality=municipality, role=scope.role, **fields)
        # The audit line names who saved which version when: never any answer text.
        audit_log.info(
            "saved version=%d network=%s municipality=%s role=%s gathering=%s exercise=%s shared=%s at=%s",
            version.id,
            version.network,
            version.municipality,
            version.role,
            version.gathering,
            version.exercise,
            version.shared,
            version.saved_at.isoformat(),
        )
        return version
