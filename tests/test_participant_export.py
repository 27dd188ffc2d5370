"""The participant exporter on a notebook that holds everything a report must not show."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from learning.charts import PALETTE, SERIES, chart, new_figure, svg_data_uri, to_svg
from learning.present import Html, heading, table
from learning.render.export import participant_html, size_summary
from learning.render.sanitise import InaccessibleOutputError

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _html(markup: str, page: dict[str, str] | None = None) -> nbformat.NotebookNode:
    metadata = {"learning": page} if page else {}
    return new_output("display_data", data={"text/html": markup, "text/plain": "<Html>"}, metadata=metadata)


def _cell(outputs: list[nbformat.NotebookNode], *tags: str) -> nbformat.NotebookNode:
    cell = new_code_cell("SECRET_SOURCE = 1", metadata={"tags": list(tags)})
    cell.outputs = outputs
    return cell


def _png() -> str:
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([1, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def messy() -> nbformat.NotebookNode:
    notebook = new_notebook()
    notebook.metadata["widgets"] = {WIDGET_STATE: {"state": {"m": {}}, "version_major": 2, "version_minor": 0}}
    notebook.cells = [
        new_markdown_cell("# Notebook title for JupyterLab", metadata={"tags": ["remove-cell"]}),
        _cell([new_output("stream", name="stdout", text="PARAMETER_STREAM")], "parameters"),
        _cell([_html("<p>INJECTED_OUTPUT</p>")], "injected-parameters"),
        _cell([_html("<p>REMOVED_CELL_OUTPUT</p>")], "remove-cell"),
        _cell([_html("<h1>Rapport for Vang</h1><p>Innleiing</p>", {"title": "Rapport for Vang · Samling 1",
                                                                   "lang": "nn"})], "remove-input"),
        _cell([new_output("display_data", data={WIDGET_VIEW: {"model_id": "m", "version_major": 2, "version_minor": 0},
                                                "text/plain": "VBox(children=(Textarea(),))",
                                                "text/html": "<h2>Arbeidsark</h2><p>KEPT_WORKSHEET</p>"})],
              "remove-input"),
        _cell([new_output("display_data", data={WIDGET_VIEW: {"model_id": "n", "version_major": 2, "version_minor": 0},
                                                "text/plain": "IntSlider(value=3)"})], "remove-input"),
        _cell([new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure size 200x100>"})],
              "remove-input"),
        _cell([_html("<style>p{color:#ccc}</style><script>alert(1)</script><link rel='stylesheet' "
                     "href='https://cdn.example/x.css'><p>KEPT_AFTER_STYLE</p>")], "remove-input"),
        _cell([new_output("error", ename="ZeroDivisionError", evalue="ERROR_VALUE", traceback=["TRACEBACK"]),
               new_output("stream", name="stderr", text="STDERR_TEXT")]),
        _cell([new_output("execute_result", data={"text/plain": "PLAIN_ONLY"}, execution_count=3)]),
        new_markdown_cell("## Merknad\n\nEin MARKDOWN_KEPT celle."),
    ]
    return notebook


def test_participants_see_only_the_report(messy: nbformat.NotebookNode) -> None:
    page = participant_html(messy, fallback_title="fallback", fallback_lang="nb")
    for hidden in ("SECRET_SOURCE", "PARAMETER_STREAM", "INJECTED_OUTPUT", "REMOVED_CELL_OUTPUT", "VBox", "IntSlider",
                   "<Figure", "ERROR_VALUE", "TRACEBACK", "STDERR_TEXT", "PLAIN_ONLY", "Notebook title",
                   WIDGET_VIEW, WIDGET_STATE, "cdn.example", "alert(1)", "color:#ccc", "No description"):
        assert hidden not in page, hidden
    for kept in ("Rapport for Vang", "KEPT_WORKSHEET", "KEPT_AFTER_STYLE", "MARKDOWN_KEPT"):
        assert kept in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "nn" and soup.title.get_text() == "Rapport for Vang · Samling 1"
    assert soup.find_all(["script", "link", "img"]) == []
    assert [s.parent.name for s in soup.find_all("style")] == ["head"]
    assert [h.name for h in soup.find_all(re.compile("^h[1-6]$"))] == ["h1", "h2", "h2"]
    assert not soup.find_all("div", class_=re.compile("cell|output"))


def test_a_chart_keeps_its_description_as_alt_text() -> None:
    with new_figure() as (fig, ax):
        ax.bar(["a", "b"], [1, 2])
        shown = chart(fig, "Stolpediagram med to stolpar: a er 1 og b er 2.", "To stolpar")
    notebook = new_notebook(cells=[_cell([_html(shown.markup)], "remove-input")])
    soup = BeautifulSoup(participant_html(notebook, fallback_title="t", fallback_lang="nb"), "html.parser")
    image = soup.find("img")
    assert image["alt"] == "Stolpediagram med to stolpar: a er 1 og b er 2."
    assert image["src"].startswith("data:image/svg+xml,")


@pytest.mark.parametrize("image", [
    '<img src="data:image/png;base64,AAAA" alt="No description has been provided for this image">',
    '<img src="data:image/png;base64,AAAA" alt="png">',
    '<img src="data:image/png;base64,AAAA">',
    '<img src="https://example.org/chart.png" alt="Stolpediagram over deltakarar per samling">',
])
def test_an_image_without_a_real_description_or_from_the_web_is_refused(image: str) -> None:
    notebook = new_notebook(cells=[_cell([_html(f"<figure>{image}</figure>")], "remove-input")])
    with pytest.raises(InaccessibleOutputError):
        participant_html(notebook, fallback_title="t", fallback_lang="nb")


def test_a_dataframe_without_caption_is_refused() -> None:
    frame = pd.DataFrame({"a": [1]}, index=["x"])
    notebook = new_notebook(cells=[_cell([_html(frame._repr_html_())], "remove-input")])
    with pytest.raises(InaccessibleOutputError, match="caption"):
        participant_html(notebook, fallback_title="t", fallback_lang="nb")


def test_pandas_header_cells_get_scopes_and_no_empty_corner() -> None:
    frame = pd.DataFrame({"a": [1, 2], "b": [3, 4]}, index=["x", "y"])
    markup = frame.to_html().replace("<thead>", "<caption>Tal</caption><thead>", 1)
    notebook = new_notebook(cells=[_cell([_html(markup)], "remove-input")])
    soup = BeautifulSoup(participant_html(notebook, fallback_title="t", fallback_lang="nb"), "html.parser")
    heads = [(th.get_text(), th.get("scope")) for th in soup.find_all("th")]
    assert heads == [("a", "col"), ("b", "col"), ("x", "row"), ("y", "row")]
    assert soup.find("thead").find("td").get_text() == ""


def test_present_table_never_writes_an_empty_header() -> None:
    markup = table(pd.DataFrame({"": ["", "b"], "n": [1, 2]}), "Tabell").markup
    soup = BeautifulSoup(markup, "html.parser")
    assert all(th.get_text(strip=True) and th.get("scope") for th in soup.find_all("th"))
    assert soup.find("caption").get_text() == "Tabell"
    assert len(soup.find_all("th")) == 2  # «n» and the row header «b»


def test_headings_escape_and_h1_metadata() -> None:
    assert heading("<b>", 2).markup == '<h2 class="section">&lt;b&gt;</h2>'
    assert Html("x", {"lang": "nn"})._repr_html_() == ("x", {"learning": {"lang": "nn"}})


def _contrast(colour: str) -> float:
    """WCAG contrast ratio of a colour against white."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_series_colours_stand_out_from_white() -> None:
    assert all(_contrast(PALETTE[name]) >= 3 for name in SERIES)
    assert _contrast(PALETTE["green"]) >= 4.5  # also used for text labels on run charts
    assert len(set(SERIES)) == len(SERIES)


def test_chart_svg_is_small_deterministic_with_text_as_text() -> None:
    def draw() -> str:
        with new_figure() as (fig, ax):
            ax.barh(["a", "b", "c"], [30, 60, 90], color=PALETTE["blue"], hatch="//", edgecolor="#1a1a1a")
            ax.set_title("Tittel med tekst æøå")
            return to_svg(fig)

    first, second = draw(), draw()
    assert first == second
    root = ElementTree.fromstring(first)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 504 230.4"  # 7.0 × 3.2 in at 72 points per inch
    texts = {e.text for e in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Tittel med tekst æøå", "a", "b", "c"} <= texts  # readable, searchable, sharp when printed
    assert PALETTE["blue"].lower() in first and "<!--" not in first and "\n" not in first
    referenced = {a or b for a, b in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', first)}
    assert referenced and referenced <= set(re.findall(r' id="([^"]+)"', first))  # minifying kept them
    assert len(first) < 20_000
    uri = svg_data_uri(first)
    assert uri.startswith("data:image/svg+xml,") and unquote(uri.removeprefix("data:image/svg+xml,")) == first
    assert not set(uri) & set("\"'<>&#\n")  # nothing an HTML attribute or a URL would take differently


def test_size_summary(tmp_path: Path) -> None:
    for name, size in (("a", 100), ("b", 300), ("c", 1000)):
        (tmp_path / f"{name}.html").write_bytes(b"x" * size)
    summary = size_summary(sorted(tmp_path.glob("*.html")))
    assert summary["files"] == 3 and summary["median_bytes"] == 300 and summary["max_bytes"] == 1000
    assert summary["largest"] == str(tmp_path / "c.html") and summary["total_bytes"] == 1400
    assert size_summary([])["files"] == 0
