"""The reflection store on PostgreSQL (psycopg 3), for a server where many kernels save at once.

Same interface and rows as the SQLite store (:class:`learning.reflection.store.ReflectionStore`).
Append-only is enforced by the database: triggers refuse UPDATE, DELETE and TRUNCATE, so not even
a bug in this package (or someone with the application's login) can rewrite a saved version.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from learning.reflection.store import ROLES, Version

_SCHEMA_LOCK = 7_151_613  # any constant: serialises schema creation between processes
_SCHEMA = """
CREATE TABLE IF NOT EXISTS versions (
    id           BIGSERIAL   PRIMARY KEY,
    saved_at     TIMESTAMPTZ NOT NULL,
    network      TEXT        NOT NULL,
    municipality TEXT        NOT NULL,
    gathering    TEXT        NOT NULL,
    exercise     TEXT        NOT NULL,
    role         TEXT        NOT NULL
                 CHECK (role IN ('leder', 'helsepersonell', 'annen_fagperson', 'fasilitator')),
    shared       BOOLEAN     NOT NULL,
    demo         BOOLEAN     NOT NULL DEFAULT FALSE,
    answers      JSONB       NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_exercise
    ON versions (network, gathering, municipality, exercise, id);
CREATE OR REPLACE FUNCTION versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'reflection versions are append-only: no %', TG_OP;
END $$;
DROP TRIGGER IF EXISTS versions_no_change ON versions;
CREATE TRIGGER versions_no_change BEFORE UPDATE OR DELETE ON versions
    FOR EACH ROW EXECUTE FUNCTION versions_append_only();
DROP TRIGGER IF EXISTS versions_no_truncate ON versions;
CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions
    FOR EACH STATEMENT EXECUTE FUNCTION versions_append_only();
"""
_COLUMNS = "id, saved_at, network, municipality, gathering, exercise, role, shared, demo, answers"


def _version(row: tuple[Any, ...]) -> Version:
    ident, saved_at, network, municipality, gathering, exercise, role, shared, demo, answers = row
    return Version(
        int(ident),
        saved_at.astimezone(dt.UTC),
        network,
        municipality,
        gathering,
        exercise,
        role,
        bool(shared),
        bool(demo),
        answers if isinstance(answers, dict) else json.loads(answers),
    )


class PostgresReflectionStore:
    """Append-only versions of reflection answers in a PostgreSQL database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._schema_ready = False

    def _connect(self) -> psycopg.Connection[Any]:
        connection = psycopg.connect(self.url, connect_timeout=10)
        if not self._schema_ready:
            with connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                exists = connection.execute("SELECT to_regclass('versions')").fetchone()
                if not exists or exists[0] is None:
                    connection.execute(_SCHEMA)
            self._schema_ready = True
        return connection

    def append(
        self,
        *,
        network: str,
        municipality: str,
        gathering: str,
        exercise: str,
        role: str,
        shared: bool,
        answers: dict[str, Any],
        demo: bool = False,
        saved_at: dt.datetime | None = None,
    ) -> Version:
        """Store a new version and return it (with its id and UTC time)."""
        if role not in ROLES:
            raise ValueError(f"ukjent rolle {role!r}; tillatt: {', '.join(ROLES)}")
        when = (saved_at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        with self._connect() as db:
            row = db.execute(
                "INSERT INTO versions (saved_at, network, municipality, gathering, exercise,"
                " role, shared, demo, answers) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
                f" RETURNING {_COLUMNS}",
                (
                    when,
                    network,
                    municipality,
                    gathering,
                    exercise,
                    role,
                    shared,
                    demo,
                    Jsonb(answers),
                ),
            ).fetchone()
        assert row is not None
        return _version(row)

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Version]:
        with self._connect() as db:
            return [_version(row) for row in db.execute(sql, parameters).fetchall()]

    def versions(self, network: str | None = None) -> list[Version]:
        """Every version (of one network, if given), oldest first."""
        if network is None:
            return self._query(f"SELECT {_COLUMNS} FROM versions ORDER BY id")
        return self._query(f"SELECT {_COLUMNS} FROM versions WHERE network = %s ORDER BY id", (network,))

    def history(self, network: str, gathering: str, municipality: str, exercise: str) -> list[Version]:
        """All versions of one municipality's answers to one exercise, oldest first."""
        return self._query(
            f"SELECT {_COLUMNS} FROM versions WHERE network = %s AND gathering = %s"
            " AND municipality = %s AND exercise = %s ORDER BY id",
            (network, gathering, municipality, exercise),
        )

    def latest(self, network: str, gathering: str, municipality: str, exercise: str) -> Version | None:
        """The current answer: the latest version, or ``None`` if nothing is saved."""
        found = self._query(
            f"SELECT {_COLUMNS} FROM versions WHERE network = %s AND gathering = %s"
            " AND municipality = %s AND exercise = %s ORDER BY id DESC LIMIT 1",
            (network, gathering, municipality, exercise),
        )
        return found[0] if found else None

    def latest_per_municipality(self, network: str, gathering: str) -> list[Version]:
        """The current answer of every municipality and exercise at one gathering."""
        return self._query(
            f"SELECT {_COLUMNS} FROM versions WHERE id IN (SELECT MAX(id) FROM versions"
            " WHERE network = %s AND gathering = %s GROUP BY municipality, exercise)"
            " ORDER BY municipality, id",
            (network, gathering),
        )
