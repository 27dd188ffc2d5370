"""Invitation links: a random token per municipality (or facilitator), stored only as a hash.

The token is shown once, when the invitation is made; the book keeps its SHA-256 (a token has
256 random bits, so a fast hash is enough), who it is for, when it expires and whether it was
revoked. The file is created readable by its owner only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from learning.reflection.scoped import FACILITATOR, Scope
from learning.reflection.store import PARTICIPANT_ROLES
from learning.workspace import Workspace

FILE_NAME = "invitations.sqlite"
TOKEN_BYTES = 32
_SCHEMA = """
CREATE TABLE IF NOT EXISTS invitations (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    network      TEXT NOT NULL,
    municipality TEXT NOT NULL,
    role         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked_at   TEXT
);
"""
_COLUMNS = "id, network, municipality, role, created_at, expires_at, revoked_at"


class Refusal(Enum):
    """Why a link does not let someone in (each has its own Norwegian page)."""

    MISSING = "missing"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Invitation:
    """One invitation, without its token."""

    id: str
    network: str
    municipality: str  # "" for a facilitator
    role: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def scope(self) -> Scope:
        return Scope(self.network, self.municipality, self.role)

    def refusal(self, now: dt.datetime | None = None) -> Refusal | None:
        """Why this invitation does not admit anyone now, or ``None`` if it does."""
        if self.revoked_at is not None:
            return Refusal.REVOKED
        if (now or dt.datetime.now(dt.UTC)) >= self.expires_at:
            return Refusal.EXPIRED
        return None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _invitation(row: tuple[str, ...]) -> Invitation:
    ident, network, municipality, role, created, expires, revoked = row
    return Invitation(
        ident,
        network,
        municipality,
        role,
        dt.datetime.fromisoformat(created),
        dt.datetime.fromisoformat(expires),
        _time(revoked),
    )


class InvitationBook:
    """The invitations of one workspace, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> InvitationBook:
        return cls(workspace.processed_dir / FILE_NAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            # Created owner-only before SQLite opens it: the hashes are nobody else's business.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
            db.executescript(_SCHEMA)
            yield db

    def create(
        self, network: str, municipality: str, role: str, *, days: int, now: dt.datetime | None = None
    ) -> tuple[Invitation, str]:
        """A new invitation and its token (the only time the token exists outside the link)."""
        if role == FACILITATOR:
            municipality = ""
        elif role not in PARTICIPANT_ROLES:
            allowed = ", ".join((*PARTICIPANT_ROLES, FACILITATOR))
            raise ValueError(f"ukjent rolle {role!r}; tillatt: {allowed}")
        if days < 1:
            raise ValueError("gyldighet må være minst én dag")
        created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        invitation = Invitation(
            secrets.token_hex(4),
            network,
            municipality,
            role,
            created,
            created + dt.timedelta(days=days),
            None,
        )
        with self._connect() as db:
            db.execute(
                "INSERT INTO invitations (id, token_hash, network, municipality, role,"
                " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    invitation.id,
                    token_hash(token),
                    network,
                    municipality,
                    role,
                    invitation.created_at.isoformat(),
                    invitation.expires_at.isoformat(),
                ),
            )
        return invitation, token

    def find(self, token: str) -> Invitation | None:
        """The invitation a token belongs to (valid or not), or ``None``."""
        return self._one("token_hash = ?", token_hash(token))

    def get(self, ident: str) -> Invitation | None:
        return self._one("id = ?", ident)

    def _one(self, where: str, value: str) -> Invitation | None:
        if not self.path.exists():
            return None
        with self._connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM invitations WHERE {where}", (value,)).fetchone()
        return _invitation(row) if row else None

    def all(self, network: str | None = None) -> list[Invitation]:
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM invitations WHERE ? IS NULL OR network = ? ORDER BY created_at",
                (network, network),
            ).fetchall()
        return [_invitation(row) for row in rows]

    def revoke(self, ident: str, now: dt.datetime | None = None) -> Invitation | None:
        """Revoke an invitation at once (its sessions are refused from the next request)."""
        when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat()
        with self._connect() as db:
            db.execute(
                "UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (when, ident),
            )
        return self.get(ident)
