"""research_findings.ipynb, run with papermill on the demo workspace in bokmål and nynorsk.

The produced HTML outputs are parsed and checked against the findings data: every finding is
shown with its figure, source and population in the same table row; every number that is a
research figure stands next to a citation; the specialist-health-services caveat is there.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from learning.reference.findings import load_findings, load_sources
from learning.render.export import participant_html
from learning.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "research_findings.ipynb"
CAVEAT = {
    "nb": ("Tallene fra multisenterstudien gjelder spesialisthelsetjenesten, ikke kommunene"),
    "nn": ("Tala frå multisenterstudien gjeld spesialisthelsetenesta, ikkje kommunane"),
}
NOT_MULTICENTRE = {"nb": "ikke fra multisenterstudien", "nn": "ikkje frå multisenterstudien"}


def numbers(text: str) -> set[int]:
    found = re.findall(r"\d{1,3}(?:[ ,\u00a0]\d{3})+(?!\d)|\d+", text)
    return {int(re.sub(r"\D", "", n)) for n in found}


def render(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **parameters: str
) -> BeautifulSoup:
    import papermill

    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))  # the kernel imports this worktree's code
    output = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(output),
        parameters={"workspace": str(workspace.root), **parameters},
        cwd=str(NOTEBOOK.parent),
        kernel_name="python3",
        progress_bar=False,
    )
    notebook = nbformat.read(output, as_version=4)
    page = participant_html(notebook, fallback_title="(ingen tittel)", fallback_lang="(ingen)")
    return BeautifulSoup(page, "html.parser")


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tags = [c.metadata.get("tags", []) for c in notebook.cells]
    assert tags[:4] == [["remove-cell"], ["remove-cell"], ["parameters"], ["remove-cell"]]
    assert all(t == ["remove-input"] for t in tags[4:])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("network", "gathering", "lang"),
    [("midt-norge-2022", "samling-4", "nb"), ("valdres", "oppstart", "nn")],
)
def test_every_finding_is_shown_with_its_citation(
    demo_workspace: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    network: str,
    gathering: str,
    lang: str,
) -> None:
    soup = render(
        demo_workspace, tmp_path, monkeypatch, network=network, gathering=gathering, lang=lang
    )
    findings = load_findings()
    by_statement = {f.statement(lang): f for f in findings}

    # Each table row is one finding, in this language, with figure, source and population.
    shown = []
    for row in soup.select("tbody tr"):
        finding = by_statement[row.th.get_text()]
        cells = [td.get_text() for td in row.find_all("td")]
        assert finding.figure_display(lang) in cells or finding.figure_text is None
        assert finding.source.label in cells, finding.id
        assert finding.source.population(lang) in cells, finding.id
        shown.append(finding.id)
    assert sorted(shown) == sorted(f.id for f in findings)

    # Any block holding a research figure also holds a citation.
    figures = {int(f.figure) for f in findings if f.figure is not None}
    labels = [s.label for s in load_sources().values()]
    blocks = [
        *(b.get_text(" ") for b in soup.select("p, li, figcaption, tr")),
        *(img["alt"] for img in soup.find_all("img")),
    ]
    for block in blocks:
        if numbers(block) & figures:
            assert any(label in block for label in labels), block

    # The caveat, the label on the national figures, one h1, and alt text on every figure.
    notices = [p.get_text() for p in soup.select("p.notice")]
    assert any(CAVEAT[lang] in n for n in notices)
    assert any(NOT_MULTICENTRE[lang] in n for n in notices)
    assert len(soup.find_all("h1")) == 1
    assert all(img.get("alt", "").strip() for img in soup.find_all("img"))
    assert soup.html["lang"] == lang
    assert soup.title.get_text().strip() != "(ingen tittel)"
