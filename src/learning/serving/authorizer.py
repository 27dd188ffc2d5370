"""What an invited visitor may do on the Jupyter Server: talk to its own kernel, nothing else.

Voilà's pages only need the identity (checked by the identity provider); of Jupyter Server's own
REST and websocket API a participant needs just the kernel that its page started. Contents,
sessions, terminals, kernel specs, configuration and other people's kernels are refused.
"""

from __future__ import annotations

from jupyter_server.auth.authorizer import Authorizer
from jupyter_server.auth.identity import User
from jupyter_server.base.handlers import JupyterHandler

from learning.serving.identity import Participant

ALLOWED = {("kernels", "read"), ("kernels", "execute")}


def kernel_in_path(handler: JupyterHandler) -> str | None:
    """The kernel id the request is about (Jupyter's kernel handlers name it ``kernel_id``)."""
    named = handler.path_kwargs.get("kernel_id")
    if named:
        return str(named)
    return str(handler.path_args[0]) if handler.path_args else None


class OwnKernelAuthorizer(Authorizer):
    """Allow reading and executing on a kernel only for the session that started it."""

    def is_authorized(self, handler: JupyterHandler, user: User, action: str, resource: str) -> bool:
        if not isinstance(user, Participant) or (resource, action) not in ALLOWED:
            return False
        kernel_id = kernel_in_path(handler)
        owner_of = getattr(handler.kernel_manager, "owner_of", None)
        return bool(kernel_id and owner_of and owner_of(kernel_id) == user.username)
