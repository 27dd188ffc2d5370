"""Done when: a facilitator who never saw YAML goes from ``learning init`` to a rendered first gathering,
with attendance from a registration export and goals from the filled template, opening no YAML file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from facilitator import HALLINGDAL, learning
from test_goals_workbook import fill

pytestmark = pytest.mark.slow


def test_from_init_to_a_rendered_first_gathering(tmp_path: Path) -> None:
    root = tmp_path / "hallingdal"
    assert learning("init", str(root), *HALLINGDAL).code == 0
    ws = ["--workspace", str(root)]
    assert learning("nettverk", "intensjonsavtale", "Hol", "--dato", "10.01.2025", *ws).code == 0
    assert learning("nettverk", "representant", "Hol", "--rolle", "leder", "--tjeneste", "skole", "--mandat",
                    *ws).code == 0
    export = Workbook()
    export.active.append(["Navn", "E-post", "Kommune", "Rolle", "Tjeneste"])
    for i in range(6):
        export.active.append([f"Person {i}", f"p{i}@example.no", ["Hol", "Gol", "Ål"][i % 3],
                              "leder" if i < 3 else "helsepersonell", "skole" if i < 3 else "helsestasjon_skolehelse"])
    export.save(tmp_path / "pamelding.xlsx")
    outcome = learning("nettverk", "importer-oppmote", str(tmp_path / "pamelding.xlsx"), "--samling", "samling-1", *ws)
    assert outcome.code == 0, outcome.problems
    assert learning("goals-template", str(tmp_path / "mal.xlsx"), *ws).code == 0
    goals = [("Alle blir spurt om barn", "Andel spurt om barn", "prosent", "høyere er bedre", 40, 90, "Journal")]
    measures = [("Andel spurt om barn", "15.12.2024", 42, None, None),
                ("Andel spurt om barn", "10.01.2025", None, 6, 10)]
    filled = fill(tmp_path / "mal.xlsx", "Hol", goals, measures, tmp_path / "utfylt.xlsx")
    outcome = learning("import-goals", str(filled), *ws)
    assert outcome.code == 0, outcome.problems
    assert learning("check", *ws).code == 0
    network_file = next((root / "params").glob("*.yml")).read_text(encoding="utf-8")
    assert "example.no" not in network_file and "Person" not in network_file
    rendered = learning("render", "-g", "samling-1", "--quiet", *ws)
    assert rendered.code == 0, rendered.output
    reports = root / "reports" / "barn-som-parorende-i-hallingdal"
    names = sorted(p.name for p in reports.rglob("*.html"))
    municipality_reports = sorted(reports.rglob("*kommunerapport.html"))
    assert len(municipality_reports) == 5, names
    overview = next(reports.rglob("*nettverksoversikt.html")).read_text(encoding="utf-8")
    assert "Hol" in overview and "Gol" in overview
    hol = next(p for p in municipality_reports if p.parent.name == "hol").read_text(encoding="utf-8")
    assert "Andel spurt om barn" in hol
