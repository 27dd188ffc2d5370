"""Sections of ``network_overview.ipynb``: members, representatives, gatherings, attendance."""

from __future__ import annotations

import numpy as np
import pandas as pd

from learning.charts import MARKERS, PALETTE, chart, new_figure
from learning.i18n import long_date, t
from learning.present import Html, heading, join, paragraph
from learning.present import table as html_table
from learning.reports import common
from learning.reports.context import ReportContext


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"overview.{key}", ctx.lang, **values)


def _short(ctx: ReportContext, gathering_id: str) -> str:
    return common.gathering_short(ctx.network, gathering_id, ctx.lang)


def _label(ctx: ReportContext) -> str:
    return common.gathering_label(ctx.network, ctx.gathering.id, ctx.lang)


def header(ctx: ReportContext) -> Html:
    gathering = common.gathering_label(ctx.network, ctx.gathering.id, ctx.lang)
    intro = _t(ctx, "intro", network=ctx.network.name, gathering=gathering)
    organisers = _t(ctx, "organisers", names=", ".join(ctx.network.organisers))
    return common.header(ctx, "overview.title", intro) + paragraph(organisers)


def members_frame(ctx: ReportContext) -> pd.DataFrame:
    """One row per member: letter of intent, anchoring and representatives (a tidy table)."""
    rows = []
    for member in ctx.network.members:
        loi = member.letter_of_intent
        rows.append({
            "kommunenummer": member.kommune,
            "kommune": ctx.municipality_name(member.kommune),
            "joined": member.joined,
            "loi_signed": loi.signed,
            "loi_date": loi.date,
            "loi_signed_by": loi.signed_by,
            "anchoring": member.anchoring.level,
            "representatives": len(member.representatives),
            "with_mandate": sum(r.coordination_mandate for r in member.representatives),
        })
    return pd.DataFrame(rows)


def members(ctx: ReportContext) -> Html:
    frame = members_frame(ctx)
    signed = int(frame["loi_signed"].sum())
    anchored = int(frame["anchoring"].isin(["vedtak", "plan"]).sum())
    shown = pd.DataFrame({
        _t(ctx, "col_municipality"): frame["kommunenummer"] + " " + frame["kommune"],
        _t(ctx, "col_joined"): [long_date(d, ctx.lang) for d in frame["joined"]],
        _t(ctx, "col_letter"): [
            _t(ctx, "signed_on", date=long_date(d, ctx.lang)) if s else _t(ctx, "not_signed")
            for s, d in zip(frame["loi_signed"], frame["loi_date"], strict=True)
        ],
        _t(ctx, "col_signed_by"): frame["loi_signed_by"].fillna("–"),
        _t(ctx, "col_anchoring"): [_t(ctx, f"anchoring.{a}") for a in frame["anchoring"]],
        _t(ctx, "col_representatives"): frame["representatives"],
        _t(ctx, "col_mandate"): frame["with_mandate"],
    })
    return join([
        heading(_t(ctx, "members_heading")),
        paragraph(_t(ctx, "status_summary", signed=signed, total=len(frame), anchored=anchored)),
        html_table(shown, _t(ctx, "members_caption")),
    ])


def representatives(ctx: ReportContext) -> Html:
    """Representatives counted by service (rows) and role (columns)."""
    records = [(r.service, r.role) for m in ctx.network.members for r in m.representatives]
    frame = pd.DataFrame(records, columns=["service", "role"])
    counts = pd.crosstab(frame["service"], frame["role"])
    roles = [r for r in ("leder", "helsepersonell", "annen_fagperson") if r in counts.columns]
    counts = counts[roles]
    shown = pd.DataFrame({_t(ctx, "col_service"): [t(f"common.service.{s}", ctx.lang) for s in counts.index]})
    for role in roles:
        shown[t(f"common.role.{role}", ctx.lang)] = counts[role].to_numpy()
    shown[_t(ctx, "col_total")] = counts.sum(axis=1).to_numpy()
    return heading(_t(ctx, "representatives_heading")) + html_table(shown, _t(ctx, "representatives_caption"))


def gatherings(ctx: ReportContext) -> Html:
    """A timeline of all gatherings (digital and physical differ by marker, not colour alone)."""
    ordered = ctx.network.gatherings_in_order
    with new_figure(7.0, 2.2) as (fig, ax):
        for kind, marker, colour in (("digital", MARKERS[0], "blue"), ("physical", MARKERS[1], "vermillion")):
            chosen = [g for g in ordered if g.format == kind]
            days = np.array([g.date for g in chosen], dtype="datetime64[D]")
            ax.scatter(days, [1] * len(chosen), marker=marker, s=120,
                       color=PALETTE[colour], label=t(f"common.format_{kind}", ctx.lang), zorder=3)
        ax.axhline(1, color=PALETTE["grey"], linewidth=1, zorder=1)
        current = ctx.gathering
        ax.annotate(_short(ctx, current.id), (current.date, 1), xytext=(0, 14), textcoords="offset points",
                    ha="center", fontweight="bold")
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.25), ncol=2, frameon=False)
        ax.set_title(_t(ctx, "timeline_title"))
        description = _t(
            ctx, "timeline_description", count=len(ordered),
            first=long_date(ordered[0].date, ctx.lang), last=long_date(ordered[-1].date, ctx.lang),
            digital=sum(g.format == "digital" for g in ordered),
            physical=sum(g.format == "physical" for g in ordered),
            current=common.gathering_label(ctx.network, current.id, ctx.lang),
        )
        figure = chart(fig, description, _t(ctx, "timeline_title"))
    table = pd.DataFrame({
        _t(ctx, "col_gathering"): [_short(ctx, g.id) for g in ordered],
        _t(ctx, "col_date"): [long_date(g.date, ctx.lang) for g in ordered],
        _t(ctx, "col_time"): [f"{g.start:%H:%M}–{g.end:%H:%M}" for g in ordered],
        _t(ctx, "col_format"): [t(f"common.format_{g.format}", ctx.lang) for g in ordered],
        _t(ctx, "col_place"): [g.place for g in ordered],
        _t(ctx, "col_theme"): [g.theme for g in ordered],
        _t(ctx, "col_attendance"): [
            sum(g.attendance.values()) if g.attendance is not None else t("common.not_held_yet", ctx.lang)
            for g in ordered
        ],
    })
    return join([heading(_t(ctx, "gatherings_heading")), figure,
                 html_table(table, _t(ctx, "gatherings_caption"))])


def attendance(ctx: ReportContext) -> Html:
    """Attendance at the gatherings held up to this report's gathering."""
    held = [g for g in ctx.network.gatherings_until(ctx.gathering.id) if g.attendance is not None]
    parts = [heading(_t(ctx, "attendance_heading"))]
    if not held:
        return join([*parts, paragraph(_t(ctx, "attendance_none"))])
    totals = [sum(g.attendance.values()) for g in held]  # type: ignore[union-attr]
    with new_figure(7.0, 3.0) as (fig, ax):
        bars = ax.bar([_short(ctx, g.id) for g in held], totals, color=PALETTE["blue"])
        ax.bar_label(bars)
        ax.set_ylabel(_t(ctx, "attendance_axis"))
        ax.set_title(_t(ctx, "attendance_title"))
        values = "; ".join(f"{_short(ctx, g.id)}: {n}" for g, n in zip(held, totals, strict=True))
        parts.append(chart(fig, _t(ctx, "attendance_description", current=_label(ctx), values=values),
                           _t(ctx, "attendance_title")))
    table = pd.DataFrame({_t(ctx, "col_municipality"): [
        f"{m} {ctx.municipality_name(m)}" for m in ctx.network.member_numbers]})
    for g in held:
        table[_short(ctx, g.id)] = [g.attendance.get(m, 0) for m in ctx.network.member_numbers]  # type: ignore[union-attr]
    parts.append(html_table(table, _t(ctx, "attendance_caption", current=_label(ctx))))
    return join(parts)
