"""Sections of ``survey_overview.ipynb``: the survey for facilitators, municipalities side by side.

Every table is cut from a suppression computed for all municipalities and the network at once —
the same ones the municipality reports use (:func:`learning.reports.survey.protected_items`,
:mod:`learning.survey.cooperation`) — so setting this report beside any other gives no hidden
figure back.
"""

from __future__ import annotations

import pandas as pd

from learning.i18n import t
from learning.present import Html, heading, join, notice, paragraph, percent
from learning.present import table as html_table
from learning.privacy import MARK, Protected, explanation
from learning.reports import common, cooperation
from learning.reports.context import ReportContext
from learning.reports.survey import NETWORK, Aggregator, protected_items
from learning.survey import aggregate
from learning.survey import cooperation as data
from learning.survey.waves import responses_until


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"survey_overview.{key}", ctx.lang, **values)


def _wave_frame(ctx: ReportContext, responses: pd.DataFrame) -> tuple[str | None, pd.DataFrame]:
    """The current wave and its responses (among the waves the gathering may use)."""
    wave = cooperation.current_wave(ctx, responses)
    usable = responses_until(responses, ctx.network, ctx.gathering.id)
    return wave, usable[usable["wave"] == wave] if wave else usable.iloc[0:0]


def _places(ctx: ReportContext) -> list[tuple[str, str]]:
    """(code, column label) for each member, then the network."""
    members = [(m, ctx.municipality_name(m)) for m in ctx.network.member_numbers]
    return [*members, (NETWORK, _t(ctx, "network"))]


def _note(ctx: ReportContext, shown: pd.DataFrame) -> Html:
    if not (shown.astype(str).map(lambda text: MARK in text)).to_numpy().any():
        return Html("")
    return notice(explanation(ctx.network.survey_min_group, ctx.lang))


def _wave(ctx: ReportContext, wave: str) -> str:
    return common.wave_label(ctx.network, wave, ctx.lang)


def header(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The report's title and what it shows."""
    wave, _ = _wave_frame(ctx, responses)
    intro = (_t(ctx, "intro", network=ctx.network.name, wave=_wave(ctx, wave),
                min_n=ctx.network.survey_min_group)
             if wave else _t(ctx, "intro_no_wave", network=ctx.network.name))
    return common.header(ctx, "survey_overview.title", intro)


def participation(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Respondents per service (rows) and municipality (columns), the network last."""
    parts = [heading(_t(ctx, "participation_heading"))]
    wave, frame = _wave_frame(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    sizes = data.protect_sizes(frame, ctx.network.member_numbers, ctx.network.survey_min_group)
    services = data.map_services(sizes)
    shown = pd.DataFrame({_t(ctx, "col_service"): [
        *(t(f"common.service.{s}", ctx.lang) for s in services), _t(ctx, "all_services")]})
    for code, label in _places(ctx):
        shown[label] = [sizes.display.loc[code, s] for s in [*services, data.TOTAL]]
    return join([*parts, html_table(shown, _t(ctx, "participation_caption", wave=_wave(ctx, wave))),
                 _note(ctx, shown)])


def _cell(share: object, n: object) -> str:
    """«53 % (55)»; «: (12)» when only n is shown; «:» when n is hidden too."""
    if isinstance(n, str):
        return MARK
    if isinstance(share, str):
        return f"{MARK} ({n})"
    if pd.isna(share):  # nobody gave a valid answer: no share exists
        return f"– ({n})"
    return f"{percent(float(share))} ({n})"  # type: ignore[arg-type]


def items_side_by_side(ctx: ReportContext, protected: Protected) -> pd.DataFrame:
    """Items (rows) × places (columns) from a suppressed items table."""
    display = protected.display
    items = list(dict.fromkeys(display[aggregate.ITEM]))
    shown = pd.DataFrame({_t(ctx, "col_item"): [t(f"survey.item.{i}", ctx.lang) for i in items]})
    for code, label in _places(ctx):
        rows = display[display["kommune"] == code].set_index(aggregate.ITEM)
        shown[label] = [_cell(rows.loc[i, "share"], rows.loc[i, "n"]) if i in rows.index
                        else MARK for i in items]
    return shown


def _items(ctx: ReportContext, responses: pd.DataFrame, function: Aggregator, kind: str) -> Html:
    parts = [heading(_t(ctx, f"{kind}_heading"))]
    wave, frame = _wave_frame(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    protected = protected_items(frame, function, ctx.network.survey_min_group)
    shown = items_side_by_side(ctx, protected)
    return join([*parts, paragraph(_t(ctx, f"{kind}_intro")),
                 html_table(shown, _t(ctx, f"{kind}_caption", wave=_wave(ctx, wave))), _note(ctx, shown)])


def practice(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Practice items: share «often» or «always» per municipality and in the network."""
    return _items(ctx, responses, aggregate.practice_items, "practice")


def system(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """System items: share «yes» per municipality and in the network."""
    return _items(ctx, responses, aggregate.system_items, "system")


def cooperation_map(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The whole network's cooperation map (for Valdres: the region as a whole)."""
    return cooperation.network_map(ctx, responses)


def cooperation_change(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The network's cooperation at baseline and now."""
    return cooperation.network_change(ctx, responses)
