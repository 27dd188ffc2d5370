"""survey_overview.ipynb: stored clean, and rendered with papermill on the demo surveys."""

from __future__ import annotations

import string
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from learning.disclosure.shown import MARK
from learning.network import load_network
from learning.render.export import participant_html
from learning.reports.common import wave_label
from learning.synthetic.manifest import import_demo_surveys
from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "survey_overview.ipynb"
I18N = REPO / "src" / "learning" / "i18n"


def test_the_notebook_is_stored_clean_and_declares_its_inputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tags = [c.metadata.get("tags", []) for c in notebook.cells]
    assert tags[:4] == [["remove-cell"], ["remove-cell"], ["parameters"], ["remove-cell"]]
    assert all(t == ["remove-input"] for t in tags[4:])
    assert notebook.metadata["learning"]["inputs"] == ["network", "reference", "survey"]
    assert not any("def " in c.source or "class " in c.source for c in code)


@pytest.mark.parametrize("name", ["cooperation", "survey_overview"])
def test_strings_in_both_languages(name: str) -> None:
    strings = yaml.safe_load((I18N / f"{name}.yml").read_text(encoding="utf-8"))
    for key, texts in strings.items():
        assert set(texts) == {"nb", "nn"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f}
                  for lang in ("nb", "nn")]
        assert fields[0] == fields[1], key


def render(workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
           **parameters: str) -> BeautifulSoup:
    import papermill

    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))  # the kernel imports this worktree's code
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(output), parameters={"workspace": str(workspace.root), **parameters},
        cwd=str(NOTEBOOK.parent), kernel_name="python3", progress_bar=False,
    )
    notebook = nbformat.read(output, as_version=4)
    page = participant_html(notebook, fallback_title="(ingen tittel)", fallback_lang="(ingen)")
    return BeautifulSoup(page, "html.parser")


def table_with(soup: BeautifulSoup, caption: str) -> list[list[str]]:
    for table in soup.find_all("table"):
        if caption in table.caption.get_text():
            return [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    raise AssertionError(f"no table {caption!r}")


@pytest.mark.slow
def test_render_on_the_demo(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_demo_surveys(demo_workspace)
    soup = render(demo_workspace, tmp_path, monkeypatch, network="valdres", gathering="rutiner")
    assert len(soup.find_all("h1")) == 1 and soup.html["lang"] == "nb"

    # participation by service: a group's size is shown (a band where the audit needs one); a
    # municipality under 5 in all shows «under 5» and nothing of its services
    participation = table_with(soup, "Antall svar per tjeneste og kommune")
    figures = [cell for row in participation[1:] for cell in row[1:]]
    assert all(cell == MARK or cell == "under 5" or cell.replace("–", "").isdigit() for cell in figures)

    # the network's cooperation matrix, as a figure with alt text and as a table
    images = soup.find_all("img")
    assert len(images) == 1
    alt = images[0]["alt"]
    assert "Hele nettverket" in alt and "Sterkest samarbeid:" in alt
    matrix = table_with(soup, "Samarbeid om barn som pårørende, Hele nettverket")
    for row in matrix[1:]:
        n = row[1]
        if n == MARK or n == "under 5" or int(n) < 5:  # too few to show what they answered
            assert set(row[2:]) == {MARK}, row
    valdres = load_network(demo_workspace, "valdres")
    since = f"{wave_label(valdres, 'baseline', 'nb')} og {wave_label(valdres, 'rutiner', 'nb')}"
    assert "samling" in since and "baseline" not in since  # waves as readers know them, not ids
    assert table_with(soup, since)  # the change since baseline

    # practice and system side by side: every shown n is at least 5
    for caption in ("Andel «ofte» eller «alltid» (n) per kommune", "Andel «ja» (n) per kommune"):
        for row in table_with(soup, caption)[1:]:
            for cell in row[1:]:
                share, n = cell.rsplit(" (", 1)
                if share not in (MARK, "–"):
                    assert int(n.rstrip(")")) >= 5, cell
    assert "færre enn 5" in soup.get_text()
