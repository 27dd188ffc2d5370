"""The web service: Jupyter Server with Voilà, invitations, owner-only kernels and caps.

Everything is Jupyter Server's own machinery, configured: the identity provider
(:mod:`learning.serving.identity`), the authorizer (:mod:`learning.serving.authorizer`), the
kernel manager (:mod:`learning.serving.kernels`, culling idle kernels), Host and Origin checks
(``allow_remote_access=False`` with ``local_hostnames``, ``allow_origin``) and XSRF. Meant to
listen on 127.0.0.1 behind a TLS reverse proxy (README).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import nbformat
from tornado import web
from traitlets.config import Config

from learning.problems import UserError
from learning.serving.authorizer import OwnKernelAuthorizer
from learning.serving.hook import PrelaunchHook
from learning.serving.identity import InvitationIdentityProvider
from learning.serving.invitations import InvitationBook
from learning.serving.kernels import BoundedKernelManager
from learning.serving.redact import redact_tokens_in
from learning.workspace import Workspace

NOTEBOOK = "refleksjon.ipynb"
ENTRY = f"/voila/render/{NOTEBOOK}"
# Extensions installed alongside that must not be reachable from the service.
_OTHER_EXTENSIONS = (
    "jupyterlab",
    "notebook",
    "notebook_shim",
    "jupyter_lsp",
    "jupyter_server_terminals",
    "nbclassic",
)


@dataclass(frozen=True)
class ServeSettings:
    """What ``learning serve`` was asked for."""

    workspace: Workspace
    networks: list[str] = field(default_factory=list)  # empty: every network
    address: str = "127.0.0.1"
    port: int = 8866
    public_url: str = ""  # https://refleksjon.example.no, as participants' browsers see it
    max_kernels: int = 60
    max_memory_mb: int = 8192
    kernel_memory_mb: int = 2048
    idle_minutes: int = 15
    allow_root: bool = False

    @property
    def origin(self) -> str:
        if not self.public_url:
            return f"http://{self.address}:{self.port}"
        parsed = urlparse(self.public_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise UserError(
                f"--public-url {self.public_url!r}: skriv hele adressen, f.eks. https://refleksjon.example.no"
            )
        return f"{parsed.scheme}://{parsed.netloc}"

    @property
    def hostnames(self) -> list[str]:
        return sorted({"localhost", self.address, urlparse(self.origin).hostname or ""} - {""})


def log_request(handler: web.RequestHandler) -> None:
    """One access-log line without the query string: it may hold an invitation token."""
    request = handler.request
    status = handler.get_status()
    log = handler.log if hasattr(handler, "log") else None
    if log is not None:
        took = 1000.0 * request.request_time()
        log.info("%d %s %s %.1fms", status, request.method, request.path, took)


def placeholder_notebook(folder: Path) -> Path:
    """The notebook Voilà is asked for; the prelaunch hook replaces its cells per identity."""
    notebook = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    path = folder / NOTEBOOK
    nbformat.write(notebook, path)
    return path


def server_config(settings: ServeSettings, root: Path) -> Config:
    config = Config()
    server = config.ServerApp
    server.ip = settings.address
    server.port = settings.port
    server.port_retries = 0
    server.open_browser = False
    server.allow_root = settings.allow_root
    server.root_dir = str(root)
    server.default_url = ENTRY
    server.jpserver_extensions = {"voila.server_extension": True, **dict.fromkeys(_OTHER_EXTENSIONS, False)}
    server.terminals_enabled = False
    server.identity_provider_class = InvitationIdentityProvider
    server.authorizer_class = OwnKernelAuthorizer
    server.kernel_manager_class = BoundedKernelManager
    server.allow_remote_access = False  # the Host header must be ours (DNS rebinding)
    server.local_hostnames = settings.hostnames
    server.allow_origin = settings.origin
    server.trust_xheaders = True  # the proxy's X-Forwarded-Proto tells Jupyter it is https
    server.tornado_settings = {"log_function": log_request}
    config.InvitationIdentityProvider.invitations_file = str(InvitationBook.for_workspace(settings.workspace).path)
    config.InvitationIdentityProvider.networks = settings.networks
    config.InvitationIdentityProvider.token = ""  # Jupyter's own token login: not used here
    # Sessions survive a restart; the secret lives (owner-only) beside the invitations.
    server.cookie_secret_file = str(settings.workspace.processed_dir / "serve-cookie-secret")
    kernels = config.BoundedKernelManager
    kernels.max_kernels = settings.max_kernels
    kernels.max_memory_mb = settings.max_memory_mb
    kernels.kernel_memory_mb = settings.kernel_memory_mb
    kernels.cull_idle_timeout = settings.idle_minutes * 60
    kernels.cull_interval = 30
    kernels.cull_connected = True  # an open but untouched tab does not keep a kernel forever
    voila = config.VoilaConfiguration
    voila.prelaunch_hook = PrelaunchHook(str(settings.workspace.root))
    voila.strip_sources = True
    voila.show_tracebacks = False
    voila.preheat_kernel = False  # incompatible with the hook: kernels are per identity
    return config


def run(settings: ServeSettings) -> int:
    """Serve until stopped (Ctrl-C or SIGTERM from the service manager)."""
    from jupyter_server.serverapp import ServerApp

    settings.origin  # noqa: B018 — a malformed public URL stops us before the server starts
    with tempfile.TemporaryDirectory(prefix="learning-serve-") as folder:
        placeholder_notebook(Path(folder))
        app = ServerApp.instance(config=server_config(settings, Path(folder)))
        app.initialize(argv=[])
        # Jupyter sends tornado's records through its own log's handlers: filter there, too.
        redact_tokens_in([app.log, logging.getLogger("tornado"), logging.getLogger()])
        app.start()
    return 0
