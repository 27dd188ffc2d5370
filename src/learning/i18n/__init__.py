"""Bokmål and nynorsk strings for everything participants read.

Strings live in YAML catalogues beside this file, one per subject (``common.yml``,
``overview.yml``, …), each key with an ``nb`` and an ``nn`` text. A test checks that every key has
both, so a report can never fall back to the wrong language silently.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml

Lang = Literal["nb", "nn"]
LANGUAGES: tuple[Lang, ...] = ("nb", "nn")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All strings from every catalogue file, keyed ``file.key``."""
    strings: dict[str, dict[str, str]] = {}
    for path in sorted(Path(__file__).parent.glob("*.yml")):
        # BaseLoader reads every scalar as text: under YAML 1.1 the keys ``yes:`` and ``no:`` would
        # otherwise become True and False, and ``t("common.yes", …)`` could never find them.
        for key, texts in (yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}).items():
            strings[f"{path.stem}.{key}"] = texts
    return strings


def t(key: str, lang: Lang, /, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{name}`` placeholders filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"ukjent språk {lang!r}; bruk 'nb' eller 'nn'")
    try:
        text = catalogue()[key][lang]
    except KeyError:
        raise KeyError(f"tekst mangler: {key!r} på {lang!r}") from None
    return text.format(**values) if values else text


def check_language(lang: str) -> Lang:
    """``lang`` if it is ``nb`` or ``nn``; otherwise a clear error."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang må være 'nb' (bokmål) eller 'nn' (nynorsk), ikke {lang!r}")
    return lang  # type: ignore[return-value]


_MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
           "oktober", "november", "desember"]  # the same in bokmål and nynorsk


def long_date(day: object, lang: Lang) -> str:
    """``11. januar 2022`` (identical in bokmål and nynorsk)."""
    check_language(lang)
    return f"{day.day}. {_MONTHS[day.month - 1]} {day.year}"  # type: ignore[attr-defined]
