"""What a served kernel shows: the exercises of one identity's municipality, store scoped to it.

The prelaunch hook writes a single (hidden) cell that calls :func:`show` with the values the
server took from the authenticated identity; the participant's page cannot change them.
"""

from __future__ import annotations

import dataclasses
import logging
import sys

from IPython.display import display

from learning.reflection.scoped import Scope, ScopedStore
from learning.reflection.widgets import ReflectionPage
from learning.reports import reflection as sections
from learning.reports.context import ReportContext
from learning.reports.reflection import Assignment


def _audit_to_stderr() -> None:
    """The kernel's audit lines go to its standard error, which the server's journal collects."""
    audit = logging.getLogger("learning.audit")
    if not audit.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s audit %(message)s"))
        audit.addHandler(handler)
        audit.setLevel(logging.INFO)
        audit.propagate = False


def page(ctx: ReportContext, scope: Scope) -> ReflectionPage | None:
    """The gathering's exercises on one page, saving through the store scoped to ``scope``."""
    assignment = Assignment.of(ctx)
    assignment = dataclasses.replace(assignment, store=ScopedStore(assignment.store, scope))
    return sections.page(assignment, scope.role, fixed_role=True)


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
    display(sections.header(ctx))
    display(sections.live_page(page(ctx, scope), ctx.lang))
