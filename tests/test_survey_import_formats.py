"""Every shape of export the importer must read, built as tiny files in tmp_path."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from learning.survey import schema
from learning.survey.importer import import_survey
from learning.survey.store import load_responses
from learning.workspace import Workspace

NET = "valdres"  # members 3449–3454; 3452 Vestre Slidre, 3454 Vang


def write_csv(
    path: Path,
    rows: list[list[str]],
    delimiter: str = ";",
    encoding: str = "utf-8",
    quote: bool = False,
) -> Path:
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if quote or delimiter in text else text

    lines = [delimiter.join(cell(c) for c in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def imported(ws: Workspace, path: Path, wave: str = "baseline") -> pd.DataFrame:
    summary = import_survey(ws, path, NET, wave)
    assert not summary.rejected, summary.rejected
    return load_responses(ws, NET)


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("quote", [False, True])
def test_csv_dialects_and_encodings(
    demo_workspace: Workspace, tmp_path: Path, delimiter: str, encoding: str, quote: bool
) -> None:
    rows = [
        ["kommune", "tjeneste", "p_identify", "kommentar"],
        ["Øystre Slidre", "skole", "4", "Fiktiv: blåbær og æøå"],
        ["3449", "barnehage", "2", ""],
    ]
    df = imported(demo_workspace, write_csv(tmp_path / "x.csv", rows, delimiter, encoding, quote))
    assert df["kommune"].tolist() == ["3453", "3449"]
    assert df["p_identify"].tolist() == [4, 2]
    assert df.loc[0, "kommentar"] == "Fiktiv: blåbær og æøå"
    assert df["row_number"].tolist() == [2, 3]


def test_headers_by_question_text_in_both_languages_any_case(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    rows = [
        [
            "  HVILKEN KOMMUNE jobber du i? ",
            "Kva teneste jobbar du i?",
            "eg spør  brukarar og pasientar om dei har barn eller sysken under 18 år.",
            "Tjenesten min har barneansvarlig personell.",
        ],
        ["vang", "Skule", "Sjeldan", "Vet ikke"],
        [
            "VESTRE SLIDRE",
            "Helsestasjon og skolehelsetjeneste",
            "ikke relevant for mitt arbeid",
            "ja",
        ],
    ]
    df = imported(demo_workspace, write_csv(tmp_path / "t.csv", rows))
    assert df["kommune"].tolist() == ["3454", "3452"]
    assert df["tjeneste"].tolist() == ["skole", "helsestasjon_skolehelse"]
    assert df["p_identify"].tolist() == [2, 0]  # «Sjeldan» = rarely = 2; not relevant = 0
    assert df["s_child_responsible"].tolist() == [9, 1]


def test_cooperation_as_one_zero_columns(demo_workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        ["kommune", "tjeneste", "samarbeid.skole", "samarbeid.nav"],
        ["3449", "skole", "1", "0"],
        ["3449", "skole", "", ""],
    ]
    df = imported(demo_workspace, write_csv(tmp_path / "c.csv", rows, ","))
    first = df.iloc[0]
    assert bool(first["samarbeid.skole"]) and not first["samarbeid.nav"]
    assert not first["samarbeid.ppt"]  # answered; an option the export left out was not chosen
    assert df.loc[1, list(schema.COOPERATION_COLUMNS)].isna().all()  # not answered


@pytest.mark.parametrize("cell", ["skole; nav", "Skule,NAV", "nav , skole"])
def test_cooperation_as_one_separated_column(
    demo_workspace: Workspace, tmp_path: Path, cell: str
) -> None:
    rows = [["kommune", "tjeneste", "samarbeid"], ["3450", "nav", cell]]
    df = imported(demo_workspace, write_csv(tmp_path / "s.csv", rows, ";", quote=True))
    chosen = {c.removeprefix("samarbeid.") for c in schema.COOPERATION_COLUMNS if df.loc[0, c]}
    assert chosen == {"skole", "nav"}


def test_nettskjema_system_columns(demo_workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        ["$submission_id", "$created", "$answer_time_ms", "kommune", "tjeneste"],
        ["1001", "2024-02-20T10:15:00+01:00", "123456", "3451", "nav"],
    ]
    df = imported(demo_workspace, write_csv(tmp_path / "n.csv", rows, ","))
    assert df.loc[0, "submission_id"] == "1001"
    assert df.loc[0, "submitted_at"] == pd.Timestamp("2024-02-20T09:15:00Z")


def test_opprettet_date_is_norwegian_midnight(demo_workspace: Workspace, tmp_path: Path) -> None:
    rows = [["Opprettet", "kommune", "tjeneste"], ["20.02.2024", "3451", "nav"]]
    df = imported(demo_workspace, write_csv(tmp_path / "o.csv", rows))
    # midnight in Oslo in winter (UTC+1) is 23:00 UTC the day before
    assert df.loc[0, "submitted_at"] == pd.Timestamp("2024-02-19T23:00:00Z")
    assert pd.isna(df.loc[0, "submission_id"])


def test_xlsx_first_sheet_numbers_and_labels(demo_workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["kommune", "tjeneste", "rolle", "c_talk_child", "ekstra"])
    sheet.append([3449, "ppt", "Leiar", 4.0, "x"])
    sheet.append(["Etnedal", "PP-tjenesten", None, "Heilt einig", None])
    other = book.create_sheet("Ark2")
    other.append(["ignored"])
    path = tmp_path / "svar.xlsx"
    book.save(path)
    summary = import_survey(demo_workspace, path, NET, "baseline")
    assert summary.accepted == 2 and not summary.rejected
    assert summary.unknown_columns == ("«ekstra» (kolonne E)",)
    df = load_responses(demo_workspace, NET)
    assert df["kommune"].tolist() == ["3449", "3450"]
    assert df["rolle"].tolist()[0] == "leder" and pd.isna(df["rolle"].tolist()[1])
    assert df["c_talk_child"].tolist() == [4, 5]


def test_lost_leading_zero_is_restored_then_checked_for_membership(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    rows = [["kommune", "tjeneste"], ["301", "nav"], ["3449", "nav"]]
    summary = import_survey(demo_workspace, write_csv(tmp_path / "z.csv", rows), NET, "baseline")
    assert summary.accepted == 1
    (rejection,) = summary.rejected
    assert rejection.row == 2 and "0301" in rejection.reason and "ikke medlem" in rejection.reason


def test_sami_parallel_name(demo_workspace: Workspace, tmp_path: Path) -> None:
    rows = [["kommune", "tjeneste"], ["Tråante", "nav"]]  # Trondheim's Sami name
    summary = import_survey(
        demo_workspace, write_csv(tmp_path / "s.csv", rows), "midt-norge-2022", "baseline"
    )
    assert summary.accepted == 1
    assert load_responses(demo_workspace, "midt-norge-2022")["kommune"].tolist() == ["5001"]


def test_stored_table_follows_schema(demo_workspace: Workspace, tmp_path: Path) -> None:
    rows = [["kommune", "tjeneste"], ["3449", "nav"]]
    path = write_csv(tmp_path / "m.csv", rows)
    df = imported(demo_workspace, path, wave="rutiner")
    assert tuple(df.columns) == schema.RESPONSE_COLUMNS
    row = df.iloc[0]
    assert (row["network"], row["wave"], row["source_file"]) == (NET, "rutiner", "m.csv")
    assert row["source_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert str(df["p_identify"].dtype) == "Int8"
    assert str(df["samarbeid.nav"].dtype) == "boolean"
