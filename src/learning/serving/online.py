"""What a served kernel shows: the exercises of one identity's municipality, store scoped to it.

The prelaunch hook writes a single (hidden) cell that calls :func:`show` with the values the
server took from the authenticated identity; the participant's page cannot change them.
"""

from __future__ import annotations

import dataclasses
import logging
import sys

import ipywidgets as widgets
from IPython.display import display

from learning.present import paragraph
from learning.reflection.scoped import Scope, ScopedStore
from learning.reflection.widgets import ReflectionForm
from learning.reflection.worksheet import WORKSHEET_CLASS
from learning.reports.context import ReportContext
from learning.reports.reflection import Assignment, header


def _audit_to_stderr() -> None:
    """The kernel's audit lines go to its standard error, which the server's journal collects."""
    audit = logging.getLogger("learning.audit")
    if not audit.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s audit %(message)s"))
        audit.addHandler(handler)
        audit.setLevel(logging.INFO)
        audit.propagate = False


def forms(ctx: ReportContext, scope: Scope) -> list[ReflectionForm]:
    """One form per exercise of the gathering, each saving through the scoped store."""
    assignment = Assignment.of(ctx)
    assignment = dataclasses.replace(assignment, store=ScopedStore(assignment.store, scope))
    return [
        ReflectionForm(
            assignment.store,
            exercise,
            network=ctx.network.id,
            gathering=ctx.gathering.id,
            municipality=assignment.municipality,
            lang=ctx.lang,
            role=scope.role,
            fixed_role=True,
            has_previous=bool(assignment.previous_gathering),
            previous=assignment.previous(exercise),
            previous_gathering=assignment.previous_gathering,
        )
        for exercise in assignment.exercises
    ]


def show(
    workspace: str,
    network: str,
    gathering: str,
    municipality: str,
    scope_municipality: str,
    role: str,
) -> None:
    """Display the header and the forms (called from the cell the server wrote)."""
    _audit_to_stderr()
    scope = Scope(network, scope_municipality, role)
    ctx = ReportContext.load(workspace, network, gathering, municipality, "")
    display(header(ctx))
    built = forms(ctx, scope)
    hide = widgets.HTML(f"<style>.{WORKSHEET_CLASS} {{ display: none; }}</style>")
    if not built:
        from learning.i18n import t

        display(widgets.VBox([hide, widgets.HTML(paragraph(t("reflection.no_exercises", ctx.lang)).markup)]))
        return
    display(widgets.VBox([hide, *(form.widget for form in built)]))
