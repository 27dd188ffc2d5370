"""The project's accessible HTML page around a report's body (lean CSS, lang, title).

Kept apart from the exporter so the index pages can be written without importing nbconvert.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from learning import __version__

TEMPLATES = Path(__file__).parent / "templates"


@cache
def _page() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return environment.get_template("page.html.j2")


@cache
def _css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def page(body: str, *, title: str, lang: str) -> str:
    """Wrap finished HTML in the project's accessible page (``body`` is trusted markup)."""
    return _page().render(body=jinja2.utils.markupsafe.Markup(body), title=title, lang=lang,
                          css=jinja2.utils.markupsafe.Markup(_css()), version=__version__)
