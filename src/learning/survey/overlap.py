"""Finding the same responses again in a corrected or cumulative re-export that has no submission ids.

Without ids, a response is recognised by its content: every answer together with its timestamp
(``$created`` or ``Opprettet``). A new file whose responses are already stored from another file of
the same wave overlaps it; importing both would count those people twice and could lift a small
group over the suppression threshold. The import then stores nothing, says which file it overlaps,
and lets the new file replace the old one only when asked (``--replace``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from learning.survey import schema

CONTENT_COLUMNS = tuple(c for c in schema.RESPONSE_COLUMNS if c not in schema.META_COLUMNS)
# Without timestamps two people can give the same answers; then only a large share counts as a re-export.
_UNTIMED_SHARE = 0.5


def fingerprints(frame: pd.DataFrame) -> list[str]:
    """One content fingerprint per response: the kommune, every answer and the timestamp."""
    columns = [*CONTENT_COLUMNS, "submitted_at"]
    found = []
    for values in frame.reindex(columns=columns).itertuples(index=False):
        text = "\x1f".join("" if pd.isna(v) else str(v) for v in values)
        found.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
    return found


@dataclass(frozen=True)
class Overlap:
    """Which stored files the new responses are found in, and how many of them."""

    files: tuple[str, ...]
    rows: tuple[int, ...]  # row numbers in the new file of responses already stored

    def __bool__(self) -> bool:
        return bool(self.rows)


def find_overlap(current: pd.DataFrame, new: pd.DataFrame, wave: str) -> Overlap:
    """Responses of ``new`` whose content is already stored for ``wave`` from another file."""
    stored = current[current["wave"] == wave]
    if stored.empty or new.empty:
        return Overlap((), ())
    by_print: dict[str, Counter[str]] = {}
    for fingerprint, source in zip(fingerprints(stored), stored["source_file"], strict=True):
        by_print.setdefault(fingerprint, Counter())[str(source)] += 1
    rows, files = [], set()
    for fingerprint, row in zip(fingerprints(new), new["row_number"], strict=True):
        if fingerprint in by_print:
            rows.append(int(row))
            files |= set(by_print[fingerprint])
    timed = new["submitted_at"].notna().any()
    if not timed and len(rows) < max(3, _UNTIMED_SHARE * len(new)):
        return Overlap((), ())
    return Overlap(tuple(sorted(files)), tuple(rows))


def without_files(current: pd.DataFrame, wave: str, files: tuple[str, ...]) -> pd.DataFrame:
    """The store with the responses of ``files`` for ``wave`` taken out (they are being replaced)."""
    drop = (current["wave"] == wave) & current["source_file"].isin(files)
    return current.loc[~drop]
