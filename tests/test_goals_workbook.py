"""``learning goals-template`` and ``learning import-goals``: goals through a spreadsheet."""

from __future__ import annotations

from pathlib import Path

from facilitator import learning
from openpyxl import load_workbook

from learning.goals import load_goals
from learning.goals.workbook import GOAL_ROW, MEASURE_ROW
from learning.workspace import Workspace


def _template(workspace: Workspace, tmp_path: Path, network: str = "valdres") -> Path:
    out = tmp_path / "mal.xlsx"
    outcome = learning("goals-template", str(out), "--network", network, "--workspace", str(workspace.root))
    assert outcome.code == 0, outcome.problems
    return out


def fill(path: Path, sheet_name: str, goals: list[tuple], measurements: list[tuple], out: Path) -> Path:
    """Type goals and measurements into one municipality's sheet, as a person would."""
    book = load_workbook(path)
    sheet = book[sheet_name]
    for offset, row in enumerate(goals, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(GOAL_ROW + offset, column, value)
    for offset, row in enumerate(measurements, start=1):
        for column, value in enumerate(row, start=1):
            sheet.cell(MEASURE_ROW + offset, column, value)
    book.save(out)
    return out


GOALS = [("Alle blir spurt om barn", "Andel spurt om barn", "prosent", "høyere er bedre", 40, 90, "Journal"),
         ("", "Barnesamtaler", "antall", "høyere er bedre", 2, 8, "Telling hver måned")]
MEASURES = [("Andel spurt om barn", "15.01.2025", 45, None, None),
            ("Andel spurt om barn", "15.02.2025", None, 5, 10),
            ("Barnesamtaler", "15.02.2025", 3, None, None)]


def test_template_has_a_sheet_per_member_with_drop_downs(demo_workspace: Workspace, tmp_path: Path) -> None:
    book = load_workbook(_template(demo_workspace, tmp_path))
    assert book.sheetnames == ["Slik fyller du ut", "Sør-Aurdal", "Etnedal", "Nord-Aurdal", "Vestre Slidre",
                               "Øystre Slidre", "Vang"]
    assert "regnearket" in book["Slik fyller du ut"]["A1"].value
    vang = book["Vang"]
    assert vang["B2"].value == "3454"
    formulas = sorted(v.formula1 for v in vang.data_validations.dataValidation)
    assert any("høyere er bedre" in f for f in formulas) and any("prosent" in f for f in formulas)
    assert any(f.startswith("=$B$") for f in formulas)  # indicator list from the goals above
    # goals already recorded are filled in, so a municipality can update them
    assert book["Sør-Aurdal"].cell(GOAL_ROW + 1, 2).value


def test_a_filled_template_lands_in_goals_and_measurements(demo_workspace: Workspace, tmp_path: Path) -> None:
    filled = fill(_template(demo_workspace, tmp_path), "Vang", GOALS, MEASURES, tmp_path / "utfylt.xlsx")
    outcome = learning("import-goals", str(filled), "--network", "valdres", "--workspace", str(demo_workspace.root))
    assert outcome.code == 0, outcome.problems
    goals = load_goals(demo_workspace, "valdres")
    vang = goals.series("3454")
    assert {s.indicator.name for s in vang} == {"Andel spurt om barn", "Barnesamtaler"}
    spurt = next(s for s in vang if s.indicator.name == "Andel spurt om barn")
    assert spurt.measurements["value"].tolist() == [45.0, 50.0]
    assert goals.series("3449")  # the other municipalities' goals are kept
    assert learning("check", "--workspace", str(demo_workspace.root)).code == 0


def test_every_problem_is_named_by_sheet_row_and_column(demo_workspace: Workspace, tmp_path: Path) -> None:
    goals = [GOALS[0], ("", "Barnesamtaler", "antall", "opp", 2, "mange", "Telling")]
    measures = [*MEASURES[:2], ("Barnesamtaler", "31.02.2025", 3, None, None)]
    template = _template(demo_workspace, tmp_path)
    bad = fill(template, "Vang", goals, measures, tmp_path / "feil.xlsx")
    before = (demo_workspace.params_dir / "goals" / "valdres.yml").read_bytes()
    outcome = learning("import-goals", str(bad), "--network", "valdres", "--workspace", str(demo_workspace.root))
    assert outcome.code == 2
    assert any("ark «Vang», rad 8, kolonne Retning" in p for p in outcome.problems), outcome.problems
    assert any("ark «Vang», rad 8, kolonne Målverdi" in p and "tall" in p for p in outcome.problems)
    assert (demo_workspace.params_dir / "goals" / "valdres.yml").read_bytes() == before
    dates = fill(template, "Vang", GOALS, [*MEASURES[:2], ("Barnesamtaler", "31.02.2025", 3, None, None),
                                           ("Andel spurt om barn", "01.03.2025", 120, None, None)],
                 tmp_path / "datoer.xlsx")
    outcome = learning("import-goals", str(dates), "--network", "valdres", "--workspace", str(demo_workspace.root))
    row = MEASURE_ROW + 3
    assert any(f"ark «Vang», rad {row}, kolonne Dato" in p and "15.01.2024" in p for p in outcome.problems)
    assert any(f"ark «Vang», rad {row + 1}, kolonne Verdi" in p for p in outcome.problems), outcome.problems
