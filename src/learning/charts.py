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

from learning.present import Html, figure

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision
# deficiencies. Each has at least 3:1 contrast against white except yellow, which is not used
# for anything that must be read.
PALETTE = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "black": "#000000",
    "grey": "#595959",
}
SERIES = ["blue", "vermillion", "green", "purple", "orange", "sky"]
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


def to_png_base64(fig: Figure) -> str:
    """PNG bytes of a figure, identical for identical figures (no timestamp or version in it)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def chart(fig: Figure, description: str, caption: str) -> Html:
    """A finished figure for a report: embedded PNG, description as alt text, caption below."""
    return figure(to_png_base64(fig), description, caption)
