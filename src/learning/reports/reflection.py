"""What ``reflection.ipynb`` shows: header, the live form (Voilà, JupyterLab) and the worksheet.

The live form and the worksheet are two cells. The exported report drops the form's cell (tag
``remove-cell``; nbconvert cannot show widgets without their JavaScript anyway) and keeps the
worksheet. In the live view the form carries a style rule that hides the worksheet, so participants
see one thing at a time.

A rendered report runs with ``live=False``: then no widget is created at all, because the executing
client records every widget's state (the typed answers among them) in the notebook's metadata, and
the exporter would copy that into the participant's HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets

from learning.i18n import Lang, t
from learning.present import Html, join, paragraph
from learning.problems import UserError
from learning.reflection.exercises import Exercise, no_exercise_file
from learning.reflection.store import Store, Version
from learning.reflection.widgets import ExerciseFields, ReflectionPage
from learning.reflection.worksheet import WORKSHEET_CLASS, exercise_sheet, wrap
from learning.reports import common
from learning.reports.context import ReportContext


@dataclass(frozen=True)
class Assignment:
    """The exercises of one municipality at one gathering, with what the previous gathering left."""

    ctx: ReportContext
    municipality: str
    exercises: list[Exercise]
    store: Store
    previous_gathering: str  # "" at the network's first gathering

    @classmethod
    def of(cls, ctx: ReportContext) -> Assignment:
        if ctx.municipality is None:
            raise UserError(
                "municipality=: oppgi kommunenummeret; refleksjonsoppgavene gjelder én kommune."
            )
        until = ctx.network.gatherings_until(ctx.gathering.id)
        previous = until[-2].id if len(until) > 1 else ""
        if ctx.exercises is None:
            raise UserError([no_exercise_file(ctx.workspace, ctx.network)])
        exercises = ctx.exercises.for_gathering(ctx.gathering.id)
        return cls(
            ctx,
            ctx.municipality.number,
            exercises,
            ctx.reflections,
            previous,
        )

    def latest(self, exercise: Exercise) -> Version | None:
        return self.store.latest(
            self.ctx.network.id, self.ctx.gathering.id, self.municipality, exercise.id
        )

    def previous(self, exercise: Exercise) -> Version | None:
        if not self.previous_gathering:
            return None
        return self.store.latest(
            self.ctx.network.id, self.previous_gathering, self.municipality, exercise.id
        )


def header(ctx: ReportContext) -> Html:
    """The title, what the exercises are for, and the demo notice."""
    place = ctx.municipality.name if ctx.municipality else ctx.network.name
    intro = t("reflection.intro", ctx.lang, municipality=place,
              gathering=common.gathering_label(ctx.network, ctx.gathering.id, ctx.lang))
    return common.header(ctx, "reflection.title", intro)


def page(
    assignment: Assignment, role: str = "", *, fixed_role: bool = False
) -> ReflectionPage | None:
    """The gathering's exercises as one live page with one Save (``None``: no exercises).

    The page saves through ``assignment.store`` (a served kernel gives it a scoped store).
    """
    if not assignment.exercises:
        return None
    ctx = assignment.ctx
    network, gathering, municipality = ctx.network.id, ctx.gathering.id, assignment.municipality
    exercises = [
        ExerciseFields(
            assignment.store,
            exercise,
            network=network,
            gathering=gathering,
            municipality=municipality,
            lang=ctx.lang,
            has_previous=bool(assignment.previous_gathering),
            previous=assignment.previous(exercise),
            previous_gathering=_previous_label(assignment),
        )
        for exercise in assignment.exercises
    ]
    return ReflectionPage(
        assignment.store,
        exercises,
        network=network,
        gathering=gathering,
        municipality=municipality,
        lang=ctx.lang,
        role=role,
        fixed_role=fixed_role,
    )


def live_page(page_or_none: ReflectionPage | None, lang: Lang) -> widgets.Widget:
    """The page's widget, or the no-exercises note; either hides the static worksheet."""
    hide_worksheet = widgets.HTML(f"<style>.{WORKSHEET_CLASS} {{ display: none; }}</style>")
    if page_or_none is None:
        note = widgets.HTML(paragraph(t("reflection.no_exercises", lang)).markup)
        return widgets.VBox([hide_worksheet, note])
    return widgets.VBox([hide_worksheet, page_or_none.widget])


def _previous_label(assignment: Assignment) -> str:
    """The previous gathering by number and date, as the worksheet names it («Samling 1, …»)."""
    if not assignment.previous_gathering:
        return ""
    ctx = assignment.ctx
    return common.gathering_label(ctx.network, assignment.previous_gathering, ctx.lang)


def live_form(ctx: ReportContext, role: str = "", live: bool = True) -> widgets.Widget | None:
    """The exercises as widgets (nothing when not ``live``); also hides the static worksheet."""
    if not live:
        return None
    try:
        built = page(Assignment.of(ctx), role)
    except ValueError as error:  # an unknown role from the parameters
        raise UserError(str(error)) from None
    return live_page(built, ctx.lang)


def worksheet(ctx: ReportContext) -> Html:
    """The printable worksheet with the latest saved answers, or lines to write on."""
    assignment = Assignment.of(ctx)
    if not assignment.exercises:
        return wrap(paragraph(t("reflection.no_exercises", ctx.lang)), ctx.lang)
    sheets = [
        exercise_sheet(
            exercise,
            assignment.latest(exercise),
            ctx.lang,
            has_previous=bool(assignment.previous_gathering),
            previous=assignment.previous(exercise),
            previous_gathering=_previous_label(assignment),
        )
        for exercise in assignment.exercises
    ]
    return wrap(join(sheets), ctx.lang)
