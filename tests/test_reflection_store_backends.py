"""The same store suite on both backends: SQLite (default) and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import psycopg
import pytest

from learning.reflection.postgres import PostgresReflectionStore
from learning.reflection.scoped import Scope, ScopedStore, ScopeError
from learning.reflection.store import DATABASE_URL_VARIABLE, ReflectionStore
from learning.workspace import Workspace


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(kind, where): a SQLite file path or a PostgreSQL connection string."""
    if request.param == "sqlite":
        return "sqlite", str(tmp_path / "r.sqlite")
    return "postgres", request.getfixturevalue("postgres_url")


def _open(backend: tuple[str, str]) -> ReflectionStore | PostgresReflectionStore:
    kind, where = backend
    return ReflectionStore(Path(where)) if kind == "sqlite" else PostgresReflectionStore(where)


def _save(store, answers: dict, *, municipality: str = "3449", shared: bool = False, role="leder"):
    return store.append(
        network="valdres",
        municipality=municipality,
        gathering="oppstart",
        exercise="refleksjon",
        role=role,
        shared=shared,
        answers=answers,
    )


def test_every_save_is_a_new_version_and_the_latest_is_current(backend):
    store = _open(backend)
    assert store.latest("valdres", "oppstart", "3449", "refleksjon") is None
    first = _save(store, {"fungerte": "en «æøå»"})
    second = _save(store, {"fungerte": "to"}, shared=True)
    _save(store, {"fungerte": "annen kommune"}, municipality="3450")
    history = store.history("valdres", "oppstart", "3449", "refleksjon")
    assert [v.answers["fungerte"] for v in history] == ["en «æøå»", "to"]
    latest = store.latest("valdres", "oppstart", "3449", "refleksjon")
    assert latest is not None and latest.id == second.id and latest.shared
    assert first.saved_at.utcoffset() == dt.timedelta(0)
    assert [v.municipality for v in store.latest_per_municipality("valdres", "oppstart")] == ["3449", "3450"]
    assert len(store.versions()) == 3 and store.versions("annet") == []


def test_update_delete_and_truncate_are_refused_by_the_database(backend):
    kind, where = backend
    store = _open(backend)
    _save(store, {"fungerte": "x"})
    if kind == "sqlite":
        with sqlite3.connect(where) as db:
            for sql in ("UPDATE versions SET shared = 1", "DELETE FROM versions"):
                with pytest.raises(sqlite3.DatabaseError, match="append-only"):
                    db.execute(sql)
    else:
        for sql in ("UPDATE versions SET shared = TRUE", "DELETE FROM versions", "TRUNCATE versions"):
            with psycopg.connect(where) as db, pytest.raises(psycopg.Error, match="append-only"):
                db.execute(sql)
    assert [v.answers for v in store.versions()] == [{"fungerte": "x"}]


def test_unknown_role_is_refused(backend):
    with pytest.raises(ValueError, match="rolle"):
        _save(_open(backend), {}, role="sjef")


def _writer(kind: str, where: str, worker: int, count: int) -> None:
    store = _open((kind, where))
    for n in range(count):
        _save(store, {"fungerte": f"{worker}-{n}"}, municipality=f"34{49 + worker}")


def test_concurrent_saves_from_several_processes_lose_nothing(backend):
    workers, count = 4, 15
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_writer, args=(*backend, w, count)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    saved = _open(backend).versions()
    assert sorted(v.answers["fungerte"] for v in saved) == sorted(
        f"{w}-{n}" for w in range(workers) for n in range(count)
    )
    assert all(v.municipality == f"34{49 + int(v.answers['fungerte'].split('-')[0])}" for v in saved)


def test_scoped_store_reads_own_and_shared_and_saves_only_its_own(backend):
    store = _open(backend)
    _save(store, {"fungerte": "egen"}, municipality="3451")
    _save(store, {"fungerte": "delt"}, municipality="3452", shared=True)
    _save(store, {"fungerte": "privat"}, municipality="3453")
    own = ScopedStore(store, Scope("valdres", "3451", "helsepersonell"))
    assert sorted(v.answers["fungerte"] for v in own.versions()) == ["delt", "egen"]
    assert own.latest("valdres", "oppstart", "3453", "refleksjon") is None
    with pytest.raises(ScopeError):
        _save(own, {"fungerte": "forfalsket"}, municipality="3453")
    with pytest.raises(ScopeError):
        own.append(
            network="annet", municipality="3451", gathering="g", exercise="e", role="leder", shared=False, answers={}
        )
    saved = _save(own, {"fungerte": "ny"}, municipality="3451", role="fasilitator")
    assert saved.role == "helsepersonell"  # the role is the identity's, whatever the form sent
    facilitator = ScopedStore(store, Scope("valdres", "", "fasilitator"))
    assert len(facilitator.versions()) == 4


def test_workspace_store_is_postgres_when_a_database_url_is_set(
    monkeypatch: pytest.MonkeyPatch,
    postgres_url: str,
    tmp_path: Path,
):
    workspace = Workspace(tmp_path)
    monkeypatch.setenv(DATABASE_URL_VARIABLE, postgres_url)
    store = ReflectionStore.for_workspace(workspace)
    assert isinstance(store, PostgresReflectionStore)
    _save(store, {"fungerte": "i databasen"})
    assert not (tmp_path / "data").exists()  # nothing written to SQLite
    monkeypatch.delenv(DATABASE_URL_VARIABLE)
    assert isinstance(ReflectionStore.for_workspace(workspace), ReflectionStore)
