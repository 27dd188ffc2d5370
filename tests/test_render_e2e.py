"""Render a demo network end to end, as `learning render` does, into a private workspace."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RenderedDemo
from learning.network import load_network
from learning.workspace import Workspace

pytestmark = pytest.mark.slow


REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rendered(rendered_demo: RenderedDemo) -> tuple[Workspace, subprocess.CompletedProcess[str]]:
    """The session's render of the whole demo (read-only here)."""
    return rendered_demo.workspace, rendered_demo.result


Rendered = tuple[Workspace, subprocess.CompletedProcess[str]]


def test_render_succeeds(rendered: Rendered) -> None:
    _, result = rendered
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_one_overview_per_gathering_and_an_index(rendered: Rendered) -> None:
    workspace, _ = rendered
    folder = workspace.reports_dir / "midt-norge-2022"
    overviews = sorted((folder / "alle-kommuner").glob("*-nettverksoversikt.html"))
    assert [p.name.split("-20")[0] for p in overviews] == ["samling-1", "samling-2", "samling-3", "samling-4"]
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="alle-kommuner/index.html"' in index and 'href="fasilitatorer/index.html"' in index
    shared = (folder / "alle-kommuner" / "index.html").read_text(encoding="utf-8")
    for path in overviews:
        assert f'href="{path.name}"' in shared
    assert '<html lang="nb">' in index
    top = (workspace.reports_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="midt-norge-2022/index.html"' in top


def test_overview_html_shows_the_network_without_code(rendered: Rendered) -> None:
    workspace, _ = rendered
    page = (workspace.reports_dir / "midt-norge-2022" / "alle-kommuner"
            / "samling-2-2022-05-04-nettverksoversikt.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in page
    assert len(re.findall(r"<h1[ >]", page)) == 1
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "Nettverksoversikt" in title and "Samling 2" in title
    for name in ("5001 Trondheim", "1508 Ålesund", "Steinkjer", "ikke signert"):
        assert name in page
    assert "ReportContext" not in page and "injected-parameters" not in page and "<script" not in page
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
    assert len(alts) == 2 and all(len(a) > 40 for a in alts)
    assert "Samling 1: 25; Samling 2: 25" in page  # attendance up to the gathering, from params
    assert "Samling 3: " not in page.split("Oppmøte så langt")[1]
    assert "samling-1" not in page.split("<body")[1] and "samling-2" not in page.split("<body")[1]


def test_executed_notebooks_are_kept_outside_the_reports(rendered: Rendered) -> None:
    workspace, _ = rendered
    executed = sorted((workspace.processed_dir / "executed" / "midt-norge-2022").rglob("*.ipynb"))
    pages = [p for p in (workspace.reports_dir / "midt-norge-2022").rglob("*.html") if p.name != "index.html"]
    assert len(executed) == len(pages) >= 4
    assert not list(workspace.reports_dir.rglob("*.ipynb"))
    assert not list(workspace.reports_dir.rglob("*.tmp"))


def test_a_failing_report_is_listed_and_the_others_go_on(demo_workspace: Workspace) -> None:
    broken = demo_workspace.root / "notebooks"
    shutil.copytree(REPO / "notebooks", broken)
    text = (REPO / "notebooks" / "network_overview.ipynb").read_text(encoding="utf-8")
    (broken / "network_overview.ipynb").write_text(text, encoding="utf-8")
    (broken / "network_overview.ipynb").write_text(
        text.replace('"overview.attendance(ctx)"',
                     '"overview.attendance(ctx) if ctx.gathering.id != \\"rutiner\\" else 1/0"'),
        encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "learning", "render", "-n", "valdres", "-w", str(demo_workspace.root), "-q",
         "-g", "rutiner"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 1
    assert "valdres/alle-kommuner/samling-3-2025-03-11-nettverksoversikt" in result.stderr
    assert "ZeroDivisionError" in result.stderr
    folder = demo_workspace.reports_dir / "valdres"
    assert not list((folder / "alle-kommuner").glob("*-nettverksoversikt.html"))
    # every other report of the gathering was made: the facilitators' and each municipality's
    assert (folder / "fasilitatorer" / "samling-3-2025-03-11-evaluering-av-maal.html").exists()
    network = load_network(demo_workspace, "valdres")
    reports = {p.parent.name for p in (folder / "kommuner").glob("*/samling-3-2025-03-11-kommunerapport.html")}
    assert len(reports) == len(network.member_numbers)
