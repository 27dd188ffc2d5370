"""Sections of ``survey_overview.ipynb``: the survey for facilitators, municipalities side by side.

Every figure is printed as the wave's publication decides
(:func:`learning.reports.survey.publication`), the same decisions the municipality reports print,
so setting this report beside any other gives no hidden figure back.
"""

from __future__ import annotations

import pandas as pd

from learning.disclosure import publication as pub
from learning.disclosure.publication import WavePublication
from learning.i18n import t
from learning.present import Html, heading, join, paragraph
from learning.present import table as html_table
from learning.reports import common, cooperation
from learning.reports.context import ReportContext
from learning.reports.survey import NETWORK, privacy_note, publication
from learning.survey import schema
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


def _note(ctx: ReportContext, published: WavePublication, keys: list[pub.Key]) -> Html:
    return privacy_note(ctx, marks=published.has_marks(keys), bands=published.has_bands(keys),
                        left_out=published.left_out,
                        min_n=published.min_n)


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
    wave, _ = _wave_frame(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    published = publication(ctx, responses, wave)
    services = list(published.quantities.services)
    shown = pd.DataFrame({_t(ctx, "col_service"): [
        *(t(f"common.service.{s}", ctx.lang) for s in services), _t(ctx, "all_services")]})
    keys: list[pub.Key] = []
    for code, label in _places(ctx):
        column = [pub.service_of(code, s) for s in services] + [pub.respondents_of(code)]
        keys += column
        shown[label] = [published.size_text(k, ctx.lang) for k in column]
    return join([*parts, html_table(shown, _t(ctx, "participation_caption", wave=_wave(ctx, wave))),
                 _note(ctx, published, keys)])


def items_side_by_side(ctx: ReportContext, published: WavePublication, items: tuple[str, ...]
                       ) -> tuple[pd.DataFrame, list[pub.Key]]:
    """Items (rows) × places (columns): «53 % (55)», the share and its group as published."""
    shown = pd.DataFrame({_t(ctx, "col_item"): [t(f"survey.item.{i}", ctx.lang) for i in items]})
    keys: list[pub.Key] = []
    for code, label in _places(ctx):
        cells = []
        for item in items:
            share, valid = pub.share_of(code, item), pub.valid_of(code, item)
            keys += [share, valid]
            cells.append(f"{published.share_text(share, ctx.lang)} ({published.size_text(valid, ctx.lang)})")
        shown[label] = cells
    return shown, keys


def _items(ctx: ReportContext, responses: pd.DataFrame, items: tuple[str, ...], kind: str) -> Html:
    parts = [heading(_t(ctx, f"{kind}_heading"))]
    wave, _ = _wave_frame(ctx, responses)
    if wave is None:
        return join([*parts, paragraph(_t(ctx, "no_responses"))])
    published = publication(ctx, responses, wave)
    shown, keys = items_side_by_side(ctx, published, items)
    return join([*parts, paragraph(_t(ctx, f"{kind}_intro")),
                 html_table(shown, _t(ctx, f"{kind}_caption", wave=_wave(ctx, wave))),
                 _note(ctx, published, keys)])


def practice(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """Practice items: share «often» or «always» per municipality and in the network."""
    return _items(ctx, responses, schema.PRACTICE_ITEMS, "practice")


def system(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """System items: share «yes» per municipality and in the network."""
    return _items(ctx, responses, schema.SYSTEM_ITEMS, "system")


def cooperation_map(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The whole network's cooperation map (for Valdres: the region as a whole)."""
    return cooperation.network_map(ctx, responses)


def cooperation_change(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The network's cooperation at baseline and now."""
    return cooperation.network_change(ctx, responses)
