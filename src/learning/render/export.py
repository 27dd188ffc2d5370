"""Executed notebook → participant HTML: no code, no parameters, no errors, offline, accessible.

nbconvert's ``basic`` template renders the cells; :mod:`learning.render.sanitise` then strips
what a participant page must not carry (nbconvert's wrappers, scripts, styles from outputs) and
checks what it cannot repair (an image without a real description, a table without a caption).
The project's own page (``templates/``) gives it ``<html lang>``, a real ``<title>`` and a lean
style sheet instead of the JupyterLab theme, so the file is small and loads nothing from any
other host.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from learning.render.page import page
from learning.render.sanitise import participant_body

REMOVED_CELL_TAGS = {"remove-cell", "parameters", "injected-parameters", "papermill-error-cell-tag"}
# Reports show only learning.present.Html, i.e. text/html. Everything else an output may carry is
# dropped: a widget's view (a script tag that needs the widget JavaScript from the web), its
# text/plain repr ("VBox(children=…)"), and a bare image, which would have no description.
KEPT_MIME = "text/html"
SHOWN_OUTPUTS = ("display_data", "execute_result")


def _participant_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what participants must never see: code, errors, streams, widgets, non-HTML outputs."""
    notebook = nbformat.from_dict(notebook)
    notebook.metadata.pop("widgets", None)  # else nbconvert writes the widget state as a script
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                nbformat.from_dict({**output, "data": {KEPT_MIME: output.data[KEPT_MIME]}})
                for output in cell.outputs
                if output.output_type in SHOWN_OUTPUTS and KEPT_MIME in output.get("data", {})
            ]
    return notebook


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, exclude_anchor_links=True)
    remover = TagRemovePreprocessor(remove_cell_tags=REMOVED_CELL_TAGS, remove_input_tags={"remove-input"},
                                    enabled=True)
    exporter.register_preprocessor(remover, enabled=True)
    return exporter


def page_facts(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """The report's title and language, as its header section recorded them in output metadata."""
    facts: dict[str, str] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            facts.update(output.get("metadata", {}).get("text/html", {}).get("learning", {}))
            facts.update(output.get("metadata", {}).get("learning", {}))
    return facts


def participant_html(notebook: nbformat.NotebookNode, *, fallback_title: str, fallback_lang: str) -> str:
    """The whole participant page for an executed notebook.

    Raises :class:`learning.render.sanitise.InaccessibleOutputError` when an output cannot be made
    accessible (the job then fails with that reason instead of writing a poorer page).
    """
    body, _ = _exporter().from_notebook_node(_participant_cells(notebook))
    facts = page_facts(notebook)
    return page(participant_body(body), title=facts.get("title", fallback_title),
                lang=facts.get("lang", fallback_lang))


def size_summary(paths: Iterable[Path]) -> dict[str, object]:
    """Sizes of participant HTML files: how many, median and largest (bytes), and which is largest."""
    sizes = {Path(p): Path(p).stat().st_size for p in paths}
    if not sizes:
        return {"files": 0, "median_bytes": 0, "max_bytes": 0, "largest": None, "total_bytes": 0}
    largest = max(sizes, key=lambda p: sizes[p])
    return {
        "files": len(sizes),
        "median_bytes": int(statistics.median(sizes.values())),
        "max_bytes": sizes[largest],
        "largest": str(largest),
        "total_bytes": sum(sizes.values()),
    }
