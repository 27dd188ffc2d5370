"""The questionnaire ready to send: printable HTML (and PDF) in bokmål and nynorsk, and the code list.

The code list says, for each question, the column name and the answer codes the survey tool must
export. A facilitator builds the form in Nettskjema (or another tool) with exactly these, and the
export imports with ``learning import-survey`` without renaming anything. Both come from the one
codebook, so they cannot drift apart from the importer.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape
from pathlib import Path

from learning.atomic import write_bytes_atomic, write_text_atomic
from learning.i18n import LANGUAGES, Lang
from learning.survey.codebook import Codebook, load_codebook

CHROMIUM = "/usr/bin/chromium"
CODE_LIST_HEADER = ("kolonne", "spørsmål (bokmål)", "spørsmål (nynorsk)", "type", "svarkode", "svar (bokmål)",
                    "svar (nynorsk)")
KIND_WORDS = {"municipality": "kommunenummer eller kommunenavn", "choice": "ett valg", "scale": "ett valg (skala)",
              "multiple_choice": "flere valg: én kolonne per alternativ, 1 = valgt, 0 eller tom = ikke valgt",
              "free_text": "fritekst"}
TITLE = {"nb": "Kartlegging: barn som pårørende", "nn": "Kartlegging: barn som pårørande"}
INTRO = {
    "nb": "Spørreskjemaet går til ansatte i kommunene før første samling og før de neste samlingene. "
          "Svarene er anonyme. Ikke skriv navn eller annet som kan identifisere noen.",
    "nn": "Spørjeskjemaet går til tilsette i kommunane før første samling og før dei neste samlingane. "
          "Svara er anonyme. Ikkje skriv namn eller anna som kan identifisere nokon.",
}
STYLE = """
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; max-width: 48rem; margin: 1.5rem auto;
       line-height: 1.45; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #555; }
fieldset { border: 1px solid #888; margin: 0 0 1rem; padding: .5rem 1rem; break-inside: avoid; }
legend { font-weight: bold; padding: 0 .25rem; }
ul { list-style: none; padding-left: 0; margin: .25rem 0; } li::before { content: "☐ "; }
.line { border-bottom: 1px solid #444; height: 1.6rem; }
@page { size: A4 portrait; margin: 18mm; }
@media print { body { margin: 0; max-width: none; } }
"""


def code_list_rows(codebook: Codebook | None = None) -> list[tuple[str, ...]]:
    """One row per column and answer code the export must have (the code list)."""
    book = codebook or load_codebook()
    rows: list[tuple[str, ...]] = []
    for item in book.items:
        kind = KIND_WORDS[item.kind]
        if item.scale is not None:
            for value, label in book.scales[item.scale].labels.items():
                rows.append((item.code, item.text.nb, item.text.nn, kind, str(value), label.nb, label.nn))
        elif item.kind == "choice":
            for value, label in book.options_of(item.code).items():
                rows.append((item.code, item.text.nb, item.text.nn, kind, value, label.nb, label.nn))
        elif item.kind == "multiple_choice":
            for value, label in book.options_of(item.code).items():
                rows.append((f"{item.code}.{value}", f"{item.text.nb} – {label.nb}", f"{item.text.nn} – {label.nn}",
                             kind, "1", label.nb, label.nn))
        else:
            rows.append((item.code, item.text.nb, item.text.nn, kind, "", "", ""))
    return rows


def code_list_csv(codebook: Codebook | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(CODE_LIST_HEADER)
    writer.writerows(code_list_rows(codebook))
    return buffer.getvalue()


def questionnaire_html(lang: Lang, codebook: Codebook | None = None) -> str:
    """The questionnaire as one self-contained, printable page."""
    book = codebook or load_codebook()
    parts = [f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">",
             f"<title>{escape(TITLE[lang])}</title><style>{STYLE}</style></head><body><main>",
             f"<h1>{escape(TITLE[lang])}</h1><p>{escape(INTRO[lang])}</p>"]
    section = None
    for item in book.items:
        if item.section != section:
            section = item.section
            parts.append(f"<h2>{escape(book.sections[section][lang])}</h2>")
        parts.append(f"<fieldset><legend>{escape(item.text[lang])}</legend>")
        if item.scale is not None:
            labels = [t[lang] for t in book.scales[item.scale].labels.values()]
        elif item.options is not None:
            labels = [t[lang] for t in book.options_of(item.code).values()]
        else:
            labels = []
        if labels:
            parts.append("<ul>" + "".join(f"<li>{escape(label)}</li>" for label in labels) + "</ul>")
        else:
            parts.append('<div class="line"></div><div class="line"></div>')
        parts.append("</fieldset>")
    parts.append("</main></body></html>")
    return "".join(parts)


@dataclass(frozen=True)
class FormFiles:
    written: list[Path]
    pdf_missing: str | None = None


def _pdf(html_files: list[Path]) -> tuple[list[Path], str | None]:
    """PDFs beside the HTML files through headless Chromium; a plain reason when that is not possible."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return [], ("PDF ble ikke laget: Playwright er ikke installert (pip install playwright). "
                    "Skriv ut HTML-filen i stedet.")
    if not Path(CHROMIUM).exists():
        return [], "PDF ble ikke laget: Chromium mangler (Debian-pakken chromium). Skriv ut HTML-filen i stedet."
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            for html in html_files:
                page.goto(html.resolve().as_uri())
                target = html.with_suffix(".pdf")
                write_bytes_atomic(target, page.pdf(format="A4", print_background=True))
                written.append(target)
            browser.close()
    except Error as error:
        return written, f"PDF ble ikke laget ({str(error).splitlines()[0]}). Skriv ut HTML-filen i stedet."
    return written, None


def write_survey_form(folder: Path, *, pdf: bool = True) -> FormFiles:
    """Write the questionnaire (nb, nn; HTML and PDF) and the code list (CSV and XLSX) into ``folder``."""
    from openpyxl import Workbook

    html_files = []
    for lang in LANGUAGES:
        path = folder / f"sporreskjema-{lang}.html"
        write_text_atomic(path, questionnaire_html(lang))
        html_files.append(path)
    write_text_atomic(folder / "kodeliste.csv", code_list_csv())
    book = Workbook()
    sheet = book.active
    sheet.title = "Kodeliste"
    sheet.append(CODE_LIST_HEADER)
    for row in code_list_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    write_bytes_atomic(folder / "kodeliste.xlsx", buffer.getvalue())
    written = [*html_files, folder / "kodeliste.csv", folder / "kodeliste.xlsx"]
    if not pdf:
        return FormFiles(written)
    pdfs, missing = _pdf(html_files)
    return FormFiles(written + pdfs, missing)
