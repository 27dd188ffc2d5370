"""Sections every report starts with."""

from __future__ import annotations

from learning.i18n import Lang, long_date, t
from learning.network import Network
from learning.present import Html, heading, join, notice, paragraph
from learning.reports.context import ReportContext


def gathering_label(network: Network, gathering_id: str, lang: Lang) -> str:
    """«Samling 2, 4. mai 2022»: gatherings are numbered in date order."""
    ordered = sorted(network.gatherings, key=lambda g: (g.date, g.start))
    number = [g.id for g in ordered].index(gathering_id) + 1
    return t("common.gathering_label", lang, number=number, date=long_date(network.gathering(gathering_id).date, lang))


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


def page_header(ctx: ReportContext, text: str, intro: str) -> Html:
    """A report's title as its one ``<h1>`` and page title, its intro, and the demo notice."""
    parts = [
        Html("", {"title": text, "lang": ctx.lang}),
        heading(text, 1),
        paragraph(intro),
    ]
    if ctx.network.synthetic:
        parts.append(notice(t("common.synthetic_notice", ctx.lang, note=ctx.network.synthetic)))
    return join(parts)
