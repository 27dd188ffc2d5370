"""The 2024 municipality list and each municipality's written standard (målform)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from learning.packaged import packaged_reference_dir
from learning.problems import UserError
from learning.workspace import Workspace

Malform = Literal["nynorsk", "bokmal", "noytral", "ukjent"]


@dataclass(frozen=True)
class Municipality:
    """A municipality valid on 1 January 2024, matched on its number, never its name."""

    number: str
    name: str
    official_name: str
    county_number: str
    county: str
    malform: Malform = "ukjent"

    @property
    def report_language(self) -> Literal["nb", "nn"]:
        """The language a report for this municipality is written in by default."""
        return "nn" if self.malform == "nynorsk" else "nb"

    @property
    def slug(self) -> str:
        """A file-name part: ``5001-trondheim``."""
        return f"{self.number}-{slugify(self.name)}"


def slugify(text: str) -> str:
    """ASCII file-name form of a name (``Øystre Slidre`` → ``oystre-slidre``)."""
    replaced = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_only = unicodedata.normalize("NFKD", replaced).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_only).split()
    return "-".join(words)


class Municipalities:
    """Look-ups over the municipality list."""

    def __init__(self, rows: list[Municipality]) -> None:
        self._by_number = {m.number: m for m in rows}

    def __contains__(self, number: object) -> bool:
        return number in self._by_number

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_number.values())

    def __len__(self) -> int:
        return len(self._by_number)

    def get(self, number: str) -> Municipality:
        """The municipality with this 4-digit number; a clear error if there is none."""
        try:
            return self._by_number[number]
        except KeyError:
            raise UserError(f"Kommunenummer {number!r} finnes ikke i kommunelista for 2024.") from None

    def find(self, number: str) -> Municipality | None:
        return self._by_number.get(number)

    def by_name(self) -> dict[str, Municipality]:
        """Every known name form (Norwegian, official with Sami/Kven parts, each part),
        folded to lower case, mapped to its municipality. Ambiguous forms are left out."""
        seen: dict[str, set[str]] = {}
        for m in self:
            forms = {m.name, m.official_name, *m.official_name.split(" - ")}
            forms |= {f.split(" (")[0] for f in list(forms)}
            for form in forms:
                seen.setdefault(normalise_name(form), set()).add(m.number)
        return {form: self._by_number[next(iter(nums))] for form, nums in seen.items() if len(nums) == 1}


def normalise_name(text: str) -> str:
    """Case- and space-insensitive form of a name for matching."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


MUNICIPALITY_FILE = "kommuner-2024.csv"
MALFORM_FILE = "malform.csv"


@cache
def _load(municipality_file: Path, malform_file: Path) -> Municipalities:
    malform: dict[str, Malform] = {}
    if malform_file.exists():
        with malform_file.open(encoding="utf-8", newline="") as f:
            malform = {row["kommunenummer"]: row["malform"] for row in csv.DictReader(f)}  # type: ignore[misc]
    with municipality_file.open(encoding="utf-8", newline="") as f:
        rows = [
            Municipality(
                number=row["kommunenummer"],
                name=row["navn"],
                official_name=row["navn_offisiell"],
                county_number=row["fylkesnummer"],
                county=row["fylke"],
                malform=malform.get(row["kommunenummer"], "ukjent"),
            )
            for row in csv.DictReader(f)
        ]
    return Municipalities(rows)


def load_municipalities(workspace: Workspace | None = None) -> Municipalities:
    """The 357 municipalities of 2024 with their målform: the workspace's own reference files
    where it has them, else the package's copy (cached per pair of files)."""
    def where(name: str) -> Path:
        return (workspace.reference_file(name) if workspace else packaged_reference_dir() / name).resolve()

    return _load(where(MUNICIPALITY_FILE), where(MALFORM_FILE))
