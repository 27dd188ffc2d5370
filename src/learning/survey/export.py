"""The labelled research export of a network's responses: SPSS, Stata, CSV or Parquet.

SPSS and Stata files carry the question text as variable label, the codebook's answer labels as
value labels and the user-missing codes (0 = not relevant, 9 = don't know): SPSS as discrete
missing values, Stata as extended missing values ``.a`` and ``.b``. CSV gets the same columns
with spreadsheet formulas defused, and optionally a Frictionless data package describing them.
Free text stays out unless asked for. Every file is written atomically and never overwritten
without ``force``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from learning.atomic import write_bytes_atomic, write_text_atomic, write_with_atomic
from learning.i18n import Lang, t
from learning.network import load_network
from learning.problems import UserError
from learning.reflection.export import guard_cell
from learning.survey.labels import STATA_MISSING_LETTERS, Variable, variables
from learning.survey.store import load_responses
from learning.workspace import Workspace

Format = Literal["sav", "dta", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("sav", "dta", "csv", "parquet")
DATAPACKAGE = "datapackage.json"
STATA_LABEL_BYTES = 80  # Stata's limit for a variable label
_FRICTIONLESS_TYPES = {"text": "string", "category": "string", "integer": "integer",
                       "boolean": "boolean", "datetime": "datetime"}
_SPSS_MEASURE = {"category": "nominal", "boolean": "nominal", "integer": "ordinal",
                 "text": "nominal", "datetime": "scale"}


@dataclass(frozen=True)
class ExportSummary:
    """What was written: the files, the number of responses, and warnings for the user."""

    files: list[Path]
    rows: int
    warnings: list[str] = field(default_factory=list)


def refuse_overwrite(paths: list[Path], force: bool) -> None:
    """A clear error when any of ``paths`` exists and ``force`` is not given."""
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        raise UserError(f"{names} finnes allerede. Velg et annet filnavn, eller bruk --force "
                        "for å skrive over.")


def _selected(workspace: Workspace, network_id: str, wave: str | None) -> pd.DataFrame:
    load_network(workspace, network_id)  # an unknown network is a clear error
    responses = load_responses(workspace, network_id)
    if responses.empty:
        raise UserError(f"nettverket {network_id!r} har ingen importerte svar. Importer en "
                        "kartlegging først (learning import-survey).")
    if wave is None:
        return responses
    known = sorted(responses["wave"].dropna().unique())
    if wave not in known:
        raise UserError(f"--wave {wave!r}: ingen svar fra den runden i {network_id!r}. "
                        f"Runder med svar: {', '.join(known)}.")
    return responses[responses["wave"] == wave].reset_index(drop=True)


def _stat_frame(responses: pd.DataFrame, chosen: list[Variable]) -> pd.DataFrame:
    """Categories as numbers 1…n, choices as 0/1, times without zone (UTC), as SPSS and Stata
    want them."""
    out = pd.DataFrame(index=responses.index)
    for var in chosen:
        column = responses[var.name]
        if var.kind == "category":
            out[var.name] = column.map(var.codes).astype("float")
        elif var.kind in ("boolean", "integer"):
            out[var.name] = column.astype("Float64").astype("float")
        elif var.kind == "datetime":
            out[var.name] = column.dt.tz_convert("UTC").dt.tz_localize(None)
        else:
            out[var.name] = column.astype("object").where(column.notna(), "")
    return out


def _value_labels(var: Variable) -> dict[int | float, str]:
    """Value → label; stored values are numbers (categories are numbered 1…n by ``codes``)."""
    if var.kind == "category":
        return {number: var.values[code] for code, number in var.codes.items()}
    return {int(value): label for value, label in var.values.items()}


def _write_sav(frame: pd.DataFrame, chosen: list[Variable], path: Path, lang: Lang) -> None:
    import pyreadstat  # a heavy C extension: only for this export

    pyreadstat.write_sav(
        frame, str(path),
        file_label=t("survey.export_file_label", lang),
        column_labels={v.name: v.label for v in chosen},
        variable_value_labels={v.name: _value_labels(v) for v in chosen if v.values},
        missing_ranges={v.name: list(v.missing) for v in chosen if v.missing},
        variable_measure={v.name: _SPSS_MEASURE[v.kind] for v in chosen},
    )


def stata_label(text: str) -> str:
    """``text`` cut to Stata's 80 bytes with an ellipsis (the full text is in the codebook)."""
    if len(text.encode("utf-8")) <= STATA_LABEL_BYTES:
        return text
    cut = text
    while len((cut + "…").encode("utf-8")) > STATA_LABEL_BYTES:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _write_dta(frame: pd.DataFrame, chosen: list[Variable], path: Path, lang: Lang) -> None:
    import pyreadstat

    data = frame.copy()
    labels: dict[str, dict[int | float, str]] = {}
    missing: dict[str, list[str]] = {}
    for var in chosen:
        if var.values:
            labels[var.stata_name] = {
                STATA_MISSING_LETTERS.get(k, k) if k in var.missing else k: text  # type: ignore[misc, arg-type]  # letters .a/.b stand for 0 and 9
                for k, text in _value_labels(var).items()
            }
        if var.missing:
            column = data[var.name].astype("object")
            for code in var.missing:
                column = column.where(column != code, STATA_MISSING_LETTERS[code])
            data[var.name] = column
            missing[var.stata_name] = [STATA_MISSING_LETTERS[c] for c in var.missing]
    data.columns = [v.stata_name for v in chosen]
    pyreadstat.write_dta(
        data, str(path),
        file_label=stata_label(t("survey.export_file_label", lang)),
        column_labels={v.stata_name: stata_label(v.label) for v in chosen},
        variable_value_labels=labels,
        missing_user_values=missing,
    )


def _csv_text(responses: pd.DataFrame, chosen: list[Variable]) -> str:
    frame = responses[[v.name for v in chosen]].copy()
    for var in chosen:
        if var.kind == "datetime":
            frame[var.name] = frame[var.name].map(
                lambda d: "" if pd.isna(d) else d.strftime("%Y-%m-%dT%H:%M:%SZ"))
        elif var.kind in ("text", "category"):
            frame[var.name] = frame[var.name].astype("object").map(guard_cell)
        elif var.kind == "boolean":
            frame[var.name] = frame[var.name].map(lambda b: "" if pd.isna(b) else str(bool(b)).lower())
    # RFC 4180 line ends: typed line breaks are quoted and cannot split a row.
    return frame.to_csv(index=False, lineterminator="\r\n")


def datapackage(chosen: list[Variable], resource_path: str, network_id: str, lang: Lang,
                wave: str | None) -> dict[str, object]:
    """A Frictionless data package describing the CSV: types, labels, categories, missing codes."""
    fields = []
    for var in chosen:
        spec: dict[str, object] = {"name": var.name, "title": var.label,
                                   "type": _FRICTIONLESS_TYPES[var.kind]}
        if var.kind == "datetime":
            spec["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if var.values and var.kind != "boolean":
            spec["categories"] = [{"value": k, "label": text} for k, text in var.values.items()]
            # categories (Data Package v2) label the codes; the enum constraint enforces them
            # for readers of v1 as well.
            spec["constraints"] = {"enum": list(var.values)}
        if var.missing:
            spec["missingValues"] = ["", *(str(code) for code in var.missing)]
            spec["description"] = t("survey.export_missing_note", lang, codes=", ".join(
                f"{code} = {var.values[code]}" for code in var.missing))
        if var.free_text:
            spec["description"] = t("survey.export_free_text_note", lang)
        fields.append(spec)
    title = t("survey.export_title", lang, network=network_id)
    if wave:
        title += f" ({wave})"
    return {
        "name": f"{network_id}-kartlegging",
        "title": title,
        "resources": [{
            "name": "svar",
            "path": resource_path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "missingValues": [""]},
        }],
    }


def export_survey(
    workspace: Workspace, network_id: str, target: Path, *, fmt: Format,
    wave: str | None = None, lang: Lang = "nb", include_free_text: bool = False,
    with_datapackage: bool = False, force: bool = False,
) -> ExportSummary:
    """Write the network's responses to ``target`` in ``fmt``, labelled in ``lang``."""
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt!r}: bruk en av {', '.join(FORMATS)}.")
    if with_datapackage and fmt != "csv":
        raise UserError("--datapackage beskriver en CSV-fil; bruk --format csv.")
    package_path = target.with_name(DATAPACKAGE)
    refuse_overwrite([target, *([package_path] if with_datapackage else [])], force)
    responses = _selected(workspace, network_id, wave)
    chosen = [v for v in variables(lang) if include_free_text or not v.free_text]
    warnings = []
    if include_free_text:
        warnings.append(t("survey.export_free_text_warning", "nb"))
    writers: dict[str, Callable[[Path], None]] = {
        "sav": lambda p: _write_sav(_stat_frame(responses, chosen), chosen, p, lang),
        "dta": lambda p: _write_dta(_stat_frame(responses, chosen), chosen, p, lang),
    }
    if fmt in writers:
        write_with_atomic(target, writers[fmt])
    elif fmt == "csv":
        write_text_atomic(target, _csv_text(responses, chosen))
    else:
        buffer = io.BytesIO()
        responses[[v.name for v in chosen]].to_parquet(buffer, index=False)
        write_bytes_atomic(target, buffer.getvalue())
    files = [target]
    if with_datapackage:
        package = datapackage(chosen, target.name, network_id, lang, wave)
        write_text_atomic(package_path, json.dumps(package, ensure_ascii=False, indent=2) + "\n")
        files.append(package_path)
    return ExportSummary(files, len(responses), warnings)


CodebookFormat = Literal["csv", "xlsx"]


def codebook_frame(lang: Lang | None = None) -> pd.DataFrame:
    """The codebook table with a ``user_missing`` column; only ``lang``'s texts when given."""
    from learning.survey.codebook import codebook_table

    table = codebook_table()
    missing = {(v.name, str(code)) for v in variables("nb") for code in v.missing}
    table["user_missing"] = [
        (column, value) in missing for column, value in zip(table["column"], table["value"],
                                                            strict=True)]
    if lang is not None:
        other = "nn" if lang == "nb" else "nb"
        table = table.drop(columns=[f"text_{other}", f"label_{other}"])
    return table


def export_codebook(target: Path, *, lang: Lang | None = None, force: bool = False) -> int:
    """Write the codebook (both languages, or ``lang``) as CSV or XLSX; return the rows."""
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in ("csv", "xlsx"):
        raise UserError(f"{target}: ukjent format {fmt!r}. Bruk .csv eller .xlsx.")
    refuse_overwrite([target], force)
    # openpyxl also reads a text starting with "=" as a formula: the guard serves both formats.
    guarded = codebook_frame(lang).astype("object").map(guard_cell)
    if fmt == "csv":
        write_text_atomic(target, guarded.to_csv(index=False, lineterminator="\r\n"))
    else:
        buffer = io.BytesIO()
        guarded.to_excel(buffer, index=False, sheet_name="kodebok")
        write_bytes_atomic(target, buffer.getvalue())
    return len(guarded)
