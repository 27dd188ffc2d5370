"""Report sections on goals, run on the demo workspace."""

from __future__ import annotations

import html
import re

import pytest

from learning.goals import goals_path, measurements_path
from learning.reports.context import ReportContext
from learning.reports.goals import municipality_goals, network_summary
from learning.workspace import Workspace


def context(ws: Workspace, network: str, gathering: str, municipality: str = "") -> ReportContext:
    return ReportContext.load(str(ws.root), network, gathering, municipality)


def alt_texts(markup: str) -> list[str]:
    return [html.unescape(a) for a in re.findall(r'alt="([^"]*)"', markup)]


def test_municipality_section_has_goals_charts_and_verdicts(demo_workspace: Workspace) -> None:
    ctx = context(demo_workspace, "midt-norge-2022", "samling-4", "5001")
    markup = municipality_goals(ctx).markup
    assert markup.count("<h2") == 1 and "<h1" not in markup
    assert "Mål og måloppnåelse" in markup and "Demodata:" in markup
    goal_texts = re.findall(r"<h3>([^<]*)</h3>", markup)
    assert goal_texts[-1] == "Forbedringssykluser (PDSA)"  # the cycles list closes the section
    assert len(goal_texts[:-1]) == 3  # 5001 has three goals in the demo, one indicator each
    alts = alt_texts(markup)
    run_charts = [a for a in alts if a.startswith("Seriediagram for ")]
    p_charts = [a for a in alts if a.startswith("P-diagram for ")]
    assert len(run_charts) == 3 and len(p_charts) >= 1  # shares also get a p-chart
    assert len(run_charts) + len(p_charts) == len(alts)
    # the summary table: header scopes and a caption
    assert '<th scope="col">Endring (seriediagram)</th>' in markup and "<caption>" in markup


def test_nynorsk_municipality_gets_nynorsk(demo_workspace: Workspace) -> None:
    ctx = context(demo_workspace, "valdres", "rutiner", "3454")  # Vang: nynorsk
    assert ctx.lang == "nn"
    markup = municipality_goals(ctx).markup
    assert "Mål og måloppnåing" in markup
    assert all("målingar frå" in a for a in alt_texts(markup))


def test_only_measurements_up_to_the_gathering_are_used(demo_workspace: Workspace) -> None:
    ctx = context(demo_workspace, "midt-norge-2022", "samling-1", "5001")  # 11 January 2022
    before = municipality_goals(ctx).markup
    # monthly from 1 November 2021: three measurements on or before 11 January 2022
    asked = [a for a in alt_texts(before) if a.startswith("Seriediagram") and "spurt om barn" in a]
    assert len(asked) == 1
    assert " 3 målinger fra 1. november 2021 til 1. januar 2022" in asked[0]
    path = measurements_path(demo_workspace, "midt-norge-2022")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("5001,spurt-om-barn,2030-01-01,99.0,99,100\n")
    assert municipality_goals(ctx).markup == before


def test_network_summary_lists_every_indicator(demo_workspace: Workspace) -> None:
    markup = network_summary(context(demo_workspace, "valdres", "evaluering")).markup
    body = markup.split("<tbody>")[1]
    rows = body.count("<tr>")
    yml = goals_path(demo_workspace, "valdres").read_text(encoding="utf-8")
    assert rows == yml.count("    - id: ")  # one row per indicator in the goals file
    assert "3454 Vang" in body
    counts = re.search(r"(\d+) av (\d+) indikatorer har nådd målet", markup)
    assert counts and int(counts.group(2)) == rows
    reached = body.count("<td>ja</td>")
    assert int(counts.group(1)) == reached


def test_text_people_typed_is_escaped(demo_workspace: Workspace) -> None:
    path = goals_path(demo_workspace, "midt-norge-2022")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("text: Barn av pasientene", "text: <b>Barn</b> av pasientene", 1),
                    encoding="utf-8")
    ctx = context(demo_workspace, "midt-norge-2022", "samling-4", "5001")
    markup = municipality_goals(ctx).markup
    assert "<b>Barn</b>" not in markup and "&lt;b&gt;Barn&lt;/b&gt;" in markup


def test_municipality_without_goals(demo_workspace: Workspace) -> None:
    goals_path(demo_workspace, "valdres").unlink()
    measurements_path(demo_workspace, "valdres").unlink()
    ctx = context(demo_workspace, "valdres", "rutiner", "3449")
    assert "Ingen mål er registrert for Sør-Aurdal" in municipality_goals(ctx).markup
    assert "Ingen kommuner i nettverket har registrert mål" in network_summary(ctx).markup


def test_municipality_section_needs_a_municipality(demo_workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="municipality"):
        municipality_goals(context(demo_workspace, "valdres", "rutiner"))
