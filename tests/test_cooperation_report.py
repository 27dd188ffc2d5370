"""Cooperation map sections: the heat map's alt text, table, titles, contrast and change."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from learning.reports import cooperation
from learning.reports.context import ReportContext
from learning.workspace import Workspace
from test_survey_stats_frames import responses, rows

MEMBERS = ("3449", "3450", "3451", "3452", "3453", "3454")


@pytest.fixture
def frame() -> pd.DataFrame:
    specs = [
        # Sør-Aurdal school: 10, of them 5 with child welfare (50 %), 2 with NAV (20 %)
        *rows(5, kommune="3449", tjeneste="skole", samarbeid=("barnevern",)),
        *rows(2, kommune="3449", tjeneste="skole", samarbeid=("nav",)),
        *rows(3, kommune="3449", tjeneste="skole", samarbeid=()),
        # Sør-Aurdal kindergarten: 5, cooperated with nobody
        *rows(5, kommune="3449", tjeneste="barnehage", samarbeid=()),
        # Nord-Aurdal GP office: 7; 3 with home services (43 %, hidden: the 4 others are too
        # few to stay unseen), 4 with PPT (57 %, hidden: 3 others)
        *rows(3, kommune="3451", tjeneste="legekontor", samarbeid=("hjemmetjeneste",)),
        *rows(4, kommune="3451", tjeneste="legekontor", samarbeid=("ppt",)),
        # Etnedal child welfare: 3 respondents (too few), 2 of 3 with school: 67 %, hidden
        *rows(2, kommune="3450", tjeneste="barnevern", samarbeid=("skole",)),
        *rows(1, kommune="3450", tjeneste="barnevern", samarbeid=("sykehjem",)),
        # a later wave the «samhandling» report may not see
        *rows(9, kommune="3449", tjeneste="skole", wave="rutiner", samarbeid=("annet",)),
    ]
    return responses(specs, network="valdres")


def context(workspace: Workspace, municipality: str = "", lang: str = "nb") -> ReportContext:
    return ReportContext.load(str(workspace.root), "valdres", "samhandling", municipality, lang)


def alt_text(html: str) -> str:
    found = re.findall(r'alt="([^"]*)"', html)
    assert len(found) == 1
    return found[0]


def test_alt_text_names_the_strongest_links_and_nobody(
    repo_workspace: Workspace, frame: pd.DataFrame
) -> None:
    html = str(cooperation.cooperation_map(context(repo_workspace, "3449"), frame))
    alt = alt_text(html)
    assert "Skole med Barnevern (50 %)" in alt
    assert "Skole med NAV (20 %)" in alt
    assert "Har ikke samarbeidet med noen: Barnehage." in alt
    assert "Sterkest samarbeid: Skole med Barnevern (50 %); Skole med NAV (20 %)." in alt


def test_description_never_holds_a_hidden_figure(
    repo_workspace: Workspace, frame: pd.DataFrame
) -> None:
    html = str(cooperation.network_map(context(repo_workspace), frame))
    alt = alt_text(html)
    for figure in ("43 %", "57 %", "67 %", "33 %"):  # 3/7, 4/7, 2/3, 1/3: none may be shown
        assert figure not in alt
        assert figure not in html
    # the network's GP row: 3 of 7 with home services; 4 did not, too few to be told apart, so
    # a band that leaves 3 … 7 possible (and 4 … 7 for PPT)
    assert "Legekontor med Hjemmetjeneste (minst 40 %)" in alt
    assert "Legekontor med PPT (minst 55 %)" in alt


def test_table_has_the_same_figures_and_explains_what_it_leaves_out(
    repo_workspace: Workspace, frame: pd.DataFrame
) -> None:
    html = str(cooperation.network_map(context(repo_workspace), frame))
    # A table too wide for an A4 page comes in parts, each repeating the service column: join them.
    tables = re.findall(r"<table>(.*?)</table>", html)
    assert len(tables) >= 2
    cells: dict[str, list[str]] = {}
    headers: list[str] = []
    for table in tables:
        part_headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
        headers += part_headers if not headers else part_headers[1:]
        for r in re.findall(r"<tr>(.*?)</tr>", table)[1:]:
            found = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", r)
            cells[found[0]] = [*cells.get(found[0], found[:1]), *found[1:]]
    school = dict(zip(headers, cells["Skole"], strict=True))
    assert school["Antall svar (n)"] == "10"
    assert school["Barnevern"] == "50 %" and school["NAV"] == "20 %"
    gp = dict(zip(headers, cells["Legekontor"], strict=True))
    assert gp["Hjemmetjeneste"] == "minst 40 %" and gp["PPT"] == "minst 55 %"
    # child welfare: only Etnedal's 3 respondents, and Etnedal (3 in all) is left out of the
    # network's figures, so the network has no child-welfare row at all, and the note says why
    assert "Barnevern" not in cells
    assert "regner ikke med Etnedal" in html
    assert "Et spenn som «minst 70 %»" in html


def test_titles_say_whole_network_or_municipality(
    repo_workspace: Workspace, frame: pd.DataFrame
) -> None:
    network = str(cooperation.network_map(context(repo_workspace, "3449"), frame))
    title = "Samarbeid om barn som pårørende: Hele nettverket (Barn og unge som pårørende i Valdres)"
    assert f'<h2 class="section">{title}</h2>' in network
    own = str(cooperation.cooperation_map(context(repo_workspace, "3449"), frame))
    assert "Samarbeid om barn som pårørende: Sør-Aurdal</h2>" in own
    nynorsk = str(cooperation.network_map(context(repo_workspace, lang="nn"), frame))
    assert "Heile nettverket" in nynorsk and "Sterkast samarbeid" in nynorsk


def test_small_municipality_gets_no_figure(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(cooperation.cooperation_map(context(repo_workspace, "3450"), frame))
    assert "<img" not in html
    assert "Ingen tall om samarbeid kan vises for Etnedal" in html


def test_text_on_every_cell_colour_has_enough_contrast() -> None:
    for share in np.linspace(0, 1, 101):
        colour = cooperation.to_rgb(cooperation.COLOURS(share))
        assert cooperation._contrast(colour, cooperation.text_colour(share)) >= 4.5, share
    assert cooperation.text_colour(0.0) == cooperation.DARK_TEXT
    assert cooperation.text_colour(1.0) == cooperation.LIGHT_TEXT


def test_change_since_baseline(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    later = responses([
        *rows(3, kommune="3449", tjeneste="skole", wave="samhandling", samarbeid=("barnevern",)),
        *rows(9, kommune="3449", tjeneste="skole", wave="samhandling", samarbeid=()),
    ], network="valdres")
    both = pd.concat([frame, later], ignore_index=True)
    html = str(cooperation.cooperation_change(context(repo_workspace, "3449"), both))
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", html) if "<th scope=\"row\">Skole</th><td>Barnevern" in r)
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
    # baseline 5 of 10 = 50 %, samhandling 3 of 12 = 25 %: −25 points
    # Newcombe's 95 % interval for −25 points with groups of 10 and 12 includes 0
    assert cells == ["Skole", "Barnevern", "50 %", "10", "25 %", "12", "−25", "ingen sikker endring"]
    assert "annet" not in html.lower()  # the «rutiner» wave is after this gathering
