"""The live form driven from Python: Save validates, stores a version, and shows what happened."""

from __future__ import annotations

import pytest

from learning.problems import UserError
from learning.reference.guideline import MEASURES
from learning.reflection.store import ReflectionStore
from learning.reflection.widgets import ReflectionForm
from learning.reports import reflection as sections
from learning.reports.context import ReportContext
from learning.workspace import Workspace

SCRIPT = "<script>alert(1)</script>"


def _ctx(
    ws: Workspace, gathering: str = "samling-2", municipality: str = "5001", lang: str = ""
) -> ReportContext:
    return ReportContext.load(str(ws.root), "midt-norge-2022", gathering, municipality, lang)


def _form(ws: Workspace, exercise: str, **kwargs) -> ReflectionForm:
    role = kwargs.pop("role", "leder")
    return next(f for f in sections.forms(_ctx(ws, **kwargs), role) if f.exercise.id == exercise)


def _fill_reflection(
    form: ReflectionForm, worked: str = "Vi spør alle nye brukere om barn."
) -> None:
    form.inputs["fungerte"].value = worked
    form.inputs["vanskelig"].value = "Å finne tid."
    form.inputs["tema"].value = "implementering"


def test_clicking_save_stores_a_version_and_confirms(demo_workspace: Workspace):
    form = _form(demo_workspace, "refleksjon")
    _fill_reflection(form)
    form.share.value = True
    form.save_button.click()
    stored = ReflectionStore.for_workspace(demo_workspace).latest(
        "midt-norge-2022", "samling-2", "5001", "refleksjon"
    )
    assert stored is not None
    assert stored.answers["fungerte"] == "Vi spør alle nye brukere om barn."
    assert stored.answers["tema"] == "implementering"
    assert stored.role == "leder" and stored.shared is True
    assert "Lagret" in form.status.value and "versjon 1" in form.status.value
    assert 'role="status"' in form.status.value


def test_reopening_shows_the_latest_answers_and_a_second_save_is_version_two(
    demo_workspace: Workspace,
):
    first = _form(demo_workspace, "refleksjon")
    _fill_reflection(first, "første")
    assert first.save() is not None
    again = _form(demo_workspace, "refleksjon", role="")
    assert again.inputs["fungerte"].value == "første"
    assert again.inputs["tema"].value == "implementering"
    assert again.role.value == "leder"  # the saved role, as the parameters gave none
    again.inputs["fungerte"].value = "andre"
    again.save_button.click()
    store = ReflectionStore.for_workspace(demo_workspace)
    history = store.history("midt-norge-2022", "samling-2", "5001", "refleksjon")
    assert [v.answers["fungerte"] for v in history] == ["første", "andre"]
    assert "versjon 2" in again.status.value


def test_missing_required_answer_shows_error_and_stores_nothing(demo_workspace: Workspace):
    form = _form(demo_workspace, "refleksjon")
    form.inputs["fungerte"].value = "noe"
    form.save_button.click()
    assert 'role="alert"' in form.status.value
    assert "Ikke lagret" in form.status.value and "Hva har vært vanskelig?" in form.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []


def test_too_long_text_is_refused_with_the_limit(demo_workspace: Workspace):
    form = _form(demo_workspace, "refleksjon")
    _fill_reflection(form, "x" * 1501)
    assert form.save() is None
    assert "1501" in form.status.value and "1500" in form.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []


def test_typed_text_is_never_echoed_in_an_error(demo_workspace: Workspace):
    form = _form(demo_workspace, "refleksjon")
    form.inputs["fungerte"].value = "hemmelig " + "y" * 1600
    form.save_button.click()
    assert "hemmelig" not in form.status.value


def test_missing_role_is_an_error(demo_workspace: Workspace):
    form = _form(demo_workspace, "refleksjon", role="")
    _fill_reflection(form)
    assert form.save() is None
    assert "rolle" in form.status.value


def test_measure_grid_needs_every_status_and_stores_comments(demo_workspace: Workspace):
    form = _form(demo_workspace, "egenvurdering")
    grid = form.inputs["tiltak"]
    for code in MEASURES[:-1]:
        grid[code][0].value = "planlagt"
    form.save_button.click()
    assert "M13" in form.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []
    grid["M13"][0].value = "etablert"
    grid["M2"][1].value = "Spørsmålet er lagt inn i journalmalen."
    version = form.save()
    assert version is not None
    assert version.answers["tiltak"]["M13"] == {"status": "etablert", "comment": ""}
    assert version.answers["tiltak"]["M2"]["comment"] == "Spørsmålet er lagt inn i journalmalen."


def test_follow_up_questions_only_after_the_first_gathering(demo_workspace: Workspace):
    first = _form(demo_workspace, "forbedringssyklus", gathering="samling-1")
    later = _form(demo_workspace, "forbedringssyklus", gathering="samling-2")
    assert "hva_skjedde" not in first.inputs and "hva_prove" in first.inputs
    assert {"hva_skjedde", "gjennomfort", "hva_laerte", "hva_prove"} <= set(later.inputs)


def test_previous_plan_is_shown_escaped_at_the_next_gathering(demo_workspace: Workspace):
    plan = _form(demo_workspace, "forbedringssyklus", gathering="samling-1")
    plan.inputs["hva_prove"].value = SCRIPT
    plan.inputs["hvem"].value = "Helsesykepleier"
    plan.inputs["hvordan_vite"].value = "Telle i journalen"
    assert plan.save() is not None
    follow = _form(demo_workspace, "forbedringssyklus", gathering="samling-2")
    markup = "".join(
        w.value for w in follow.widget.children if isinstance(getattr(w, "value", None), str)
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert SCRIPT not in markup


def test_nynorsk_form_speaks_nynorsk(demo_workspace: Workspace):
    form = _form(demo_workspace, "refleksjon", lang="nn")
    form.save_button.click()
    assert "Ikkje lagra" in form.status.value


def test_unknown_role_parameter_is_a_user_error(demo_workspace: Workspace):
    with pytest.raises(UserError, match="role="):
        sections.live_form(_ctx(demo_workspace), "sjef")
