"""The validated responses of one network: a Parquet file in the workspace's processed data.

``data/processed/survey/<network>.parquet`` holds every accepted response of every import, with
the columns of :mod:`learning.survey.schema`. Writes replace the whole file atomically under a
file lock, so readers never see half an import and two imports never overwrite each other.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock

from learning.atomic import temporary_files, write_bytes_atomic
from learning.private_files import private_dir
from learning.problems import Problem, UserError
from learning.survey import schema
from learning.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

# The pandas dtype of each column (schema.py describes them in words; this is that description
# in pandas terms). Nullable dtypes keep "missing" distinct from 0 / False.
DTYPES: dict[str, str] = {
    "network": "string",
    "wave": "string",
    "source_file": "string",
    "source_sha256": "string",
    "row_number": "int64",
    "submission_id": "string",
    "submitted_at": "datetime64[us, UTC]",
    "kommune": "string",
    "tjeneste": "string",
    "rolle": "string",
    **{
        code: "Int8"
        for code in (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)
    },
    **{column: "boolean" for column in schema.COOPERATION_COLUMNS},
    **{code: "string" for code in schema.FREE_TEXT},
}
if tuple(DTYPES) != schema.RESPONSE_COLUMNS:  # a broken contract must fail at import, not later
    raise RuntimeError("store.DTYPES does not follow schema.RESPONSE_COLUMNS")


def store_path(workspace: Workspace, network_id: str) -> Path:
    """Where the responses of ``network_id`` are kept."""
    return workspace.processed_dir / "survey" / f"{network_id}.parquet"


def empty_responses() -> pd.DataFrame:
    """A responses table with no rows but every column and dtype."""
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    return conform(pd.DataFrame({column: [] for column in schema.RESPONSE_COLUMNS}))


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with exactly the schema's columns, in order, with the schema's dtypes."""
    return frame.loc[:, list(schema.RESPONSE_COLUMNS)].astype(DTYPES).reset_index(drop=True)


def load_responses(workspace: Workspace, network_id: str) -> pd.DataFrame:
    """Every imported response of the network (an empty table when nothing is imported yet)."""
    import pandas as pd
    import pyarrow as pa

    path = store_path(workspace, network_id)
    if not path.exists():
        return empty_responses()
    try:
        return conform(pd.read_parquet(path))
    except (pa.ArrowException, OSError, KeyError, ValueError, TypeError) as error:
        raise UserError([Problem(workspace.relative(path), "", (
            f"svartabellen for {network_id} er skadet og kan ikke leses ({type(error).__name__}). "
            "Ingenting er endret. Legg tilbake siste sikkerhetskopi av filen, eller flytt den bort og "
            "importer kartleggingene på nytt."))]) from None


@contextmanager
def _locked(workspace: Workspace, network_id: str) -> Iterator[Path]:
    path = store_path(workspace, network_id)
    private_dir(path.parent)
    with FileLock(str(path.with_name(path.name + ".lock"))):
        for leftover in temporary_files(path):  # an import killed mid-write; no writer holds it now
            leftover.unlink(missing_ok=True)
        yield path


def update_responses(
    workspace: Workspace,
    network_id: str,
    change: Callable[[pd.DataFrame], pd.DataFrame | None],
) -> None:
    """Read the store, let ``change`` return the new whole table (or None for no change), and
    write it atomically; the lock spans the read and the write so no import is lost."""
    with _locked(workspace, network_id) as path:
        current = load_responses(workspace, network_id)
        new = change(current)
        if new is None:
            return
        buffer = io.BytesIO()
        conform(new).to_parquet(buffer, index=False)
        write_bytes_atomic(path, buffer.getvalue(), private=True)
