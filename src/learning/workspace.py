"""Where a workspace keeps its params, data and outputs; nothing else."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from learning.problems import UserError

ENV_VAR = "LEARNING_WORKSPACE"


@dataclass(frozen=True)
class Workspace:
    """A folder with ``params/`` and ``data/`` of one organisation (the repository is the demo)."""

    root: Path

    @property
    def params_dir(self) -> Path:
        return self.root / "params"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"

    @property
    def demo_dir(self) -> Path:
        return self.data_dir / "demo"

    @property
    def processed_dir(self) -> Path:
        """Generated data (survey store, reflection store, render ledger): never in git."""
        return self.data_dir / "processed"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    @property
    def notebooks_dir(self) -> Path:
        """A workspace may bring its own notebooks; otherwise the package's own are used."""
        own = self.root / "notebooks"
        return own if own.is_dir() else bundled_notebooks_dir()

    def relative(self, path: Path) -> str:
        """A path as users see it in messages: relative to the workspace where possible."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    @classmethod
    def locate(cls, given: str | os.PathLike[str] | None = None) -> Workspace:
        """Find the workspace: the given folder, else $LEARNING_WORKSPACE, else the nearest
        folder upwards from the current one that has ``params/``."""
        candidate = str(given) if given else os.environ.get(ENV_VAR, "")
        if candidate:
            root = Path(candidate).expanduser().resolve()
            if not (root / "params").is_dir():
                raise UserError(
                    f"{root}: ikke et arbeidsområde (mappen params/ mangler). "
                    f"Oppgi mappen med --workspace eller miljøvariabelen {ENV_VAR}."
                )
            return cls(root)
        here = Path.cwd().resolve()
        for folder in (here, *here.parents):
            if (folder / "params").is_dir():
                return cls(folder)
        raise UserError(
            f"Fant ikke noe arbeidsområde (en mappe med params/) i {here} eller over. "
            f"Oppgi det med --workspace DIR eller miljøvariabelen {ENV_VAR}."
        )


def bundled_notebooks_dir() -> Path:
    """The report templates of this repository (used when a workspace has none)."""
    return Path(__file__).resolve().parents[2] / "notebooks"
