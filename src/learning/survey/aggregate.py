"""Tidy (long) tables of the survey for researchers and reports: who answered, shares, means.

Every function takes the validated responses frame (``learning.survey.schema``) and ``by``: a
column name or a sequence of them among :data:`GROUPS` (``()`` = everyone together). Each
returns one row per group × item, tolerates an empty frame and missing answers, gives ``n = 0``
and NaN shares for a group with no valid answer, and never reads the free-text column.

These are *unsuppressed* figures for analysis. Anything shown to participants goes through
:mod:`learning.disclosure.publication` first.

Definitions:

- **practice** (``p_*``, frequency 1–5, 0 = not relevant): ``n`` counts answers 1–5, so «not
  relevant» and missing are left out; ``count``/``share`` are those answering 4 «often» or
  5 «always»; ``mean`` is the mean of 1–5.
- **system** (``s_*``, 1 yes / 2 no / 9 don't know): ``n`` counts yes, no *and* don't know;
  ``share`` is yes / n, read as «the share who know that their service has …». Someone who does
  not know whether a routine exists cannot use it, so «don't know» is not dropped as if missing.
- **confidence** (``c_*``, 1–5 agreement): ``share`` is 4 «agree» or 5 «strongly agree» of the
  answers 1–5; ``mean`` of 1–5.
- ``share_low``/``share_high``: the 95 % Wilson interval of ``share`` (:mod:`.stats`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from learning.survey import schema
from learning.survey.stats import newcombe, two_proportion_test, wilson

GROUPS = ("network", "wave", "kommune", "tjeneste", "rolle")
ITEM = "item"
STAT_COLUMNS = ("n", "count", "share", "share_low", "share_high", "mean")


@dataclass(frozen=True)
class Family:
    """How the items of one scale are counted: valid answers, «yes-like» answers, a mean or not."""

    items: tuple[str, ...]
    valid: tuple[int, ...]
    success: tuple[int, ...]
    has_mean: bool


PRACTICE = Family(schema.PRACTICE_ITEMS, (1, 2, 3, 4, 5), schema.OFTEN_OR_ALWAYS, True)
SYSTEM = Family(
    schema.SYSTEM_ITEMS, (schema.YES, schema.NO, schema.DONT_KNOW), (schema.YES,), False
)
CONFIDENCE = Family(schema.CONFIDENCE_ITEMS, (1, 2, 3, 4, 5), (4, 5), True)


def family_of(item: str) -> Family:
    """The scale family an item code belongs to."""
    for family in (PRACTICE, SYSTEM, CONFIDENCE):
        if item in family.items:
            return family
    raise ValueError(f"ukjent spørsmålskode {item!r}; bruk en p_-, s_- eller c_-kode fra skjemaet")


def _groups(by: str | Sequence[str]) -> list[str]:
    columns = [by] if isinstance(by, str) else list(by)
    unknown = [c for c in columns if c not in GROUPS]
    if unknown:
        raise ValueError(f"kan ikke gruppere etter {unknown}; velg blant {list(GROUPS)}")
    if len(set(columns)) != len(columns):
        raise ValueError(f"samme kolonne står flere ganger i by={columns}")
    return columns


def _ordered(
    frame: pd.DataFrame, keys: list[str], order: Sequence[str], column: str
) -> pd.DataFrame:
    """Sort by the group keys, then ``column`` in the schema's order (not alphabetically)."""
    rank = {value: i for i, value in enumerate(order)}
    frame = frame.assign(_rank=frame[column].map(rank))
    return (frame.sort_values([*keys, "_rank"], kind="stable", na_position="last")
            .drop(columns="_rank").reset_index(drop=True))


def participation(responses: pd.DataFrame, by: str | Sequence[str] = ("kommune",)) -> pd.DataFrame:
    """Respondents per group: columns ``*by, n``."""
    keys = _groups(by)
    if responses.empty:
        return pd.DataFrame({**{k: pd.Series(dtype=object) for k in keys},
                             "n": pd.Series(dtype="int64")})
    if not keys:
        return pd.DataFrame({"n": [len(responses)]})
    counted = responses.groupby(keys, dropna=False, observed=True, sort=True).size()
    return counted.rename("n").reset_index()


def _binary(responses: pd.DataFrame, family: Family, by: str | Sequence[str]) -> pd.DataFrame:
    """For each group × item of a family: n, count, share, Wilson interval, mean."""
    keys = _groups(by)
    columns = [*keys, ITEM, *STAT_COLUMNS]
    if responses.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in (*keys, ITEM) else "float64")
                             for c in columns})
    items = [i for i in family.items if i in responses.columns]
    long = responses[[*keys, *items]].melt(id_vars=keys, value_vars=items, var_name=ITEM,
                                           value_name="value")
    value = pd.to_numeric(long["value"], errors="coerce").astype("float64")
    valid = value.isin(family.valid)
    long = long.assign(
        valid=valid.astype("int64"),
        success=(valid & value.isin(family.success)).astype("int64"),
        total=value.where(valid, 0.0),
    )
    summed = (long.groupby([*keys, ITEM], dropna=False, observed=True, sort=False)
              [["valid", "success", "total"]].sum().reset_index())
    n = summed["valid"].astype("int64")
    count = summed["success"].astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n > 0, count / n.where(n > 0, 1), np.nan)
        mean = np.where(n > 0, summed["total"] / n.where(n > 0, 1), np.nan)
    intervals = [wilson(c, m) for c, m in zip(count, n, strict=True)]
    result = summed[[*keys, ITEM]].assign(
        n=n, count=count, share=share,
        share_low=[i.low for i in intervals], share_high=[i.high for i in intervals],
        mean=mean if family.has_mean else np.nan,
    )
    if not family.has_mean:
        result = result.drop(columns="mean")
    return _ordered(result, keys, family.items, ITEM)


def practice_items(responses: pd.DataFrame, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """Practice items: ``*by, item, n, count, share, share_low, share_high, mean``.

    ``n`` leaves out «not relevant» (0) and missing; ``share`` is «often» or «always» (4–5).
    """
    return _binary(responses, PRACTICE, by)


def system_items(responses: pd.DataFrame, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """System items: ``*by, item, n, count, share, share_low, share_high``.

    ``share`` is yes / (yes + no + don't know): «the share who know that there is …».
    """
    return _binary(responses, SYSTEM, by)


def confidence_items(responses: pd.DataFrame, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """Confidence items: ``*by, item, n, count, share, share_low, share_high, mean``.

    ``share`` is «agree» or «strongly agree» (4–5).
    """
    return _binary(responses, CONFIDENCE, by)


def change(
    responses: pd.DataFrame,
    item: str,
    from_wave: str,
    to_wave: str,
    by: str | Sequence[str] = (),
) -> pd.DataFrame:
    """Change in one item's share between two waves, per group.

    Columns: ``*by, item, from_wave, to_wave, n_from, count_from, share_from, n_to, count_to,
    share_to, difference`` (share_to − share_from), ``difference_low, difference_high`` (95 %,
    Newcombe's hybrid score interval), ``p_value`` and ``test`` (``z`` or ``fisher``, see
    :func:`learning.survey.stats.two_proportion_test`). A group missing in one wave has n = 0 there
    and NaN for what needs both.
    """
    keys = _groups(by)
    if "wave" in keys:
        raise ValueError("change() sammenligner to bølger; ta «wave» ut av by")
    family = family_of(item)
    if "wave" in responses.columns:
        chosen = responses[responses["wave"].isin([from_wave, to_wave])]
    else:
        chosen = responses.iloc[0:0]
    single = Family((item,), family.valid, family.success, family.has_mean)
    per_wave = _binary(chosen, single, [*keys, "wave"]) if not chosen.empty else None
    rows = []
    groups = (per_wave[keys].drop_duplicates().itertuples(index=False)
              if per_wave is not None and keys else [()] if per_wave is not None else [])
    for group in groups:
        values = dict(zip(keys, group, strict=True))
        part = per_wave
        for key, value in values.items():
            part = part[part[key].isna()] if pd.isna(value) else part[part[key] == value]
        rows.append({**values, **_compare(part, item, from_wave, to_wave)})
    columns = [*keys, ITEM, "from_wave", "to_wave", "n_from", "count_from", "share_from",
               "n_to", "count_to", "share_to", "difference", "difference_low", "difference_high",
               "p_value", "test"]
    return pd.DataFrame(rows, columns=columns)


def _compare(part: pd.DataFrame, item: str, from_wave: str, to_wave: str) -> dict[str, object]:
    def counts(wave: str) -> tuple[int, int]:
        row = part[part["wave"] == wave]
        return (0, 0) if row.empty else (int(row["n"].iloc[0]), int(row["count"].iloc[0]))

    n_from, count_from = counts(from_wave)
    n_to, count_to = counts(to_wave)
    share_from = count_from / n_from if n_from else np.nan
    share_to = count_to / n_to if n_to else np.nan
    interval = newcombe(count_to, n_to, count_from, n_from)
    test = two_proportion_test(count_to, n_to, count_from, n_from)
    return {
        ITEM: item, "from_wave": from_wave, "to_wave": to_wave,
        "n_from": n_from, "count_from": count_from, "share_from": share_from,
        "n_to": n_to, "count_to": count_to, "share_to": share_to,
        "difference": share_to - share_from,
        "difference_low": interval.low, "difference_high": interval.high,
        "p_value": test.p_value, "test": test.method,
    }


def cooperation(responses: pd.DataFrame, by: str | Sequence[str] = ()) -> pd.DataFrame:
    """Cooperation by the respondent's own service: ``*by, tjeneste, partner, n, count, share``.

    ``n`` is the respondents of that service (in the group) who answered the cooperation item;
    ``count`` those of them who cooperated with ``partner`` (a COOPERATION_OPTIONS code). One row
    per service present × every partner: the basis of a service × service matrix.
    """
    keys = [k for k in _groups(by) if k != "tjeneste"]
    columns = [*keys, "tjeneste", "partner", "n", "count", "share"]
    present = [c for c in schema.COOPERATION_COLUMNS if c in responses.columns]
    if responses.empty or not present:
        return pd.DataFrame({c: pd.Series(dtype=object if c in (*keys, "tjeneste", "partner")
                                          else "float64") for c in columns})
    answers = responses[present].astype("boolean")
    answered = answers.notna().any(axis=1)
    frame = responses.loc[answered, [*keys, "tjeneste"]].copy()
    renamed = {c: c.removeprefix("samarbeid.") for c in present}
    frame = frame.join(answers.loc[answered].fillna(False).astype("int64").rename(columns=renamed))
    partners = list(renamed.values())
    grouped = frame.groupby([*keys, "tjeneste"], dropna=False, observed=True, sort=True)
    n = grouped.size().rename("n")
    counts = grouped[partners].sum()
    long = counts.reset_index().melt(id_vars=[*keys, "tjeneste"], var_name="partner",
                                     value_name="count")
    long = long.merge(n.reset_index(), on=[*keys, "tjeneste"], how="left")
    long["share"] = long["count"] / long["n"]
    long = _ordered(long, [*keys, "tjeneste"], schema.COOPERATION_OPTIONS, "partner")
    return long[columns]
