"""HTML building blocks for reports: headings, text, accessible tables and figures.

Every function escapes the text it is given, so words people typed (a theme, a goal, a reflection)
can never become markup. Each returns :class:`Html`, which JupyterLab shows and nbconvert keeps as
``text/html``: that keeps alt text and table captions in the exported report.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.numbers import format_decimal

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Html:
    """A piece of finished HTML; the last expression of a notebook cell displays it.

    ``page`` carries facts about the whole report (its title and language) as output metadata,
    where the exporter finds them without parsing HTML.
    """

    markup: str
    page: dict[str, str] | None = None

    def _repr_html_(self) -> str | tuple[str, dict[str, dict[str, str]]]:
        return (self.markup, {"learning": self.page}) if self.page else self.markup

    def __add__(self, other: Html) -> Html:
        merged = {**(self.page or {}), **(other.page or {})} or None
        return Html(self.markup + other.markup, merged)

    def __str__(self) -> str:
        return self.markup


#: Babel's locale for both written standards: numbers are written the same in bokmål and nynorsk.
NUMBER_LOCALE = "nb_NO"


def number(value: float, decimals: int = 1) -> str:
    """A number as Norwegians write it: ``12 345,6`` (no-break space between digit groups, decimal
    comma), at most ``decimals`` decimals and no trailing zeros (``40``, ``33,3``)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=NUMBER_LOCALE).replace("\u202f", "\u00a0")


def percent(share: float) -> str:
    """A share 0–1 as a whole percentage: ``67 %`` (the space the reports have always used)."""
    return f"{number(float(share) * 100, 0)} %"


def points(difference: float) -> str:
    """A difference of shares in whole percentage points with its sign: ``+12``, ``−4``."""
    value = float(difference) * 100
    text = number(abs(value), 0)
    return text if text == "0" else ("+" if value > 0 else "−") + text


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def join(parts: Sequence[Html]) -> Html:
    merged: dict[str, str] = {}
    for part in parts:
        merged.update(part.page or {})
    return Html("".join(p.markup for p in parts), merged or None)


def heading(text: str, level: int = 2, *, anchor: str | None = None) -> Html:
    """``<h1>`` … ``<h4>``; a report has exactly one level-1 heading (its title)."""
    if not 1 <= level <= 4:
        raise ValueError("heading level must be 1 to 4")
    ident = f' id="{escape(anchor)}"' if anchor else ""
    css = ' class="section"' if level == 2 else ""
    return Html(f"<h{level}{ident}{css}>{escape(text)}</h{level}>")


def paragraph(text: str, *, css_class: str | None = None) -> Html:
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return Html(f"<p{cls}>{escape(text)}</p>")


def bullet_list(items: Sequence[str]) -> Html:
    return Html("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")


def notice(text: str) -> Html:
    """A highlighted note (demo data, suppression explanation)."""
    return Html(f'<p class="notice">{escape(text)}</p>')


#: The most columns one table may have so it fits the width of an A4 portrait page; a wider
#: frame is split into several tables, each repeating the first (row header) column.
MAX_COLUMNS = 8


def table(frame: pd.DataFrame, caption: str, *, row_headers: bool = True) -> Html:
    """An accessible table: a caption, column headers with ``scope="col"`` and, when
    ``row_headers``, the first column as row headers with ``scope="row"``.

    A frame with more than :data:`MAX_COLUMNS` columns becomes several tables («del 1 av 2» in
    the caption, the same in bokmål and nynorsk), so nothing runs past the edge of a printed page.
    The frame's index is ignored: reset it into a column first if it carries meaning.
    """
    if len(frame.columns) > MAX_COLUMNS:
        rest = list(frame.columns[1:])
        size = MAX_COLUMNS - 1
        parts_count = -(-len(rest) // size)
        chunk = -(-len(rest) // parts_count)  # even parts: 13 columns → 7 + 6, not 7 + 7 + … + 1
        pieces = [rest[i:i + chunk] for i in range(0, len(rest), chunk)]
        return join([_one_table(frame[[frame.columns[0], *piece]],
                                f"{caption} (del {k} av {len(pieces)})", row_headers=row_headers)
                     for k, piece in enumerate(pieces, start=1)])
    return _one_table(frame, caption, row_headers=row_headers)


def _one_table(frame: pd.DataFrame, caption: str, *, row_headers: bool) -> Html:
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    columns = [str(c) for c in frame.columns]
    # An empty header cell names nothing to a screen reader: an unnamed column gets a plain cell.
    head = "".join(f'<th scope="col">{escape(c)}</th>' if c.strip() else "<td></td>" for c in columns)
    body_rows = []
    for row in frame.itertuples(index=False):
        cells = []
        for position, value in enumerate(row):
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else escape(value)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cls = ' class="num"' if numeric else ""
            if row_headers and position == 0 and text.strip():
                cells.append(f'<th scope="row">{text}</th>')
            else:
                cells.append(f"<td{cls}>{text}</td>")
        body_rows.append("<tr>" + "".join(cells) + "</tr>")
    # A wide table scrolls inside its wrapper; role, name and tabindex let a keyboard user
    # reach and scroll it (WCAG 2.1.1) and tell a screen reader what the region holds.
    return Html(
        f'<div class="table-wrap" role="region" aria-label="{escape(caption)}" tabindex="0"><table>'
        f"<caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body_rows)}</tbody></table></div>"
    )


def figure(data_uri: str, description: str, caption: str) -> Html:
    """An embedded image (a data: URI) with its description as alt text and a visible caption."""
    if not description.strip():
        raise ValueError("every figure needs a text description (alt text)")
    return Html(
        '<figure class="chart">'
        f'<img src="{escape(data_uri)}" alt="{escape(description)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )
