"""The reflection store on PostgreSQL (psycopg 3), for a server where many kernels save at once.

Same interface and rows as the SQLite store (:class:`learning.reflection.store.ReflectionStore`).
Append-only is enforced by the database: triggers refuse UPDATE, DELETE and TRUNCATE, so not even
a bug in this package (or someone with the application's login) can rewrite a saved version.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from learning.reflection.store import COLUMNS, INSERTED, ROLE_CHECK, SqlStore, Version

_SCHEMA_LOCK = 7_151_613  # any constant: serialises schema creation between processes
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS versions (
    id           BIGSERIAL   PRIMARY KEY,
    saved_at     TIMESTAMPTZ NOT NULL,
    network      TEXT        NOT NULL,
    municipality TEXT        NOT NULL,
    gathering    TEXT        NOT NULL,
    exercise     TEXT        NOT NULL,
    role         TEXT        NOT NULL {ROLE_CHECK},
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


class PostgresReflectionStore(SqlStore):
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

    def _insert(self, new: Version) -> Version:
        with self._connect() as db:
            row = db.execute(
                f"INSERT INTO versions ({INSERTED}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING {COLUMNS}",
                (new.saved_at, new.network, new.municipality, new.gathering, new.exercise, new.role, new.shared,
                 new.demo, Jsonb(new.answers)),
            ).fetchone()
        assert row is not None
        return Version.from_row(row)

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Version]:
        with self._connect() as db:
            return [Version.from_row(row) for row in db.execute(sql, parameters).fetchall()]
