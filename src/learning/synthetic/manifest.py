"""The demo survey manifest (``data/demo/survey/manifest.yml``) and importing everything in it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from learning.survey.importer import ImportSummary, import_survey
from learning.workspace import Workspace
from learning.yamlfile import read_yaml

MANIFEST = "manifest.yml"


class Expected(BaseModel):
    """How many rows of a demo file the importer should accept, reject and find duplicated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    accepted: int
    rejected: int
    duplicates: int


class DemoFile(BaseModel):
    """One demo export: which network and wave it belongs to, and what importing it gives."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str
    network: str
    wave: str
    description: str
    expected: Expected


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    synthetic: str
    files: list[DemoFile]


def load_manifest(workspace: Workspace) -> Manifest:
    """The demo survey manifest of the workspace."""
    path = workspace.demo_dir / "survey" / MANIFEST
    return Manifest.model_validate(read_yaml(path, workspace.relative(path)))


def import_demo_surveys(workspace: Workspace) -> list[ImportSummary]:
    """Import every demo export of the manifest; running it again adds nothing."""
    folder = workspace.demo_dir / "survey"
    return [
        import_survey(workspace, folder / entry.file, entry.network, entry.wave)
        for entry in load_manifest(workspace).files
    ]
