"""Options several commands share."""

from __future__ import annotations

from typing import Annotated

import typer

from learning.workspace import ENV_VAR

WorkspaceOption = Annotated[
    str | None,
    typer.Option("--workspace", "-w", envvar=ENV_VAR, show_envvar=True,
                 help="Arbeidsområdet: mappen med params/ og data/. Standard: mappen du står i (eller over)."),
]
NetworkOption = Annotated[
    list[str] | None,
    typer.Option("--network", "-n", help="Bare dette nettverket (id = filnavnet i params/). Kan gis flere ganger."),
]
RequiredNetwork = Annotated[str, typer.Option("--network", "-n", help="Nettverkets id (filnavnet i params/).")]
"""The one network a command works on, which it cannot guess."""
