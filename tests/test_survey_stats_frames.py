"""A compact builder of responses frames that follow ``learning.survey.schema`` (test data in code).

Other survey-stats tests import :func:`responses` and :func:`rows` from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from learning.survey import schema

ITEM_COLUMNS = (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)


def rows(count: int, /, **values: object) -> list[dict[str, object]]:
    """``count`` identical responses; ``samarbeid=("skole", …)`` ticks those partners."""
    return [dict(values) for _ in range(count)]


def responses(specs: Iterable[Mapping[str, object]], *, network: str = "demo") -> pd.DataFrame:
    """A frame with every schema column in schema dtypes; unspecified answers are missing."""
    records = []
    for number, spec in enumerate(specs, start=2):
        spec = dict(spec)
        chosen = spec.pop("samarbeid", None)
        record: dict[str, object] = {column: None for column in schema.RESPONSE_COLUMNS}
        record.update({
            "network": network, "wave": schema.BASELINE, "source_file": "test.csv",
            "source_sha256": "0" * 64, "row_number": number, "kommune": "3449",
            "tjeneste": "skole", "rolle": "helsepersonell",
        })
        unknown = set(spec) - set(schema.RESPONSE_COLUMNS)
        if unknown:
            raise KeyError(f"not schema columns: {sorted(unknown)}")
        record.update(spec)
        if chosen is not None:
            for option, column in zip(schema.COOPERATION_OPTIONS, schema.COOPERATION_COLUMNS,
                                      strict=True):
                record[column] = option in chosen
        records.append(record)
    frame = pd.DataFrame(records, columns=list(schema.RESPONSE_COLUMNS))
    for column in ITEM_COLUMNS:
        frame[column] = frame[column].astype("Int8")
    for column in schema.COOPERATION_COLUMNS:
        frame[column] = frame[column].astype("boolean")
    frame["row_number"] = frame["row_number"].astype("int64")
    frame["submitted_at"] = pd.to_datetime(frame["submitted_at"], utc=True)
    for column in ("network", "wave", "source_file", "source_sha256", "submission_id", "kommune",
                   "tjeneste", "rolle", *schema.FREE_TEXT):
        frame[column] = frame[column].astype("string")
    return frame


def test_builder_follows_the_schema() -> None:
    frame = responses([*rows(2, p_identify=5, samarbeid=("nav",)), *rows(1, kommune="3450")])
    assert list(frame.columns) == list(schema.RESPONSE_COLUMNS)
    assert len(frame) == 3
    assert str(frame["p_identify"].dtype) == "Int8"
    assert frame["p_identify"].isna().tolist() == [False, False, True]
    assert frame["samarbeid.nav"].tolist()[:2] == [True, True]
    assert frame["samarbeid.skole"].tolist()[:2] == [False, False]
    assert pd.isna(frame["samarbeid.nav"].iloc[2])
    assert frame["kommune"].tolist() == ["3449", "3449", "3450"]


def test_empty_builder_has_the_columns() -> None:
    frame = responses([])
    assert frame.empty
    assert list(frame.columns) == list(schema.RESPONSE_COLUMNS)
