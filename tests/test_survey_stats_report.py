"""Survey report sections on a synthetic responses frame for the Valdres demo network."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from learning.privacy import MARK
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
    assert row_of(html, "3453")[1] == MARK  # 3 < 5
    # with the network total shown, 3453's 3 would follow by subtraction: one more is hidden
    hidden = [m for m in (*OTHERS, "3451") if row_of(html, m)[1] == MARK]
    assert len(hidden) == 1
    assert row_of(html, "Hele nettverket")[1] == "55"  # 4 × 10 + 12 + 3, wave «samhandling»
    assert "færre enn 5" in html


def test_practice_beside_network(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.practice(context(repo_workspace), frame))
    row = row_of(html, "Spør om den")
    # Nord-Aurdal 6 of 12; network: 4 × 5 + 6 + 3 = 29 of 55 ≈ 53 %
    assert row[1:] == ["50 %", "12", "53 %", "55"]
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert "Spør om den voksne har barn eller søsken under 18 år: Nord-Aurdal 50 %, Hele nettverket 53 %" in alt
    assert SECRET not in html


def test_small_municipality_sees_only_marks(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.practice(context(repo_workspace, "3453"), frame))
    row = row_of(html, "Spør om den")
    assert row[1:3] == [MARK, MARK]
    assert "færre enn 5" in html


def test_system_counts_dont_know(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.system(context(repo_workspace), frame))
    assert row_of(html, "Skriftlige rutiner")[1] == "100 %"  # 12 of 12 at «samhandling»


def test_change_since_baseline(repo_workspace: Workspace, frame: pd.DataFrame) -> None:
    html = str(survey.change_since_baseline(context(repo_workspace, lang="nn"), frame))
    row = row_of(html, "Spør om den")
    # 3453 (3 answers) is hidden; the secondary cell is the smallest other count, and 3451's 2 is
    # larger than the others' 1, so 3451 keeps its figures
    assert row[1:4] == ["20 %", "50 %", "+30"]
    assert "Endring sidan" in html


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
