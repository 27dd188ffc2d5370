"""The cooperation map in a report: a heat-map matrix, the same figures as a table, and the change
since baseline (goal 1 of the Valdres project: a model for cross-sector cooperation).

Sections take the report context and the validated responses, keep the waves the gathering may
use, and print each figure as the wave's publication decides
(:func:`learning.reports.survey.publication`): protected and audited for every municipality, the
network and every report at once, so all reports show the same thing. A service's respondents are
its group: the map's shares are of every respondent of the service.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from learning.charts import chart, new_figure
from learning.disclosure import publication as pub
from learning.disclosure.publication import WavePublication
from learning.disclosure.shown import MARK, NOTHING
from learning.i18n import Lang, t
from learning.present import Html, heading, join, paragraph, points
from learning.present import table as html_table
from learning.reports.change_words import change_in_words
from learning.reports.common import wave_label
from learning.reports.context import ReportContext
from learning.reports.survey import privacy_note, publication
from learning.survey import schema
from learning.survey.memo import by_content
from learning.survey.service_groups import group_label_key, is_group
from learning.survey.waves import responses_until, waves_until

# Black, not the charts' near-black: on the mid blues only black text reaches 4.5:1 (WCAG AA).
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"
HIDDEN_FILL = "#eeeeee"
NO_FIGURE = NOTHING  # no respondents of that service in that wave: no share exists
NETWORK = pub.NETWORK
STRONGEST = 5  # links named in the description
# ColorBrewer «Blues»: one hue, light to dark, readable with every common colour-vision deficiency
# and in greyscale; the lightest end is near white, so a 0 % cell looks empty, as it is.
COLOURS = matplotlib.colormaps["Blues"]


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"cooperation.{key}", ctx.lang, **values)


def _service(ctx: ReportContext, code: str) -> str:
    return _service_label(ctx.lang, code)


def _service_label(lang: Lang, code: str) -> str:
    if is_group(code):
        return t(group_label_key(code), lang)
    return t(f"common.service.{code}", lang)


def place_label(ctx: ReportContext, place: str) -> str:
    """«Hele nettverket (<network>)» for the network (for Valdres: the region), else the name."""
    if place == NETWORK:
        return _t(ctx, "whole_network", network=ctx.network.name)
    return ctx.municipality_name(place)


def current_wave(ctx: ReportContext, responses: pd.DataFrame) -> str | None:
    """The latest wave the gathering may use that has answers (None when there are none)."""
    usable = responses_until(responses, ctx.network, ctx.gathering.id)
    present = set(usable["wave"])
    allowed = [w for w in waves_until(ctx.network, ctx.gathering.id) if w in present]
    return allowed[-1] if allowed else None


@dataclass(frozen=True)
class PlaceMap:
    """One place's map as published: per service its respondents, per service × partner the
    printed share, the value to colour (NaN where nothing is shown) and whether it is exact."""

    sizes: pd.Series  # service → printed n
    text: pd.DataFrame  # services × partners → printed share
    value: pd.DataFrame  # services × partners → 0–1 (a band: its lower end), NaN when not shown
    exact: pd.DataFrame  # services × partners → shown exactly


def map_rows(published: WavePublication, place: str) -> list[str]:
    """A row per service with at least ``min_n`` respondents in the place (a member or the
    network), then its smaller services taken together (alone each could show nothing): by
    family where that reaches twice ``min_n``, the rest as «other services»."""
    q = published.quantities
    rows = [s for s in q.services if q.value[pub.service_of(place, s)] >= published.min_n]
    return [*rows, *grouped_services(published, place)]


def grouped_services(published: WavePublication, place: str) -> dict[str, tuple[str, ...]]:
    """A place's group rows → the services each takes together (:mod:`~learning.survey.service_groups`)."""
    # Read from the wave's sums (the counts decided them), not decided a second time here.
    return {total[2]: tuple(part[2] for part in parts) for parts, total in published.quantities.sums
            if total[0] == "S" and total[1] == place and is_group(total[2])}


def place_map(ctx: ReportContext, published: WavePublication, place: str) -> PlaceMap:
    """The map of ``place`` in the wave of ``published`` (rows: :func:`map_rows`)."""
    services = map_rows(published, place)
    partners = list(schema.COOPERATION_OPTIONS)
    text = pd.DataFrame(index=services, columns=partners, dtype=object)
    value = pd.DataFrame(np.nan, index=services, columns=partners)
    exact = pd.DataFrame(False, index=services, columns=partners)
    for service in services:
        for partner in partners:
            key = pub.link_of(place, service, partner)
            text.loc[service, partner] = published.share_text(key, ctx.lang)
            shown = published.shown[key]
            if not shown.hidden and text.loc[service, partner] != NO_FIGURE:
                value.loc[service, partner] = published.share_for_chart(key)
                exact.loc[service, partner] = shown.exact
    sizes = pd.Series({s: published.size_text(pub.service_of(place, s), ctx.lang) for s in services},
                      dtype=object)
    return PlaceMap(sizes, text, value, exact)


def _map_keys(published: WavePublication, place: str) -> list[pub.Key]:
    services = map_rows(published, place)
    return [*(pub.service_of(place, s) for s in services),
            *(pub.link_of(place, s, p) for s in services for p in schema.COOPERATION_OPTIONS)]


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


def describe(ctx: ReportContext, place: str, shown: PlaceMap) -> str:
    """Alt text in plain words: the strongest links and who cooperated with nobody.

    Built only from what the map prints, so no hidden figure can appear in it.
    """
    parts = [_t(ctx, "description_layout", place=place_label(ctx, place))]
    services, partners = list(shown.text.index), list(shown.text.columns)
    links = [(float(shown.value.iloc[i, j]), i, j) for i in range(len(services))
             for j in range(len(partners))
             if not pd.isna(shown.value.iloc[i, j]) and float(shown.value.iloc[i, j]) > 0]
    links.sort(key=lambda link: (-link[0], link[1], link[2]))
    if links:
        named = [_t(ctx, "description_link", service=_service(ctx, services[i]),
                    partner=_service(ctx, partners[j]), share=shown.text.iloc[i, j])
                 for _, i, j in links[:STRONGEST]]
        parts.append(_t(ctx, "description_strongest", links="; ".join(named)))
    else:
        parts.append(_t(ctx, "description_no_links"))

    def exact_zero(service: str, partner: str) -> bool:
        return bool(shown.exact.loc[service, partner]) and float(shown.value.loc[service, partner]) == 0

    nobody = [s for s in services if all(exact_zero(s, p) for p in partners)]
    complete = [s for s in services if all(bool(shown.exact.loc[s, p]) for p in partners)]
    if nobody:
        parts.append(_t(ctx, "description_nobody",
                        services=", ".join(_service(ctx, s) for s in nobody)))
    elif complete and links:
        parts.append(_t(ctx, "description_everybody"))
    unnamed = [p for p in partners if all(exact_zero(s, p) for s in services)]
    if unnamed and links:
        parts.append(_t(ctx, "description_unnamed",
                        partners=", ".join(_service(ctx, p) for p in unnamed)))
    if (shown.text == MARK).to_numpy().any():
        parts.append(_t(ctx, "description_hidden", mark=MARK))
    return " ".join(parts)


def heatmap(ctx: ReportContext, place: str, shown: PlaceMap, caption: str) -> Html:
    """The matrix as a heat map: the printed share in each cell (a band coloured by its lower
    end), hidden cells hatched with the mark. Drawn once per render run for the same figures (the
    network's map is the same in every member's report of a gathering)."""
    return _drawn_heatmap(ctx.lang, shown.text, shown.value, tuple(shown.sizes.items()),
                          describe(ctx, place, shown), caption)


@by_content
def _drawn_heatmap(lang: Lang, text: pd.DataFrame, value: pd.DataFrame, sizes: tuple[tuple[str, object], ...],
                   description: str, caption: str) -> Html:
    rows, columns = list(text.index), list(text.columns)
    size_of = dict(sizes)
    values = value.to_numpy(dtype=float)

    with new_figure(9.5, 0.42 * len(rows) + 3.0) as (fig, ax):
        image = ax.imshow(np.ma.masked_invalid(values), cmap=COLOURS, vmin=0, vmax=1,
                          aspect="auto")
        for i, service in enumerate(rows):
            for j, partner in enumerate(columns):
                cell = str(text.loc[service, partner])
                if not np.isnan(values[i, j]):
                    # a band («høyst 50 %») on two lines, so it stays inside its cell
                    ax.text(j, i, cell if len(cell) < 7 else cell.replace(" ", "\n", 1), ha="center",
                            va="center", fontsize=7.5 if len(cell) < 7 else 6.5, linespacing=0.95,
                            color=text_colour(float(values[i, j])))
                elif cell == MARK:
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=HIDDEN_FILL,
                                           edgecolor="#8c8c8c", hatch="///", linewidth=0))
                    ax.text(j, i, MARK, ha="center", va="center", fontsize=9,
                            fontweight="bold", color=DARK_TEXT)
                else:
                    ax.text(j, i, cell, ha="center", va="center", fontsize=7.5, color=DARK_TEXT)
        ax.set_xticks(range(len(columns)), [_service_label(lang, c) for c in columns], rotation=45,
                      ha="right", rotation_mode="anchor", fontsize=8)
        ax.set_yticks(range(len(rows)), [f"{_service_label(lang, s)} (n = {size_of[s]})" for s in rows], fontsize=8)
        # white lines between cells, so neighbouring cells of equal colour stay apart
        ax.set_xticks(np.arange(-0.5, len(columns)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel(t("cooperation.axis_columns", lang))
        ax.set_ylabel(t("cooperation.axis_rows", lang))
        bar = fig.colorbar(image, ax=ax, shrink=0.8, format=lambda x, _: f"{x * 100:.0f}")
        bar.set_label(t("cooperation.colour_label", lang))
        return chart(fig, description, caption)


# --- sections --------------------------------------------------------------------------------


def matrix_table(ctx: ReportContext, shown: PlaceMap) -> pd.DataFrame:
    """The figures of the heat map as a table: one row per service, n, then one column per partner."""
    frame = pd.DataFrame({
        _t(ctx, "col_service"): [_service(ctx, s) for s in shown.text.index],
        _t(ctx, "col_n"): [shown.sizes[s] for s in shown.text.index],
    })
    for partner in shown.text.columns:
        frame[_service(ctx, partner)] = shown.text[partner].tolist()
    return frame


def map_section(ctx: ReportContext, responses: pd.DataFrame, place: str) -> Html:
    """The cooperation map of one place (a kommunenummer or ``NETWORK``) in the current wave."""
    label = place_label(ctx, place)
    parts = [heading(_t(ctx, "map_heading", place=label)), paragraph(_t(ctx, "map_intro"))]
    if place == NETWORK:
        parts.append(paragraph(_t(ctx, "network_intro")))
    wave = current_wave(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    published = publication(ctx, responses, wave)
    shown = place_map(ctx, published, place)
    if shown.text.empty or shown.value.isna().to_numpy().all():
        return join([*parts, paragraph(_t(ctx, "nothing_shown", place=label)),
                     privacy_note(ctx, marks=False, bands=False,
                                  left_out=published.left_out if place == NETWORK else (),
                                  min_n=published.min_n)])
    parts.append(heatmap(ctx, place, shown,
                         _t(ctx, "chart_caption", place=label, wave=wave_label(ctx.network, wave, ctx.lang))))
    parts.append(html_table(matrix_table(ctx, shown),
                            _t(ctx, "table_caption", place=label, wave=wave_label(ctx.network, wave, ctx.lang))))
    for group, services in grouped_services(published, place).items():
        parts.append(paragraph(_t(ctx, "group_services_are", group=_service(ctx, group),
                                  min_n=published.min_n,
                                  services=", ".join(_service(ctx, s) for s in services))))
    keys = _map_keys(published, place)
    parts.append(privacy_note(ctx, marks=published.has_marks(keys), bands=published.has_bands(keys),
                              left_out=published.left_out if place == NETWORK else (),
                              min_n=published.min_n))
    return join(parts)


def _place(ctx: ReportContext) -> str:
    return ctx.municipality.number if ctx.municipality else NETWORK


def cooperation_map(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The report's own place: its municipality, or the whole network in a network report."""
    return map_section(ctx, responses, _place(ctx))


def network_map(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The whole network's map («also shown for the region as a whole» in a municipality report)."""
    return map_section(ctx, responses, NETWORK)


def _change_rows(before: WavePublication, after: WavePublication, place: str) -> list[tuple[str, str]]:
    """The service × partner pairs worth a row: a share above 0 shown in either wave (the rest
    shows nothing but zeros and marks)."""
    services = [s for s in schema.SERVICES
                if s in before.quantities.services or s in after.quantities.services]
    pairs = []
    for service in services:
        for partner in schema.COOPERATION_OPTIONS:
            key = pub.link_of(place, service, partner)
            if any(key in p.shown and p.share_for_chart(key) > 0 for p in (before, after)):
                pairs.append((service, partner))
    return pairs


def change_section(ctx: ReportContext, responses: pd.DataFrame, place: str) -> Html:
    """Per service × partner of one place: the share and n at baseline and in the current wave;
    the change where both waves' figures are exact (the audit counts those as known)."""
    label = place_label(ctx, place)
    parts = [heading(_t(ctx, "change_heading", place=label))]
    wave = current_wave(ctx, responses)
    if wave is None or wave == schema.BASELINE:
        return join([*parts, paragraph(_t(ctx, "change_none"))])
    before, after = publication(ctx, responses, schema.BASELINE), publication(ctx, responses, wave)
    pairs = _change_rows(before, after, place)
    parts.append(paragraph(_t(ctx, "change_intro", from_wave=wave_label(ctx.network, schema.BASELINE, ctx.lang),
                                   to_wave=wave_label(ctx.network, wave, ctx.lang))))
    if not pairs:
        return join([*parts, paragraph(_t(ctx, "change_empty", place=label))])
    before_label = wave_label(ctx.network, schema.BASELINE, ctx.lang, short=True)
    now_label = wave_label(ctx.network, wave, ctx.lang, short=True)
    lang = ctx.lang
    rows, keys = [], []
    for service, partner in pairs:
        key, size = pub.link_of(place, service, partner), pub.service_of(place, service)
        keys += [key, size]
        known = before.known(key) and after.known(key)
        counts = [(p.quantities.value.get(key, 0), p.quantities.value.get(size, 0)) for p in (before, after)]
        empty = any(n == 0 for _, n in counts)
        if empty and known:
            change, words = NO_FIGURE, t("change_words.too_few", lang)
        elif known:
            (c0, n0), (c1, n1) = counts
            change = points(c1 / n1 - c0 / n0)
            words = change_in_words(c0, n0, c1, n1, min_n=before.min_n, lang=lang)
        else:
            change, words = MARK, t("change_words.too_few", lang)
        rows.append({
            _t(ctx, "col_service"): _service(ctx, service),
            _t(ctx, "col_partner"): _service(ctx, partner),
            _t(ctx, "col_share_in", wave=before_label): before.share_text(key, lang),
            _t(ctx, "col_n_in", wave=before_label): before.size_text(size, lang),
            _t(ctx, "col_share_in", wave=now_label): after.share_text(key, lang),
            _t(ctx, "col_n_in", wave=now_label): after.size_text(size, lang),
            _t(ctx, "col_change"): change,
            t("change_words.column", lang): words,
        })
    caption = _t(ctx, "change_caption", place=label, from_wave=wave_label(ctx.network, schema.BASELINE, ctx.lang),
                 to_wave=wave_label(ctx.network, wave, ctx.lang))
    parts.append(html_table(pd.DataFrame(rows), caption))
    left_out = tuple(dict.fromkeys((*before.left_out, *after.left_out))) if place == NETWORK else ()
    parts.append(privacy_note(ctx, marks=any(not (before.known(k) and after.known(k)) for k in keys),
                              bands=before.has_bands(keys) or after.has_bands(keys),
                              left_out=left_out, min_n=after.min_n))
    return join(parts)


def cooperation_change(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Change since baseline for the report's own place (municipality, or the network)."""
    return change_section(ctx, responses, _place(ctx))


def network_change(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Change since baseline for the whole network."""
    return change_section(ctx, responses, NETWORK)
