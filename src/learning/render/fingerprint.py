"""A job's key: what its report depends on. Same key as the last success means: skip it.

The key covers the notebook without outputs, the job's parameters, the package's code and the
input data the notebook declares in its metadata (``learning.inputs``), as the registry in
``learning/inputs.py`` lists its files. Inputs that belong to one
municipality (its goals) are hashed for that municipality only, so changing one municipality's
goals re-renders only that municipality's reports. Survey responses are hashed for the whole
network, because municipality reports compare with the network as a whole.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from learning.inputs import DEFAULT_INPUTS, Fingerprint, InputKind, input_kind
from learning.render.plan import Job
from learning.workspace import Workspace

PACKAGE = Path(__file__).resolve().parents[1]


def _hash_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(_file_digest(path).encode())
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[Path, int, int]:
    """A file's identity for the caches below: a changed file gets a new stamp. (An absolute
    path, not a resolved one: resolving costs more syscalls than the rest of a job's key.)"""
    status = path.stat()
    return path.absolute(), status.st_mtime_ns, status.st_size


def _file_digest(path: Path) -> str:
    return _digest_of(*_stamp(path))


@cache
def _digest_of(path: Path, mtime_ns: int, size: int) -> str:
    # Every job of a plan asks for the same few files: read each once per run, not once per job.
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def code_fingerprint() -> str:
    """Every file of the package that can change what a report shows."""
    return _hash_files(p for p in PACKAGE.rglob("*") if p.suffix in {".py", ".yml", ".css", ".j2"})


@cache
def _notebook(path: Path, mtime: float) -> tuple[str, tuple[str, ...]]:
    # Plain JSON: nbformat's import (jsonschema) would cost more than a whole unchanged run.
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in notebook["cells"]]
    inputs = tuple(notebook.get("metadata", {}).get("learning", {}).get("inputs", DEFAULT_INPUTS))
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest(), inputs


def notebook_fingerprint(path: Path) -> tuple[str, tuple[str, ...]]:
    """The hash of a notebook's cells (outputs ignored) and the inputs it declares."""
    return _notebook(path.resolve(), path.stat().st_mtime)


def _rows_for(path: Path, municipality: str) -> str:
    """Hash of the CSV rows that belong to one municipality (all rows for a network job)."""
    if not path.exists():
        return ""
    if not municipality:
        return _file_digest(path)
    return _rows_by_municipality(*_stamp(path)).get(municipality, "")


@cache
def _rows_by_municipality(path: Path, mtime_ns: int, size: int) -> dict[str, str]:
    """Each municipality's rows of a CSV, hashed; parsed once per run, not once per job."""
    text = path.read_text(encoding="utf-8-sig")
    table = "\n".join(line for line in text.splitlines() if not line.startswith("#"))  # comment lines
    rows: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(table)):
        rows.setdefault(row.get("kommune", "").zfill(4), []).append(row)
    return {number: hashlib.sha256(json.dumps(own, sort_keys=True).encode()).hexdigest()
            for number, own in rows.items()}


def _reflection_versions(path: Path, job: Job) -> str:
    """The newest saved version for this network (and municipality): versions are append-only,
    so a new save anywhere in scope changes this and nothing else does."""
    if not path.exists():
        return ""
    wal = path.with_name(path.name + "-wal")  # a save in WAL mode may touch only this file
    scopes = _versions_by_scope(*_stamp(path), _stamp(wal) if wal.exists() else None)
    if job.municipality:
        return repr(scopes.get((job.network, job.municipality), (0, None)))
    own = [scope for (network, _), scope in scopes.items() if network == job.network]
    return repr((sum(count for count, _ in own), max((newest for _, newest in own), default=None)))


@cache
def _versions_by_scope(path: Path, mtime_ns: int, size: int, wal: tuple[Path, int, int] | None
                       ) -> dict[tuple[str, str], tuple[int, int]]:
    """(network, municipality) → (versions, newest id): one query per run, not one per job."""
    query = "SELECT network, municipality, count(*), max(id) FROM versions GROUP BY network, municipality"
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return {(network, municipality): (count, newest)
                for network, municipality, count, newest in connection.execute(query)}


_FINGERPRINTS: dict[Fingerprint, Callable[[Path, Job], str]] = {
    "file": lambda path, job: _hash_files([path]),
    "municipality_rows": lambda path, job: _rows_for(path, job.municipality),
    "reflection_versions": _reflection_versions,
}


def input_fingerprint(workspace: Workspace, job: Job, kind: InputKind) -> str:
    """The hash of one input kind's files as far as they concern this job."""
    return "".join(_FINGERPRINTS[place.fingerprint](place.where(workspace, job.network), job) for place in kind.places)


def job_key(workspace: Workspace, job: Job) -> str:
    """The key of one job; unknown input kinds in a notebook's metadata are an error."""
    notebook_hash, inputs = notebook_fingerprint(workspace.notebook(job.notebook))
    parts = [notebook_hash, json.dumps(job.parameters, sort_keys=True), code_fingerprint()]
    for name in inputs:
        kind = input_kind(name, where=f"{job.notebook}.ipynb")
        parts.append(f"{name}:{input_fingerprint(workspace, job, kind)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
