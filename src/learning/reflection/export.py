"""Every stored version for researchers, as CSV or Parquet, written atomically.

Two layouts: ``versions`` (one row per version, the answers as JSON text) and ``answers`` (tidy:
one row per version × field, and per measure for the M1–M13 grid). The CSV guards against
spreadsheet formula injection: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Literal

import pandas as pd

from learning.atomic import write_bytes_atomic, write_text_atomic
from learning.problems import UserError
from learning.reflection.store import Store, Version

ExportFormat = Literal["csv", "parquet"]
Layout = Literal["versions", "answers"]
_META = [
    "version_id",
    "saved_at",
    "network",
    "municipality",
    "gathering",
    "exercise",
    "role",
    "shared",
    "demo",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _meta(v: Version) -> dict[str, object]:
    return {
        "version_id": v.id,
        "saved_at": v.saved_at,
        "network": v.network,
        "municipality": v.municipality,
        "gathering": v.gathering,
        "exercise": v.exercise,
        "role": v.role,
        "shared": v.shared,
        "demo": v.demo,
    }


def versions_frame(store: Store, network: str | None = None) -> pd.DataFrame:
    """One row per version, oldest first (``saved_at`` in UTC), the answers as JSON text."""
    rows = [
        {**_meta(v), "answers": json.dumps(v.answers, ensure_ascii=False, sort_keys=True)}
        for v in store.versions(network)
    ]
    return pd.DataFrame(rows, columns=[*_META, "answers"])


def answers_frame(store: Store, network: str | None = None) -> pd.DataFrame:
    """One row per version × field (× measure for the status grid): ``value`` and ``comment``."""
    rows = []
    for v in store.versions(network):
        for field, value in v.answers.items():
            if isinstance(value, dict):
                rows += [
                    {
                        **_meta(v),
                        "field": field,
                        "measure": code,
                        "value": entry.get("status", ""),
                        "comment": entry.get("comment", ""),
                    }
                    for code, entry in value.items()
                ]
            else:
                rows.append(
                    {**_meta(v), "field": field, "measure": "", "value": value, "comment": ""}
                )
    return pd.DataFrame(rows, columns=[*_META, "field", "measure", "value", "comment"])


def guard_cell(value: object) -> object:
    """A text cell a spreadsheet would read as a formula, made plain text with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def export_versions(
    store: Store,
    target: Path,
    *,
    fmt: ExportFormat | None = None,
    layout: Layout = "versions",
    network: str | None = None,
) -> int:
    """Write every version to ``target`` (format: ``fmt`` or the suffix); return the rows."""
    chosen = fmt or target.suffix.lstrip(".").lower()
    frame = (
        versions_frame(store, network) if layout == "versions" else answers_frame(store, network)
    )
    if chosen == "csv":
        guarded = frame.copy()
        for column in guarded.columns:
            if guarded[column].dtype == object or pd.api.types.is_string_dtype(guarded[column]):
                guarded[column] = guarded[column].map(guard_cell)
        guarded["saved_at"] = frame["saved_at"].map(lambda d: d.isoformat())
        # RFC 4180 line ends: the writer then quotes every cell holding a CR or LF, so typed line
        # breaks cannot split a row.
        write_text_atomic(target, guarded.to_csv(index=False, lineterminator="\r\n"))
    elif chosen == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        write_bytes_atomic(target, buffer.getvalue())
    else:
        raise UserError(f"{target}: ukjent format {chosen!r}. Bruk .csv eller .parquet.")
    return len(frame)
