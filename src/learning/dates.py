"""The one way dates and clock times people type are read: in YAML, CSV and spreadsheets alike.

Facilitators write ``15.01.2024`` (or ``15.1.2024``) as often as ``2024-01-15``; both mean the same
everywhere. A spreadsheet may hand over a real date (or a date-time at midnight). Clock times may
be written ``09:00``, ``9:00`` or ``09.00``; a bare number such as ``9`` is refused, because YAML
reads it as a number of seconds.
"""

from __future__ import annotations

import datetime as dt
import re

_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
DATE_HINT = "skriv datoen som DD.MM.ÅÅÅÅ, for eksempel 15.01.2024 (eller 2024-01-15)"
TIME_HINT = "skriv klokkeslettet som TT:MM, for eksempel 09:00"


def parse_date(value: object) -> dt.date | None:
    """A date from ``2024-01-15``, ``15.01.2024``, ``15.1.2024`` or a date object; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else None
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    iso, norwegian = _ISO.match(text), _NORWEGIAN.match(text)
    if iso:
        year, month, day = (int(p) for p in iso.groups())
    elif norwegian:
        day, month, year = (int(p) for p in norwegian.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_clock(value: object) -> dt.time | None:
    """A clock time from ``09:00``, ``9:00``, ``09.00`` or a naive time object; None otherwise."""
    if isinstance(value, dt.time):
        return value if value.tzinfo is None else None
    if not isinstance(value, str):
        return None
    match = _CLOCK.match(value.strip())
    if not match:
        return None
    hour, minute = (int(p) for p in match.groups())
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def date_before_validator(value: object) -> object:
    """For pydantic: turn any accepted form into a date; leave the rest for pydantic to refuse."""
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(DATE_HINT)
    return parsed


def clock_before_validator(value: object) -> object:
    """For pydantic: an accepted clock time, else a Norwegian message (never a number of seconds)."""
    parsed = parse_clock(value)
    if parsed is None:
        raise ValueError(TIME_HINT)
    return parsed


def norwegian_date(day: dt.date) -> str:
    """A date as people write it: ``15.01.2024``."""
    return f"{day:%d.%m.%Y}"
