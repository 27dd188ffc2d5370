"""The cooperation map in a report: a heat-map matrix, the same figures as a table, and the change
since baseline (goal 1 of the Valdres project: a model for cross-sector cooperation).

Sections take the report context and the validated responses, keep the waves the gathering may
use, and show only what :func:`learning.survey.cooperation.protect_cooperation` lets through; that
is computed for every municipality and the network at once, so all reports hide the same cells.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from learning.charts import chart, new_figure
from learning.i18n import t
from learning.present import Html, heading, join, notice, paragraph, percent, points
from learning.present import table as html_table
from learning.privacy import MARK, Protected, explanation
from learning.reports.change_words import change_in_words
from learning.reports.common import wave_label
from learning.reports.context import ReportContext
from learning.survey import cooperation as data
from learning.survey import schema
from learning.survey.waves import responses_until, waves_until

# Black, not the charts' near-black: on the mid blues only black text reaches 4.5:1 (WCAG AA).
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"
HIDDEN_FILL = "#eeeeee"
NO_FIGURE = "–"  # no respondents of that service in that wave: no share exists
STRONGEST = 5  # links named in the description
# ColorBrewer «Blues»: one hue, light to dark, readable with every common colour-vision deficiency
# and in greyscale; the lightest end is near white, so a 0 % cell looks empty, as it is.
COLOURS = matplotlib.colormaps["Blues"]


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"cooperation.{key}", ctx.lang, **values)


def _service(ctx: ReportContext, code: str) -> str:
    return t(f"common.service.{code}", ctx.lang)


def place_label(ctx: ReportContext, place: str) -> str:
    """«Hele nettverket (<network>)» for the network (for Valdres: the region), else the name."""
    if place == data.NETWORK:
        return _t(ctx, "whole_network", network=ctx.network.name)
    return ctx.municipality_name(place)


def current_wave(ctx: ReportContext, responses: pd.DataFrame) -> str | None:
    """The latest wave the gathering may use that has answers (None when there are none)."""
    usable = responses_until(responses, ctx.network, ctx.gathering.id)
    present = set(usable["wave"])
    allowed = [w for w in waves_until(ctx.network, ctx.gathering.id) if w in present]
    return allowed[-1] if allowed else None


def protected_map(ctx: ReportContext, responses: pd.DataFrame, wave: str) -> Protected:
    """The map of one wave for every place at once (the same in every report)."""
    usable = responses_until(responses, ctx.network, ctx.gathering.id)
    frame = usable[usable["wave"] == wave]
    return data.protect_cooperation(frame, ctx.network.member_numbers, ctx.network.survey_min_group)


def _percent(value: object) -> str:
    if isinstance(value, str):
        return value
    return percent(float(value))  # type: ignore[arg-type]


def _shown(value: object) -> bool:
    return not isinstance(value, str) and value is not None and not pd.isna(value)


# --- the figure ------------------------------------------------------------------------------


def _contrast(colour: tuple[float, float, float], text: str) -> float:
    """WCAG contrast ratio between a cell colour and a text colour."""
    def luminance(rgb: tuple[float, float, float]) -> float:
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    a, b = luminance(colour), luminance(to_rgb(text))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def text_colour(share: float) -> str:
    """Dark text on light cells, white on dark ones: whichever has the higher contrast."""
    colour = to_rgb(COLOURS(share))
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda text: _contrast(colour, text))


def describe(ctx: ReportContext, place: str, shares: pd.DataFrame) -> str:
    """Alt text in plain words: the strongest links and who cooperated with nobody.

    Built only from shown cells, so no hidden figure can appear in it.
    """
    parts = [_t(ctx, "description_layout", place=place_label(ctx, place))]
    links = [(float(v), i, j) for i, service in enumerate(shares.index)
             for j, partner in enumerate(shares.columns)
             if _shown(v := shares.loc[service, partner]) and float(v) > 0]
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    if links:
        named = [_t(ctx, "description_link", service=_service(ctx, shares.index[i]),
                    partner=_service(ctx, shares.columns[j]), share=_percent(v))
                 for v, i, j in links[:STRONGEST]]
        parts.append(_t(ctx, "description_strongest", links="; ".join(named)))
    else:
        parts.append(_t(ctx, "description_no_links"))
    complete = [s for s in shares.index if all(_shown(v) for v in shares.loc[s])]
    nobody = [s for s in complete if all(float(v) == 0 for v in shares.loc[s])]
    if nobody:
        parts.append(_t(ctx, "description_nobody",
                        services=", ".join(_service(ctx, s) for s in nobody)))
    elif complete and links:
        parts.append(_t(ctx, "description_everybody"))
    unnamed = [p for p in shares.columns
               if all(_shown(v) and float(v) == 0 for v in shares[p])]
    if unnamed and links:
        parts.append(_t(ctx, "description_unnamed",
                        partners=", ".join(_service(ctx, p) for p in unnamed)))
    if (shares.astype(str) == MARK).to_numpy().any():
        parts.append(_t(ctx, "description_hidden", mark=MARK))
    return " ".join(parts)


def _row_label(ctx: ReportContext, service: str, size: object) -> str:
    return f"{_service(ctx, service)} (n = {size})"


def heatmap(ctx: ReportContext, place: str, shares: pd.DataFrame, sizes: pd.Series,
            caption: str) -> Html:
    """The matrix as a heat map: a percentage in each cell, hidden cells hatched with the mark."""
    rows, columns = list(shares.index), list(shares.columns)
    values = np.array([[float(v) if _shown(v) else np.nan for v in shares.loc[s]] for s in rows])
    with new_figure(9.5, 0.42 * len(rows) + 3.0) as (fig, ax):
        image = ax.imshow(np.ma.masked_invalid(values), cmap=COLOURS, vmin=0, vmax=1,
                          aspect="auto")
        for i, service in enumerate(rows):
            for j, partner in enumerate(columns):
                value = shares.loc[service, partner]
                if _shown(value):
                    ax.text(j, i, _percent(value), ha="center", va="center", fontsize=7.5,
                            color=text_colour(float(value)))
                else:
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=HIDDEN_FILL,
                                           edgecolor="#8c8c8c", hatch="///", linewidth=0))
                    ax.text(j, i, MARK, ha="center", va="center", fontsize=9,
                            fontweight="bold", color=DARK_TEXT)
        ax.set_xticks(range(len(columns)), [_service(ctx, c) for c in columns], rotation=45,
                      ha="right", rotation_mode="anchor", fontsize=8)
        ax.set_yticks(range(len(rows)), [_row_label(ctx, s, sizes[s]) for s in rows], fontsize=8)
        # white lines between cells, so neighbouring cells of equal colour stay apart
        ax.set_xticks(np.arange(-0.5, len(columns)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(_t(ctx, "axis_columns"))
        ax.set_ylabel(_t(ctx, "axis_rows"))
        bar = fig.colorbar(image, ax=ax, shrink=0.8, format=lambda x, _: f"{x * 100:.0f}")
        bar.set_label(_t(ctx, "colour_label"))
        return chart(fig, describe(ctx, place, shares), caption)


# --- sections --------------------------------------------------------------------------------


def matrix_table(ctx: ReportContext, shares: pd.DataFrame, sizes: pd.Series) -> pd.DataFrame:
    """The figures of the heat map as a table: one row per service, n, then one column per partner."""
    frame = pd.DataFrame({
        _t(ctx, "col_service"): [_service(ctx, s) for s in shares.index],
        _t(ctx, "col_n"): [sizes[s] for s in shares.index],
    })
    for partner in shares.columns:
        frame[_service(ctx, partner)] = [_percent(v) for v in shares[partner]]
    return frame


def map_section(ctx: ReportContext, responses: pd.DataFrame, place: str) -> Html:
    """The cooperation map of one place (a kommunenummer or ``NETWORK``) in the current wave."""
    label = place_label(ctx, place)
    parts = [heading(_t(ctx, "map_heading", place=label)), paragraph(_t(ctx, "map_intro"))]
    if place == data.NETWORK:
        parts.append(paragraph(_t(ctx, "network_intro")))
    wave = current_wave(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    shares, sizes = data.matrix(protected_map(ctx, responses, wave), place)
    if shares.empty or not shares.map(_shown).to_numpy().any():
        return join([*parts, paragraph(_t(ctx, "nothing_shown", place=label))])
    parts.append(heatmap(ctx, place, shares, sizes,
                         _t(ctx, "chart_caption", place=label, wave=wave_label(ctx.network, wave, ctx.lang))))
    shown = matrix_table(ctx, shares, sizes)
    parts.append(html_table(shown, _t(ctx, "table_caption", place=label, wave=wave_label(ctx.network, wave, ctx.lang))))
    if (shown.astype(str) == MARK).to_numpy().any():
        parts.append(notice(explanation(ctx.network.survey_min_group, ctx.lang)))
    return join(parts)


def _place(ctx: ReportContext) -> str:
    return ctx.municipality.number if ctx.municipality else data.NETWORK


def cooperation_map(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The report's own place: its municipality, or the whole network in a network report."""
    return map_section(ctx, responses, _place(ctx))


def network_map(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The whole network's map («also shown for the region as a whole» in a municipality report)."""
    return map_section(ctx, responses, data.NETWORK)


def _points(before: object, after: object) -> str:
    if before is None or after is None:  # nobody of the service answered in one wave
        return NO_FIGURE
    if not (_shown(before) and _shown(after)):
        return MARK
    return points(float(after) - float(before))  # type: ignore[arg-type]


def _change_words(ctx: ReportContext, row: object) -> str:
    """The change in words, from the shown shares and group sizes only (hidden: too few)."""
    before, after = row.share_from, row.share_to  # type: ignore[attr-defined]
    n_from, n_to = row.n_from, row.n_to  # type: ignore[attr-defined]
    if not (_shown(before) and _shown(after)) or isinstance(n_from, str) or isinstance(n_to, str):
        return t("change_words.too_few", ctx.lang)
    return change_in_words(round(float(before) * int(n_from)), int(n_from),
                           round(float(after) * int(n_to)), int(n_to),
                           min_n=ctx.network.survey_min_group, lang=ctx.lang)


def change_section(ctx: ReportContext, responses: pd.DataFrame, place: str) -> Html:
    """Per service × partner of one place: the share and n at baseline and in the current wave."""
    label = place_label(ctx, place)
    parts = [heading(_t(ctx, "change_heading", place=label))]
    wave = current_wave(ctx, responses)
    if wave is None or wave == schema.BASELINE:
        return join([*parts, paragraph(_t(ctx, "change_none"))])
    before = protected_map(ctx, responses, schema.BASELINE)
    after = protected_map(ctx, responses, wave)
    pairs = data.change(before, after, place)
    parts.append(paragraph(_t(ctx, "change_intro", from_wave=wave_label(ctx.network, schema.BASELINE, ctx.lang),
                                   to_wave=wave_label(ctx.network, wave, ctx.lang))))
    if pairs.empty:
        return join([*parts, paragraph(_t(ctx, "change_empty", place=label))])
    before_label = wave_label(ctx.network, schema.BASELINE, ctx.lang, short=True)
    now_label = wave_label(ctx.network, wave, ctx.lang, short=True)
    shown = pd.DataFrame({
        _t(ctx, "col_service"): [_service(ctx, s) for s in pairs["tjeneste"]],
        _t(ctx, "col_partner"): [_service(ctx, p) for p in pairs["partner"]],
        _t(ctx, "col_share_in", wave=before_label):
            [NO_FIGURE if v is None else _percent(v) for v in pairs["share_from"]],
        _t(ctx, "col_n_in", wave=before_label): pairs["n_from"].tolist(),
        _t(ctx, "col_share_in", wave=now_label):
            [NO_FIGURE if v is None else _percent(v) for v in pairs["share_to"]],
        _t(ctx, "col_n_in", wave=now_label): pairs["n_to"].tolist(),
        _t(ctx, "col_change"): [_points(a, b) for a, b in
                                zip(pairs["share_from"], pairs["share_to"], strict=True)],
        t("change_words.column", ctx.lang): [
            _change_words(ctx, row) for row in pairs.itertuples(index=False)],
    })
    caption = _t(ctx, "change_caption", place=label, from_wave=wave_label(ctx.network, schema.BASELINE, ctx.lang),
                 to_wave=wave_label(ctx.network, wave, ctx.lang))
    parts.append(html_table(shown, caption))
    if (shown.astype(str) == MARK).to_numpy().any():
        parts.append(notice(explanation(ctx.network.survey_min_group, ctx.lang)))
    return join(parts)


def cooperation_change(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Change since baseline for the report's own place (municipality, or the network)."""
    return change_section(ctx, responses, _place(ctx))


def network_change(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Change since baseline for the whole network."""
    return change_section(ctx, responses, data.NETWORK)
