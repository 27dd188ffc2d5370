"""A real, throw-away PostgreSQL server for the tests (Debian's ``postgresql`` package).

``initdb`` makes a cluster in a temporary folder, ``pg_ctl`` starts it on a unix socket there (no
TCP port), and it is stopped and removed afterwards. PostgreSQL refuses to run as root, so as root
the cluster is owned by and run as the ``postgres`` user. Each test gets its own database.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

_counter = itertools.count()


def _binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def temporary_cluster() -> Iterator[str]:
    """Start a cluster in a temporary folder; yield its connection string (without database)."""
    binaries = _binaries()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (see .ci/run)")
    folder = Path(tempfile.mkdtemp(prefix="learning-pg-"))
    data, socket_dir = folder / "data", folder / "socket"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(socket_dir, "postgres")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    subprocess.run(
        _as_owner([str(binaries / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-locale"]),
        check=True,
        capture_output=True,
    )
    options = f"-k {socket_dir} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start"]),
        check=True,
        capture_output=True,
    )
    try:
        yield f"host={socket_dir} user={user}"
    finally:
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The connection string (without database) of a running temporary cluster."""
    with temporary_cluster() as server:
        yield server


def fresh_database(server: str) -> str:
    """A new, empty database on ``server``; its connection string."""
    name = f"learning_test_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return f"{server} dbname={name}"


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the temporary cluster."""
    return fresh_database(postgres_server)
