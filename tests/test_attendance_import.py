"""Attendance from a registration export: counts by municipality, role and service; no names kept."""

from __future__ import annotations

from pathlib import Path

from facilitator import learning
from openpyxl import Workbook

from learning.network import load_network
from learning.workspace import Workspace

HEADER = ["Fornavn", "Etternavn", "E-post", "Kommune", "Rolle", "Tjeneste", "Møtt"]
PEOPLE = [
    ["Kari", "Nordmann", "kari.nordmann@example.no", "Sør-Aurdal", "Leder", "helsestasjon_skolehelse", "ja"],
    ["Ola", "Hansen", "ola.hansen@example.no", "3449", "annen fagperson", "Skole", "ja"],
    ["Per", "Olsen", "per.olsen@example.no", "3449", "annen_fagperson", "skole", "ja"],
    ["Siri", "Berg", "siri.berg@example.no", "Vang", "helsepersonell", "hjemmetjeneste", "ja"],
    ["Nils", "Dahl", "nils.dahl@example.no", "Vang", "leder", "skole", "nei"],
    ["Eva", "Lie", "eva.lie@example.no", "Distriktspsykiatrisk senter (DPS)", "", "", "ja"],
]
PERSONAL = ("Kari", "Nordmann", "example.no", "Siri", "Berg", "Nils")


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_counts_are_stored_and_names_are_not(demo_workspace: Workspace, tmp_path: Path) -> None:
    export = _xlsx(tmp_path / "påmelding.xlsx", PEOPLE)
    before = export.read_bytes()
    outcome = learning("nettverk", "importer-oppmote", str(export), "--samling", "oppstart",
                       "--network", "valdres", "--workspace", str(demo_workspace.root))
    assert outcome.code == 0, outcome.problems
    assert export.read_bytes() == before
    gathering = load_network(demo_workspace, "valdres").gathering("oppstart")
    assert gathering.attendance == {"3449": 3, "3454": 1}  # Nils did not come
    detail = gathering.attendance_detail
    assert detail is not None
    assert {(c.role, c.service, c.count) for c in detail["3449"].counts} == {
        ("leder", "helsestasjon_skolehelse", 1), ("annen_fagperson", "skole", 2)}
    # Sør-Aurdal's representative with mandate is a leader in helsestasjon_skolehelse, and one came;
    # Vang's is a leader in psykisk_helse_rus, and nobody with that role and service came
    assert detail["3449"].representative_with_mandate is True
    assert detail["3454"].representative_with_mandate is False
    assert gathering.partners_present == ["Distriktspsykiatrisk senter (DPS)"]
    stored = (demo_workspace.params_dir / "valdres.yml").read_text(encoding="utf-8")
    for text in PERSONAL:
        assert text not in stored and text not in outcome.output
    assert not list(demo_workspace.root.rglob("*.log"))


def test_a_declared_mandate_column_is_used(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "påmelding.csv"
    path.write_text("Navn;Kommune;Rolle;Tjeneste;Representant med mandat\n"
                    "A B;Vang;leder;skole;ja\nC D;Etnedal;leder;skole;nei\n", encoding="utf-8")
    outcome = learning("nettverk", "importer-oppmote", str(path), "--samling", "oppstart", "--network", "valdres",
                       "--workspace", str(demo_workspace.root))
    assert outcome.code == 0, outcome.problems
    detail = load_network(demo_workspace, "valdres").gathering("oppstart").attendance_detail
    assert detail is not None
    assert detail["3454"].representative_with_mandate is True and detail["3450"].representative_with_mandate is False


def test_bad_rows_are_listed_and_nothing_is_written(demo_workspace: Workspace, tmp_path: Path) -> None:
    rows = [*PEOPLE, ["Tor", "Moe", "tor@example.no", "Oslo", "leder", "skole", "ja"],
            ["Ane", "Vik", "ane@example.no", "Vang", "sjef", "skole", "ja"]]
    export = _xlsx(tmp_path / "påmelding.xlsx", rows)
    path = demo_workspace.params_dir / "valdres.yml"
    before = path.read_bytes()
    outcome = learning("nettverk", "importer-oppmote", str(export), "--samling", "oppstart", "--network", "valdres",
                       "--workspace", str(demo_workspace.root))
    assert outcome.code == 2
    assert any("rad 8, «Kommune» (kolonne D)" in p and "Oslo er ikke medlem" in p for p in outcome.problems)
    assert any("rad 9, «Rolle» (kolonne E)" in p and "ukjent rolle" in p for p in outcome.problems)
    assert not any(name in p for p in outcome.problems for name in PERSONAL)
    assert path.read_bytes() == before


def test_the_old_one_number_form_still_loads(repo_workspace: Workspace) -> None:
    gathering = load_network(repo_workspace, "valdres").gathering("oppstart")
    assert gathering.attendance is not None and gathering.attendance_detail is None
