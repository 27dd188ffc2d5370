"""A render run's shared cache on disk: network-wide results computed once, read by every worker.

Every municipality report of a network × gathering needs the same network-wide tables (loading,
aggregation, suppression). Workers are separate processes, so a per-process memo still computes
them once per worker; this folder lets the first worker compute and the others read. The render
engine uses one folder under ``data/processed/run-cache/`` (0700, files 0600: results come from
survey answers) and tells its workers through :data:`ENV_VAR`. A key says what was computed from
what content (see ``learning.survey.memo``), so a result is only ever reused for identical input.
``learning render`` keeps its folder from run to run for the same version of the code
(:func:`kept`: a small change re-renders without redoing what did not change); a folder made for
one run only (:func:`create`) is removed after it.

While one process computes a key, the others asking for it wait on a lock on that key's file
instead of computing it too; the operating system releases the lock if the computing process
is killed (a timed-out job), so a waiter then computes it itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from learning.atomic import write_bytes_atomic
from learning.private_files import PRIVATE_DIR, private_dir

ENV_VAR = "LEARNING_RUN_CACHE"
FOLDER = "run-cache"
_PREFIX = "run-"
_KEPT = "kept-"
KEPT_LIMIT = 512 * 1024 * 1024  # bytes a kept folder may hold before the oldest results go
R = TypeVar("R")


def cache_root(processed_dir: Path) -> Path:
    return processed_dir / FOLDER


def create(processed_dir: Path) -> Path:
    """A new, empty, private folder for one run (its name carries the run's process id)."""
    root = private_dir(cache_root(processed_dir))
    remove_abandoned(processed_dir)
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=root))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def for_run(processed_dir: Path, keep: str | None = None) -> Iterator[Path]:
    """The cache a render run uses: the enclosing run's when this process already has one (a
    render started from a job, or a test session that is one long run), left to its owner;
    else, with ``keep`` (the code's version), the folder kept for that version (:func:`kept`);
    otherwise a new folder, removed when the run ends. Keys are content, so sharing is safe."""
    enclosing = active_folder()
    if enclosing is not None:
        yield enclosing
        return
    if keep is not None:
        yield kept(processed_dir, keep)
        return
    folder = create(processed_dir)
    try:
        yield folder
    finally:
        remove(folder)


def kept(processed_dir: Path, version: str, limit: int | None = None) -> Path:
    """The folder kept from run to run for this version of the code: the next run reads what an
    earlier one computed from the same content (a changed goal measurement redraws that
    municipality's charts only). Folders of other versions are removed (their results may come
    from other code); the least recently used results go once it holds more than ``limit``
    bytes. Private like every run's folder: its results come from survey answers."""
    root = private_dir(cache_root(processed_dir))
    remove_abandoned(processed_dir)
    name = f"{_KEPT}{version[:32]}"
    for other in root.glob(f"{_KEPT}*"):
        if other.name != name:
            remove(other)
    folder = private_dir(root / name)
    _prune(folder, KEPT_LIMIT if limit is None else limit)
    return folder


def _prune(folder: Path, limit: int) -> None:
    """Remove the least recently used results until the folder holds at most ``limit`` bytes."""
    results = []
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            status = path.stat()
            results.append((status.st_mtime, status.st_size, path))
    total = sum(size for _, size, _ in results)
    for _, size, path in sorted(results, key=lambda r: r[0]):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        path.with_suffix(".lock").unlink(missing_ok=True)
        total -= size


def remove_abandoned(processed_dir: Path) -> None:
    """Folders of runs whose process is gone (killed before it could clean up)."""
    root = cache_root(processed_dir)
    if not root.is_dir():
        return
    for folder in root.glob(f"{_PREFIX}*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            remove(folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: not ours to judge
        return True
    return True


def active_folder() -> Path | None:
    """This process's run cache, if a render run gave it one that is safe to use: an existing
    folder owned by this user and private to them (anything else is ignored, never trusted)."""
    value = os.environ.get(ENV_VAR)
    if not value:
        return None
    folder = Path(value)
    try:
        status = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid() or stat.S_IMODE(status.st_mode) != PRIVATE_DIR:
        return None
    return folder


@contextlib.contextmanager
def using(folder: Path) -> Iterator[None]:
    """Use ``folder`` as this process's run cache for a while (as the workers do)."""
    before = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_VAR, None)
        else:
            os.environ[ENV_VAR] = before


def shared(folder: Path, key: str, compute: Callable[[], R]) -> R:
    """The result stored under ``key``, or ``compute()``'s, stored for the others.

    A result that cannot be pickled is returned without being stored.
    """
    path = folder / f"{key}.pickle"
    with _locked(folder / f"{key}.lock"):
        with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError), path.open("rb") as handle:
            found: R = pickle.load(handle)
            os.utime(path)  # used now: kept longest under a kept folder's size limit
            return found
        result = compute()
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return result
        write_bytes_atomic(path, data, private=True)
        return result


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
