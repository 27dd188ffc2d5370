"""Matplotlib figures with a colour-blind-safe palette, and a text description for each.

A chart never relies on colour alone: series also differ by hatch or marker, and values that
matter are written on the chart or in its description.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # reports are rendered without a screen
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

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

_STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=[PALETTE[c] for c in SERIES]),
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


PNG_COLOURS = 64  # a chart has a few flat colours plus anti-aliased edges; 64 keep text crisp


def to_png_base64(fig: Figure) -> str:
    """PNG bytes of a figure, identical for identical figures (no timestamp or version in it).

    Reduced to a 64-colour palette without dithering: a third of the size of matplotlib's RGBA
    PNG and indistinguishable for flat charts, so a report with many figures stays small enough
    to send by e-mail.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    buffer.seek(0)
    with Image.open(buffer) as image:
        reduced = image.convert("RGB").quantize(colors=PNG_COLOURS, method=Image.Quantize.MEDIANCUT,
                                                dither=Image.Dither.NONE)
    small = io.BytesIO()
    reduced.save(small, format="PNG", optimize=True)
    return base64.b64encode(small.getvalue()).decode("ascii")


def chart(fig: Figure, description: str, caption: str) -> Html:
    """A finished figure for a report: embedded PNG, description as alt text, caption below."""
    return figure(to_png_base64(fig), description, caption)
