"""Loading goals and measurements: the demo loads; every mistake is reported at once, located."""

from __future__ import annotations

import datetime as dt

import pytest

from learning.goals import goal_problems, goals_path, load_goals, measurements_path
from learning.network import load_network
from learning.problems import UserError
from learning.workspace import Workspace

GOALS = """\
network: midt-norge-2022
municipalities:
  - kommune: "5001"
    goals:
      - id: identifisere
        text: Alle pasienter blir spurt om de har barn.
        indicators:
          - id: spurt
            name: Andel spurt om barn
            unit: prosent
            direction: higher
            baseline: 40
            target: 90
            measured: Journalgjennomgang hver måned.
          - id: samtaler
            name: Barnesamtaler
            unit: antall
            direction: higher
            baseline: 2
            target: 6
            measured: Telling hver måned.
"""


def write(ws: Workspace, goals: str, measurements: str | None) -> None:
    goals_path(ws, "midt-norge-2022").write_text(goals, encoding="utf-8")
    path = measurements_path(ws, "midt-norge-2022")
    if measurements is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(measurements, encoding="utf-8")


def problems_of(ws: Workspace) -> list[str]:
    return [str(p) for p in goal_problems(ws, load_network(ws, "midt-norge-2022"))]


@pytest.mark.parametrize("network", ["midt-norge-2022", "valdres"])
def test_demo_goals_load_without_problems(repo_workspace: Workspace, network: str) -> None:
    goals = load_goals(repo_workspace, network)
    members = set(load_network(repo_workspace, network).member_numbers)
    assert {m.kommune for m in goals.municipalities} == members
    assert len(goals.measurements) > 100
    assert goals.synthetic  # the demo says it is invented


def test_a_good_file_gives_typed_series(demo_workspace: Workspace) -> None:
    write(demo_workspace, GOALS, "kommune,indicator,date,value,numerator,denominator\n"
                                 "5001,spurt,2022-01-01,,4,10\n"
                                 "5001,spurt,01.02.2022,\"45,5\",5,11\n"
                                 "5001,samtaler,2022-01-01,3,,\n")
    goals = load_goals(demo_workspace, "midt-norge-2022")
    spurt, samtaler = goals.series("5001")
    assert spurt.indicator.id == "spurt" and spurt.goal.id == "identifisere"
    assert list(spurt.measurements["date"]) == [dt.date(2022, 1, 1), dt.date(2022, 2, 1)]
    assert list(spurt.measurements["value"]) == [40.0, 45.5]  # 4/10 computed; 5/11 = 45.45…
    assert list(samtaler.measurements["value"]) == [3.0]
    assert len(spurt.until(dt.date(2022, 1, 31)).measurements) == 1


def test_every_measurement_problem_at_once_with_row_and_value(demo_workspace: Workspace) -> None:
    rows = [
        "# kommentar: rad 1",                                # row 1
        "kommune,indicator,date,value,numerator,denominator",  # row 2 (header)
        "5001,spurt,2022-01-01,40,4,10",                       # row 3 fine
        "5001,ukjent,2022-01-01,40,,",                         # row 4 unknown indicator
        "1234,spurt,2022-01-01,40,,",                          # row 5 not a member
        "5001,spurt,2022-01-01,50,,",                          # row 6 duplicate date (row 3)
        "5001,spurt,2021-12-01,50,,",                          # row 7 out of order
        "5001,spurt,2022-03-01,120,,",                         # row 8 above 100 %
        "5001,spurt,2022-04-01,,12,10",                        # row 9 numerator > denominator
        "5001,spurt,2022-05-01,60,4,10",                       # row 10 60 is not 4/10
        "5001,spurt,mai 2022,60,,",                            # row 11 not a date
        "5001,spurt,2022-06-01,seksti,,",                      # row 12 not a number
        "5001,spurt,2022-07-01,40,4,",                         # row 13 denominator missing
        "5001,samtaler,2022-01-01,-1,,",                       # row 14 negative count
        "5001,spurt,2022-08-01,-5,,",                          # row 15 below 0 %
    ]
    write(demo_workspace, GOALS, "\n".join(rows) + "\n")
    found = problems_of(demo_workspace)
    expected = {
        4: ("indicator", "'ukjent'"), 5: ("kommune", "'1234'"), 6: ("date", "rad 3"),
        7: ("date", "2021-12-01"), 8: ("value", "120"), 9: ("numerator", "12"),
        10: ("value", "60"), 11: ("date", "'mai 2022'"), 12: ("value", "'seksti'"),
        13: ("denominator", "mangler"), 14: ("value", "-1"), 15: ("value", "-5"),
    }
    for row, (column, shown) in expected.items():
        hits = [p for p in found if f"rad {row}, kolonne {column}:" in p]
        assert hits, f"no problem for row {row}: {found}"
        assert shown in hits[0]
        assert hits[0].startswith("data/goals/midt-norge-2022.csv: ")
    assert not any("rad 3," in p for p in found)
    assert len(found) == len(expected)
    with pytest.raises(UserError) as caught:
        load_goals(demo_workspace, "midt-norge-2022")
    assert len(caught.value.problems) == len(expected)


def test_a_value_rounded_as_written_matches_its_fraction(demo_workspace: Workspace) -> None:
    # 1/3 = 33.33…: "33" (±0.5) and "33,3" (±0.05) are right; "33,4" is not
    write(demo_workspace, GOALS, "kommune;indicator;date;value;numerator;denominator\n"
                                 "5001;spurt;2022-01-01;33;1;3\n"
                                 "5001;spurt;2022-02-01;33,3;1;3\n"
                                 "5001;spurt;2022-03-01;33,4;1;3\n")
    found = problems_of(demo_workspace)
    assert len(found) == 1 and "rad 4, kolonne value" in found[0]


def test_columns_are_checked_before_rows(demo_workspace: Workspace) -> None:
    write(demo_workspace, GOALS, "kommune,indikator,date,value,notat\n5001,spurt,2022-01-01,1,x\n")
    found = problems_of(demo_workspace)
    assert any("rad 1" in p and "indicator" in p and "mangler" in p for p in found)
    assert any("ukjente kolonner: indikator, notat" in p for p in found)


def test_goal_file_problems_name_the_field(demo_workspace: Workspace) -> None:
    broken = (GOALS.replace('kommune: "5001"', 'kommune: "3449"')
              .replace("target: 90", "target: 120")
              .replace("target: 6", "target: 1")
              .replace("unit: antall", "unit: antall\n            colour: red"))
    write(demo_workspace, broken, None)
    found = problems_of(demo_workspace)
    assert any("colour" in p and "ukjent felt" in p for p in found), found
    # the schema error stops the file before meaning checks: fix it and look again
    write(demo_workspace, broken.replace("\n            colour: red", ""), None)
    found = problems_of(demo_workspace)
    assert any("kommune 1 (Sør-Aurdal), kommunenummer" in p and "'3449'" in p for p in found)
    assert any("indikator 1 (spurt), målverdi" in p and "120" in p for p in found)
    assert any("indikator 2 (samtaler), målverdi" in p and "ikke høyere" in p for p in found)
    assert len(found) == 3


def test_wrong_network_and_duplicate_ids(demo_workspace: Workspace) -> None:
    text = (GOALS.replace("network: midt-norge-2022", "network: valdres")
            .replace("id: samtaler", "id: spurt"))
    write(demo_workspace, text, None)
    found = problems_of(demo_workspace)
    assert any(p.endswith("'valdres' må være nettverkets id 'midt-norge-2022'") for p in found)
    assert any("indikator-id 'spurt' brukes flere ganger" in p for p in found)


def test_no_goals_is_fine_but_measurements_need_goals(demo_workspace: Workspace) -> None:
    goals_path(demo_workspace, "midt-norge-2022").unlink()
    measurements_path(demo_workspace, "midt-norge-2022").unlink()
    assert problems_of(demo_workspace) == []
    assert load_goals(demo_workspace, "midt-norge-2022").municipalities == []
    measurements_path(demo_workspace, "midt-norge-2022").write_text("kommune\n", encoding="utf-8")
    assert any("ingen målfil" in p for p in problems_of(demo_workspace))


def test_input_files_are_not_changed(demo_workspace: Workspace) -> None:
    before = measurements_path(demo_workspace, "valdres").read_bytes()
    load_goals(demo_workspace, "valdres")
    assert measurements_path(demo_workspace, "valdres").read_bytes() == before
