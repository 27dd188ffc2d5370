"""Bounded kernels: one per browser session, a cap on how many and how much memory, idle culled.

Voilà starts a kernel per page load. This manager remembers which session (the authenticated
user) started each kernel: a new page of the same session replaces that session's old kernel, a
kernel belongs to its session only (see the authorizer), and when the server already runs
``max_kernels`` kernels or their memory reaches ``max_memory_mb`` it refuses with a clear message
instead of starting another. Culling of idle kernels is Jupyter Server's own
(``cull_idle_timeout``), set by ``learning serve``.
"""

from __future__ import annotations

import contextvars
import resource
from collections.abc import Callable
from typing import Any, NoReturn

import psutil
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Int

from learning.serving.pages import FULL_TEXT, full_page

starting_for: contextvars.ContextVar[str] = contextvars.ContextVar("starting_for", default="")
"""The session whose page is starting a kernel (set by the prelaunch hook, same request)."""


class ServerFull(web.HTTPError):
    """No room for another kernel now (raised where a page can no longer be replaced)."""

    def __init__(self) -> None:
        super().__init__(503, "%s", FULL_TEXT, reason="Tjenesten er full")


def finish_full(handler: web.RequestHandler) -> NoReturn:
    """End the request with the Norwegian «full» page (503), before anything else is written.

    ``web.Finish`` ends the request without tornado's error path, so nothing is logged with the
    request's URI (which may hold an invitation token) and the reader sees a page in Norwegian.
    """
    handler.set_status(503, reason="Tjenesten er full")
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    handler.set_header("Retry-After", "120")
    raise web.Finish(full_page())


def _address_space_limit(megabytes: int) -> Callable[[], None]:
    def limit() -> None:  # runs in the kernel process, before Python starts
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


class BoundedKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager with owners and caps."""

    max_kernels = Int(60, help="At most this many kernels at once.").tag(config=True)
    max_memory_mb = Int(8192, help="No new kernel once the kernels use this much.").tag(config=True)
    kernel_memory_mb = Int(2048, help="Address-space limit of each kernel.").tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owners: dict[str, str] = {}

    def owner_of(self, kernel_id: str) -> str | None:
        return self._owners.get(kernel_id) if kernel_id in self else None

    def memory_mb(self) -> float:
        """Resident memory of the running kernels, in MB."""
        total = 0
        for kernel_id in self.list_kernel_ids():
            provisioner = getattr(self.get_kernel(kernel_id), "provisioner", None)
            pid = getattr(provisioner, "pid", None)
            if pid:
                try:
                    total += psutil.Process(pid).memory_info().rss
                except psutil.Error:
                    continue
        return total / 1024 / 1024

    def has_room(self) -> bool:
        return len(self) < self.max_kernels and self.memory_mb() < self.max_memory_mb

    async def start_kernel(  # type: ignore[override]  # the async server manager's keywords, not the sync base's
        self, *, kernel_id: str | None = None, path: str | None = None, **kwargs: Any
    ) -> str:
        owner = starting_for.get()
        if not owner:  # only pages of an authenticated session start kernels
            raise web.HTTPError(403)
        for old in [k for k, who in list(self._owners.items()) if who == owner and k in self]:
            await self.shutdown_kernel(old, now=True)  # the session's previous page is gone
        if not self.has_room():
            raise ServerFull()
        kwargs.setdefault("preexec_fn", _address_space_limit(self.kernel_memory_mb))
        started = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)  # type: ignore[arg-type]
        self._owners = {k: who for k, who in self._owners.items() if k in self}
        self._owners[started] = owner
        return started
