"""Report sections on municipality goals: each goal's run charts and verdicts, and a network
summary of goal achievement for facilitators.

Only measurements dated on or before the report's gathering are used, so the report of an
earlier gathering stays the same when new measurements arrive.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from learning import runchart
from learning.goals.achievement import Achievement, assess, assess_network
from learning.goals.model import NetworkGoals
from learning.i18n import long_date, t
from learning.present import Html, heading, join, notice, paragraph
from learning.present import table as html_table
from learning.reports.context import ReportContext


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"goals.{key}", ctx.lang, **values)


def _number(ctx: ReportContext, value: float) -> str:
    return runchart.number(value, ctx.lang)


def _goals(ctx: ReportContext) -> NetworkGoals:
    return ctx.goals


def _demo_notice(ctx: ReportContext, goals: NetworkGoals) -> list[Html]:
    if not goals.synthetic:
        return []
    return [notice(t("common.synthetic_notice", ctx.lang, note=goals.synthetic))]


def _latest(ctx: ReportContext, item: Achievement) -> str:
    if item.latest_value is None or item.latest_date is None:
        return "–"
    return _t(ctx, "latest_cell", value=_number(ctx, item.latest_value),
              date=long_date(item.latest_date, ctx.lang))


def _reached(ctx: ReportContext, item: Achievement) -> str:
    key = {True: "yes", False: "no", None: "unknown"}[item.target_reached]
    return _t(ctx, f"reached.{key}")


def _indicator(ctx: ReportContext, item: Achievement) -> Html:
    """One indicator: what and how it is measured, the target sentence and the run chart."""
    indicator = item.series.indicator
    parts = [
        heading(indicator.name, 4),
        paragraph(_t(ctx, "measured", text=indicator.measured)),
        paragraph(_t(ctx, "baseline_target", baseline=_number(ctx, indicator.baseline),
                     target=_number(ctx, indicator.target), unit=indicator.unit,
                     direction=_t(ctx, f"direction.{indicator.direction}"))),
    ]
    if item.latest_value is None or item.latest_date is None:
        return join([*parts, paragraph(_t(ctx, "no_measurements",
                                          date=long_date(ctx.gathering.date, ctx.lang)))])
    sentence = "reached_sentence" if item.target_reached else "not_reached_sentence"
    parts.append(paragraph(_t(ctx, sentence, date=long_date(item.latest_date, ctx.lang),
                              value=_number(ctx, item.latest_value), unit=indicator.unit,
                              target=_number(ctx, indicator.target))))
    frame = item.series.measurements
    parts.append(runchart.chart(
        list(frame["date"]), frame["value"].to_numpy(dtype=float), item.analysis, lang=ctx.lang,
        title=indicator.name, unit=indicator.unit, target=indicator.target,
        better=indicator.direction,
    ))
    return join(parts)


def municipality_goals(ctx: ReportContext) -> Html:
    """The municipality's goals in its own words, each indicator with its run chart and verdicts."""
    if ctx.municipality is None:
        raise ValueError("municipality_goals needs a municipality report (municipality=...)")
    goals = _goals(ctx)
    cutoff = ctx.gathering.date
    date_text = long_date(cutoff, ctx.lang)
    parts = [heading(_t(ctx, "heading")), *_demo_notice(ctx, goals)]
    series = goals.series(ctx.municipality.number, until=cutoff)
    if not series:
        return join([*parts, paragraph(_t(ctx, "no_goals", place=ctx.place))])
    items = [assess(s) for s in series]
    parts += [paragraph(_t(ctx, "intro_municipality", place=ctx.place, date=date_text)),
              paragraph(_t(ctx, "method"))]
    summary = pd.DataFrame({
        _t(ctx, "col_indicator"): [i.series.indicator.name for i in items],
        _t(ctx, "col_baseline"): [_number(ctx, i.series.indicator.baseline) for i in items],
        _t(ctx, "col_target"): [_number(ctx, i.series.indicator.target) for i in items],
        _t(ctx, "col_latest"): [_latest(ctx, i) for i in items],
        _t(ctx, "col_reached"): [_reached(ctx, i) for i in items],
        _t(ctx, "col_change"): [_t(ctx, f"change.{i.change}") for i in items],
    })
    caption = _t(ctx, "municipality_caption", place=ctx.place, date=date_text)
    parts.append(html_table(summary, caption))
    for goal in goals.goals_for(ctx.municipality.number):
        parts.append(heading(goal.text, 3))
        parts += [_indicator(ctx, i) for i in items if i.series.goal.id == goal.id]
    return join(parts)


def network_summary(ctx: ReportContext) -> Html:
    """For facilitators: every member's indicators, target reached and run-chart verdict."""
    goals = _goals(ctx)
    cutoff = ctx.gathering.date
    date_text = long_date(cutoff, ctx.lang)
    parts = [heading(_t(ctx, "network_heading")), *_demo_notice(ctx, goals)]
    items = assess_network(goals, until=cutoff)
    if not items:
        return join([*parts, paragraph(_t(ctx, "no_network_goals"))])
    changes = Counter(i.change for i in items)
    parts += [
        paragraph(_t(ctx, "network_intro", date=date_text)),
        paragraph(_t(ctx, "network_counts", reached=sum(i.target_reached is True for i in items),
                     total=len(items), improvement=changes["improvement"],
                     random=changes["random"], deterioration=changes["deterioration"],
                     too_few=changes["too_few"])),
    ]
    table = pd.DataFrame({
        _t(ctx, "col_municipality"): [
            f"{i.series.kommune} {ctx.municipality_name(i.series.kommune)}" for i in items],
        _t(ctx, "col_indicator"): [i.series.indicator.name for i in items],
        _t(ctx, "col_count"): [len(i.series.measurements) for i in items],
        _t(ctx, "col_latest"): [_latest(ctx, i) for i in items],
        _t(ctx, "col_target"): [
            f"{_number(ctx, i.series.indicator.target)} {i.series.indicator.unit}" for i in items],
        _t(ctx, "col_reached"): [_reached(ctx, i) for i in items],
        _t(ctx, "col_change"): [_t(ctx, f"change.{i.change}") for i in items],
    })
    parts += [paragraph(_t(ctx, "method")),
              html_table(table, _t(ctx, "network_caption", date=date_text))]
    return join(parts)
