"""The reflection store: append-only, latest version wins, concurrent writers, exports."""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from learning.reflection.export import export_versions
from learning.reflection.store import ReflectionStore


def _save(
    store: ReflectionStore, answers: dict, *, municipality: str = "3449", shared: bool = False
):
    return store.append(
        network="valdres",
        municipality=municipality,
        gathering="oppstart",
        exercise="refleksjon",
        role="leder",
        shared=shared,
        answers=answers,
    )


def test_every_save_is_a_new_version_and_the_latest_is_current(tmp_path: Path):
    store = ReflectionStore(tmp_path / "r.sqlite")
    assert store.latest("valdres", "oppstart", "3449", "refleksjon") is None
    first = _save(store, {"fungerte": "en"})
    second = _save(store, {"fungerte": "to"}, shared=True)
    _save(store, {"fungerte": "annen kommune"}, municipality="3450")
    history = store.history("valdres", "oppstart", "3449", "refleksjon")
    assert [v.answers["fungerte"] for v in history] == ["en", "to"]
    latest = store.latest("valdres", "oppstart", "3449", "refleksjon")
    assert latest is not None and latest.id == second.id and latest.shared
    assert first.saved_at.utcoffset() == dt.timedelta(0)
    assert len(store.versions()) == 3


def test_update_and_delete_are_refused_by_the_database(tmp_path: Path):
    store = ReflectionStore(tmp_path / "r.sqlite")
    _save(store, {"fungerte": "x"})
    with sqlite3.connect(store.path) as db:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE versions SET shared = 1")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("DELETE FROM versions")
    assert len(store.versions()) == 1


def test_unknown_role_is_refused(tmp_path: Path):
    store = ReflectionStore(tmp_path / "r.sqlite")
    with pytest.raises(ValueError, match="rolle"):
        store.append(
            network="n",
            municipality="3449",
            gathering="g",
            exercise="e",
            role="sjef",
            shared=False,
            answers={},
        )


def _writer(path: str, worker: int, count: int) -> None:
    store = ReflectionStore(Path(path))
    for n in range(count):
        store.append(
            network="valdres",
            municipality=f"34{49 + worker}",
            gathering="oppstart",
            exercise="refleksjon",
            role="helsepersonell",
            shared=False,
            answers={"fungerte": f"{worker}-{n}"},
        )


def test_concurrent_saves_from_several_processes_lose_nothing(tmp_path: Path):
    path = tmp_path / "r.sqlite"
    workers, count = 4, 25
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_writer, args=(str(path), w, count)) for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    saved = ReflectionStore(path).versions()
    assert sorted(v.answers["fungerte"] for v in saved) == sorted(
        f"{w}-{n}" for w in range(workers) for n in range(count)
    )
    assert len({v.id for v in saved}) == workers * count
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tfane", "\rretur"]


def test_csv_export_guards_against_formula_injection(tmp_path: Path):
    store = ReflectionStore(tmp_path / "r.sqlite")
    answers = {f"f{i}": text for i, text in enumerate(DANGEROUS)} | {"ok": "vanlig tekst"}
    _save(store, answers)
    target = tmp_path / "ut" / "svar.csv"
    rows = export_versions(store, target, layout="answers")
    assert rows == len(answers)
    with target.open(encoding="utf-8", newline="") as handle:
        values = {row["field"]: row["value"] for row in csv.DictReader(handle)}
    for i, text in enumerate(DANGEROUS):
        assert values[f"f{i}"] == "'" + text
    assert values["ok"] == "vanlig tekst"
    assert not [
        p for p in target.parent.iterdir() if p.name != "svar.csv"
    ]  # no temporary file left


def test_parquet_export_keeps_every_version_unaltered(tmp_path: Path):
    store = ReflectionStore(tmp_path / "r.sqlite")
    _save(store, {"fungerte": "=1"})
    _save(store, {"fungerte": "to"}, shared=True)
    target = tmp_path / "alle.parquet"
    assert export_versions(store, target) == 2
    frame = pd.read_parquet(target)
    assert list(frame["shared"]) == [False, True]
    assert frame["answers"].iloc[0] == '{"fungerte": "=1"}'
    assert str(frame["saved_at"].dt.tz) == "UTC"
