"""The run ledger: each job's key, status, time and duration, in SQLite in the workspace.

The ledger is how an unchanged job is skipped, and what ``learning status`` shows. One row per job
output is kept up to date as results arrive, so an interrupted run loses only unfinished jobs.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from learning.private_files import private_file
from learning.workspace import Workspace

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    output TEXT PRIMARY KEY,
    network TEXT NOT NULL,
    gathering TEXT NOT NULL,
    municipality TEXT NOT NULL,
    notebook TEXT NOT NULL,
    key TEXT NOT NULL,
    status TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    seconds REAL NOT NULL,
    reason TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Entry:
    output: str
    network: str
    gathering: str
    municipality: str
    notebook: str
    key: str
    status: str
    finished_at: str
    seconds: float
    reason: str


def ledger_path(workspace: Workspace) -> Path:
    return workspace.processed_dir / "render-ledger.sqlite"


@contextmanager
def open_ledger(workspace: Workspace) -> Iterator[sqlite3.Connection]:
    path = private_file(ledger_path(workspace))
    connection = sqlite3.connect(path, timeout=30)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(_SCHEMA)
        yield connection
        connection.commit()
    finally:
        connection.close()


def read_entries(workspace: Workspace) -> dict[str, Entry]:
    """Every job the ledger knows, by output path (empty when nothing was rendered yet)."""
    if not ledger_path(workspace).exists():
        return {}
    with open_ledger(workspace) as connection:
        rows = connection.execute(f"SELECT {', '.join(Entry.__dataclass_fields__)} FROM jobs").fetchall()
    return {row[0]: Entry(*row) for row in rows}


def record(connection: sqlite3.Connection, entry: Entry) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.output, entry.network, entry.gathering, entry.municipality, entry.notebook, entry.key,
         entry.status, entry.finished_at, entry.seconds, entry.reason),
    )
    connection.commit()


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
