"""The one rule for where an export may be written.

An export (for researchers, or any other file a command writes where the user points) never
lands on the workspace's own files: not in ``params/``, ``data/`` (inputs and the stores under
``data/processed``), ``notebooks/`` or ``reports/``. An existing file elsewhere is replaced only
with ``--force``, so a typo cannot wipe another file.
"""

from __future__ import annotations

from pathlib import Path

from learning.problems import Problem, UserError
from learning.workspace import Workspace


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def checked_export_target(workspace: Workspace, target: Path, *, force: bool = False) -> Path:
    """``target`` resolved, if an export may be written there; else a :class:`UserError`."""
    resolved = target.expanduser().resolve()
    protected = (workspace.params_dir, workspace.data_dir, workspace.root / "notebooks",
                 workspace.reports_dir)
    for folder in protected:
        if _inside(resolved, folder.resolve()):
            raise UserError([Problem(str(target), "", (
                f"ligger i arbeidsområdets {workspace.relative(folder)}/, der prosjektets egne filer "
                "(innstillinger, data og lagre) ligger, og blir ikke overskrevet. "
                "Skriv eksporten til en annen mappe."))])
    if resolved.is_dir():
        raise UserError([Problem(str(target), "", "er en mappe. Oppgi et filnavn, for eksempel svar.csv.")])
    if resolved.exists() and not force:
        raise UserError([Problem(str(target), "", (
            "finnes fra før og blir ikke overskrevet. Velg et nytt filnavn, "
            "eller legg til --force for å erstatte filen."))])
    return resolved
