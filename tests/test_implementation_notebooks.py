"""municipality_report.ipynb and network_evaluation.ipynb: stored clean with the implementation
cells, and rendered once each with papermill on the demo (surveys imported, reflections seeded)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from learning.render.export import participant_html
from learning.synthetic.manifest import import_demo_surveys
from learning.synthetic.reflections import seed_demo_reflections
from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"


@pytest.mark.parametrize(("name", "calls", "inputs"), [
    ("municipality_report", ["implementation.municipality_status(ctx)"],
     {"exercises", "reflections", "implementation"}),
    ("network_evaluation", ["implementation.network_status(ctx)", "cooperation.network_map(ctx, responses)"],
     {"survey", "exercises", "reflections", "implementation"}),
])
def test_stored_clean_with_the_new_cells(name: str, calls: list[str], inputs: set[str]) -> None:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert inputs <= set(notebook.metadata["learning"]["inputs"])
    tags = [c.metadata.get("tags", []) for c in notebook.cells]
    assert tags[:3] == [["remove-cell"], ["remove-cell"], ["parameters"]]
    for call in calls:
        [cell] = [c for c in code if c.source.strip() == call]
        assert cell.metadata["tags"] == ["remove-input"]
    if name == "network_evaluation":
        [loading] = [c for c in code if c.source.startswith("responses = ctx.responses")]
        assert loading.metadata["tags"] == ["remove-cell"]
        assert code.index(loading) < code.index(next(c for c in code if "network_map" in c.source))
    else:  # after the goals section
        sources = [c.source.strip() for c in code]
        assert sources.index(calls[0]) == sources.index("goals.municipality_goals(ctx)") + 1


@pytest.fixture(scope="module")
def seeded(module_demo_workspace: Workspace) -> Workspace:
    import_demo_surveys(module_demo_workspace)
    seed_demo_reflections(module_demo_workspace)
    return module_demo_workspace


def _render(workspace: Workspace, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            **parameters: str) -> BeautifulSoup:
    import papermill

    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))  # the kernel imports this worktree's code
    output = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOKS / f"{name}.ipynb"), str(output),
        parameters={"workspace": str(workspace.root), **parameters},
        cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False,
    )
    page = participant_html(nbformat.read(output, as_version=4), fallback_title="(ingen tittel)",
                            fallback_lang="(ingen)")
    return BeautifulSoup(page, "html.parser")


def _section(soup: BeautifulSoup, title: str) -> list:
    """The elements after the h2 ``title`` up to the next h2."""
    [start] = [h for h in soup.find_all("h2") if h.get_text() == title]
    found = []
    for element in start.find_all_next():
        if element.name == "h2":
            break
        found.append(element)
    return found


@pytest.mark.slow
def test_municipality_report_has_the_status_section(
    seeded: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 5035 has no self-assessment in the demo: its status comes from params/implementation.
    soup = _render(seeded, "municipality_report", tmp_path, monkeypatch,
                   network="midt-norge-2022", gathering="samling-3", municipality="5035")
    section = _section(soup, "Gjennomføring av Pårørendeveilederen")
    [image] = [e for e in section if e.name == "img"]
    assert "av 13 tiltak etablert" in image["alt"]
    [table] = [e for e in section if e.name == "table"]
    headers = [th.get_text() for th in table.find("thead").find_all("th")]
    assert headers[1:] == [f"Samling {n}, {d} (ført av fasilitatorene)"
                           for n, d in [(1, "11. januar 2022"), (2, "4. mai 2022"), (3, "12. oktober 2022")]]


@pytest.mark.slow
def test_network_evaluation_has_goals_implementation_and_the_map(
    seeded: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soup = _render(seeded, "network_evaluation", tmp_path, monkeypatch, network="midt-norge-2022",
                   gathering="samling-3")
    titles = [h.get_text() for h in soup.find_all("h2")]
    assert titles[0] == "Måloppnåelse i nettverket"
    assert "Gjennomføring av Pårørendeveilederen i nettverket" in titles
    assert any(t.startswith("Samarbeid om barn som pårørende: Hele nettverket") for t in titles)
    section = _section(soup, "Gjennomføring av Pårørendeveilederen i nettverket")
    [image] = [e for e in section if e.name == "img"]
    assert "Samling 3, 12. oktober 2022: M1 " in image["alt"]
    assert len(soup.find_all("h1")) == 1
