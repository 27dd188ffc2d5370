"""Survey sections of a report: participation, practice, change since baseline, system items.

Each section takes the report context and the validated responses, keeps only the waves the
gathering may use (:func:`learning.survey.waves.responses_until`), and prints every figure as the
wave's publication decides (:mod:`learning.disclosure.publication`): protected and audited over
all municipalities, the network and every report at once, so no two reports together give a
hidden figure back. Where an exact figure cannot be shown the report shows a band («minst 70 %»,
«10–14»); what the mark and the bands mean is said once under each table that has one.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from learning.charts import HATCHES, PALETTE, chart, new_figure
from learning.disclosure import publication as pub
from learning.disclosure.pooled import Pool, member_pools, pool_place, pools_by_gathering
from learning.disclosure.publication import WavePublication
from learning.disclosure.shown import MARK, NOTHING
from learning.i18n import t
from learning.present import Html, heading, join, notice, paragraph, points
from learning.present import table as html_table
from learning.reports.change_words import interval_in_words
from learning.reports.common import wave_label, waves_label
from learning.reports.context import ReportContext
from learning.survey import aggregate, schema
from learning.survey.waves import responses_until, waves_until

NETWORK = pub.NETWORK  # the whole network's row beside the municipalities' rows
Aggregator = Callable[..., pd.DataFrame]


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"survey.{key}", ctx.lang, **values)


def _usable(ctx: ReportContext, responses: pd.DataFrame) -> pd.DataFrame:
    return responses_until(responses, ctx.network, ctx.gathering.id)


def current_wave(ctx: ReportContext, responses: pd.DataFrame) -> str | None:
    """The latest wave this gathering may use that has answers (None when there are none)."""
    present = set(_usable(ctx, responses)["wave"]) if "wave" in responses.columns else set()
    allowed = [w for w in waves_until(ctx.network, ctx.gathering.id) if w in present]
    return allowed[-1] if allowed else None


def publication(ctx: ReportContext, responses: pd.DataFrame, wave: str) -> WavePublication:
    """How every figure of the wave is published (the same for every report of the network)."""
    frame = _usable(ctx, responses)
    network = ctx.network
    return pub.wave_publication(frame[frame["wave"] == wave], wave, tuple(network.member_numbers),
                                network.survey_min_group, network.survey_protection_interval)


def _note(ctx: ReportContext, published: WavePublication, keys: list[pub.Key],
          places: list[str] | None = None) -> Html:
    """Under a table: what the mark and the bands mean (when it has any), and which members the
    network's figures leave out (when the table shows the network)."""
    shows_network = NETWORK in (places if places is not None else [k[1] for k in keys])
    return privacy_note(ctx, marks=published.has_marks(keys), bands=published.has_bands(keys),
                        left_out=published.left_out if shows_network else (), min_n=published.min_n)


def privacy_note(ctx: ReportContext, *, marks: bool, bands: bool, left_out: tuple[str, ...],
                 min_n: int) -> Html:
    """The note under a table: the mark and the bands explained (when it has them), the members
    the network's figures leave out named."""
    sentences = []
    if marks:
        sentences.append(t("privacy.explanation", ctx.lang, mark=MARK, min_n=min_n))
    if bands:
        sentences.append(t("privacy.bands", ctx.lang, min_n=min_n, min_n_less=min_n - 1))
    if left_out:
        names = ", ".join(ctx.municipality_name(m) for m in left_out)
        sentences.append(t("privacy.left_out", ctx.lang, places=names, min_n=min_n))
    return notice(" ".join(sentences)) if sentences else Html("")


def _place_code(ctx: ReportContext) -> str:
    return ctx.municipality.number if ctx.municipality else NETWORK


def participation(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Respondents per member municipality and in the network, in the current wave."""
    parts = [heading(_t(ctx, "participation_heading"))]
    wave = current_wave(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    published = publication(ctx, responses, wave)
    members = ctx.network.member_numbers
    keys = [pub.respondents_of(p) for p in [*members, NETWORK]]
    names = [f"{m} {ctx.municipality_name(m)}" for m in members] + [_t(ctx, "network")]
    shown = pd.DataFrame({_t(ctx, "col_municipality"): names,
                          _t(ctx, "col_responses"): [published.size_text(k, ctx.lang) for k in keys]})
    parts.append(html_table(shown, _t(ctx, "participation_caption", wave=wave_label(ctx.network, wave, ctx.lang))))
    parts.append(_note(ctx, published, keys))
    parts.append(too_few_sentence(ctx, published, pooled_view(ctx, responses)))
    return join(parts)


def too_few_sentence(ctx: ReportContext, published: WavePublication,
                     pooled: tuple[Pool, WavePublication] | None = None) -> Html:
    """For a municipality whose own group is under the minimum: why it sees no results of its own
    for the wave and what would let it (without saying how many answered: that is protected too),
    or, when its small waves are shown together, which waves and how many answers in all."""
    if ctx.municipality is None or ctx.municipality.number not in published.left_out:
        return Html("")
    if pooled is None:
        return notice(t("privacy.too_few_own", ctx.lang, place=ctx.place, min_n=published.min_n))
    pool, pools = pooled
    size = pools.size_text(pub.respondents_of(pool_place(pool)), ctx.lang)
    return notice(t("privacy.too_few_own_pooled", ctx.lang, place=ctx.place, min_n=published.min_n,
                    waves=waves_label(ctx.network, pool, ctx.lang), size=size))


def pooled_view(ctx: ReportContext, responses: pd.DataFrame) -> tuple[Pool, WavePublication] | None:
    """The municipality's small waves this gathering shows together, with how every pool of it
    is published (None: its current wave is shown on its own, or there is nothing to pool)."""
    if ctx.municipality is None:
        return None
    number = ctx.municipality.number
    pool = pools_by_gathering(ctx.network, responses, number).get(ctx.gathering.id)
    pools = member_pools(ctx.network, responses, number, until=ctx.gathering.id) if pool else None
    return (pool, pools) if pool and pools else None


def _pooled_table(ctx: ReportContext, responses: pd.DataFrame, items: tuple[str, ...], key: str) -> Html:
    """The municipality's own results from its small waves together (when this gathering shows
    them): share and n per item, with what the marks and bands mean."""
    pooled = pooled_view(ctx, responses)
    if pooled is None:
        return Html("")
    pool, pools = pooled
    place, lang = pool_place(pool), ctx.lang
    shares = [pub.share_of(place, item) for item in items]
    sizes = [pub.valid_of(place, item) for item in items]
    shown = pd.DataFrame({
        _t(ctx, "col_item"): [_t(ctx, f"item.{i}") for i in items],
        ctx.place: [pools.share_text(k, lang) for k in shares],
        f"{ctx.place}, {_t(ctx, 'col_n')}": [pools.size_text(k, lang) for k in sizes],
    })
    waves = waves_label(ctx.network, pool, lang)
    caption = _t(ctx, "pooled_caption", place=ctx.place, waves=waves, theme=_t(ctx, f"{key}_heading"))
    return join([paragraph(t("privacy.pooled_intro", lang, place=ctx.place, waves=waves,
                             min_n=pools.min_n)),
                 html_table(shown, caption), _note(ctx, pools, [*shares, *sizes], [place])])


def _side_by_side(
    ctx: ReportContext, responses: pd.DataFrame, items: tuple[str, ...], wave: str
) -> tuple[pd.DataFrame, WavePublication, list[pub.Key]]:
    """Per item: the place's share and n, and the network's, as published (text, and the
    value a chart draws)."""
    published = publication(ctx, responses, wave)
    place = _place_code(ctx)
    lang = ctx.lang
    rows, keys = [], []
    for item in items:
        own, net = pub.share_of(place, item), pub.share_of(NETWORK, item)
        keys += [own, pub.valid_of(place, item), net, pub.valid_of(NETWORK, item)]
        rows.append({
            "item": item,
            "place_share": published.share_text(own, lang),
            "place_value": published.share_for_chart(own),
            "place_n": published.size_text(pub.valid_of(place, item), lang),
            "network_share": published.share_text(net, lang),
            "network_value": published.share_for_chart(net),
            "network_n": published.size_text(pub.valid_of(NETWORK, item), lang),
        })
    return pd.DataFrame(rows), published, keys


def _items_table(ctx: ReportContext, side: pd.DataFrame) -> pd.DataFrame:
    place = ctx.place
    columns = {
        _t(ctx, "col_item"): [_t(ctx, f"item.{i}") for i in side["item"]],
        place: side["place_share"].tolist(),
        f"{place}, {_t(ctx, 'col_n')}": side["place_n"].tolist(),
    }
    if ctx.municipality is not None:
        columns[_t(ctx, "network")] = side["network_share"].tolist()
        columns[f"{_t(ctx, 'network')}, {_t(ctx, 'col_n')}"] = side["network_n"].tolist()
    return pd.DataFrame(columns)


def _bar_chart(ctx: ReportContext, side: pd.DataFrame) -> Html:
    """Horizontal bars per item: the place solid, the network hatched (not colour alone). A band
    is drawn to its lower end and labelled with the band («minst 70 %»)."""
    labels = [_t(ctx, f"item.{i}") for i in side["item"]]
    series = [(ctx.place, side["place_value"], side["place_share"], PALETTE["blue"], HATCHES[0])]
    if ctx.municipality is not None:
        series.append((_t(ctx, "network"), side["network_value"], side["network_share"],
                       PALETTE["vermillion"], "//"))
    positions = np.arange(len(labels))
    height = 0.8 / len(series)
    with new_figure(7.0, 0.45 * len(labels) + 1.2) as (fig, ax):
        for k, (name, values, texts, colour, hatch) in enumerate(series):
            offsets = positions + (k - (len(series) - 1) / 2) * height
            bars = ax.barh(offsets, [100 * float(v) for v in values], height=height, color=colour,
                           hatch=hatch, edgecolor="white" if not hatch else "#1a1a1a", label=name)
            ax.bar_label(bars, labels=list(texts), padding=2, fontsize=8)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 110)
        ax.set_xlabel(_t(ctx, "practice_chart_title"))
        ax.legend(loc="lower right", frameon=False)
        values = "; ".join(
            f"{label}: " + ", ".join(f"{name} {texts.iloc[i]}" for name, _, texts, *_ in series)
            for i, label in enumerate(labels)
        )
        description = _t(ctx, "practice_description", place=ctx.place, values=values)
        return chart(fig, description, _t(ctx, "practice_chart_title"))


def _items_section(
    ctx: ReportContext, responses: pd.DataFrame, items: tuple[str, ...], key: str, *, with_chart: bool
) -> Html:
    """One family of items for the place beside the network: intro, optional chart, table, note."""
    parts = [heading(_t(ctx, f"{key}_heading"))]
    wave = current_wave(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    side, published, keys = _side_by_side(ctx, responses, items, wave)
    if ctx.municipality is None:
        keys = [k for k in keys if k[1] == NETWORK]
    shown = _items_table(ctx, side)
    chart_part = [_bar_chart(ctx, side)] if with_chart else []
    return join([
        *parts, paragraph(_t(ctx, f"{key}_intro")),
        *([paragraph(_t(ctx, "practice_note"))] if key == "practice" else []), *chart_part,
        html_table(shown, _t(ctx, f"{key}_caption", place=ctx.place, wave=wave_label(ctx.network, wave, ctx.lang))),
        _note(ctx, published, keys), _own_too_few(ctx, responses, published, items, key),
    ])


def _own_too_few(ctx: ReportContext, responses: pd.DataFrame, published: WavePublication,
                 items: tuple[str, ...], key: str) -> Html:
    """Under a section's table, for a municipality left out of the wave: its small waves together
    when this gathering shows them, else the sentence saying why it sees nothing of its own."""
    if ctx.municipality is None or ctx.municipality.number not in published.left_out:
        return Html("")
    pooled = _pooled_table(ctx, responses, items, key)
    return pooled if pooled.markup else too_few_sentence(ctx, published)


def practice(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Practice items for the municipality beside the network: a table and a bar chart."""
    return _items_section(ctx, responses, schema.PRACTICE_ITEMS, "practice", with_chart=True)


def system(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """System items (share «yes», don't know in the denominator) beside the network."""
    return _items_section(ctx, responses, schema.SYSTEM_ITEMS, "system", with_chart=False)


def confidence(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Confidence items (share «enig» or «helt enig») beside the network."""
    return _items_section(ctx, responses, schema.CONFIDENCE_ITEMS, "confidence", with_chart=False)


def change_since_baseline(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Practice items: baseline and current share, the change and its 95 % interval. The change
    is worked out only where both waves' figures are exact for the place (the audit already counts
    those as known); elsewhere the row shows the two published shares and the mark."""
    parts = [heading(_t(ctx, "change_heading"))]
    wave = current_wave(ctx, responses)
    if wave is None or wave == schema.BASELINE:
        return join([*parts, paragraph(_t(ctx, "change_none"))])
    before, after = publication(ctx, responses, schema.BASELINE), publication(ctx, responses, wave)
    frame = _usable(ctx, responses)
    place = _place_code(ctx)
    if ctx.municipality is None:  # the network's figures count the members each wave counts
        place_rows = pd.concat([before.counted(frame[frame["wave"] == schema.BASELINE]),
                                after.counted(frame[frame["wave"] == wave])])
    else:
        place_rows = frame[frame["kommune"] == place]
    rows, keys = [], []
    for item in schema.PRACTICE_ITEMS:
        share = pub.share_of(place, item)
        keys.append(share)
        known = before.known(share) and after.known(share)
        result = aggregate.change(place_rows, item, schema.BASELINE, wave).iloc[0] if known else None
        rows.append({
            _t(ctx, "col_item"): _t(ctx, f"item.{item}"),
            _t(ctx, "col_before"): before.share_text(share, ctx.lang),
            _t(ctx, "col_now"): after.share_text(share, ctx.lang),
            _t(ctx, "col_change"): MARK if result is None else _points(result["difference"]),
            _t(ctx, "col_interval"): MARK if result is None else _interval(result),
            # Rows without a change say no more than the mark does; shown rows read the interval.
            t("change_words.column", ctx.lang): t("change_words.too_few", ctx.lang) if result is None else
            interval_in_words(result["difference_low"], result["difference_high"], ctx.lang),
        })
    shown = pd.DataFrame(rows)
    caption = _t(ctx, "change_caption", from_wave=wave_label(ctx.network, schema.BASELINE, ctx.lang),
                 to_wave=wave_label(ctx.network, wave, ctx.lang), place=ctx.place)
    left_out = tuple(dict.fromkeys((*before.left_out, *after.left_out))) if place == NETWORK else ()
    note = privacy_note(ctx, marks=any(not (before.known(k) and after.known(k)) for k in keys),
                        bands=before.has_bands(keys) or after.has_bands(keys),
                        left_out=left_out, min_n=after.min_n)
    return join([*parts, paragraph(_t(ctx, "change_intro", place=ctx.place)),
                 html_table(shown, caption), note])


def _points(value: float) -> str:
    if pd.isna(value):  # nobody answered in one of the waves: there is no change to show
        return NOTHING
    return points(float(value))


def _interval(result: pd.Series) -> str:
    if pd.isna(result["difference_low"]) or pd.isna(result["difference_high"]):
        return NOTHING
    return f"{_points(result['difference_low'])} – {_points(result['difference_high'])}"
