"""Showing a stored UTC time as Norwegian local time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def local_time(moment: dt.datetime) -> str:
    """``12.03.2025 kl. 10:15`` in Norwegian time (the same in bokmål and nynorsk)."""
    return f"{moment.astimezone(OSLO):%d.%m.%Y} kl. {moment.astimezone(OSLO):%H:%M}"
