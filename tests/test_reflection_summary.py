"""The gathering summary: only current, shared answers; escaped; M1–M13 heat map with movement."""

from __future__ import annotations

import nbformat
import pytest

from learning.packaged import packaged_notebooks_dir
from learning.reference.guideline import MEASURES
from learning.reflection.store import ReflectionStore
from learning.render.export import participant_html
from learning.reports import gathering_summary as summary
from learning.reports.context import ReportContext
from learning.workspace import Workspace

SCRIPT = "<script>alert(1)</script>"


def _reflect(
    store: ReflectionStore, number: str, worked: str, shared: bool, gathering: str = "samhandling"
):
    store.append(
        network="valdres",
        municipality=number,
        gathering=gathering,
        exercise="refleksjon",
        role="leder",
        shared=shared,
        answers={"fungerte": worked, "vanskelig": "Tid", "laere_av_andre": "", "tema": ""},
    )


def _assess(
    store: ReflectionStore, number: str, statuses: list[str], gathering: str, shared: bool = True
):
    grid = {code: {"status": s, "comment": ""} for code, s in zip(MEASURES, statuses, strict=True)}
    store.append(
        network="valdres",
        municipality=number,
        gathering=gathering,
        exercise="egenvurdering",
        role="leder",
        shared=shared,
        answers={"tiltak": grid},
    )


def _ctx(ws: Workspace) -> ReportContext:
    return ReportContext.load(str(ws.root), "valdres", "samhandling", lang="nb")


def _page(ctx: ReportContext) -> str:
    return "".join(
        part.markup
        for part in (summary.header(ctx), summary.shared_learning(ctx), summary.measures(ctx))
    )


def test_only_the_current_shared_version_is_shown(demo_workspace: Workspace):
    store = ReflectionStore.for_workspace(demo_workspace)
    _reflect(store, "3449", "DELT-A", shared=True)
    _reflect(store, "3450", "HEMMELIG-B", shared=False)
    _reflect(store, "3451", "GAMMEL-C", shared=True)
    _reflect(
        store, "3451", "NY-C", shared=False
    )  # changed its mind: the current version is private
    _assess(store, "3450", ["etablert"] * 13, "samhandling", shared=False)
    page = _page(_ctx(demo_workspace))
    assert "DELT-A" in page
    for hidden in ("HEMMELIG-B", "GAMMEL-C", "NY-C"):
        assert hidden not in page
    assert "1 av 6 kommuner har delt" in page
    # 3450 shared nothing: named among those who have not (for the facilitators' follow-up), and
    # nowhere else, so not in the heat map either
    silent = page.split("Ikke delt noe ennå:")[1].split("</p>")[0]
    assert "Etnedal" in silent and "Sør-Aurdal" not in silent
    assert page.count("Etnedal") == 1


def test_typed_text_is_escaped_in_the_summary(demo_workspace: Workspace):
    store = ReflectionStore.for_workspace(demo_workspace)
    _reflect(store, "3449", SCRIPT, shared=True)
    page = _page(_ctx(demo_workspace))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page


def test_previous_plan_appears_only_when_it_was_shared(demo_workspace: Workspace):
    store = ReflectionStore.for_workspace(demo_workspace)
    for number, shared in (("3449", True), ("3451", False)):
        store.append(
            network="valdres",
            municipality=number,
            gathering="oppstart",
            exercise="forbedringssyklus",
            role="leder",
            shared=shared,
            answers={"hva_prove": f"PLAN-{number}", "hvem": "Leder", "hvordan_vite": "Telle"},
        )
        store.append(
            network="valdres",
            municipality=number,
            gathering="samhandling",
            exercise="forbedringssyklus",
            role="leder",
            shared=True,
            answers={
                "hva_skjedde": f"SKJEDDE-{number}",
                "gjennomfort": "delvis",
                "hva_laerte": "Mye",
                "hva_videre": "",
                "hva_prove": "Mer",
                "hvem": "Leder",
                "hvordan_vite": "Telle",
            },
        )
    page = summary.shared_learning(_ctx(demo_workspace)).markup
    assert "PLAN-3449" in page and "SKJEDDE-3449" in page and "SKJEDDE-3451" in page
    assert "PLAN-3451" not in page
    assert "Delvis" in page  # a choice is shown by its label


def test_heat_map_describes_the_levels_and_the_movement(demo_workspace: Workspace):
    store = ReflectionStore.for_workspace(demo_workspace)
    now = ["etablert"] * 5 + ["i_gang"] * 4 + ["planlagt"] * 3 + ["ikke_startet"]
    before = ["planlagt"] * 5 + ["i_gang"] * 4 + ["etablert"] * 3 + ["ikke_startet"]
    _assess(store, "3449", before, "oppstart")
    _assess(store, "3449", now, "samhandling")
    html = summary.measures(_ctx(demo_workspace)).markup
    # by hand: M1–M5 planlagt → etablert (5 up), M10–M12 etablert → planlagt (3 down)
    assert "5 av 13 vurderinger er «etablert», 4 «i gang», 3 «planlagt» og 1 «ikke startet»" in html
    assert "5 vurderinger har gått opp og 3 ned siden forrige samling" in html
    assert html.count("etablert (opp fra planlagt)") == 5
    assert html.count("planlagt (ned fra etablert)") == 3
    assert (
        '<td class="num">5</td><td class="num">3</td><td class="num">5</td><td class="num">0</td>'
        in html
    )
    assert 'alt="Varmekart' in html


def test_nothing_shared_says_so(demo_workspace: Workspace):
    page = _page(_ctx(demo_workspace))
    assert "Ingen kommuner har delt svar" in page
    assert "Ingen kommuner har delt egenvurderingen" in page


def test_nynorsk_summary(demo_workspace: Workspace):
    _reflect(ReflectionStore.for_workspace(demo_workspace), "3454", "Noko gjekk bra", shared=True)
    ctx = ReportContext.load(str(demo_workspace.root), "valdres", "samhandling", lang="nn")
    page = _page(ctx)
    assert "Kva kommunane prøvde og lærte" in page and "Noko gjekk bra" in page


def test_a_single_level_heat_map(demo_workspace: Workspace):
    store = ReflectionStore.for_workspace(demo_workspace)
    statuses = ["i_gang"] * 13
    _assess(store, "3452", statuses, "samhandling")
    html = summary.measures(_ctx(demo_workspace)).markup
    assert "0 av 13 vurderinger er «etablert», 13 «i gang»" in html
    assert "ikke startet (" not in html


@pytest.mark.slow
def test_summary_notebook_exports_without_unshared_text(demo_workspace: Workspace, tmp_path):
    papermill = pytest.importorskip("papermill")
    store = ReflectionStore.for_workspace(demo_workspace)
    _reflect(store, "3449", SCRIPT, shared=True)
    _reflect(store, "3450", "HEMMELIG-B", shared=False)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(packaged_notebooks_dir() / "gathering_summary.ipynb"),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(packaged_notebooks_dir()),
        parameters={
            "workspace": str(demo_workspace.root),
            "network": "valdres",
            "gathering": "samhandling",
            "lang": "nb",
        },
    )
    page = participant_html(
        nbformat.read(out, as_version=4), fallback_title="x", fallback_lang="nb"
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
    assert "HEMMELIG-B" not in page
    assert page.count("<h1") == 1 and "Deling fra kommunene" in page
