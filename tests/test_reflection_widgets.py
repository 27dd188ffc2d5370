"""The live page driven from Python: one Save checks every changed exercise, stores, confirms."""

from __future__ import annotations

import pytest

from learning.problems import UserError
from learning.reference.guideline import MEASURES
from learning.reflection.store import ReflectionStore
from learning.reflection.widgets import ExerciseFields, ReflectionPage
from learning.reports import reflection as sections
from learning.reports.context import ReportContext
from learning.workspace import Workspace

SCRIPT = "<script>alert(1)</script>"


def _ctx(
    ws: Workspace, gathering: str = "samling-2", municipality: str = "5001", lang: str = ""
) -> ReportContext:
    return ReportContext.load(str(ws.root), "midt-norge-2022", gathering, municipality, lang)


def _page(ws: Workspace, **kwargs) -> ReflectionPage:
    role = kwargs.pop("role", "leder")
    built = sections.page(sections.Assignment.of(_ctx(ws, **kwargs)), role)
    assert built is not None
    return built


def _fill_reflection(
    form: ExerciseFields, worked: str = "Vi spør alle nye brukere om barn."
) -> None:
    form.inputs["fungerte"].value = worked
    form.inputs["vanskelig"].value = "Å finne tid."
    form.inputs["tema"].value = "implementering"


def _fill_plan(form: ExerciseFields, plan: str = "Spørre alle nye brukere") -> None:
    form.inputs["hva_prove"].value = plan
    form.inputs["hvem"].value = "Helsesykepleier"
    form.inputs["hvordan_vite"].value = "Telle i journalen"


def test_clicking_save_stores_a_version_and_confirms(demo_workspace: Workspace):
    page = _page(demo_workspace)
    form = page.exercise("refleksjon")
    _fill_reflection(form)
    page.share.value = True
    page.save_button.click()
    stored = ReflectionStore.for_workspace(demo_workspace).latest(
        "midt-norge-2022", "samling-2", "5001", "refleksjon"
    )
    assert stored is not None
    assert stored.answers["fungerte"] == "Vi spør alle nye brukere om barn."
    assert stored.answers["tema"] == "implementering"
    assert stored.role == "leder" and stored.shared is True
    assert "Lagret" in page.status.value and "Refleksjon (versjon 1)" in page.status.value
    assert 'role="status"' in page.status.value
    # Only the exercise that was filled in is stored; the untouched ones are left alone.
    assert [v.exercise for v in ReflectionStore.for_workspace(demo_workspace).versions()] == [
        "refleksjon"
    ]


def test_reopening_shows_the_latest_answers_and_a_second_save_is_version_two(
    demo_workspace: Workspace,
):
    first = _page(demo_workspace)
    _fill_reflection(first.exercise("refleksjon"), "første")
    assert first.save() is not None
    reopened = _page(demo_workspace, role="")
    again = reopened.exercise("refleksjon")
    assert again.inputs["fungerte"].value == "første"
    assert again.inputs["tema"].value == "implementering"
    assert reopened.role.value == "leder"  # the saved role, as the parameters gave none
    again.inputs["fungerte"].value = "andre"
    reopened.save_button.click()
    store = ReflectionStore.for_workspace(demo_workspace)
    history = store.history("midt-norge-2022", "samling-2", "5001", "refleksjon")
    assert [v.answers["fungerte"] for v in history] == ["første", "andre"]
    assert "Refleksjon (versjon 2)" in reopened.status.value


def test_missing_required_answer_shows_error_and_stores_nothing(demo_workspace: Workspace):
    page = _page(demo_workspace)
    page.exercise("refleksjon").inputs["fungerte"].value = "noe"
    page.save_button.click()
    assert 'role="alert"' in page.status.value
    assert "Ikke lagret" in page.status.value
    assert "Refleksjon: «Hva har vært vanskelig?» må fylles ut" in page.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []


def test_too_long_text_is_refused_with_the_limit(demo_workspace: Workspace):
    page = _page(demo_workspace)
    _fill_reflection(page.exercise("refleksjon"), "x" * 1501)
    assert page.save() is None
    assert "1501" in page.status.value and "1500" in page.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []


def test_typed_text_is_never_echoed_in_an_error(demo_workspace: Workspace):
    page = _page(demo_workspace)
    page.exercise("refleksjon").inputs["fungerte"].value = "hemmelig " + "y" * 1600
    page.save_button.click()
    assert "hemmelig" not in page.status.value


def test_missing_role_is_an_error(demo_workspace: Workspace):
    page = _page(demo_workspace, role="")
    _fill_reflection(page.exercise("refleksjon"))
    assert page.save() is None
    assert "rolle" in page.status.value


def test_measure_grid_needs_every_status_and_stores_comments(demo_workspace: Workspace):
    page = _page(demo_workspace)
    grid = page.exercise("egenvurdering").inputs["tiltak"]
    for code in MEASURES[:-1]:
        grid[code][0].value = "planlagt"
    page.save_button.click()
    assert "M13" in page.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []
    grid["M13"][0].value = "etablert"
    grid["M2"][1].value = "Spørsmålet er lagt inn i journalmalen."
    saved = page.save()
    assert saved is not None and len(saved) == 1
    version = saved[0]
    assert version.answers["tiltak"]["M13"] == {"status": "etablert", "comment": ""}
    assert version.answers["tiltak"]["M2"]["comment"] == "Spørsmålet er lagt inn i journalmalen."


def test_follow_up_questions_only_after_the_first_gathering(demo_workspace: Workspace):
    first = _page(demo_workspace, gathering="samling-1").exercise("forbedringssyklus")
    later = _page(demo_workspace, gathering="samling-2").exercise("forbedringssyklus")
    assert "hva_skjedde" not in first.inputs and "hva_prove" in first.inputs
    assert {"hva_skjedde", "gjennomfort", "hva_laerte", "hva_prove"} <= set(later.inputs)


def test_previous_plan_is_shown_escaped_at_the_next_gathering(demo_workspace: Workspace):
    plan = _page(demo_workspace, gathering="samling-1")
    _fill_plan(plan.exercise("forbedringssyklus"), SCRIPT)
    assert plan.save() is not None
    follow = _page(demo_workspace, gathering="samling-2").exercise("forbedringssyklus")
    markup = "".join(
        w.value for w in follow.widget.children if isinstance(getattr(w, "value", None), str)
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert SCRIPT not in markup


def test_nynorsk_form_speaks_nynorsk(demo_workspace: Workspace):
    page = _page(demo_workspace, lang="nn")
    page.exercise("refleksjon").inputs["fungerte"].value = "Noko"
    page.save_button.click()
    assert "Ikkje lagra" in page.status.value and "Refleksjon:" in page.status.value


def test_unknown_role_parameter_is_a_user_error(demo_workspace: Workspace):
    with pytest.raises(UserError, match="role="):
        sections.live_form(_ctx(demo_workspace), "sjef")


def test_one_save_stores_every_changed_exercise_with_the_pages_sharing_choice(
    demo_workspace: Workspace,
):
    page = _page(demo_workspace, gathering="samling-1")
    _fill_plan(page.exercise("forbedringssyklus"))
    _fill_reflection(page.exercise("refleksjon"))
    page.share.value = True
    saved = page.save()
    assert saved is not None
    assert sorted(v.exercise for v in saved) == ["forbedringssyklus", "refleksjon"]
    assert all(v.shared and v.role == "leder" and v.gathering == "samling-1" for v in saved)
    status = page.status.value
    assert "Forbedringssyklus (versjon 1)" in status and "Refleksjon (versjon 1)" in status
    assert status.count("learning-saved") == 1  # one confirmation for the page


def test_one_problem_anywhere_stores_nothing_from_the_page(demo_workspace: Workspace):
    page = _page(demo_workspace, gathering="samling-1")
    _fill_reflection(page.exercise("refleksjon"))
    page.exercise("forbedringssyklus").inputs["hva_prove"].value = "Noe"  # «hvem» still empty
    assert page.save() is None
    assert "Forbedringssyklus: «Hvem gjør det" in page.status.value
    assert ReflectionStore.for_workspace(demo_workspace).versions() == []


def test_saving_again_without_changes_stores_nothing_new(demo_workspace: Workspace):
    page = _page(demo_workspace)
    _fill_reflection(page.exercise("refleksjon"))
    assert page.save() is not None
    assert page.save() is None
    assert "Ingenting er endret" in page.status.value
    assert len(ReflectionStore.for_workspace(demo_workspace).versions()) == 1


def test_changing_only_the_sharing_choice_shares_what_was_saved(demo_workspace: Workspace):
    first = _page(demo_workspace)
    _fill_reflection(first.exercise("refleksjon"))
    assert first.save() is not None
    later = _page(demo_workspace)
    assert later.share.value is False
    later.share.value = True
    saved = later.save()
    assert saved is not None and [v.exercise for v in saved] == ["refleksjon"]
    assert saved[0].shared and saved[0].answers["fungerte"] == "Vi spør alle nye brukere om barn."


def test_last_self_assessment_is_the_start_and_is_saved_only_when_changed(
    demo_workspace: Workspace,
):
    first = _page(demo_workspace, gathering="samling-1")
    grid = first.exercise("egenvurdering").inputs["tiltak"]
    for code in MEASURES:
        grid[code][0].value = "planlagt"
    assert first.save() is not None
    later = _page(demo_workspace, gathering="samling-2")
    carried = later.exercise("egenvurdering").inputs["tiltak"]
    assert all(carried[code][0].value == "planlagt" for code in MEASURES)
    _fill_reflection(later.exercise("refleksjon"))
    saved = later.save()
    assert saved is not None and [v.exercise for v in saved] == ["refleksjon"]
    carried["M1"][0].value = "i_gang"
    saved = later.save()
    assert saved is not None and [v.exercise for v in saved] == ["egenvurdering"]
    assert saved[0].answers["tiltak"]["M1"]["status"] == "i_gang"
    assert saved[0].answers["tiltak"]["M2"]["status"] == "planlagt"
