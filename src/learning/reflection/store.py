"""The reflection store: an append-only SQLite file in the workspace's processed data.

Every save is a new version row; nothing is ever updated or deleted (triggers refuse it), so the
history of a municipality's reflection is kept for research. The current answer is the latest
version. Several processes (a Voilà kernel per participant) may save at once: the database runs
in WAL mode with a busy timeout, and a write that still meets a lock is retried with backoff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from learning.private_files import private_file
from learning.problems import Problem, UserError
from learning.workspace import Workspace

FILE_NAME = "reflections.sqlite"


class Store(Protocol):
    """What readers and writers of reflections need: SQLite, PostgreSQL and the scoped store all
    provide it (``reflection/postgres.py``, ``reflection/scoped.py``)."""

    def append(self, *, network: str, municipality: str, gathering: str, exercise: str, role: str,
               shared: bool, answers: dict[str, Any], demo: bool = False,
               saved_at: dt.datetime | None = None) -> Version: ...

    def versions(self, network: str | None = None) -> list[Version]: ...

    def history(self, network: str, gathering: str, municipality: str, exercise: str) -> list[Version]: ...

    def latest(self, network: str, gathering: str, municipality: str, exercise: str) -> Version | None: ...

    def latest_per_municipality(self, network: str, gathering: str) -> list[Version]: ...
DATABASE_URL_VARIABLE = "LEARNING_DATABASE_URL"
"""When set (``postgresql://…``), every store of the workspace is that PostgreSQL database."""
PARTICIPANT_ROLES = ("leder", "helsepersonell", "annen_fagperson")
ROLES = (*PARTICIPANT_ROLES, "fasilitator")
"""Who answered: the survey's roles, or a facilitator writing down what a group said."""

ROLE_CHECK = f"CHECK (role IN ({', '.join(repr(role) for role in ROLES)}))"
"""The roles as a column constraint, for the SQLite and the PostgreSQL schema."""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    saved_at     TEXT    NOT NULL,
    network      TEXT    NOT NULL,
    municipality TEXT    NOT NULL,
    gathering    TEXT    NOT NULL,
    exercise     TEXT    NOT NULL,
    role         TEXT    NOT NULL {ROLE_CHECK},
    shared       INTEGER NOT NULL CHECK (shared IN (0, 1)),
    demo         INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
    answers      TEXT    NOT NULL CHECK (json_valid(answers))
);
CREATE INDEX IF NOT EXISTS versions_by_exercise
    ON versions (network, gathering, municipality, exercise, id);
CREATE TRIGGER IF NOT EXISTS versions_no_update BEFORE UPDATE ON versions
    BEGIN SELECT RAISE(ABORT, 'reflection versions are append-only: no UPDATE'); END;
CREATE TRIGGER IF NOT EXISTS versions_no_delete BEFORE DELETE ON versions
    BEGIN SELECT RAISE(ABORT, 'reflection versions are append-only: no DELETE'); END;
"""
INSERTED = "saved_at, network, municipality, gathering, exercise, role, shared, demo, answers"
COLUMNS = f"id, {INSERTED}"
RETRIES = 8
BUSY_TIMEOUT_MS = 5000

T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    """One saved version of one municipality's answers to one exercise."""

    id: int
    saved_at: dt.datetime  # UTC
    network: str
    municipality: str
    gathering: str
    exercise: str
    role: str
    shared: bool
    demo: bool
    answers: dict[str, Any]

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Version:
        """A version from a row of ``COLUMNS``: SQLite gives the time and the answers as text,
        PostgreSQL as a datetime and a dict."""
        ident, saved_at, network, municipality, gathering, exercise, role, shared, demo, answers = row
        when = saved_at if isinstance(saved_at, dt.datetime) else dt.datetime.fromisoformat(saved_at)
        answers = answers if isinstance(answers, dict) else json.loads(answers)
        return cls(int(ident), when.astimezone(dt.UTC), network, municipality, gathering, exercise, role,
                   bool(shared), bool(demo), answers)


def _is_lock(error: sqlite3.OperationalError) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def with_retries(action: Callable[[], T], *, retries: int = RETRIES) -> T:
    """Run ``action``; while SQLite says the database is locked, wait (growing, jittered), retry."""
    for attempt in range(retries + 1):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_lock(error) or attempt == retries:
                raise
            # Jitter spreads the retries of processes that collided, so they do not collide again.
            time.sleep(min(2.0, 0.02 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


class SqlStore:
    """What the SQLite and the PostgreSQL store share, written once: a subclass stores a new
    version with ``_insert`` and runs the read queries with ``_query`` (``%s`` marks a parameter;
    SQLite's store turns it into ``?``)."""

    def _insert(self, new: Version) -> Version:
        """Store ``new`` (its id is 0); the version as stored, with its id."""
        raise NotImplementedError

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Version]:
        raise NotImplementedError

    def append(self, *, network: str, municipality: str, gathering: str, exercise: str, role: str,
               shared: bool, answers: dict[str, Any], demo: bool = False,
               saved_at: dt.datetime | None = None) -> Version:
        """Store a new version and return it (with its id and UTC time)."""
        if role not in ROLES:
            raise ValueError(f"ukjent rolle {role!r}; tillatt: {', '.join(ROLES)}")
        when = (saved_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        return self._insert(Version(0, when, network, municipality, gathering, exercise, role, shared, demo, answers))

    def versions(self, network: str | None = None) -> list[Version]:
        """Every version (of one network, if given), oldest first."""
        if network is None:
            return self._query(f"SELECT {COLUMNS} FROM versions ORDER BY id")
        return self._query(f"SELECT {COLUMNS} FROM versions WHERE network = %s ORDER BY id", (network,))

    def history(self, network: str, gathering: str, municipality: str, exercise: str) -> list[Version]:
        """All versions of one municipality's answers to one exercise, oldest first."""
        return self._query(
            f"SELECT {COLUMNS} FROM versions WHERE network = %s AND gathering = %s"
            " AND municipality = %s AND exercise = %s ORDER BY id",
            (network, gathering, municipality, exercise),
        )

    def latest(self, network: str, gathering: str, municipality: str, exercise: str) -> Version | None:
        """The current answer: the latest version, or ``None`` if nothing is saved."""
        found = self._query(
            f"SELECT {COLUMNS} FROM versions WHERE network = %s AND gathering = %s"
            " AND municipality = %s AND exercise = %s ORDER BY id DESC LIMIT 1",
            (network, gathering, municipality, exercise),
        )
        return found[0] if found else None

    def latest_per_municipality(self, network: str, gathering: str) -> list[Version]:
        """The current answer of every municipality and exercise at one gathering."""
        return self._query(
            f"SELECT {COLUMNS} FROM versions WHERE id IN (SELECT MAX(id) FROM versions"
            " WHERE network = %s AND gathering = %s GROUP BY municipality, exercise)"
            " ORDER BY municipality, id",
            (network, gathering),
        )


def store_file(workspace: Workspace) -> Path:
    """Where the workspace's reflection store is."""
    return workspace.processed_dir / FILE_NAME


class ReflectionStore(SqlStore):
    """Append-only versions of reflection answers in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> Store:
        """The workspace's store: PostgreSQL if a database URL is configured, else SQLite."""
        url = os.environ.get(DATABASE_URL_VARIABLE, "").strip()
        if url:
            from learning.reflection.postgres import PostgresReflectionStore

            return PostgresReflectionStore(url)
        return cls(store_file(workspace))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        private_file(self.path)  # answers: readable by the workspace's owner only
        try:
            # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE for writes).
            with closing(
                sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            ) as db:
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                yield db
        except sqlite3.DatabaseError as error:
            # Exactly DatabaseError: "not a database", "malformed". Its subclasses (a lock, a
            # refused update) mean something else and are handled where they happen.
            if type(error) is not sqlite3.DatabaseError:
                raise
            raise UserError([Problem(str(self.path), "", (
                f"refleksjonslageret er skadet eller ikke en SQLite-database ({error}). "
                "Ingenting er endret. Legg tilbake siste sikkerhetskopi av filen, eller flytt den "
                "bort for å begynne med et tomt lager."))]) from None

    def _ensure_schema(self, db: sqlite3.Connection) -> None:
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.executescript(_SCHEMA)

    def _insert(self, new: Version) -> Version:
        payload = json.dumps(new.answers, ensure_ascii=False, sort_keys=True)
        values = (new.saved_at.isoformat(timespec="microseconds"), new.network, new.municipality, new.gathering,
                  new.exercise, new.role, int(new.shared), int(new.demo), payload)

        def write() -> int:
            with self._connect() as db:
                self._ensure_schema(db)
                db.execute("BEGIN IMMEDIATE")
                try:
                    cursor = db.execute(f"INSERT INTO versions ({INSERTED}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                return int(cursor.lastrowid or 0)

        return dataclasses.replace(new, id=with_retries(write), answers=json.loads(payload))

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Version]:
        if not self.path.exists():
            return []
        sql = sql.replace("%s", "?")

        def read() -> list[Version]:
            with self._connect() as db:
                self._ensure_schema(db)
                return [Version.from_row(r) for r in db.execute(sql, parameters).fetchall()]

        return with_retries(read)


def store_errors() -> tuple[type[Exception], ...]:
    """The exceptions a store raises when its database fails (SQLite, and PostgreSQL if present)."""
    try:
        import psycopg
    except ImportError:  # psycopg is a dependency, but reading a SQLite store must not need it
        return (sqlite3.Error,)
    return (sqlite3.Error, psycopg.Error)
