"""Write files so that a reader never sees half of one: temporary file, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

TEMPORARY_SUFFIX = ".tmp"


def write_text_atomic(path: Path, text: str, *, private: bool = False) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), private=private)


def temporary_files(path: Path) -> list[Path]:
    """The temporary files :func:`write_bytes_atomic` makes for ``path``: a run killed before it
    could clean up leaves them; the next writer that holds the path's lock removes them."""
    return sorted(path.parent.glob(f".{glob_escape(path.name)}.*{TEMPORARY_SUFFIX}"))


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def write_bytes_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; an interruption leaves the old file or none.

    ``private`` keeps the file readable by its owner only (0600), for stores of answers.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
    try:
        if not private:
            # mkstemp creates the file private (0600); reports are meant to be shared, so use the
            # permissions an ordinary new file would get under the current umask.
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_with_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` write a temporary file beside ``path``, then rename it into place.

    For libraries that write to a path themselves (pyreadstat); an interruption or an error
    leaves the old file or none, never half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        writer(Path(temporary))
        umask = os.umask(0)
        os.umask(umask)
        Path(temporary).chmod(0o666 & ~umask)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
