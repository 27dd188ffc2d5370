"""Bounds for reading a workbook someone hands us: an XLSX is a zip, and a small zip can expand
to gigabytes (a decompression bomb) or declare a sheet of a million rows.

Before openpyxl sees the file, the zip's table of contents is checked: how many members, their
declared sizes in total, and how much each one expands. Python's zipfile never inflates a member
past its declared size (it stops and reports a bad CRC), so the declared sizes bound the real
work. While reading, rows, columns and time are bounded too.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from learning.problems import UserError

MAX_FILE_BYTES = 50 * 1024**2  # any survey export, CSV or XLSX; real ones are well under 5 MB
MAX_MEMBERS = 1_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024**2
MAX_RATIO = 200  # XML sheets compress 5–30 times; far beyond that is a bomb, not a survey
RATIO_CHECKED_FROM = 1024**2  # tiny members may compress extremely well and do no harm
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_SECONDS = 120.0

_WHAT_TO_DO = "Eksporter svarene på nytt fra spørreskjemaet (XLSX eller CSV) og prøv igjen."


def check_workbook_archive(data: bytes, fail: Callable[[str], UserError]) -> None:
    """Raise ``fail(...)`` unless ``data`` is a zip whose contents are within the bounds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise fail("filen ser ut som en Excel-arbeidsbok (.xlsx), men zip-innholdet er skadet. "
                   + _WHAT_TO_DO) from None
    if len(members) > MAX_MEMBERS:
        raise fail(f"arbeidsboka består av {len(members)} deler (høyst {MAX_MEMBERS}); det er ikke en "
                   f"vanlig svareksport. {_WHAT_TO_DO}")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise fail(f"arbeidsboka pakkes ut til {total / 1024**2:,.0f} MB (høyst "
                   f"{MAX_UNCOMPRESSED_BYTES // 1024**2} MB) og blir ikke lest. {_WHAT_TO_DO}")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise fail(f"delen {member.filename!r} av arbeidsboka pakkes ut {ratio:,.0f} ganger større "
                       f"(høyst {MAX_RATIO}); filen ligner en «zip-bombe» og blir ikke lest. {_WHAT_TO_DO}")
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise fail(f"filen er en zip-fil, men ikke en Excel-arbeidsbok (.xlsx): "
                   f"[Content_Types].xml mangler. {_WHAT_TO_DO}")
