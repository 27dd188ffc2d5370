"""Sections every report starts with."""

from __future__ import annotations

from learning.i18n import long_date, t
from learning.present import Html, escape, heading, join, notice, paragraph
from learning.reports.context import ReportContext


def title(ctx: ReportContext, report_key: str) -> str:
    """The report's title: report name, place and gathering (also the page's ``<title>``)."""
    report = t(report_key, ctx.lang)
    gathering = t("common.gathering_label", ctx.lang, id=ctx.gathering.id, date=long_date(ctx.gathering.date, ctx.lang))
    return f"{t('common.report_for', ctx.lang, report=report, place=ctx.place)} · {gathering}"


def header(ctx: ReportContext, report_key: str, intro: str) -> Html:
    """The one ``<h1>``, an intro paragraph, and the demo notice where the network is synthetic.

    The title is also written to a ``<meta>`` tag the exporter reads for the page title.
    """
    text = title(ctx, report_key)
    parts = [
        Html(f'<meta name="learning-title" content="{escape(text)}">'
             f'<meta name="learning-lang" content="{ctx.lang}">'),
        heading(text, 1),
        paragraph(intro),
    ]
    if ctx.network.synthetic:
        parts.append(notice(t("common.synthetic_notice", ctx.lang, note=ctx.network.synthetic)))
    return join(parts)
