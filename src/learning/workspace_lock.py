"""One run at a time per workspace: ``learning render``, ``import-survey`` and ``demo`` hold this
lock while they write, so two runs never write the same reports or stores at once.

The lock is a file lock (released by the operating system when a run dies, so a killed run never
blocks the next). Beside it, the holder writes who it is, so the one that has to wait can say so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from learning.private_files import private_dir
from learning.problems import Problem, UserError
from learning.workspace import Workspace

LOCK_NAME = ".learning.lock"
HOLDER_NAME = ".learning.lock.holder"


def lock_path(workspace: Workspace) -> Path:
    return workspace.processed_dir / LOCK_NAME


@contextmanager
def workspace_lock(workspace: Workspace, command: str) -> Iterator[None]:
    """Hold the workspace's lock for ``command``; a :class:`UserError` if another run has it."""
    path = lock_path(workspace)
    private_dir(path.parent)
    holder = path.with_name(HOLDER_NAME)
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise UserError([Problem(workspace.relative(path), "", (
            f"en annen kjøring bruker arbeidsområdet nå ({_describe(holder)}). Vent til den er "
            "ferdig og prøv igjen; to kjøringer samtidig kunne skrevet over hverandres filer."))]) from None
    try:
        started = dt.datetime.now().astimezone().strftime("%d.%m.%Y kl. %H:%M")
        with contextlib.suppress(OSError):
            holder.write_text(f"learning {command}, prosess {os.getpid()}, startet {started}", encoding="utf-8")
        yield
    finally:
        with contextlib.suppress(OSError):
            holder.unlink()
        lock.release()


def _describe(holder: Path) -> str:
    try:
        return holder.read_text(encoding="utf-8").strip() or "ukjent kommando"
    except OSError:
        return "ukjent kommando"
