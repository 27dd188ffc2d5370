"""Report sections on municipality goals: each goal's run charts and verdicts, and a network
summary of goal achievement for facilitators.

Only measurements dated on or before the report's gathering are used, so the report of an
earlier gathering stays the same when new measurements arrive.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from learning import controlchart, runchart
from learning.goals.achievement import Achievement, assess, assess_network
from learning.goals.cycles import Cycle, NetworkCycles, with_reflections
from learning.goals.model import IndicatorSeries, NetworkGoals
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


def _cycles(ctx: ReportContext, *, with_texts: bool) -> NetworkCycles:
    """The network's PDSA cycles started by the report's gathering. ``with_texts`` fills in the
    reflection answers (only for a municipality's own report: they may be unshared)."""
    cycles = NetworkCycles(tuple(c for c in ctx.cycles.cycles if c.start <= ctx.gathering.date))
    if not with_texts or ctx.municipality is None:
        return cycles
    store = ctx.reflections
    number = ctx.municipality.number
    answers = {}
    for gathering in ctx.network.gatherings:
        if gathering.date > ctx.gathering.date:
            break
        version = store.latest(ctx.network.id, gathering.id, number, "forbedringssyklus")
        if version is not None:
            answers[(number, gathering.id)] = version.answers
    return with_reflections(cycles, ctx.network, answers)


def _marks(series: IndicatorSeries, cycles: NetworkCycles) -> list[runchart.Mark]:
    return [runchart.Mark(c.start, cycles.label(c))
            for c in cycles.on_indicator(series.kommune, series.indicator.id)]


def is_share(series: IndicatorSeries) -> bool:
    """Whether every measurement has a numerator and a denominator (a p-chart applies)."""
    frame = series.measurements
    return bool(len(frame)) and bool(frame["numerator"].notna().all()
                                     and frame["denominator"].notna().all())


def _charts(ctx: ReportContext, item: Achievement, cycles: NetworkCycles) -> list[Html]:
    """The run chart, and for a share with numerators and denominators also its p-chart."""
    series, indicator = item.series, item.series.indicator
    frame, marks = series.measurements, _marks(series, cycles)
    dates = list(frame["date"])
    parts = [runchart.chart(
        dates, frame["value"].to_numpy(dtype=float), item.analysis, lang=ctx.lang,
        title=indicator.name, unit=indicator.unit, target=indicator.target,
        better=indicator.direction, marks=marks,
    )]
    if is_share(series):
        chart = controlchart.p_chart(frame["numerator"].to_numpy(dtype=float),
                                     frame["denominator"].to_numpy(dtype=float))
        scale = 100.0 if indicator.is_percent else 1.0
        parts += [
            paragraph(_t(ctx, "pc_intro")),
            controlchart.draw(dates, chart, lang=ctx.lang, title=indicator.name,
                              unit=indicator.unit, scale=scale, target=indicator.target,
                              better=indicator.direction, marks=marks),
            paragraph(controlchart.describe(chart, dates, ctx.lang, scale, indicator.direction)),
        ]
    return parts


def _cycle_list(ctx: ReportContext, cycles: NetworkCycles, names: dict[str, str]) -> list[Html]:
    """The municipality's own cycles with what it planned, learnt (study) and decided (act)."""
    assert ctx.municipality is not None
    mine: list[Cycle] = cycles.for_municipality(ctx.municipality.number)
    parts = [heading(_t(ctx, "cycles_heading"), 3)]
    if not mine:
        return [*parts, paragraph(_t(ctx, "cycles_none"))]
    dash = "–"
    table = pd.DataFrame({
        _t(ctx, "col_cycle"): [cycles.label(c) for c in mine],
        _t(ctx, "col_started"): [long_date(c.start, ctx.lang) for c in mine],
        _t(ctx, "col_indicator"): [names.get(c.indicator, c.indicator) for c in mine],
        _t(ctx, "col_plan"): [" – ".join(x for x in (c.title, c.plan) if x) for c in mine],
        _t(ctx, "col_study"): [c.study or dash for c in mine],
        _t(ctx, "col_act"): [c.act or dash for c in mine],
    })
    return [*parts, paragraph(_t(ctx, "cycles_intro")),
            html_table(table, _t(ctx, "cycles_caption", place=ctx.place))]


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


def one_line(ctx: ReportContext, item: Achievement) -> str:
    """An indicator in one line: its latest value against its target, and the verdicts."""
    indicator = item.series.indicator
    latest = ("–" if item.latest_value is None or item.latest_date is None else
              _t(ctx, "latest_with_unit", value=_number(ctx, item.latest_value), unit=indicator.unit,
                 date=long_date(item.latest_date, ctx.lang)))
    return _t(ctx, "one_line", goal=item.series.goal.text, indicator=indicator.name,
              latest=latest, target=_number(ctx, indicator.target), unit=indicator.unit,
              reached=_reached(ctx, item), change=_t(ctx, f"change.{item.change}"))


def _indicator(ctx: ReportContext, item: Achievement, cycles: NetworkCycles) -> Html:
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
    return join([*parts, *_charts(ctx, item, cycles)])


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
    cycles = _cycles(ctx, with_texts=True)
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
        parts += [_indicator(ctx, i, cycles) for i in items if i.series.goal.id == goal.id]
    names = {i.series.indicator.id: i.series.indicator.name for i in items}
    return join([*parts, *_cycle_list(ctx, cycles, names)])


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


def network_charts(ctx: ReportContext) -> Html:
    """For facilitators: every member's run charts (and p-charts for shares), with each PDSA
    cycle's start marked by its number only; the cycles' texts stay in the members' own reports."""
    goals = _goals(ctx)
    parts = [heading(_t(ctx, "network_charts_heading"))]
    items = assess_network(goals, until=ctx.gathering.date)
    if not items:
        return join([*parts, paragraph(_t(ctx, "no_network_goals"))])
    cycles = _cycles(ctx, with_texts=False)
    parts.append(paragraph(_t(ctx, "network_charts_intro")))
    for member in ctx.network.member_numbers:
        mine = [i for i in items if i.series.kommune == member]
        parts.append(heading(f"{member} {ctx.municipality_name(member)}", 3))
        if not mine:
            parts.append(paragraph(_t(ctx, "no_goals", place=ctx.municipality_name(member))))
            continue
        for item in mine:
            parts.append(heading(item.series.indicator.name, 4))
            if item.series.measurements.empty:
                parts.append(paragraph(_t(ctx, "no_measurements",
                                          date=long_date(ctx.gathering.date, ctx.lang))))
                continue
            parts += _charts(ctx, item, cycles)
    return join(parts)
