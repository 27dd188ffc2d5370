"""Sections every report starts with."""

from __future__ import annotations

from collections.abc import Sequence

from learning.i18n import Lang, long_date, t
from learning.network import Network
from learning.present import Html, heading, join, notice, paragraph
from learning.reports.context import ReportContext
from learning.survey.schema import BASELINE


def gathering_label(network: Network, gathering_id: str, lang: Lang) -> str:
    """«Samling 2, 4. mai 2022»: gatherings are numbered in date order."""
    number = network.gathering_number(gathering_id)
    return t("common.gathering_label", lang, number=number, date=long_date(network.gathering(gathering_id).date, lang))



def gathering_short(network: Network, gathering_id: str, lang: Lang) -> str:
    """«Samling 2»: for chart axes and columns, where the date stands elsewhere."""
    return t("common.gathering_short", lang, number=network.gathering_number(gathering_id))


def wave_label(network: Network, wave: str, lang: Lang, *, short: bool = False) -> str:
    """A survey wave as readers know it: «kartleggingen før 1. samling» (``baseline``), or before
    the gathering it was collected for; ``short`` gives «før 1. samling» for column headers."""
    if wave != BASELINE and wave not in {g.id for g in network.gatherings}:
        return t("common.wave_unknown", lang)
    number = 1 if wave == BASELINE else network.gathering_number(wave)
    return t("common.wave_short" if short else "common.wave_label", lang, number=number)


def waves_label(network: Network, waves: Sequence[str], lang: Lang) -> str:
    """Several waves as readers know them: «kartleggingene før 1. og 3. samling»."""
    numbers = [f"{1 if w == BASELINE else network.gathering_number(w)}." for w in waves]
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} og {numbers[-1]}"
    return t("common.waves_label", lang, numbers=listed)


def title(ctx: ReportContext, report_key: str) -> str:
    """The report's title: report name, place and gathering (also the page's ``<title>``)."""
    report = t(report_key, ctx.lang)
    gathering = gathering_label(ctx.network, ctx.gathering.id, ctx.lang)
    return f"{t('common.report_for', ctx.lang, report=report, place=ctx.place)} · {gathering}"


def header(ctx: ReportContext, report_key: str, intro: str) -> Html:
    """The one ``<h1>``, an intro paragraph, and the demo notice where the network is synthetic.

    The title and language also travel as output metadata, for the page's ``<title>`` and ``lang``.
    """
    return page_header(ctx, title(ctx, report_key), intro)


def page_header(ctx: ReportContext, text: str, intro: str, *, demo_data: bool = True) -> Html:
    """A report's title as its one ``<h1>`` and page title, its intro, and the demo notice where
    the page shows the network's demo data (``demo_data=False``: a page of real figures only)."""
    parts = [
        Html("", {"title": text, "lang": ctx.lang}),
        heading(text, 1),
        paragraph(intro),
    ]
    if ctx.network.synthetic and demo_data:
        parts.append(notice(t("common.synthetic_notice", ctx.lang, note=ctx.network.synthetic)))
    return join(parts)
