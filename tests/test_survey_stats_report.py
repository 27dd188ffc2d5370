"""Survey report sections on a synthetic responses frame for the Valdres demo network."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from learning.disclosure.shown import MARK
from learning.reports import survey
from learning.reports.context import ReportContext
from learning.workspace import Workspace
from test_survey_stats_frames import responses, rows

SECRET = "Navnet på en kollega"
OTHERS = ("3449", "3450", "3452", "3454")


@pytest.fixture
def frame() -> pd.DataFrame:
    specs = []
    for kommune in OTHERS:  # 10 each: 1 of 10 often/always at baseline, 5 of 10 at «samhandling»
        specs += rows(1, kommune=kommune, wave="baseline", p_identify=4, s_routine=1)
        specs += rows(9, kommune=kommune, wave="baseline", p_identify=2, s_routine=2)
        specs += rows(5, kommune=kommune, wave="samhandling", p_identify=4, s_routine=1)
        specs += rows(5, kommune=kommune, wave="samhandling", p_identify=2, s_routine=2)
    # Nord-Aurdal 3451: 2 of 10 at baseline, 6 of 12 at «samhandling»
    specs += rows(2, kommune="3451", wave="baseline", p_identify=5, s_routine=1, kommentar=SECRET)
    specs += rows(8, kommune="3451", wave="baseline", p_identify=1, s_routine=9)
    specs += rows(6, kommune="3451", wave="samhandling", p_identify=4, s_routine=1)
    specs += rows(6, kommune="3451", wave="samhandling", p_identify=3, s_routine=1)
    # Øystre Slidre 3453: only 3 respondents in each wave
    specs += rows(3, kommune="3453", wave="baseline", p_identify=5)
    specs += rows(3, kommune="3453", wave="samhandling", p_identify=5)
    # a later gathering's wave, which the «samhandling» report must not see
    specs += rows(9, kommune="3451", wave="rutiner", p_identify=1)
    return responses(specs, network="valdres")


def context(workspace: Workspace, municipality: str = "3451", lang: str = "nb") -> ReportContext:
    return ReportContext.load(str(workspace.root), "valdres", "samhandling", municipality, lang)


def cells(html: str) -> list[str]:
    return re.findall(r"<t[dh][^>]*>([^<]*)</t[dh]>", html)


def row_of(html: str, label: str) -> list[str]:
    for row in re.findall(r"<tr>(.*?)</tr>", html):
        found = cells(row)
        if found and found[0].startswith(label):
            return found
    raise AssertionError(f"no row {label!r}")


def test_participation(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.participation(context(repo_workspace), frame))
    assert row_of(html, "3451")[1] == "12"
    assert row_of(html, "3453")[1] == "under 5"  # 3 < 5: a band, not its number
    # 3453 is left out of the network's figures, so nothing else needs hiding to protect it
    assert all(row_of(html, m)[1] == "10" for m in OTHERS)
    assert row_of(html, "Hele nettverket")[1] == "52"  # 4 × 10 + 12, wave «samhandling»
    assert "regner ikke med Øystre Slidre" in html
    assert "«under 5» betyr 1 til 4 svar" in html
    assert "betyr at tallet ikke vises" not in html  # no mark in the table, so not explained


def test_practice_beside_network(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.practice(context(repo_workspace), frame))
    row = row_of(html, "Spør om den")
    # Nord-Aurdal 6 of 12; network without 3453: 4 × 5 + 6 = 26 of 52 = 50 %
    assert row[1:] == ["50 %", "12", "50 %", "52"]
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert "Spør om den voksne har barn eller søsken under 18 år: Nord-Aurdal 50 %, Hele nettverket 50 %" in alt
    assert SECRET not in html


def test_small_municipality_is_told_why_and_what_to_do(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    # one small wave only (its two small waves together: tests/test_disclosure_pooled.py)
    frame = frame[~((frame["kommune"] == "3453") & (frame["wave"] == "baseline"))]
    html = str(survey.practice(context(repo_workspace, "3453"), frame))
    row = row_of(html, "Spør om den")
    assert row[1:3] == [MARK, MARK]
    assert row[3:] == ["50 %", "52"]  # the network is still shown beside
    assert "Færre enn 5 svarte i Øystre Slidre" in html
    assert "Med minst 5 svar i neste runde" in html
    assert "3 " not in " ".join(cells(html))  # how many did answer stays protected


def test_a_municipality_doing_well_sees_a_band_not_a_mark(repo_workspace: Workspace) -> None:
    specs = []
    for kommune in (*OTHERS, "3453"):
        specs += rows(5, kommune=kommune, wave="samhandling", p_identify=4)
        specs += rows(5, kommune=kommune, wave="samhandling", p_identify=2)
    specs += rows(9, kommune="3451", wave="samhandling", p_identify=5)  # 9 of 10: 1 did not
    specs += rows(1, kommune="3451", wave="samhandling", p_identify=1)
    html = str(survey.practice(context(repo_workspace), responses(specs, network="valdres")))
    row = row_of(html, "Spør om den")
    # 90 % would tell that exactly one did not; «minst 70 %» leaves 7, 8, 9 or 10 possible
    assert row[1:3] == ["minst 70 %", "10"]
    assert "Et spenn som «minst 70 %»" in html


def test_system_counts_dont_know(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.system(context(repo_workspace), frame))
    assert row_of(html, "Skriftlige rutiner")[1] == "100 %"  # 12 of 12 at «samhandling»


def test_change_since_baseline(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.change_since_baseline(context(repo_workspace, lang="nn"), frame))
    row = row_of(html, "Spør om den")
    assert row[1:4] == ["20 %", "50 %", "+30"]  # 2 of 10 → 6 of 12
    assert "Endring sidan" in html
    nobody = row_of(html, "Skriv ned")  # no valid answers in either wave: no change exists
    assert nobody[1:5] == ["–", "–", "–", "–"]


def test_change_of_a_small_municipality_is_not_shown(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.change_since_baseline(context(repo_workspace, "3453"), frame))
    assert row_of(html, "Spør om den")[1:5] == [MARK] * 4


def test_network_change_counts_the_members_each_wave_counts(repo_workspace: Workspace,
                                                            frame: pd.DataFrame) -> None:
    html = str(survey.change_since_baseline(context(repo_workspace, None), frame))
    # without 3453: (4 × 1 + 2) of 50 = 12 % → 26 of 52 = 50 %
    assert row_of(html, "Spør om den")[1:4] == ["12 %", "50 %", "+38"]


def test_later_waves_are_not_used(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    early = frame[frame["wave"] != "rutiner"]
    for section in (survey.participation, survey.practice, survey.system,
                    survey.change_since_baseline):
        assert str(section(context(repo_workspace), frame)) == str(section(context(repo_workspace),
                                                                           early))


def test_no_responses(repo_workspace: Workspace) -> None:
    for section in (survey.participation, survey.practice, survey.system,
                    survey.change_since_baseline):
        html = str(section(context(repo_workspace), responses([])))
        assert "<table" not in html


def test_every_survey_and_privacy_string_in_both_languages() -> None:
    from learning.i18n import catalogue

    keys = [k for k in catalogue() if k.startswith(("survey.", "privacy."))]
    assert "privacy.explanation" in keys
    for key in keys:
        assert set(catalogue()[key]) == {"nb", "nn"}, key
        assert all(catalogue()[key][lang].strip() for lang in ("nb", "nn")), key
