"""research_beside(): the «what research shows» section for the municipality report."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from learning.problems import UserError
from learning.reference.findings import load_findings, load_sources
from learning.reports.context import ReportContext
from learning.reports.research import research_beside
from learning.workspace import Workspace

TRUSTS = ["Ahus", "Nordlandssykehuset", "Helse Stavanger", "Sørlandet sykehus", "Vestre Viken"]
CAVEAT = {
    "nb": ("spesialisthelsetjenesten", "ikke fra kommuner"),
    "nn": ("spesialisthelsetenesta", "ikkje frå kommunar"),
}


def numbers(text: str) -> set[int]:
    found = re.findall(r"\d{1,3}(?:[ ,\u00a0]\d{3})+(?!\d)|\d+", text)
    return {int(re.sub(r"\D", "", n)) for n in found}


def context(workspace: Workspace, lang: str) -> ReportContext:
    return ReportContext.load(str(workspace.root), "valdres", "oppstart", "3452", lang)


def caveat_holds(soup: BeautifulSoup, lang: str) -> bool:
    notices = [p.get_text() for p in soup.select("p.notice")]
    return any(all(part in n for part in (*CAVEAT[lang], *TRUSTS)) for n in notices)


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("items", [["p_refer"], ["p_bereaved"], [], ["s_routine", "p_identify"]])
def test_the_caveat_is_always_there(repo_workspace: Workspace, lang: str, items: list[str]) -> None:
    soup = BeautifulSoup(str(research_beside(context(repo_workspace, lang), items)), "html.parser")
    assert caveat_holds(soup, lang)
    assert soup.find("h2") is not None


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_referral_items_show_the_three_referral_findings_with_sources(
    repo_workspace: Workspace, lang: str
) -> None:
    html = str(research_beside(context(repo_workspace, lang), ["p_refer", "p_contact_services"]))
    rows = BeautifulSoup(html, "html.parser").select("tbody tr")
    by_statement = {f.statement(lang): f for f in load_findings()}
    shown = []
    for row in rows:
        finding = by_statement[row.th.get_text()]
        cells = [td.get_text() for td in row.find_all("td")]
        assert finding.figure_display(lang) in cells
        assert finding.source.label in cells
        assert finding.source.population(lang) in cells
        shown.append(finding.id)
    assert shown == ["parents_wanted_referral", "parents_believed_referral", "personnel_referred"]


def test_no_number_is_made_up_or_combined(repo_workspace: Workspace) -> None:
    """Every number in the section is a figure or sample size of a finding shown, or part of a
    citation: nothing like 40 − 10 = 30 or a sum with municipal counts."""
    html = str(
        research_beside(context(repo_workspace, "nb"), ["p_refer", "p_identify", "p_inform_child"])
    )
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    allowed: set[int] = set()
    for f in load_findings():
        for part in (f.statement, f.figure_text, f.sample):
            allowed |= numbers(part.nb) if part else set()
    for source in load_sources().values():  # the study report itself is cited in the caveat
        allowed |= numbers(source.label) | numbers(source.citation)
    assert numbers(text) <= allowed
    assert "40 %" in text and "10 %" in text and "30" not in text


def test_items_without_research_say_so(repo_workspace: Workspace) -> None:
    soup = BeautifulSoup(
        str(research_beside(context(repo_workspace, "nn"), ["p_bereaved"])), "html.parser"
    )
    assert soup.find("table") is None
    assert "har ingen tal om akkurat desse spørsmåla" in soup.get_text()


def test_heading_level_and_unknown_item(repo_workspace: Workspace) -> None:
    ctx = context(repo_workspace, "nb")
    assert "<h3" in str(research_beside(ctx, ["p_refer"], level=3))
    with pytest.raises(UserError, match="p_unknown"):
        research_beside(ctx, ["p_unknown"])
