"""The printable worksheet: prompts, the latest saved answers (escaped), or lines to write on."""

from __future__ import annotations

import nbformat
import pytest

from learning.packaged import packaged_notebooks_dir
from learning.reflection.store import ReflectionStore
from learning.render.export import participant_html
from learning.reports import reflection as sections
from learning.reports.context import ReportContext
from learning.workspace import Workspace

SCRIPT = "<script>alert(1)</script>"


def _ctx(ws: Workspace, lang: str = "") -> ReportContext:
    return ReportContext.load(str(ws.root), "valdres", "samhandling", "3451", lang)


def _save_reflection(ws: Workspace, worked: str, **kwargs) -> None:
    ReflectionStore.for_workspace(ws).append(
        network="valdres",
        municipality="3451",
        gathering="samhandling",
        exercise="refleksjon",
        role=kwargs.get("role", "helsepersonell"),
        shared=False,
        answers={
            "fungerte": worked,
            "vanskelig": "Lite tid",
            "laere_av_andre": "",
            "tema": "evaluering",
        },
    )


def test_empty_worksheet_has_every_prompt_and_lines(demo_workspace: Workspace):
    page = sections.worksheet(_ctx(demo_workspace)).markup
    assert page.startswith('<section class="learning-worksheet">')
    for prompt in (
        "Hva har fungert godt?",
        "Hva vil dere prøve ut fram til neste samling?",
        "Hva lærte dere?",
        "Status for hvert tiltak",
    ):
        assert prompt in page
    assert page.count('class="write-lines"') == 9  # every text field of the three exercises
    assert page.count("☐ ikke startet") == 13


def test_worksheet_shows_the_latest_answers_escaped(demo_workspace: Workspace):
    _save_reflection(demo_workspace, "gammel tekst")
    _save_reflection(demo_workspace, SCRIPT)
    page = sections.worksheet(_ctx(demo_workspace)).markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page
    assert "gammel tekst" not in page
    assert "☒ <strong>Evaluering</strong>" in page


def test_nynorsk_worksheet(demo_workspace: Workspace):
    page = sections.worksheet(_ctx(demo_workspace, "nn")).markup
    assert "Kva har fungert godt?" in page and "Ingen svar er lagra enno." in page


@pytest.mark.slow
def test_exported_report_shows_the_worksheet_and_no_widget_state(
    demo_workspace: Workspace, tmp_path
):
    papermill = pytest.importorskip("papermill")
    _save_reflection(demo_workspace, SCRIPT)
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(packaged_notebooks_dir() / "reflection.ipynb"),
        str(out),
        kernel_name="python3",
        progress_bar=False,
        parameters={
            "workspace": str(demo_workspace.root),
            "network": "valdres",
            "gathering": "samhandling",
            "municipality": "3451",
            "lang": "nb",
            "role": "",
            "live": False,
        },
        cwd=str(packaged_notebooks_dir()),
    )
    page = participant_html(
        nbformat.read(out, as_version=4), fallback_title="x", fallback_lang="nb"
    )
    assert 'class="learning-worksheet"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and SCRIPT not in page
    assert "widget-state" not in page and "widget-view" not in page
    assert ".learning-worksheet { display: none" not in page
    assert page.count("<h1") == 1
