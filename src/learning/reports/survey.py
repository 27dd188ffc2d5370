"""Survey sections of a report: participation, practice, change since baseline, system items.

Each section takes the report context and the validated responses, keeps only the waves the
gathering may use (:func:`learning.survey.waves.responses_until`), and shows figures only through
:mod:`learning.privacy`. Suppression is computed over *all* municipalities and the network at once,
so every municipality's report hides the same cells and no two reports together give a hidden
figure back. The mark is explained once under each table that has one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from learning.charts import HATCHES, PALETTE, chart, new_figure
from learning.i18n import t
from learning.present import Html, heading, join, notice, paragraph, percent, points
from learning.present import table as html_table
from learning.privacy import MARK, Protected, explanation, protect_stats
from learning.reports.change_words import interval_in_words
from learning.reports.common import wave_label
from learning.reports.context import ReportContext
from learning.survey import aggregate, schema
from learning.survey.memo import by_content
from learning.survey.waves import responses_until, waves_until

NETWORK = "__network__"  # the whole network's row beside the municipalities' rows
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


@by_content
def protected_items(
    responses: pd.DataFrame, function: Aggregator, min_n: int, by: tuple[str, ...] = ()
) -> Protected:
    """Items per municipality (× ``by``) plus the network's row, suppressed together."""
    keys = [*by, "kommune"]
    municipalities = function(responses, by=keys)
    network = function(responses, by=list(by)).assign(kommune=NETWORK)
    stats = pd.concat([municipalities, network], ignore_index=True)
    stats = stats[[*keys, aggregate.ITEM, "n", "count", "share"]]
    return protect_stats(stats, min_n=min_n, values=["share"], group="kommune", total=NETWORK)


def _percent(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return MARK
    return percent(float(value))


def _note(ctx: ReportContext, protected: Protected, shown: pd.DataFrame) -> Html:
    """The explanation of the mark, when the shown part of the table has one."""
    has_mark = bool((shown.astype(str) == MARK).to_numpy().any()) and protected.has_marks
    if not has_mark:
        return Html("")
    return notice(explanation(protected.min_n, ctx.lang))


def _place_code(ctx: ReportContext) -> str:
    return ctx.municipality.number if ctx.municipality else NETWORK


def participation(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Respondents per member municipality and in the network, in the current wave."""
    parts = [heading(_t(ctx, "participation_heading"))]
    wave = current_wave(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    frame = _usable(ctx, responses)
    frame = frame[frame["wave"] == wave]
    counted = aggregate.participation(frame, by="kommune").set_index("kommune")["n"]
    members = ctx.network.member_numbers
    stats = pd.DataFrame({"kommune": [*members, NETWORK],
                          "n": [int(counted.get(m, 0)) for m in members] + [len(frame)]})
    protected = protect_stats(stats, min_n=ctx.network.survey_min_group, count=None, values=[],
                              group="kommune", total=NETWORK)
    names = [f"{m} {ctx.municipality_name(m)}" for m in members] + [_t(ctx, "network")]
    shown = pd.DataFrame({_t(ctx, "col_municipality"): names,
                          _t(ctx, "col_responses"): protected.display["n"].tolist()})
    parts.append(html_table(shown, _t(ctx, "participation_caption", wave=wave_label(ctx.network, wave, ctx.lang))))
    parts.append(_note(ctx, protected, shown))
    return join(parts)


def _side_by_side(
    ctx: ReportContext, responses: pd.DataFrame, function: Aggregator, wave: str
) -> tuple[pd.DataFrame, Protected]:
    """Per item: the place's share and n, and the network's share and n (already suppressed)."""
    frame = _usable(ctx, responses)
    min_n = ctx.network.survey_min_group
    protected = protected_items(frame[frame["wave"] == wave], function, min_n)
    display = protected.display
    place = display[display["kommune"] == _place_code(ctx)].set_index(aggregate.ITEM)
    network = display[display["kommune"] == NETWORK].set_index(aggregate.ITEM)
    items = list(network.index)
    side = pd.DataFrame({
        "item": items,
        "place_share": [place.loc[i, "share"] if i in place.index else MARK for i in items],
        "place_n": [place.loc[i, "n"] if i in place.index else MARK for i in items],
        "network_share": [network.loc[i, "share"] for i in items],
        "network_n": [network.loc[i, "n"] for i in items],
    })
    return side, protected


def _items_table(ctx: ReportContext, side: pd.DataFrame, caption: str) -> pd.DataFrame:
    place = ctx.place
    columns = {
        _t(ctx, "col_item"): [_t(ctx, f"item.{i}") for i in side["item"]],
        place: [_percent(v) for v in side["place_share"]],
        f"{place}, {_t(ctx, 'col_n')}": side["place_n"].tolist(),
    }
    if ctx.municipality is not None:
        columns[_t(ctx, "network")] = [_percent(v) for v in side["network_share"]]
        columns[f"{_t(ctx, 'network')}, {_t(ctx, 'col_n')}"] = side["network_n"].tolist()
    return pd.DataFrame(columns)


def _bar_chart(ctx: ReportContext, side: pd.DataFrame) -> Html:
    """Horizontal bars per item: the place solid, the network hatched (not colour alone)."""
    labels = [_t(ctx, f"item.{i}") for i in side["item"]]
    series = [(ctx.place, side["place_share"], PALETTE["blue"], HATCHES[0])]
    if ctx.municipality is not None:
        series.append((_t(ctx, "network"), side["network_share"], PALETTE["vermillion"], "//"))
    positions = np.arange(len(labels))
    height = 0.8 / len(series)
    with new_figure(7.0, 0.45 * len(labels) + 1.2) as (fig, ax):
        for k, (name, values, colour, hatch) in enumerate(series):
            shown = [0.0 if isinstance(v, str) else float(v) * 100 for v in values]
            offsets = positions + (k - (len(series) - 1) / 2) * height
            bars = ax.barh(offsets, shown, height=height, color=colour, hatch=hatch,
                           edgecolor="white" if not hatch else "#1a1a1a", label=name)
            ax.bar_label(bars, labels=[_percent(v) for v in values], padding=2, fontsize=8)
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 110)
        ax.set_xlabel(_t(ctx, "practice_chart_title"))
        ax.legend(loc="lower right", frameon=False)
        values = "; ".join(
            f"{label}: " + ", ".join(f"{name} {_percent(v.iloc[i])}" for name, v, *_ in series)
            for i, label in enumerate(labels)
        )
        description = _t(ctx, "practice_description", place=ctx.place, values=values)
        return chart(fig, description, _t(ctx, "practice_chart_title"))


def _items_section(
    ctx: ReportContext, responses: pd.DataFrame, function: Aggregator, key: str, *, with_chart: bool
) -> Html:
    """One family of items for the place beside the network: intro, optional chart, table, note."""
    parts = [heading(_t(ctx, f"{key}_heading"))]
    wave = current_wave(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    side, protected = _side_by_side(ctx, responses, function, wave)
    shown = _items_table(ctx, side, "")
    chart_part = [_bar_chart(ctx, side)] if with_chart else []
    return join([
        *parts, paragraph(_t(ctx, f"{key}_intro")),
        *([paragraph(_t(ctx, "practice_note"))] if key == "practice" else []), *chart_part,
        html_table(shown, _t(ctx, f"{key}_caption", place=ctx.place, wave=wave_label(ctx.network, wave, ctx.lang))),
        _note(ctx, protected, shown),
    ])


def practice(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Practice items for the municipality beside the network: a table and a bar chart."""
    return _items_section(ctx, responses, aggregate.practice_items, "practice", with_chart=True)


def system(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """System items (share «yes», don't know in the denominator) beside the network."""
    return _items_section(ctx, responses, aggregate.system_items, "system", with_chart=False)


def confidence(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Confidence items (share «enig» or «helt enig») beside the network."""
    return _items_section(ctx, responses, aggregate.confidence_items, "confidence", with_chart=False)


def change_since_baseline(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Practice items: baseline and current share, the change and its 95 % interval."""
    parts = [heading(_t(ctx, "change_heading"))]
    wave = current_wave(ctx, responses)
    if wave is None or wave == schema.BASELINE:
        return join([*parts, paragraph(_t(ctx, "change_none"))])
    frame = _usable(ctx, responses)
    frame = frame[frame["wave"].isin([schema.BASELINE, wave])]
    protected = protected_items(frame, aggregate.practice_items, ctx.network.survey_min_group,
                                by=("wave",))
    display = protected.display
    display = display[display["kommune"] == _place_code(ctx)]
    place_rows = (frame if ctx.municipality is None
                  else frame[frame["kommune"] == ctx.municipality.number])
    rows = []
    for item in schema.PRACTICE_ITEMS:
        before = display[(display["wave"] == schema.BASELINE) & (display["item"] == item)]
        after = display[(display["wave"] == wave) & (display["item"] == item)]
        hidden = (before.empty or after.empty or MARK in before["count"].tolist()
                  or MARK in after["count"].tolist())
        result = aggregate.change(place_rows, item, schema.BASELINE, wave).iloc[0]
        rows.append({
            _t(ctx, "col_item"): _t(ctx, f"item.{item}"),
            _t(ctx, "col_before"): MARK if hidden else _percent(result["share_from"]),
            _t(ctx, "col_now"): MARK if hidden else _percent(result["share_to"]),
            _t(ctx, "col_change"): MARK if hidden else _points(result["difference"]),
            _t(ctx, "col_interval"): MARK if hidden else (
                f"{_points(result['difference_low'])} – {_points(result['difference_high'])}"),
            # Hidden rows say no more than the mark does; shown rows read the interval shown beside.
            t("change_words.column", ctx.lang): t("change_words.too_few", ctx.lang) if hidden else
            interval_in_words(result["difference_low"], result["difference_high"], ctx.lang),
        })
    shown = pd.DataFrame(rows)
    caption = _t(ctx, "change_caption", from_wave=wave_label(ctx.network, schema.BASELINE, ctx.lang),
                 to_wave=wave_label(ctx.network, wave, ctx.lang), place=ctx.place)
    return join([*parts, paragraph(_t(ctx, "change_intro", place=ctx.place)),
                 html_table(shown, caption), _note(ctx, protected, shown)])


def _points(value: float) -> str:
    if pd.isna(value):
        return MARK
    return points(float(value))
