"""A notebook's declared parameters, and the check of a job's parameters against them.

papermill only warns about a parameter the notebook does not declare, and writes parameter names
into code unchecked (a crafted name runs code). So every job is checked here, before any kernel
starts.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from learning.problems import UserError


@dataclass(frozen=True)
class Parameter:
    name: str
    type: type
    default: Any
    help: str


@cache
def _declared(path: Path, mtime: float) -> dict[str, Parameter]:
    notebook = json.loads(path.read_text(encoding="utf-8"))  # nbformat's import is slow; JSON is enough
    cells = [c for c in notebook["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise UserError(f"{path.name}: notatboka må ha nøyaktig én celle merket «parameters» (har {len(cells)}).")
    source = "".join(cells[0]["source"])
    comments = {n + 1: line.split("#", 1)[1].strip() for n, line in enumerate(source.splitlines()) if "#" in line}
    declared: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            raise UserError(f"{path.name}: parameter-cellen kan bare ha enkle tilordninger (navn = verdi).")
        value = ast.literal_eval(node.value)
        name = node.targets[0].id
        declared[name] = Parameter(name, type(value), value, comments.get(node.lineno, ""))
    return declared


def declared_parameters(path: Path) -> dict[str, Parameter]:
    """The parameters a notebook declares in its ``parameters`` cell, with types and help."""
    return _declared(path.resolve(), path.stat().st_mtime)


def parameter_errors(path: Path, parameters: dict[str, Any]) -> list[str]:
    """What is wrong with these parameters for this notebook (empty when all is well)."""
    declared = declared_parameters(path)
    errors = []
    for name, value in parameters.items():
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            errors.append(f"parameternavnet {name!r} er ikke et gyldig Python-navn")
            continue
        if name not in declared:
            errors.append(f"{name!r} er ikke en parameter i {path.name} (kjente: {', '.join(declared)})")
            continue
        expected = declared[name].type
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            errors.append(
                f"{name}={value!r} har typen {type(value).__name__}, men {path.name} venter {expected.__name__}"
            )
    return errors
