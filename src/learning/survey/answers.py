"""Reading one cell of a survey export: answer codes or labels, municipalities, timestamps.

A cell that cannot be read raises :class:`AnswerError` with a reason in Norwegian. Reasons echo a
value only when it is a plain number (a code); anything else a person typed may be free text and
is never repeated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from learning.reference.municipalities import Municipalities, Municipality, normalise_name
from learning.strict import Bilingual
from learning.survey.codebook import Scale, fold

OSLO = ZoneInfo("Europe/Oslo")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]0+)?")
_SEPARATORS = re.compile(r"[;,]")


class AnswerError(ValueError):
    """A cell that cannot be read; the message is safe to show (no free text)."""


def _as_code(text: str) -> int | None:
    """``4``, ``4.0`` or ``4,0`` as the integer 4; None for anything else."""
    if _NUMBER.fullmatch(text):
        return int(re.split(r"[.,]", text)[0])
    return None


def parse_scale(cell: str, scale: Scale, lookup: dict[str, int]) -> int | None:
    """A scale answer by numeric code or by label (nb or nn); None when empty."""
    text = cell.strip()
    if not text:
        return None
    code = _as_code(text)
    allowed = ", ".join(str(c) for c in sorted(scale.labels))
    if code is not None:
        if code not in scale.labels:
            raise AnswerError(f"koden {code} finnes ikke på skalaen (tillatt: {allowed})")
        return code
    try:
        return lookup[fold(text)]
    except KeyError:
        raise AnswerError(
            f"ukjent svar; bruk en kode ({allowed}) eller en svartekst fra kodeboka"
        ) from None


def label_lookup(labels: dict[int, Bilingual] | dict[str, Bilingual]) -> dict[str, object]:
    """Folded code and nb/nn labels → the stored value."""
    lookup: dict[str, object] = {}
    for value, texts in labels.items():
        for text in (str(value), *texts.both()):
            lookup[fold(text)] = value
    return lookup


def parse_choice(cell: str, lookup: Mapping[str, object], what: str) -> str | None:
    """A single choice by option code or label; None when empty."""
    text = cell.strip()
    if not text:
        return None
    try:
        return str(lookup[fold(text)])
    except KeyError:
        raise AnswerError(f"ukjent {what}; bruk en kode eller svartekst fra kodeboka") from None


def parse_multiple(cell: str, lookup: dict[str, str]) -> set[str] | None:
    """Options separated by ``;`` or ``,`` (codes or labels); None when empty."""
    if not cell.strip():
        return None
    chosen: set[str] = set()
    for part in _SEPARATORS.split(cell):
        if not part.strip():
            continue
        try:
            chosen.add(lookup[fold(part)])
        except KeyError:
            raise AnswerError(
                "ukjent svaralternativ; bruk koder eller svartekster fra kodeboka"
            ) from None
    return chosen


def parse_flag(cell: str) -> bool | None:
    """A 0/1 column of a multiple-choice item; None when empty."""
    text = cell.strip()
    if not text:
        return None
    code = _as_code(text)
    if code in (0, 1):
        return code == 1
    raise AnswerError("må være 0 eller 1")


def parse_municipality(
    cell: str, municipalities: Municipalities, names: dict[str, Municipality]
) -> str:
    """A kommunenummer (a lost leading zero restored) or a name in any case; the 4-digit number."""
    text = cell.strip()
    if not text:
        raise AnswerError("kommune mangler")
    number = re.match(r"(\d{1,4})(?:[.,]0+)?(?:\s|$)", text)
    if number:
        code = number.group(1).zfill(4)
        if code not in municipalities:
            raise AnswerError(f"kommunenummer {code} finnes ikke i kommunelista for 2024")
        return code
    name = normalise_name(text)
    found = names.get(name) or names.get(re.sub(r"\s+kommune$", "", name))
    if found is None:
        raise AnswerError("ukjent kommunenavn; bruk kommunenummeret (fire siffer)")
    return found.number


def parse_created(cell: str) -> dt.datetime | None:
    """Nettskjema's ``$created``: ISO 8601, normally with an offset (else Norwegian time); UTC."""
    text = cell.strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise AnswerError("er ikke et tidspunkt på formen ÅÅÅÅ-MM-DDTTT:MM:SS+01:00") from None
    return _not_in_future(_to_utc(moment))


def parse_opprettet(cell: str) -> dt.datetime | None:
    """Older exports' ``Opprettet``: ``dd.mm.yyyy`` (optionally a time), Norwegian time; UTC."""
    text = cell.strip()
    if not text:
        return None
    for pattern in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y"):
        try:
            moment = _to_utc(dt.datetime.strptime(text, pattern))
        except ValueError:
            continue
        return _not_in_future(moment)
    raise AnswerError("er ikke en dato på formen dd.mm.åååå")


CLOCK_SKEW = dt.timedelta(minutes=10)  # the survey server's clock may be a little ahead of ours


def _not_in_future(moment: dt.datetime) -> dt.datetime:
    """A submission time, unless it lies after now: a wrong clock or a hand-edited file."""
    if moment > dt.datetime.now(dt.UTC) + CLOCK_SKEW:
        shown = moment.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")
        raise AnswerError(f"innsendingstidspunktet {shown} ligger fram i tid; sjekk datoen i eksporten")
    return moment


def _to_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    return moment.astimezone(dt.UTC)
