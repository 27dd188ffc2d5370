"""Serving one municipality's exercise with Voilà on this machine only.

The parameters are checked first (network, gathering, municipality, role, and the exercise file),
then a copy of ``reflection.ipynb`` with the parameters written in by papermill goes to a temporary
folder and Voilà serves that copy on 127.0.0.1 with the code hidden. Ctrl-C stops Voilà, which
shuts its kernels down, and the temporary folder is removed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from papermill.parameterize import parameterize_notebook

from learning.problems import UserError
from learning.reflection.exercises import load_exercises
from learning.reflection.store import ROLES
from learning.render.parameters import parameter_errors
from learning.reports.context import ReportContext

HOST = "127.0.0.1"
NOTEBOOK = "reflection"
STOP_SECONDS = 15


def free_port() -> int:
    """A port nobody listens on right now (for tests and ``--port 0``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def notebook_parameters(ctx: ReportContext, role: str) -> dict[str, Any]:
    """The parameters written into the served copy (checked against the notebook's own)."""
    if role and role not in ROLES:
        raise UserError(f"--role {role!r}: ukjent rolle. Tillatt: {', '.join(ROLES)}.")
    if ctx.municipality is None:
        raise UserError("--municipality: oppgi kommunenummeret til kommunen som skal svare.")
    load_exercises(
        ctx.workspace, ctx.network
    )  # a broken exercise file stops us before Voilà starts
    return {
        "workspace": str(ctx.workspace.root),
        "network": ctx.network.id,
        "gathering": ctx.gathering.id,
        "municipality": ctx.municipality.number,
        "lang": ctx.lang,
        "role": role,
        "live": True,
    }


def prepare(ctx: ReportContext, role: str, folder: Path) -> Path:
    """Write the parameterised copy of the notebook into ``folder`` and return its path."""
    source = ctx.workspace.notebook(NOTEBOOK)
    if not source.exists():
        raise UserError(f"{source}: notatboka for refleksjonsoppgavene finnes ikke.")
    parameters = notebook_parameters(ctx, role)
    errors = parameter_errors(source, parameters)
    if errors:
        raise UserError("; ".join(errors))
    notebook = nbformat.read(source, as_version=4)
    # Voilà shows markdown cells whatever their tags; the notebook's own description is for
    # facilitators reading the source, not for participants.
    notebook.cells = [
        c
        for c in notebook.cells
        if not (c.cell_type == "markdown" and "remove-cell" in c.metadata.get("tags", []))
    ]
    notebook.metadata.setdefault("papermill", {})  # parameterize_notebook records the values there
    notebook = parameterize_notebook(notebook, parameters)
    target = folder / f"{NOTEBOOK}.ipynb"
    nbformat.write(notebook, target)
    return target


def voila_command(notebook: Path, port: int) -> list[str]:
    """Voilà on localhost only, no browser, code hidden, no tracebacks to the page, fixed port."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--no-browser",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--show_tracebacks=False",
    ]


def wait_until_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    """Whether Voilà accepts connections before ``timeout`` (False if it exited first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return True
        time.sleep(0.2)
    return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask Voilà to stop (it then shuts its kernels down); force it after a grace period."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    ctx: ReportContext, *, role: str = "", port: int = 8866, say: Callable[[str], None] = print
) -> int:
    """Serve the exercise until Ctrl-C; return Voilà's exit code (0 after Ctrl-C)."""
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: må være mellom 1 og 65535.")
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="learning-reflect-") as folder:
        notebook = prepare(ctx, role, Path(folder))
        # Its own session: Ctrl-C in the terminal reaches only this process, which then stops
        # Voilà in order instead of both receiving the signal at once.
        process = subprocess.Popen(
            voila_command(notebook, port),
            cwd=folder,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        # A service manager stops us with SIGTERM: stop Voilà in order then, as after Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            if not wait_until_listening(port, process):
                stop(process)
                raise UserError(
                    f"Voilà startet ikke på port {port}. Er porten i bruk? Velg en annen (--port)."
                )
            say(f"Refleksjonsoppgavene er klare på http://{HOST}:{port}/")
            say("Trykk Ctrl-C for å stoppe.")
            return process.wait()
        except KeyboardInterrupt:
            say("Stopper Voilà …")
            return 0
        finally:
            stop(process)
            signal.signal(signal.SIGTERM, previous)
