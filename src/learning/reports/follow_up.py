"""«Oppfølging»: for facilitators before a gathering, every member named with what is missing or due.

Checks per municipality: letter of intent unsigned, no representative with a mandate, absent at
the last gathering held, survey answers in the current wave against its representatives, goals
without a measurement since the last gathering, no self-assessment of M1–M13, nothing shared.
Those with most to follow up come first. Only facilitators read this (it names who is behind);
it shows counts of survey answers per municipality only where the participant reports do too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from learning.i18n import t
from learning.implementation import load_status
from learning.network import Gathering
from learning.present import Html, heading, join, paragraph
from learning.present import table as html_table
from learning.reports.common import gathering_label
from learning.reports.context import ReportContext
from learning.survey import aggregate
from learning.survey.waves import responses_until, waves_until


@dataclass(frozen=True)
class Due:
    """One municipality's open points, most urgent first."""

    kommune: str
    points: list[str]


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"follow_up.{key}", ctx.lang, **values)


def _last_held(ctx: ReportContext) -> Gathering | None:
    held = [g for g in ctx.network.gatherings_until(ctx.gathering.id) if g.date < ctx.gathering.date]
    return held[-1] if held else None


def _answers(ctx: ReportContext, responses: pd.DataFrame) -> tuple[str | None, dict[str, int]]:
    """The current wave and the number of answers per municipality in it."""
    usable = responses_until(responses, ctx.network, ctx.gathering.id)
    present = set(usable["wave"]) if "wave" in usable.columns else set()
    waves = [w for w in waves_until(ctx.network, ctx.gathering.id) if w in present]
    if not waves:
        return None, {}
    current = usable[usable["wave"] == waves[-1]]
    counted = aggregate.participation(current, by="kommune").set_index("kommune")["n"]
    return waves[-1], {str(k): int(v) for k, v in counted.items()}


def open_points(ctx: ReportContext, responses: pd.DataFrame) -> list[Due]:
    """Every member with its open points, those with most first (then in member order)."""
    last = _last_held(ctx)
    _, answers = _answers(ctx, responses)
    goals = ctx.goals
    status = load_status(ctx, until=ctx.gathering.date)
    assessed = set(status[(status["gathering"] == ctx.gathering.id)]["kommune"])
    current = ctx.reflections.latest_per_municipality(ctx.network.id, ctx.gathering.id)
    sharing = {v.municipality for v in current if v.shared}
    since = last.date if last else None
    found = []
    for member in ctx.network.members:
        number = member.kommune
        points = []
        if not member.letter_of_intent.signed:
            points.append(_t(ctx, "letter_unsigned"))
        if not any(r.coordination_mandate for r in member.representatives):
            points.append(_t(ctx, "no_mandate"))
        if last is not None and last.attendance is not None and last.attendance.get(number, 0) == 0:
            points.append(_t(ctx, "absent", gathering=gathering_label(ctx.network, last.id, ctx.lang)))
        count = answers.get(number, 0)
        if count < ctx.network.survey_min_group:
            listed = len(member.representatives)
            representatives = _t(ctx, "representatives_one" if listed == 1 else "representatives_many",
                                 count=listed)
            points.append(_t(ctx, "few_answers", representatives=representatives,
                              min_n=ctx.network.survey_min_group))
        series = goals.series(number, until=ctx.gathering.date)
        if not series:
            points.append(_t(ctx, "no_goals"))
        elif last is not None and since is not None:  # since is the last gathering's date
            stale = [s.indicator.name for s in series
                     if s.measurements.empty or max(s.measurements["date"]) < since]
            if stale:
                points.append(_t(ctx, "no_measurement", indicators=", ".join(stale),
                                  gathering=gathering_label(ctx.network, last.id, ctx.lang)))
        if number not in assessed:
            points.append(_t(ctx, "no_assessment"))
        if number not in sharing:
            points.append(_t(ctx, "nothing_shared"))
        found.append(Due(number, points))
    order = {m: i for i, m in enumerate(ctx.network.member_numbers)}
    return sorted(found, key=lambda d: (-len(d.points), order[d.kommune]))


def _count(ctx: ReportContext, count: int) -> str:
    """A municipality's number of answers, or «under 5»: no figure for a group under the minimum."""
    minimum = ctx.network.survey_min_group
    return str(count) if count >= minimum else _t(ctx, "under", min_n=minimum)


def follow_up(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The «Oppfølging» section: one row per member, those needing action first."""
    dues = open_points(ctx, responses)
    wave, answers = _answers(ctx, responses)
    behind = [d for d in dues if d.points]
    rows = pd.DataFrame({
        _t(ctx, "col_municipality"): [ctx.municipality_name(d.kommune) for d in dues],
        _t(ctx, "col_answers"): [_count(ctx, answers.get(d.kommune, 0)) if wave else "–" for d in dues],
        _t(ctx, "col_points"): ["; ".join(d.points) if d.points else _t(ctx, "all_done") for d in dues],
    })
    return join([
        heading(_t(ctx, "heading")),
        paragraph(_t(ctx, "intro", gathering=gathering_label(ctx.network, ctx.gathering.id, ctx.lang))),
        paragraph(_t(ctx, "summary", behind=len(behind), total=len(dues))),
        html_table(rows, _t(ctx, "caption", gathering=gathering_label(ctx.network, ctx.gathering.id, ctx.lang))),
    ])
