"""Who is asking: Jupyter Server's identity provider, fed by invitation links.

The first visit carries the token in the link (``?invitasjon=…``); the provider looks up its hash,
and if the invitation is valid it sets Jupyter Server's signed, HTTP-only login cookie holding the
invitation's id and a random session id. Every later request (pages, kernel websockets) is checked
against the invitation book again, so a revoked or expired link stops working at once.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.base.handlers import JupyterHandler
from tornado import web
from traitlets import List, Unicode, default

from learning.reflection.scoped import Scope
from learning.serving.invitations import Invitation, InvitationBook, Refusal
from learning.serving.pages import refusal_page

TOKEN_ARGUMENT = "invitasjon"


@dataclass
class Participant(User):
    """An authenticated visitor: one invitation (network, municipality, role) in one browser."""

    network: str = ""
    municipality: str = ""
    role: str = ""
    invitation: str = ""
    session: str = ""

    @property
    def scope(self) -> Scope:
        return Scope(self.network, self.municipality, self.role)


def _participant(invitation: Invitation, session: str) -> Participant:
    who = invitation.municipality or "fasilitator"
    return Participant(
        username=f"{invitation.id}-{session}",
        name=f"{invitation.network} {who}",
        display_name=f"{invitation.network} {who}",
        network=invitation.network,
        municipality=invitation.municipality,
        role=invitation.role,
        invitation=invitation.id,
        session=session,
    )


class InvitationIdentityProvider(IdentityProvider):
    """Authenticates invitation tokens and the cookie they leave; nothing else gets in."""

    invitations_file = Unicode("", help="The invitation book (SQLite).").tag(config=True)
    networks = List(Unicode(), help="Networks served; empty: every network.").tag(config=True)

    @default("login_handler_class")
    def _refusal_handler(self) -> type[web.RequestHandler]:
        return RefusalHandler

    @default("cookie_options")
    def _cookie_options(self) -> dict[str, Any]:
        # Lax: the cookie still comes along when the participant opens the link from an e-mail.
        return {"samesite": "Lax", "httponly": True}

    @property
    def book(self) -> InvitationBook:
        from pathlib import Path

        return InvitationBook(Path(self.invitations_file))

    @property
    def logout_available(self) -> bool:
        return False

    def admits(self, invitation: Invitation | None) -> bool:
        return (
            invitation is not None
            and invitation.refusal() is None
            and (not self.networks or invitation.network in self.networks)
        )

    def get_user(self, handler: web.RequestHandler) -> Participant | None:
        token = handler.get_query_argument(TOKEN_ARGUMENT, "")
        if token:
            invitation = self.book.find(token)
            if not self.admits(invitation):
                return None
            assert invitation is not None
            user = _participant(invitation, secrets.token_hex(8))
            self.set_login_cookie(handler, user)
            return user
        cookie = self.get_user_cookie(handler)
        return cookie if isinstance(cookie, Participant) else None

    def user_to_cookie(self, user: User) -> str:
        assert isinstance(user, Participant)
        return json.dumps({"i": user.invitation, "s": user.session})

    def user_from_cookie(self, cookie_value: str) -> Participant | None:
        try:
            data = json.loads(cookie_value)
            ident, session = str(data["i"]), str(data["s"])
        except (ValueError, KeyError, TypeError):
            return None
        invitation = self.book.get(ident)
        if not self.admits(invitation):
            return None
        assert invitation is not None
        return _participant(invitation, session)

    def refusal(self, handler: web.RequestHandler) -> Refusal:
        """Why this request was not let in (for the page that says so)."""
        token = handler.get_query_argument(TOKEN_ARGUMENT, "")
        if not token:  # Jupyter Server sends unauthenticated pages here with ?next=<the page>
            query = parse_qs(urlparse(handler.get_query_argument("next", "")).query)
            token = (query.get(TOKEN_ARGUMENT) or [""])[0]
        if not token:
            return Refusal.MISSING
        invitation = self.book.find(token)
        if invitation is None:
            return Refusal.UNKNOWN
        return invitation.refusal() or (Refusal.UNKNOWN if not self.admits(invitation) else Refusal.MISSING)


class RefusalHandler(JupyterHandler):
    """Jupyter Server's login page, here: says (in Norwegian) why the link did not work."""

    @allow_unauthenticated
    def get(self) -> None:
        provider = self.identity_provider
        reason = provider.refusal(self) if isinstance(provider, InvitationIdentityProvider) else (Refusal.MISSING)
        self.set_status(403)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(refusal_page(reason))

    @allow_unauthenticated
    def post(self) -> None:
        raise web.HTTPError(405)
