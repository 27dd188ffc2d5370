"""PDSA cycles: the cycles file checked with clear errors, reflection answers filled in, the
marks on run charts and p-charts (and in their alt text), texts only in the own report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from learning import runchart
from learning.goals import load_goals
from learning.goals.cycles import cycle_problems, cycles_path, load_cycles
from learning.network import load_network
from learning.problems import UserError
from learning.reports import goals as goals_report
from learning.reports.context import ReportContext
from learning.synthetic.reflections import seed_demo_reflections
from learning.workspace import Workspace

NETWORK = "midt-norge-2022"


def _write(workspace: Workspace, text: str) -> Path:
    path = cycles_path(workspace, NETWORK)
    path.write_text(text, encoding="utf-8")
    return path


def _load(workspace: Workspace):  # type: ignore[no-untyped-def]
    network = load_network(workspace, NETWORK)
    return load_cycles(workspace, network, load_goals(workspace, NETWORK))


def test_demo_cycles_are_valid_and_numbered(repo_workspace: Workspace) -> None:
    cycles = _load(repo_workspace)
    mine = cycles.for_municipality("5001")
    assert [cycles.label(c) for c in mine] == ["S1", "S2", "S3"]
    assert mine[0].start == dt.date(2022, 1, 11)  # the gathering's date
    assert {c.indicator for c in mine} == {"spurt-om-barn", "barnesamtaler"}


def test_every_problem_names_row_and_column(demo_workspace: Workspace) -> None:
    _write(demo_workspace, "\n".join([
        "# kommentar",
        "kommune,indicator,start,title,plan,do,study,act,gathering",
        "5001,spurt-om-barn,2022-13-01,Ok tittel,,,,,",
        "9999,spurt-om-barn,2022-02-01,Ok,,,,,",
        "5001,finnes-ikke,2022-02-01,Ok,,,,,",
        "5001,spurt-om-barn,,,,,,,samling-9",
        "5001,spurt-om-barn,,Uten dato,,,,,",
    ]))
    network = load_network(demo_workspace, NETWORK)
    problems = [str(p) for p in cycle_problems(demo_workspace, network)]
    source = "data/pdsa/midt-norge-2022.csv"
    assert any(p.startswith(f"{source}: rad 3, kolonne start") and "2022-13-01" in p
               for p in problems)
    assert any("rad 4, kolonne kommune" in p and "9999" in p for p in problems)
    assert any("rad 5, kolonne indicator" in p and "kjente: spurt-om-barn" in p
               for p in problems)
    assert any("rad 6, kolonne title" in p for p in problems)
    assert any("rad 6, kolonne gathering" in p and "samling-9" in p for p in problems)
    assert any("rad 7, kolonne start" in p and "mangler" in p for p in problems)
    with pytest.raises(UserError):
        _load(demo_workspace)


def test_unknown_column_is_refused(demo_workspace: Workspace) -> None:
    _write(demo_workspace, "kommune,indicator,title,dato\n5001,spurt-om-barn,x,2022-01-01\n")
    network = load_network(demo_workspace, NETWORK)
    problems = [str(p) for p in cycle_problems(demo_workspace, network)]
    assert problems == [p for p in problems if "rad 1" in p and "ukjente: dato" in p]
    assert problems


def test_run_chart_marks_cycles_in_alt_text() -> None:
    dates = [dt.date(2024, m, 1) for m in range(1, 13)]
    values = [float(v) for v in range(12)]
    marks = [runchart.Mark(dt.date(2024, 3, 1), "S1"), runchart.Mark(dt.date(2024, 7, 1), "S2")]
    html = runchart.chart(dates, values, runchart.analyse(values), lang="nn", title="T",
                          unit="prosent", marks=marks).markup
    alt = re.search(r'alt="([^"]*)"', html).group(1)  # type: ignore[union-attr]
    assert "2 forbetringssyklusar: S1 starta 1. mars 2024, S2 starta 1. juli 2024" in alt
    plain = runchart.chart(dates, values, runchart.analyse(values), lang="nn", title="T",
                           unit="prosent").markup
    assert "forbetringssyklus" not in plain


@pytest.fixture(scope="module")
def seeded(module_demo_workspace: Workspace) -> Workspace:
    seed_demo_reflections(module_demo_workspace)
    return module_demo_workspace


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_municipality_report_lists_cycles_and_marks_charts(seeded: Workspace, lang: str) -> None:
    ctx = ReportContext.load(str(seeded.root), NETWORK, "samling-3", "5001", lang)
    html = goals_report.municipality_goals(ctx).markup
    assert "PDSA" in html
    assert "Påminnelse i journalsystemet" in html
    assert "Fortsetter og tar påminnelsen med til hjemmetjenesten." in html  # act
    assert "(5001)" in html  # the study/act answers of its own reflection, filled in
    alts = re.findall(r'alt="([^"]*)"', html)
    word = "forbedringssykluser" if lang == "nb" else "forbetringssyklusar"
    assert any(f"2 {word}" in a and "S1" in a and "S2" in a for a in alts)
    assert any(a.startswith("P-diagram") and "S1" in a for a in alts)


def test_network_charts_show_every_member_without_cycle_texts(seeded: Workspace) -> None:
    ctx = ReportContext.load(str(seeded.root), NETWORK, "samling-3", "", "nb")
    html = goals_report.network_charts(ctx).markup
    for number in ctx.network.member_numbers:
        assert f"{number} {ctx.municipality_name(number)}" in html
    assert "P-diagram" in html and "S1 startet" in html
    assert "Påminnelse i journalsystemet" not in html
    assert "Demo: (" not in html  # no reflection text reaches the network view
