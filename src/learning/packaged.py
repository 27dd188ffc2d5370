"""The package's own notebooks and reference data: what a workspace falls back on.

A wheel ships them inside the package (``learning/notebooks``, ``learning/reference_data``; see
``[tool.setuptools.package-dir]`` in pyproject.toml). Running from a source checkout (an editable
install or ``PYTHONPATH=src``) they are the repository's own ``notebooks/`` and ``data/reference/``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

Part = Literal["notebooks", "reference_data"]

# Where each part lives in the repository, relative to its root (the same as pyproject.toml says).
_IN_SOURCE_TREE: dict[Part, tuple[str, ...]] = {
    "notebooks": ("notebooks",),
    "reference_data": ("data", "reference"),
}


@cache
def packaged_dir(part: Part) -> Path:
    """The folder of the package's own copy of ``part``."""
    shipped = Path(str(files("learning") / part))
    if shipped.is_dir():
        return shipped
    source_root = Path(__file__).resolve().parents[2]  # src/learning/packaged.py → the repository
    return source_root.joinpath(*_IN_SOURCE_TREE[part])


def packaged_notebooks_dir() -> Path:
    """The report templates the package ships."""
    return packaged_dir("notebooks")


def packaged_reference_dir() -> Path:
    """The reference data (municipalities, målform, findings, with sources) the package ships."""
    return packaged_dir("reference_data")
