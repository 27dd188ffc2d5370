"""Executed notebook → participant HTML: no code, no parameters, no errors, offline, accessible.

nbconvert's ``basic`` template renders the cells; the project's own page (``templates/``) gives it
``<html lang>``, a real ``<title>`` and a lean style sheet instead of the JupyterLab theme, so the
file is small and loads nothing from any other host.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from learning import __version__

TEMPLATES = Path(__file__).parent / "templates"
REMOVED_CELL_TAGS = {"remove-cell", "parameters", "injected-parameters", "papermill-error-cell-tag"}


@cache
def _page() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return environment.get_template("page.html.j2")


@cache
def _css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def _participant_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what participants must never see: code, error and stream outputs."""
    notebook = nbformat.from_dict(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
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
    """The whole participant page for an executed notebook."""
    body, _ = _exporter().from_notebook_node(_participant_cells(notebook))
    facts = page_facts(notebook)
    return page(body, title=facts.get("title", fallback_title), lang=facts.get("lang", fallback_lang))


def page(body: str, *, title: str, lang: str) -> str:
    """Wrap finished HTML in the project's accessible page (``body`` is trusted markup)."""
    return _page().render(body=jinja2.utils.markupsafe.Markup(body), title=title, lang=lang,
                          css=jinja2.utils.markupsafe.Markup(_css()), version=__version__)
