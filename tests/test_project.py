"""The project's own files: dependency lists agree, notebooks are stored clean, strings exist twice."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from learning.i18n import LANGUAGES, catalogue, t

REPO = Path(__file__).resolve().parents[1]


def _requirement_name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_environment_yml_lists_the_same_dependencies_as_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(_requirement_name_and_spec(r) for r in
                  project["dependencies"] + project["optional-dependencies"]["dev"])
    environment = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    listed: dict[str, str] = {}
    pip_section: list[str] = []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip_section = entry["pip"]
        elif entry != "pip" and not entry.startswith("python="):
            name, spec = _requirement_name_and_spec(entry)
            listed[name] = spec
    for entry in pip_section:
        if entry != "-e .":
            name, spec = _requirement_name_and_spec(entry)
            listed[name] = spec
    assert "-e ." in pip_section, "environment.yml must install the package itself with pip"
    assert listed == wanted


def test_notebooks_are_stored_without_outputs() -> None:
    notebooks = sorted((REPO / "notebooks").glob("*.ipynb"))
    assert notebooks, "there are report notebooks"
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name}: a cell has outputs"
                assert cell.execution_count is None, f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", sorted((REPO / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_have_one_parameters_cell_and_no_definitions(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not re.search(r"^\s*(def|class)\s", cell.source, re.M), f"{path.name}: logic belongs in src/"


def test_every_string_exists_in_bokmal_and_nynorsk() -> None:
    strings = catalogue()
    assert strings
    for key, texts in strings.items():
        assert set(texts) == set(LANGUAGES), f"{key}: needs exactly nb and nn, has {sorted(texts)}"
        assert all(isinstance(v, str) and v.strip() for v in texts.values()), key


def test_every_catalogue_key_is_reachable_as_written() -> None:
    """YAML 1.1 would turn the keys ``yes:`` and ``no:`` into booleans; every key must stay the text
    written in the file, so ``t("common.yes", …)`` finds it."""
    for path in sorted((REPO / "src" / "learning" / "i18n").glob("*.yml")):
        written = re.findall(r"^([A-Za-z_][\w.æøå-]*):", path.read_text(encoding="utf-8"), flags=re.M)
        for key in written:
            assert f"{path.stem}.{key}" in catalogue(), f"{path.name}: key {key!r} is not reachable"
    assert t("common.yes", "nb") == "ja" and t("common.no", "nn") == "nei"


def test_generated_folders_are_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    for folder in ("/reports/", "/data/processed/", "/.venv/"):
        assert folder in ignored


def test_every_package_under_src_ships_in_the_wheel() -> None:
    """pyproject.toml lists the packages (the notebooks and reference data are mapped in from
    outside src/), so a new subpackage must be listed there too or the wheel leaves it out."""
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    source = REPO / "src"
    found = {".".join(p.relative_to(source).parts) for p in (source / "learning").rglob("*")
             if p.is_dir() and p.name != "__pycache__"} | {"learning"}
    missing = sorted(found - set(setuptools["packages"]))
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"
    assert setuptools["package-dir"]["learning.notebooks"] == "notebooks"
    assert setuptools["package-dir"]["learning.reference_data"] == "data/reference"
