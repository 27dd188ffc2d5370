"""«Kommunen vår nå»: what opens every municipality report.

The municipality's own standing in one place: letter of intent, anchoring, representatives,
attendance so far, the gathering ahead, each goal in one line, M1–M13, what it planned last time
(its own answers only), and a few suggestions drawn from its own weakest practice items with the
matching guideline measures and research findings. Survey figures come through the same
suppressed tables as the rest of the report, so nothing here shows a number hidden elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from learning.goals.achievement import assess
from learning.i18n import long_date, t
from learning.present import Html, escape, heading, join, number, paragraph
from learning.reference.findings import Finding, findings_for_item
from learning.reference.guideline import MEASURES, measure_name, status_label
from learning.reflection.worksheet import previous_plan
from learning.reports import goals as goal_sections
from learning.reports import implementation, survey
from learning.reports.common import gathering_label, wave_label
from learning.reports.context import ReportContext
from learning.survey import schema

#: The guideline measures each practice item puts into practice (DOMAIN.md's M1–M13 list).
ITEM_MEASURES: dict[str, tuple[str, ...]] = {
    "p_identify": ("M2",),
    "p_document": ("M8",),
    "p_talk_parent": ("M3", "M4"),
    "p_inform_child": ("M4",),
    "p_offer_conversation": ("M4", "M9"),
    "p_contact_services": ("M5", "M11"),
    "p_refer": ("M5", "M9"),
    "p_bereaved": ("M10",),
}
MOST_SUGGESTIONS = 4
FEWEST_SUGGESTIONS = 2
LOW_STATUSES = ("ikke_startet", "planlagt")  # measures a suggestion may point at when items are few


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"our_municipality.{key}", ctx.lang, **values)


def _items(ctx: ReportContext, lines: Sequence[str]) -> Html:
    return Html("<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>")


def _line(label: str, text: str) -> str:
    """``<strong>label:</strong> text`` with both escaped."""
    return f"<strong>{escape(label)}:</strong> {escape(text)}"


def standing(ctx: ReportContext) -> list[str]:
    """Letter of intent, anchoring and representatives, one line each."""
    member = ctx.network.member(ctx.municipality.number)  # type: ignore[union-attr]
    letter = member.letter_of_intent
    if letter.signed:
        date = long_date(letter.date, ctx.lang) if letter.date else "–"
        signed = (_t(ctx, "letter_signed", date=date, by=letter.signed_by) if letter.signed_by
                  else _t(ctx, "letter_signed_date", date=date))
    else:
        signed = _t(ctx, "letter_unsigned")
    anchoring = t(f"overview.anchoring.{member.anchoring.level}", ctx.lang)
    if member.anchoring.description:
        anchoring = f"{anchoring} ({member.anchoring.description})"
    with_mandate = [r for r in member.representatives if r.coordination_mandate]
    without = [r for r in member.representatives if not r.coordination_mandate]

    def who(people: list) -> str:
        return ", ".join(f"{t(f'common.role.{r.role}', ctx.lang).lower()} i "
                         f"{t(f'common.service.{r.service}', ctx.lang).lower()}" for r in people) or "–"

    representatives = _t(ctx, "representatives", total=len(member.representatives),
                         mandate=len(with_mandate), with_mandate=who(with_mandate), without=who(without))
    lines = [_line(_t(ctx, "label_letter"), signed), _line(_t(ctx, "label_anchoring"), anchoring),
             _line(_t(ctx, "label_representatives"), representatives)]
    if not with_mandate:
        lines.append(_line(_t(ctx, "label_attention"), _t(ctx, "no_mandate")))
    return lines


def attendance(ctx: ReportContext) -> list[str]:
    """How many came from the municipality to each gathering held before this one."""
    number = ctx.municipality.number  # type: ignore[union-attr]
    held = [g for g in ctx.network.gatherings_until(ctx.gathering.id) if g.date < ctx.gathering.date]
    lines = []
    for gathering in held:
        label = gathering_label(ctx.network, gathering.id, ctx.lang)
        if gathering.attendance is None:
            text = _t(ctx, "attendance_unknown")
        elif gathering.attendance.get(number, 0) == 0:
            text = _t(ctx, "attendance_absent")
        else:
            text = _t(ctx, "attendance_count", count=gathering.attendance[number])
        lines.append(_line(label, text))
    return lines or [escape(_t(ctx, "attendance_first"))]


def next_gathering(ctx: ReportContext) -> str:
    """The gathering this report is made for: date, time, digital or physical, place, deadline."""
    gathering = ctx.gathering
    text = _t(ctx, "next", label=gathering_label(ctx.network, gathering.id, ctx.lang),
              start=gathering.start.strftime("%H.%M"), end=gathering.end.strftime("%H.%M"),
              format=t(f"common.format_{gathering.format}", ctx.lang), place=gathering.place,
              theme=gathering.theme)
    if gathering.registration_deadline:
        text += " " + _t(ctx, "deadline", date=long_date(gathering.registration_deadline, ctx.lang))
    return text


def goal_lines(ctx: ReportContext) -> list[str]:
    """Each indicator of the municipality's goals in one line with its verdict."""
    series = ctx.goals.series(ctx.municipality.number, until=ctx.gathering.date)  # type: ignore[union-attr]
    return [escape(goal_sections.one_line(ctx, assess(s))) for s in series]


def measures_line(ctx: ReportContext) -> str:
    """Where M1–M13 stand and what moved since the assessment before."""
    found = implementation.own_grid(ctx)
    if found is None:
        return _t(ctx, "measures_none")
    grid, _, order = found
    return implementation.describe_municipality(ctx, grid, order)


def planned_last_time(ctx: ReportContext) -> Html:
    """What the municipality itself planned at the previous gathering (never another's answers)."""
    until = ctx.network.gatherings_until(ctx.gathering.id)
    if len(until) < 2:
        return paragraph(_t(ctx, "plan_first"))
    previous = until[-2].id
    label = gathering_label(ctx.network, previous, ctx.lang)
    parts = []
    for exercise in ctx.exercises.for_gathering(previous) if ctx.exercises else []:
        version = ctx.reflections.latest(ctx.network.id, previous, ctx.municipality.number, exercise.id)  # type: ignore[union-attr]
        if version is not None:
            parts.append(previous_plan(exercise, version, label, ctx.lang))
    shown = [p for p in parts if p.markup]
    return join(shown) if shown else paragraph(_t(ctx, "plan_none", gathering=label))


# --- suggestions ---------------------------------------------------------------------------


def weakest_items(ctx: ReportContext, responses: pd.DataFrame) -> list[tuple[str, float]]:
    """The practice items whose share the report shows for the municipality, lowest first."""
    wave = survey.current_wave(ctx, responses)
    if wave is None:
        return []
    published = survey.publication(ctx, responses, wave)
    place = ctx.municipality.number  # type: ignore[union-attr]
    shares = [(item, published.exact_share(("c", place, item))) for item in schema.PRACTICE_ITEMS]
    shown = [(item, share) for item, share in shares if share is not None]
    return sorted(shown, key=lambda pair: pair[1])


def _finding_text(ctx: ReportContext, finding: Finding) -> str:
    figure = finding.figure_display(ctx.lang)
    statement = finding.statement(ctx.lang)
    sample = f", {finding.sample(ctx.lang)}" if finding.sample else ""
    body = f"{statement}: {figure}" if figure else statement
    return _t(ctx, "finding", finding=body, source=f"{finding.source.label}{sample}",
              population=finding.source.population(ctx.lang))


def _measures_text(ctx: ReportContext, codes: Sequence[str]) -> str:
    return "; ".join(f"{code} {measure_name(code, ctx.lang).lower()}" for code in codes)


def suggestions(ctx: ReportContext, responses: pd.DataFrame) -> list[str]:
    """2–4 concrete suggestions: the weakest shown practice items first, then measures not started."""
    wave = survey.current_wave(ctx, responses)
    lines = []
    for item, share in weakest_items(ctx, responses)[:3]:
        text = _t(ctx, "suggest_item", item=t(f"survey.item.{item}", ctx.lang).lower(),
                  share=number(share * 100, 0), wave=wave_label(ctx.network, wave or "", ctx.lang),
                  measures=_measures_text(ctx, ITEM_MEASURES[item]))
        findings = findings_for_item(item)
        if findings:
            text += " " + _finding_text(ctx, findings[0])
        lines.append(escape(text))
    found = implementation.own_grid(ctx)
    if found is not None and len(lines) < MOST_SUGGESTIONS:
        grid, _, order = found
        latest = next((grid[g] for g in reversed(order) if grid.get(g)), {})
        covered = {code for item_line in lines for code in MEASURES if f"{code} " in item_line}
        open_measures = [code for status in LOW_STATUSES for code in MEASURES
                         if latest.get(code) == status and code not in covered]
        wanted = max(FEWEST_SUGGESTIONS - len(lines), 1)
        for code in open_measures[:wanted]:
            lines.append(escape(_t(ctx, "suggest_measure", code=code,
                                   measure=measure_name(code, ctx.lang).lower(),
                                   status=status_label(latest[code], ctx.lang).lower())))
    if not lines:
        lines.append(escape(_t(ctx, "suggest_none")))
    return lines[:MOST_SUGGESTIONS]


def our_municipality_now(ctx: ReportContext, responses: pd.DataFrame) -> Html:
    """The section that opens the municipality report."""
    if ctx.municipality is None:
        raise ValueError("our_municipality_now needs a municipality report (municipality=...)")
    goals = goal_lines(ctx)
    return join([
        heading(_t(ctx, "heading")),
        paragraph(_t(ctx, "intro", place=ctx.place)),
        _items(ctx, standing(ctx)),
        heading(_t(ctx, "next_heading"), 3), paragraph(next_gathering(ctx)),
        heading(_t(ctx, "attendance_heading"), 3), _items(ctx, attendance(ctx)),
        heading(_t(ctx, "goals_heading"), 3),
        _items(ctx, goals) if goals else paragraph(_t(ctx, "goals_none")),
        heading(_t(ctx, "measures_heading"), 3), paragraph(measures_line(ctx)),
        heading(_t(ctx, "plan_heading"), 3), planned_last_time(ctx),
        heading(_t(ctx, "suggestions_heading"), 3), paragraph(_t(ctx, "suggestions_intro")),
        _items(ctx, suggestions(ctx, responses)),
    ])
