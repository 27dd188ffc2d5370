"""Sections of ``research_findings.ipynb``, and :func:`research_beside` for the municipality report.

Every figure is shown in the same table row, caption or description as its source, and every
finding with the population its data come from. The multicentre study's data come from
specialist health services in five health trusts, not municipalities: each section that could
stand near municipal results says so, and no research figure is ever combined with a municipal one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from learning.charts import HATCHES, PALETTE, SERIES, chart, new_figure
from learning.i18n import t
from learning.present import Html, escape, heading, join, notice, paragraph
from learning.present import table as html_table
from learning.reference.findings import (
    Finding,
    findings_for_items,
    select,
)
from learning.reports.common import page_header
from learning.reports.context import ReportContext

#: The multicentre study's own report: cited wherever the study as a whole is meant.
STUDY = "ruud2015"
#: The referral gap, in the order the chart shows it (parents' wish, parents' belief, practice).
REFERRAL_GAP = ("parents_wanted_referral", "parents_believed_referral", "personnel_referred")


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"research.{key}", ctx.lang, **values)


def _labels(findings: Iterable[Finding]) -> str:
    """The sources of some findings, each once: ``Stavnes et al. 2023``."""
    return ", ".join(dict.fromkeys(f.source.label for f in findings))


def _sample(ctx: ReportContext, finding: Finding) -> str:
    return finding.sample(ctx.lang) if finding.sample else ""


def _study_population(ctx: ReportContext) -> str:
    """Where the multicentre study's data come from, to stand inside a sentence."""
    text = ctx.sources[STUDY].population(ctx.lang)
    return text[:1].lower() + text[1:]


def findings_frame(ctx: ReportContext, findings: Sequence[Finding]) -> pd.DataFrame:
    """The findings as a table people read: statement, figure, sample, population, source."""
    return pd.DataFrame(
        {
            _t(ctx, "col_finding"): [f.statement(ctx.lang) for f in findings],
            _t(ctx, "col_figure"): [
                f.figure_display(ctx.lang) or _t(ctx, "no_figure") for f in findings
            ],
            _t(ctx, "col_sample"): [
                f.sample(ctx.lang) if f.sample else _t(ctx, "no_figure") for f in findings
            ],
            _t(ctx, "col_population"): [f.source.population(ctx.lang) for f in findings],
            _t(ctx, "col_source"): [f.source.label for f in findings],
        }
    )


def _findings_table(ctx: ReportContext, findings: Sequence[Finding], caption_key: str) -> Html:
    return html_table(findings_frame(ctx, findings), _t(ctx, caption_key))


def header(ctx: ReportContext) -> Html:
    """The page's one ``<h1>`` and intro. The page is the same for every gathering, so its
    title names the network only (``common.header`` would name a gathering)."""
    # Every figure on the page is a real, sourced finding: no demo banner above them.
    return page_header(ctx, _t(ctx, "page_title", network=ctx.network.name), _t(ctx, "intro", network=ctx.network.name),
                       demo_data=False)


def about_study(ctx: ReportContext) -> Html:
    """What the multicentre study is, where its data come from, and what that means here."""
    study = ctx.sources[STUDY]
    return join(
        [
            heading(_t(ctx, "about_heading")),
            paragraph(_t(ctx, "about_study", study=study.label)),
            paragraph(_t(ctx, "about_population", population=study.population(ctx.lang))),
            notice(_t(ctx, "caveat_page")),
            paragraph(_t(ctx, "about_duties")),
        ]
    )


def law_and_practice(ctx: ReportContext) -> Html:
    """How far practice in specialist health services followed the 2010 law."""
    findings = select(ctx.findings, construct="implementation", multicentre=True)
    return join(
        [
            heading(_t(ctx, "law_heading")),
            paragraph(_t(ctx, "law_intro")),
            _findings_table(ctx, findings, "law_caption"),
        ]
    )


def conversations(ctx: ReportContext) -> Html:
    """Informing the children and talking with them."""
    findings = select(ctx.findings, construct=("inform_child", "offer_conversation"))
    return heading(_t(ctx, "conversations_heading")) + _findings_table(
        ctx, findings, "conversations_caption"
    )


def referral(ctx: ReportContext) -> Html:
    """The referral gap, as a chart that keeps the two samples apart, and as a table."""
    findings = select(ctx.findings, construct="contact_refer")
    gap = [f for key in REFERRAL_GAP for f in findings if f.id == key]
    parts = [
        heading(_t(ctx, "referral_heading")),
        paragraph(_t(ctx, "referral_intro", sources=_labels(gap))),
    ]
    if gap:
        parts.append(_referral_chart(ctx, gap))
    parts.append(_findings_table(ctx, findings, "referral_caption"))
    return join(parts)


def _referral_chart(ctx: ReportContext, gap: Sequence[Finding]) -> Html:
    """Horizontal bars; each sample (patients, health personnel) has its own colour and hatch."""
    samples = list(dict.fromkeys(_sample(ctx, f) for f in gap))
    style = {s: i for i, s in enumerate(samples)}
    with new_figure(7.0, 2.6) as (fig, ax):
        rows = list(reversed(gap))  # the first finding on top
        for f in rows:
            sample = _sample(ctx, f)
            i = style[sample]
            bar = ax.barh(
                _t(ctx, f"short.{f.id}"),
                f.figure or 0,
                color=PALETTE[SERIES[i]],
                hatch=HATCHES[i],
                edgecolor="white",
                label=_t(ctx, "referral_legend", sample=sample),
            )
            ax.bar_label(bar, labels=[f.figure_display(ctx.lang)], padding=3)
        handles, names = ax.get_legend_handles_labels()
        unique = dict(zip(names, handles, strict=True))
        # the legend lists the samples in the order they first appear
        order = [_t(ctx, "referral_legend", sample=s) for s in samples]
        ax.legend([unique[n] for n in order], order, loc="lower right", frameon=False)
        ax.set_xlim(0, 100)
        ax.set_xlabel(_t(ctx, "referral_axis"))
        ax.set_title(_t(ctx, "referral_chart_title"))
        values = "; ".join(
            f"{f.statement(ctx.lang)}: {f.figure_display(ctx.lang)} ({_sample(ctx, f)})"
            for f in gap
        )
        patterns = "; ".join(f"{_t(ctx, f'pattern.{i}')}: {s}" for s, i in style.items())
        description = _t(
            ctx,
            "referral_chart_description",
            sources=_labels(gap),
            values=values,
            patterns=patterns,
        )
        return chart(fig, description, _t(ctx, "referral_chart_caption", sources=_labels(gap)))


def children(ctx: ReportContext) -> Html:
    """What the children in the study said about themselves."""
    findings = select(ctx.findings, construct="children_situation")
    return join(
        [
            heading(_t(ctx, "children_heading")),
            paragraph(_t(ctx, "children_intro")),
            _findings_table(ctx, findings, "children_caption"),
        ]
    )


def prevalence(ctx: ReportContext) -> Html:
    """How many children it concerns: figures from other sources than the multicentre study."""
    findings = select(ctx.findings, construct="prevalence", multicentre=False)
    return join(
        [
            heading(_t(ctx, "prevalence_heading")),
            notice(_t(ctx, "prevalence_notice")),
            _findings_table(ctx, findings, "prevalence_caption"),
        ]
    )


def references(ctx: ReportContext) -> Html:
    """Every source, as completely as DOMAIN.md gives it, with its DOI as a link."""
    items = []
    for source in ctx.sources.values():
        text = escape(source.citation)
        if source.address:
            link = escape(source.address)
            text += f'{"" if text.endswith(".") else "."} <a href="{link}">{link}</a>'
        items.append(f"<li>{text}</li>")
    return join(
        [
            heading(_t(ctx, "references_heading")),
            paragraph(_t(ctx, "references_note")),
            Html('<ul class="references">' + "".join(items) + "</ul>"),
        ]
    )


def research_beside(ctx: ReportContext, item_codes: Iterable[str], *, level: int = 2) -> Html:
    """«What research shows» beside a municipality's survey results for ``item_codes``.

    Always says that the study's data come from specialist health services in five health
    trusts, not municipalities; shows the research figures on their own, never merged with or
    subtracted from the municipality's.
    """
    findings = findings_for_items(item_codes, ctx.findings)
    parts = [
        heading(_t(ctx, "beside_heading"), level),
        notice(
            _t(
                ctx,
                "beside_caveat",
                study=ctx.sources[STUDY].label,
                population=_study_population(ctx),
            )
        ),
    ]
    if findings:
        parts.append(_findings_table(ctx, findings, "beside_caption"))
    else:
        parts.append(paragraph(_t(ctx, "beside_none")))
    return join(parts)
