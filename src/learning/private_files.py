"""Stores hold survey answers and reflections: only the workspace's owner may read them.

Folders made for them are created 0700 and store files 0600, whatever the umask; the files of
a store's database engine (SQLite's -wal and -shm) follow the main file's mode.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable only by its owner; an existing one is
    left as it is (the owner may have chosen to share it)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for part in reversed(missing):
        with contextlib.suppress(FileExistsError):
            part.mkdir(mode=PRIVATE_DIR)
        part.chmod(PRIVATE_DIR)  # mkdir's mode is narrowed by the umask, never widened
    return folder


def private_file(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if it does not exist yet (an SQLite database then
    starts in it); an existing store is made private too."""
    private_dir(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    if path.stat().st_mode & 0o777 != PRIVATE_FILE:
        with contextlib.suppress(PermissionError):
            path.chmod(PRIVATE_FILE)
    return path
