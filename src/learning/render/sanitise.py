"""Clean nbconvert's body HTML into a participant page body, and refuse what cannot be made accessible.

Repaired here, at the shared layer, so every report section gets it: nbconvert's wrapper ``<div>``s
(bytes and nothing else), any ``<script>``, ``<style>``, ``<link>`` or frame an output carried
(a page must load nothing and run nothing), header cells without ``scope`` and empty header cells
(pandas' corner cell). Refused, with a reason that names the problem: an image whose alt text is
missing or a placeholder, an image or other resource not embedded in the file, a table without a
caption. Those need the section's author, not a guess.

Last, after those checks, the body goes through nh3's allowlist: only the elements and attributes
reports need survive, so an event handler, a ``javascript:`` link, an ``<svg onload>`` or a form
that some output carried never reaches a participant, whatever the checks above missed.
"""

from __future__ import annotations

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

# nbconvert's classic/basic wrappers around each cell and output: layout only, no meaning.
NBCONVERT_WRAPPERS = frozenset({
    "cell", "inner_cell", "input", "output_wrapper", "output", "output_area", "output_subarea",
    "text_cell_render", "jp-Cell", "jp-OutputArea", "jp-OutputArea-child", "jp-OutputArea-output",
    "jp-Cell-outputWrapper", "jp-RenderedHTMLCommon", "jp-MarkdownOutput",
})
DROPPED_ELEMENTS = ("script", "style", "link", "meta", "base", "iframe", "frame", "object", "embed", "noscript")
# Alt texts that say nothing: nbconvert's lab template placeholder and what tools write by default.
PLACEHOLDER_ALTS = frozenset({
    "no description has been provided for this image", "png", "jpeg", "jpg", "svg", "image", "img",
    "figure", "chart", "plot", "graph", "bilde", "figur", "diagram", "output", "none",
})
EMBEDDED = ("data:",)
MIN_ALT_WORDS = 3  # a description says what the chart shows: «Stolpediagram over …», never one word


# What report bodies are made of (text, headings, lists, captioned tables, embedded figures).
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "lang", "title", "dir", "role", "style", "tabindex", "hidden"})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(GLOBAL_ATTRIBUTES),
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed"}, "li": {"value"},
    "time": {"datetime"}, "details": {"open"}, "abbr": {"title"},
}
ARIA_PREFIX = "aria-"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_DATA = "data:image/"


def _allowed_value(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: images only embedded (``data:image/…``), links only to web or mail
    addresses and places in the page; nothing that runs script."""
    if attribute == "src":
        return value if tag == "img" and value.strip().lower().startswith(IMAGE_DATA) else None
    if attribute == "href":
        target = value.strip()
        scheme = target.split(":", 1)[0].lower() if ":" in target.split("/", 1)[0] else ""
        return value if not scheme or scheme in LINK_SCHEMES else None
    return value


def allowlisted(body: str) -> str:
    """``body`` with every element and attribute outside the reports' allowlist removed."""
    return nh3.clean(
        body,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style", "svg", "math", "form", "template", "textarea", "select",
                            "button", "iframe", "object", "embed", "noscript"},
        attributes=ALLOWED_ATTRIBUTES,
        generic_attribute_prefixes={ARIA_PREFIX},
        attribute_filter=_allowed_value,
        url_schemes={"http", "https", "mailto", "data"},
        link_rel=None,
        strip_comments=True,
    )


class InaccessibleOutputError(ValueError):
    """An output the exporter cannot make accessible without the section's author."""


def is_real_alt(alt: str | None) -> bool:
    """A description that describes: present, not a placeholder, more than a word or two."""
    if alt is None:
        return False
    text = " ".join(alt.split())
    return text.lower().rstrip(".") not in PLACEHOLDER_ALTS and len(text.split()) >= MIN_ALT_WORDS


def _unwrap_notebook_divs(soup: BeautifulSoup) -> None:
    for div in soup.find_all("div"):
        if NBCONVERT_WRAPPERS.intersection(div.get("class") or []):
            div.unwrap()


def _check_resources(soup: BeautifulSoup) -> None:
    for element in soup.find_all(src=True):
        if not str(element["src"]).startswith(EMBEDDED):
            raise InaccessibleOutputError(
                f"<{element.name}> henter «{str(element['src'])[:60]}» utenfra; rapporten må være "
                "selvstendig: bygg inn figuren (learning.charts.chart)."
            )
    for element in soup.find_all(style=True):
        if "url(" in str(element["style"]):
            del element["style"]  # a background image could load from the web


def _check_images(soup: BeautifulSoup) -> None:
    for image in soup.find_all("img"):
        alt = image.get("alt")
        if not is_real_alt(None if alt is None else str(alt)):
            raise InaccessibleOutputError(
                f"Et bilde mangler en beskrivende alt-tekst (nå: {image.get('alt')!r}). "
                "Vis figurer med learning.charts.chart(fig, beskrivelse, bildetekst)."
            )


def _repair_table(table: Tag) -> None:
    caption = table.find("caption")
    if caption is None or not caption.get_text(strip=True):
        raise InaccessibleOutputError(
            "En tabell mangler tittel (<caption>). Vis tabeller med learning.present.table(frame, tittel)."
        )
    for cell in table.find_all("th"):
        if not cell.get_text(strip=True):
            cell.name = "td"  # an empty header cell announces nothing (pandas' corner cell)
            cell.attrs.pop("scope", None)
        elif not cell.get("scope"):
            row = cell.find_parent("tr")
            heads_columns = cell.find_parent("thead") is not None or (row is not None and row.find("td") is None)
            cell["scope"] = "col" if heads_columns else "row"
    table.attrs.pop("border", None)


def participant_body(body: str) -> str:
    """nbconvert's body, cleaned for participants; raises :class:`InaccessibleOutputError`."""
    soup = BeautifulSoup(body, "html.parser")
    for element in soup.find_all(DROPPED_ELEMENTS):
        element.decompose()
    _unwrap_notebook_divs(soup)
    _check_resources(soup)
    _check_images(soup)
    for table in soup.find_all("table"):
        _repair_table(table)
    # One block per line: the wrappers' own line breaks would otherwise pile up between blocks.
    return allowlisted("\n".join(str(node) for node in soup.contents if not _blank(node)))


def _blank(node: object) -> bool:
    return isinstance(node, NavigableString) and not node.strip()
