"""Report sections on the guideline's municipal measures M1–M13: a municipality's own status over
the gatherings, and for facilitators the share of municipalities with each measure established.

A municipality's own report uses its current self-assessment whether it was shared or not. The
network section follows the facilitators' summary: only shared current versions count, and a
municipality that has not shared is left out of the figures entirely. Only gatherings dated on or
before the report's gathering are read, so an earlier report stays the same.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
from matplotlib.patches import Rectangle

from learning.charts import HATCHES, PALETTE, chart, new_figure
from learning.i18n import long_date, t
from learning.implementation import SELF_ASSESSMENT, WORKSPACE, load_status, withheld
from learning.network import Gathering
from learning.present import Html, heading, join, notice, paragraph
from learning.present import table as html_table
from learning.reference.guideline import MEASURES, STATUSES, measure_name, status_label
from learning.reports.common import gathering_label
from learning.reports.context import ReportContext
from learning.reports.gathering_summary import LEVEL_COLOURS, LEVEL_HATCHES

Grid = dict[str, dict[str, str]]  # gathering id → measure → status


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"implementation.{key}", ctx.lang, **values)


def _status(ctx: ReportContext, status: str | None) -> str:
    return status_label(status, ctx.lang)


def _label(ctx: ReportContext, gathering_id: str) -> str:
    return gathering_label(ctx.network, gathering_id, ctx.lang)


def _gatherings(ctx: ReportContext) -> list[Gathering]:
    return [g for g in ctx.network.gatherings_until(ctx.gathering.id) if g.date <= ctx.gathering.date]


def _demo_notice(ctx: ReportContext, used_workspace: bool) -> list[Html]:
    """The workspace file's own «synthetic» note, where its records are shown."""
    records = ctx.implementation_records if used_workspace else None
    if records is None or not records.synthetic:
        return []
    return [notice(t("common.synthetic_notice", ctx.lang, note=records.synthetic))]


# --- a municipality's own status --------------------------------------------------------------


def _changes(ctx: ReportContext, now: dict[str, str], before: dict[str, str]) -> list[str]:
    """«M2 opp fra planlagt til i gang» for each measure assessed both times with another status."""
    items = []
    for code in MEASURES:
        if code in now and code in before and now[code] != before[code]:
            key = "move_up" if STATUSES.index(now[code]) > STATUSES.index(before[code]) else "move_down"
            items.append(_t(ctx, key, code=code, before=_status(ctx, before[code]), now=_status(ctx, now[code])))
    return items


def describe_municipality(ctx: ReportContext, grid: Grid, order: list[str]) -> str:
    """How many measures stand where at the latest gathering with a status, and what moved since the
    one before it with a status."""
    assessed = [g for g in order if grid.get(g)]
    latest = assessed[-1]
    now = grid[latest]
    counts = Counter(now.values())
    parts = [_t(ctx, "counts_now", gathering=_label(ctx, latest), established=counts["etablert"],
                total=len(MEASURES), started=counts["i_gang"], planned=counts["planlagt"],
                not_started=counts["ikke_startet"])]
    if len(now) < len(MEASURES):
        parts.append(_t(ctx, "counts_missing", missing=len(MEASURES) - len(now)))
    if len(assessed) < 2:
        parts.append(_t(ctx, "moved_first"))
    else:
        previous = _label(ctx, assessed[-2])
        changes = _changes(ctx, now, grid[assessed[-2]])
        parts.append(_t(ctx, "moved", previous=previous, changes=", ".join(changes)) if changes
                     else _t(ctx, "moved_none", previous=previous))
    return " ".join(parts)


def _grid_chart(ctx: ReportContext, grid: Grid, sources: dict[str, str], order: list[str]) -> Html:
    """Measures as rows, gatherings as columns; every cell says its status and has its pattern."""
    with new_figure(2.0 + 1.45 * len(order), 1.2 + 0.36 * len(MEASURES)) as (fig, ax):
        for column, gathering_id in enumerate(order):
            for row, code in enumerate(MEASURES):
                status = grid.get(gathering_id, {}).get(code, "")
                ax.add_patch(Rectangle((column, row), 1, 1, facecolor=LEVEL_COLOURS.get(status, "white"),
                                       hatch=LEVEL_HATCHES.get(status, ""), edgecolor="#595959", linewidth=0.6))
                # Text over a pattern sits on a white patch so it stays readable.
                backing = {"facecolor": "white", "edgecolor": "none", "pad": 0.8}
                ax.text(column + 0.5, row + 0.5, _status(ctx, status) if status else "–", ha="center",
                        va="center", fontsize=7, color="white" if status == "etablert" else "#1a1a1a",
                        bbox=backing if LEVEL_HATCHES.get(status) else None)
        ax.set_xlim(0, len(order))
        ax.set_ylim(len(MEASURES), 0)
        ticks = [f"{_label(ctx, g).split(',')[0]}\n({_t(ctx, f'source.{sources[g]}')})" for g in order]
        ax.set_xticks([i + 0.5 for i in range(len(order))], ticks, fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks([i + 0.5 for i in range(len(MEASURES))], list(MEASURES))
        ax.tick_params(length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        description = _t(ctx, "grid_description", count=len(order),
                         labels="; ".join(_label(ctx, g) for g in order),
                         summary=describe_municipality(ctx, grid, order))
        return chart(fig, description, f"{_t(ctx, 'grid_title')}, {ctx.place}")


def _grid_table(ctx: ReportContext, grid: Grid, sources: dict[str, str], order: list[str]) -> Html:
    rows = []
    for code in MEASURES:
        row = {_t(ctx, "col_measure"): f"{code} {measure_name(code, ctx.lang)}"}
        for gathering_id in order:
            header = _t(ctx, "col_gathering", gathering=_label(ctx, gathering_id),
                        source=_t(ctx, f"source.{sources[gathering_id]}"))
            row[header] = _status(ctx, grid.get(gathering_id, {}).get(code))
        rows.append(row)
    return html_table(pd.DataFrame(rows), _t(ctx, "table_caption", place=ctx.place))


def own_grid(ctx: ReportContext, frame: pd.DataFrame | None = None
             ) -> tuple[Grid, dict[str, str], list[str]] | None:
    """The municipality's statuses by gathering, where each came from, and the gatherings in
    order; ``None`` when it has no status at all."""
    if ctx.municipality is None:
        return None
    if frame is None:
        frame = load_status(ctx, until=ctx.gathering.date)
    mine = frame[frame["kommune"] == ctx.municipality.number]
    if mine.empty:
        return None
    order = [g.id for g in _gatherings(ctx)]
    grid: Grid = {g: dict(zip(rows["measure"], rows["status"], strict=True))
                  for g, rows in mine.groupby("gathering", sort=False)}
    sources = {g: "none" for g in order} | {g: rows["source"].iloc[0] for g, rows in mine.groupby("gathering")}
    return grid, sources, order


def municipality_status(ctx: ReportContext) -> Html:
    """The municipality's M1–M13 status over the gatherings so far: a status grid and a table."""
    if ctx.municipality is None:
        raise ValueError("municipality_status needs a municipality report (municipality=...)")
    date = long_date(ctx.gathering.date, ctx.lang)
    frame = load_status(ctx, until=ctx.gathering.date)
    mine = frame[frame["kommune"] == ctx.municipality.number]
    parts = [heading(_t(ctx, "heading")), *_demo_notice(ctx, bool((mine["source"] == WORKSPACE).any()))]
    found = own_grid(ctx, frame)
    if found is None:
        return join([*parts, paragraph(_t(ctx, "none_municipality", place=ctx.place, date=date))])
    grid, sources, order = found
    return join([*parts,
                 paragraph(_t(ctx, "intro_municipality", place=ctx.place, date=date)),
                 paragraph(describe_municipality(ctx, grid, order)),
                 _grid_chart(ctx, grid, sources, order),
                 _grid_table(ctx, grid, sources, order)])


# --- the network, for facilitators ------------------------------------------------------------


def established_shares(frame: pd.DataFrame, gathering_id: str) -> pd.DataFrame:
    """Per measure: municipalities with a status (n), how many have it established, and the share."""
    rows = frame[frame["gathering"] == gathering_id]
    n = rows.groupby("measure")["kommune"].nunique()
    established = rows[rows["status"] == "etablert"].groupby("measure")["kommune"].nunique()
    result = pd.DataFrame({"n": n, "established": established}).reindex(list(MEASURES)).fillna(0).astype(int)
    result["share"] = (result["established"] / result["n"].where(result["n"] > 0)).astype(float)
    return result


def _share_cell(ctx: ReportContext, row: pd.Series) -> str:
    if row["n"] == 0:
        return "–"
    return _t(ctx, "share_cell", count=int(row["established"]), n=int(row["n"]),
              percent=f"{row['share'] * 100:.0f}")


def _counts_sentence(ctx: ReportContext, gathering_id: str, shares: pd.DataFrame) -> str:
    items = [_t(ctx, "bar_item", code=code, count=int(row["established"]), n=int(row["n"]))
             for code, row in shares.iterrows() if row["n"] > 0]
    return _t(ctx, "bar_counts", gathering=_label(ctx, gathering_id), items=", ".join(items))


def _bar_chart(ctx: ReportContext, series: list[tuple[str, pd.DataFrame]]) -> Html:
    """Horizontal bars per measure; the previous gathering hatched, so colour is never needed."""
    height = 0.8 / len(series)
    with new_figure(7.0, 1.2 + 0.42 * len(MEASURES)) as (fig, ax):
        for index, (gathering_id, shares) in enumerate(series):
            positions = [row + (index - (len(series) - 1) / 2) * height for row in range(len(MEASURES))]
            colour = PALETTE["blue"] if index == len(series) - 1 else PALETTE["grey"]
            hatch = HATCHES[0] if index == len(series) - 1 else HATCHES[1]
            values = (shares["share"].fillna(0) * 100).tolist()
            ax.barh(positions, values, height=height * 0.95, color="white" if hatch else colour,
                    edgecolor=colour, hatch=hatch, label=_label(ctx, gathering_id))
            for y, value, (_, row) in zip(positions, values, shares.iterrows(), strict=True):
                text = f"{int(row['established'])}/{int(row['n'])}" if row["n"] else "–"
                ax.text(value + 1, y, text, va="center", fontsize=7)
        ax.set_yticks(range(len(MEASURES)), list(MEASURES))
        ax.set_ylim(len(MEASURES) - 0.5, -0.5)
        ax.set_xlim(0, 112)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_xlabel(_t(ctx, "bar_axis"))
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.set_title(_t(ctx, "bar_title"))
        labels = [_label(ctx, g) for g, _ in series]
        pattern = (_t(ctx, "bar_series_pattern", now=labels[-1], previous=labels[0]) if len(series) > 1
                   else labels[0])
        counts = " ".join(_counts_sentence(ctx, g, s) for g, s in reversed(series))
        description = _t(ctx, "bar_description", series=pattern, counts=counts)
        return chart(fig, description, _t(ctx, "bar_title"))


def _accounted(ctx: ReportContext, counted: set[str], held_back: list[str]) -> str:
    """Every member named: counted, not shared, or with no status at all (for facilitators)."""
    def names(numbers: list[str]) -> str:
        return ", ".join(ctx.municipality_name(n) for n in numbers) or "–"

    members = ctx.network.member_numbers
    missing = [n for n in members if n not in counted and n not in held_back]
    return _t(ctx, "network_named", counted=names([n for n in members if n in counted]),
              withheld=names(held_back), missing=names(missing))


def network_status(ctx: ReportContext) -> Html:
    """For facilitators: the share of municipalities with each measure established, at this
    gathering and the one before; shared self-assessments and facilitators' records only."""
    frame = load_status(ctx, until=ctx.gathering.date, shared_only=True)
    order = [g.id for g in _gatherings(ctx)]
    shown = order[-2:]  # this gathering and the one before it
    parts = [heading(_t(ctx, "network_heading")),
             *_demo_notice(ctx, bool((frame[frame["gathering"].isin(shown)]["source"] == WORKSPACE).any())),
             paragraph(_t(ctx, "network_intro"))]
    for gathering_id in reversed(shown):
        rows = frame[frame["gathering"] == gathering_id]
        by_source = rows.groupby("source")["kommune"].nunique()
        held_back = withheld(ctx, ctx.network.gathering(gathering_id))
        parts.append(paragraph(_t(
            ctx, "network_counts", gathering=_label(ctx, gathering_id), counted=rows["kommune"].nunique(),
            total=len(ctx.network.members), shared=int(by_source.get(SELF_ASSESSMENT, 0)),
            workspace=int(by_source.get(WORKSPACE, 0)), withheld=len(held_back))))
        parts.append(paragraph(_accounted(ctx, set(rows["kommune"]), held_back)))
    if frame[frame["gathering"] == ctx.gathering.id].empty:
        return join([*parts, paragraph(_t(ctx, "network_none", gathering=_label(ctx, ctx.gathering.id)))])
    series = [(g, established_shares(frame, g)) for g in shown if not frame[frame["gathering"] == g].empty]
    table = pd.DataFrame({_t(ctx, "col_measure"): [f"{c} {measure_name(c, ctx.lang)}" for c in MEASURES]})
    for gathering_id, shares in reversed(series):
        column = _t(ctx, "col_established", gathering=_label(ctx, gathering_id))
        table[column] = [_share_cell(ctx, row) for _, row in shares.iterrows()]
    return join([*parts, _bar_chart(ctx, series), html_table(table, _t(ctx, "network_caption"))])
