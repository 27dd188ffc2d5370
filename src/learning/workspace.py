"""Where a workspace keeps its params, data and outputs; nothing else."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from learning.packaged import packaged_notebooks_dir, packaged_reference_dir
from learning.problems import UserError

ENV_VAR = "LEARNING_WORKSPACE"


def _own_or_packaged(own: Path, packaged: Path, name: str) -> Path:
    """The workspace's own file ``name`` in ``own`` when it brings one, else the package's copy."""
    return own / name if (own / name).is_file() else packaged / name


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
        """The workspace's own reference data; a file missing here comes from the package."""
        return self.data_dir / "reference"

    def reference_file(self, name: str) -> Path:
        """A reference file (``kommuner-2024.csv``): the workspace's own, else the package's copy."""
        return _own_or_packaged(self.reference_dir, packaged_reference_dir(), name)

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
        """The workspace's own report templates, if it brings any."""
        return self.root / "notebooks"

    def notebook(self, name: str) -> Path:
        """A report template (``municipality_report``): the workspace's own, else the package's."""
        return _own_or_packaged(self.notebooks_dir, packaged_notebooks_dir(), f"{name}.ipynb")

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

