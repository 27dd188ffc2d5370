"""The package's own notebooks and reference data, and a workspace's own files winning over them."""

from __future__ import annotations

import shutil
from pathlib import Path

from learning.packaged import packaged_notebooks_dir, packaged_reference_dir
from learning.reference.findings import load_findings
from learning.reference.municipalities import load_municipalities
from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]


def _bare_workspace(root: Path) -> Workspace:
    """A workspace with params/ only: no notebooks/, no data/reference/."""
    shutil.copytree(REPO / "params", root / "params")
    return Workspace(root)


def test_the_package_brings_every_notebook_and_reference_file() -> None:
    shipped = {p.name for p in packaged_notebooks_dir().glob("*.ipynb")}
    assert shipped == {p.name for p in (REPO / "notebooks").glob("*.ipynb")}
    assert {"kommuner-2024.csv", "malform.csv", "findings.yml"} <= {p.name for p in packaged_reference_dir().iterdir()}


def test_a_workspace_without_its_own_files_uses_the_packages(tmp_path: Path) -> None:
    workspace = _bare_workspace(tmp_path)
    assert workspace.notebook("municipality_report") == packaged_notebooks_dir() / "municipality_report.ipynb"
    assert workspace.reference_file("kommuner-2024.csv") == packaged_reference_dir() / "kommuner-2024.csv"
    assert len(load_municipalities(workspace)) == 357
    assert load_findings(workspace=workspace) == load_findings()


def test_a_workspaces_own_reference_file_wins(tmp_path: Path) -> None:
    workspace = _bare_workspace(tmp_path)
    workspace.reference_dir.mkdir(parents=True)
    original = (packaged_reference_dir() / "kommuner-2024.csv").read_text(encoding="utf-8").splitlines()
    trondheim = next(line for line in original if line.startswith("5001,"))
    renamed = trondheim.replace("Trondheim", "Nidaros", 1)
    own_file = workspace.reference_dir / "kommuner-2024.csv"
    own_file.write_text("\n".join([original[0], renamed]) + "\n", encoding="utf-8")
    own = load_municipalities(workspace)
    assert len(own) == 1
    assert own.get("5001").name.startswith("Nidaros")
    assert own.get("5001").malform == load_municipalities().get("5001").malform  # målform still the package's
    assert len(load_municipalities()) == 357  # the package's copy is untouched


def test_a_workspaces_own_notebook_wins(tmp_path: Path) -> None:
    workspace = _bare_workspace(tmp_path)
    workspace.notebooks_dir.mkdir()
    own = workspace.notebooks_dir / "reflection.ipynb"
    shutil.copy(packaged_notebooks_dir() / "reflection.ipynb", own)
    assert workspace.notebook("reflection") == own
    assert workspace.notebook("municipality_report") == packaged_notebooks_dir() / "municipality_report.ipynb"
