"""``learning survey-form``: the questionnaire in nb and nn, and a code list an export can follow."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from learning.survey.form import code_list_rows, questionnaire_html, write_survey_form
from learning.survey.importer import import_survey
from learning.survey.store import load_responses
from learning.workspace import Workspace


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_questionnaire_is_a_printable_page_in_each_language(lang: str) -> None:
    page = BeautifulSoup(questionnaire_html(lang), "html.parser")
    assert page.html["lang"] == lang and len(page.find_all("h1")) == 1
    assert len(page.find_all("fieldset")) == 20  # every item of the codebook
    assert "@page { size: A4 portrait" in page.style.text and not page.find_all("script")
    word = "pårørende" if lang == "nb" else "pårørande"
    assert word in page.h1.text


def _export_from_code_list(path: Path) -> Path:
    """An export as a survey tool built from the code list writes it: every answer a listed code."""
    columns: dict[str, list[str]] = {}
    for column, *_, code, _nb, _nn in code_list_rows():
        columns.setdefault(column, []).append(code)
    municipalities = ["3449", "3450", "3451", "3452", "3453", "3454"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for person in range(24):
            row = []
            for column, codes in columns.items():
                if column == "kommune":
                    row.append(municipalities[person % 6])
                elif column == "kommentar":
                    row.append("")
                elif column.startswith("samarbeid."):
                    row.append(str(person % 2))
                else:
                    row.append(codes[person % len(codes)])
            writer.writerow(row)
    return path


def test_an_export_built_from_the_code_list_imports_without_rejections(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    export = _export_from_code_list(tmp_path / "nettskjema.csv")
    summary = import_survey(demo_workspace, export, "valdres", "baseline")
    assert summary.rejected == () and summary.unknown_columns == ()
    assert summary.accepted == 24 and len(load_responses(demo_workspace, "valdres")) == 24


def test_form_files_are_written(tmp_path: Path) -> None:
    result = write_survey_form(tmp_path, pdf=False)
    names = sorted(p.name for p in result.written)
    assert names == ["kodeliste.csv", "kodeliste.xlsx", "sporreskjema-nb.html", "sporreskjema-nn.html"]
    header = (tmp_path / "kodeliste.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("kolonne;spørsmål (bokmål)")


@pytest.mark.browser
def test_pdf_through_chromium(tmp_path: Path) -> None:
    result = write_survey_form(tmp_path)
    assert result.pdf_missing is None
    for lang in ("nb", "nn"):
        assert (tmp_path / f"sporreskjema-{lang}.pdf").read_bytes().startswith(b"%PDF")
