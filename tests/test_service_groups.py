"""A place's small services taken together in its cooperation map (issue 11: «a coarser grouping
— service families such as health / school and kindergarten / welfare — where that gives
numbers»): the grouping rule, and the map's rows, sentence and attack."""

from __future__ import annotations

import re

import pandas as pd

import html_attacker as attacker
from learning.reports import cooperation
from learning.reports.context import ReportContext
from learning.survey import schema
from learning.survey.service_groups import FAMILIES, OTHER, family_group, service_groups
from learning.workspace import Workspace
from test_survey_stats_frames import responses, rows

HEALTH, SCHOOL, WELFARE = (family_group(f) for f in ("helse", "oppvekst", "velferd"))


def test_every_family_holds_survey_services_and_none_is_in_two() -> None:
    listed = [s for services in FAMILIES.values() for s in services]
    assert len(listed) == len(set(listed)) and set(listed) <= set(schema.SERVICES)


def test_families_of_twice_the_minimum_get_rows_and_the_rest_is_other_services() -> None:
    sizes = {"legekontor": 4, "sykehjem": 3, "hjemmetjeneste": 3, "skole": 4, "barnehage": 3,
             "ppt": 3, "nav": 4, "annet": 1}
    assert service_groups(sizes, 5) == {
        HEALTH: ("hjemmetjeneste", "sykehjem", "legekontor"), SCHOOL: ("barnehage", "skole", "ppt"),
        OTHER: ("nav", "annet")}


def test_a_family_under_twice_the_minimum_stays_in_other_services() -> None:
    # 9 in health would show mostly bands («høyst 50 %»); with NAV's 4 together it shows numbers
    sizes = {"legekontor": 4, "sykehjem": 3, "hjemmetjeneste": 2, "nav": 4}
    assert service_groups(sizes, 5) == {OTHER: ("hjemmetjeneste", "sykehjem", "legekontor", "nav")}


def test_a_service_with_enough_answers_is_in_no_group() -> None:
    assert service_groups({"skole": 5, "barnehage": 4}, 5) == {OTHER: ("barnehage",)}


def test_a_rest_too_small_to_show_anything_takes_the_smallest_family_back() -> None:
    # health 10 and school 10 would leave NAV's 2 alone, showing nothing: school goes back
    sizes = {"legekontor": 4, "sykehjem": 3, "hjemmetjeneste": 3, "skole": 4, "barnehage": 3,
             "ppt": 3, "nav": 2}
    assert service_groups(sizes, 5) == {HEALTH: ("hjemmetjeneste", "sykehjem", "legekontor"),
                                        OTHER: ("nav", "barnehage", "skole", "ppt")}
    # and when no family can stay, everything small is «other services», as before families
    assert service_groups({"legekontor": 4, "sykehjem": 3, "hjemmetjeneste": 3, "nav": 2}, 5) == {
        OTHER: ("hjemmetjeneste", "sykehjem", "legekontor", "nav")}


def test_no_small_services_no_groups() -> None:
    assert service_groups({"skole": 9, "nav": 0}, 5) == {}


def _frame() -> pd.DataFrame:
    """Sør-Aurdal: school 4, kindergarten 4 and PPT 2 (together 10, all with child welfare: a
    homogeneous 100 % of small groups the map must not show), GP office 4, home services 3 and
    nursing home 3 (10, 4 with NAV), NAV 5."""
    specs = [
        *rows(4, kommune="3449", tjeneste="skole", samarbeid=("barnevern",)),
        *rows(4, kommune="3449", tjeneste="barnehage", samarbeid=("barnevern",)),
        *rows(2, kommune="3449", tjeneste="ppt", samarbeid=("barnevern",)),
        *rows(4, kommune="3449", tjeneste="legekontor", samarbeid=("nav",)),
        *rows(3, kommune="3449", tjeneste="hjemmetjeneste", samarbeid=()),
        *rows(3, kommune="3449", tjeneste="sykehjem", samarbeid=()),
        *rows(5, kommune="3449", tjeneste="nav", samarbeid=("skole",)),
        *[r for m in ("3451", "3452", "3453") for r in rows(6, kommune=m, tjeneste="nav")],
    ]
    return responses(specs, network="valdres")


def _rows_of(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for table in re.findall(r"<table>(.*?)</table>", html, flags=re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
            cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
            found.setdefault(cells[0], []).extend(cells[1:])
    return found


def test_the_map_shows_family_rows_named_and_explained(repo_workspace: Workspace) -> None:
    for lang, health, school in (("nb", "Helse og omsorg samlet", "Barnehage, skole og PPT samlet"),
                                 ("nn", "Helse og omsorg samla", "Barnehage, skule og PPT samla")):
        ctx = ReportContext.load(str(repo_workspace.root), "valdres", "samhandling", "3449", lang)
        html = str(cooperation.cooperation_map(ctx, _frame()))
        table = _rows_of(html)
        assert table[health][0] == "10" and table[school][0] == "10"
        assert "NAV" in table and not {"Skole", "Barnehage", "PPT", "Legekontor"} & set(table)
        assert f"«{health}» er " in html and f"«{school}» er " in html
        assert "Andre tjenester samlet" not in html and "Andre tenester samla" not in html


def test_the_attacker_reads_family_rows_and_gets_no_service_back(repo_workspace: Workspace) -> None:
    ctx = ReportContext.load(str(repo_workspace.root), "valdres", "samhandling", "3449", "nb")
    html = str(cooperation.cooperation_map(ctx, _frame()))
    # school and kindergarten all with child welfare: not shown as such
    assert "100 %" not in _rows_of(html)["Barnehage, skole og PPT samlet"]
    pub = attacker.Publication("valdres", min_n=5, protection=3)
    attacker.read_page(pub, f"<html><body><h1>Kommunerapport – Sør-Aurdal</h1>{html}</body></html>",
                       attacker.Page("kommuner/3449/a-kommunerapport.html", True, "Sør-Aurdal"))
    rows_read = {row for (_, _, row) in pub.others}
    assert rows_read == {"*cooperation.family.helse*", "*cooperation.family.oppvekst*"}
    findings = attacker.audit(pub)
    small = [f for f in findings if f.key[0] == "k" and f.key[3] in ("skole", "ppt", "legekontor")]
    assert small and not [f for f in small if f.width < attacker.required(f, 3)]
