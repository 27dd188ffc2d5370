"""PDFs of participant pages: headless Chromium prints each HTML on A4 portrait beside it.

Chromium is driven by Playwright, using Debian's ``chromium`` when it is installed (the browser
the tests use too), else Playwright's own. The PDF is tagged, so it carries the page's language
(``lang``) and its ``<title>`` as the document title; the page's print style sheet decides the
layout, so the PDF is what printing the HTML gives.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from learning.problems import UserError

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
A4_MARGIN = "0"  # the page's own @page rule sets the margins


def _executable() -> str | None:
    found = os.environ.get("LEARNING_CHROMIUM") or shutil.which("chromium")
    return found or (DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None)


@contextmanager
def _browser() -> Iterator[object]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dependency
        raise UserError("PDF krever pakken playwright: installer den med pip install playwright.") from None
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
        except Error:
            raise UserError("Fant ingen Chromium for å lage PDF. Installer Debian-pakken chromium "
                            "(apt-get install chromium) eller kjør «playwright install chromium».") from None
        try:
            yield browser
        finally:
            browser.close()


def write_pdfs(pages: Iterable[Path]) -> list[Path]:
    """A PDF beside each HTML page (``x.html`` → ``x.pdf``), each written atomically."""
    written = []
    pages = list(pages)
    if not pages:
        return written
    with _browser() as browser:
        context = browser.new_context(offline=True)  # type: ignore[attr-defined]
        page = context.new_page()
        for html in pages:
            target = html.with_suffix(".pdf")
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(handle)
            try:
                page.pdf(path=temporary, format="A4", landscape=False, print_background=True,
                         prefer_css_page_size=True, tagged=True, outline=True,
                         margin={"top": A4_MARGIN, "bottom": A4_MARGIN, "left": A4_MARGIN, "right": A4_MARGIN})
                Path(temporary).replace(target)
            finally:
                Path(temporary).unlink(missing_ok=True)
            written.append(target)
        context.close()
    return written
