"""Matplotlib figures with a colour-blind-safe palette, and a text description for each.

A chart never relies on colour alone: series also differ by hatch or marker, and values that
matter are written on the chart or in its description.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import matplotlib

matplotlib.use("Agg")  # reports are rendered without a screen
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from learning.present import Html, figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Contrast against the white background (WCAG 1.4.11 asks 3:1 for graphics that
# carry meaning, 1.4.3 asks 4.5:1 for text): blue 5.2, vermillion 3.9, green 4.9, purple 3.1,
# grey 7.0, black 21. Okabe-Ito's bluish green (#009E73, 3.4:1) is darkened to the same hue so it
# can also colour a text label. Orange (2.3:1) and sky blue (2.3:1) are too light for a bar or line
# on white: they are not in SERIES and serve only as fills behind a dark outline.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#00805E",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "black": "#000000",
    "grey": "#595959",
}
SERIES = ["blue", "vermillion", "green", "purple", "grey", "black"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++"]
MARKERS = ["o", "s", "^", "D", "v", "P"]

_STYLE: dict[RcKeyType, Any] = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=[PALETTE[c] for c in SERIES]),
    "text.color": "#1a1a1a",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "svg.hashsalt": "learning",
}


@contextmanager
def new_figure(width: float = 7.0, height: float = 3.2) -> Iterator[tuple[Figure, plt.Axes]]:
    """A figure in the project's style; closed afterwards so nothing leaks between reports."""
    with matplotlib.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
        try:
            yield fig, ax
        finally:
            plt.close(fig)


# Charts are embedded as SVG: vector text and lines stay sharp on screen and on paper at any
# zoom, and writing SVG costs a third of rasterising, quantising and compressing a PNG (measured
# in benchmarks/figures.py). Text stays text (fonttype none), so the browser draws it with the
# font below; DejaVu Sans is matplotlib's own, Verdana has near-identical widths.
_SVG_STYLE: dict[RcKeyType, Any] = {"svg.fonttype": "none", "svg.hashsalt": "learning", "path.simplify": True}
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_FONT_RULE = "text{font-family:'DejaVu Sans',Verdana,sans-serif}"
_DECIMALS = 2  # coordinates in points: a hundredth of a point is far below what a screen or printer shows
_SVG_SAFE = " /:;=,.()-_!*~+@$?[]{}|"  # left as they are in the data: URI; the rest is %-escaped


def _shorter_number(match: re.Match[str]) -> str:
    return f"{float(match.group()):.{_DECIMALS}f}".rstrip("0").rstrip(".")


def to_svg(fig: Figure) -> str:
    """Minified SVG of a figure, identical for identical figures (no date, fixed ids).

    Drops the XML prologue, matplotlib's layout comments and group ids that nothing refers to,
    writes the font once in a style rule instead of on every label, and rounds coordinates.
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context(_SVG_STYLE):
        fig.savefig(buffer, format="svg", metadata=_SVG_METADATA, facecolor="white")
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.DOTALL)
    svg = re.sub(r' id="[A-Za-z.]+_\d+"', "", svg)  # figure_1, patch_3 …; referenced ids are hashes
    svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)
    opening = svg.index(">") + 1
    svg = f"{svg[:opening]}<style>{_FONT_RULE}</style>{svg[opening:]}"
    svg = re.sub(r"\d+\.\d{3,}", _shorter_number, svg)
    svg = re.sub(r">\s+<", "><", svg)
    return re.sub(r"\s*\n\s*", " ", svg).strip()


def svg_data_uri(svg: str) -> str:
    """The SVG as a data: URI, %-escaped (a third smaller than base64 for SVG's text)."""
    return "data:image/svg+xml," + quote(svg, safe=_SVG_SAFE)


def chart(fig: Figure, description: str, caption: str) -> Html:
    """A finished figure for a report: embedded SVG, description as alt text, caption below."""
    return figure(svg_data_uri(to_svg(fig)), description, caption)
