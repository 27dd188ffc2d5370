"""Sections of ``municipality_report.ipynb`` that are not already another module's job."""

from __future__ import annotations

import pandas as pd

from learning.i18n import t
from learning.present import Html
from learning.reports import common
from learning.reports.context import ReportContext
from learning.reports.research import research_beside
from learning.survey.schema import PRACTICE_ITEMS


def header(ctx: ReportContext) -> Html:
    intro = t("municipality.intro", ctx.lang, place=ctx.place, network=ctx.network.name)
    return common.header(ctx, "municipality.title", intro)


def responses(ctx: ReportContext) -> pd.DataFrame:
    """The network's validated survey responses (the sections keep the waves this gathering may use)."""
    return ctx.responses


def research(ctx: ReportContext) -> Html:
    """What the multicentre study found for the practice items, beside the municipality's own figures."""
    return research_beside(ctx, list(PRACTICE_ITEMS))


def evaluation_header(ctx: ReportContext) -> Html:
    intro = t("municipality.evaluation_intro", ctx.lang, network=ctx.network.name)
    return common.header(ctx, "municipality.evaluation_title", intro)
