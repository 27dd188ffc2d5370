"""``learning init`` and ``learning nettverk …``: a network set up and kept without editing YAML."""

from __future__ import annotations

from pathlib import Path

from facilitator import HALLINGDAL, learning

from learning.network import load_network
from learning.workspace import Workspace


def test_init_with_options_passes_check(tmp_path: Path) -> None:
    root = tmp_path / "hallingdal"
    outcome = learning("init", str(root), *HALLINGDAL)
    assert outcome.code == 0, outcome.problems
    network = load_network(Workspace(root), "barn-som-parorende-i-hallingdal")
    assert network.member_numbers == ["3330", "3326", "3328", "3324", "3322"]
    assert network.gatherings[0].date.isoformat() == "2025-01-15"
    assert (root / "README.md").read_text(encoding="utf-8").count("learning nettverk") >= 4
    assert learning("check", "--workspace", str(root)).code == 0
    again = learning("init", str(root), *HALLINGDAL)
    assert again.code == 2 and "har allerede et arbeidsområde" in again.problems[0]


def test_init_asks_for_what_is_missing(tmp_path: Path) -> None:
    root = tmp_path / "ny"
    answers = "Nettverk Sør\nStatsforvalteren i Agder\nKristiansand, 4203\n01.03.2025\nTeams\n\n"
    outcome = learning("init", str(root), "--digital", input=answers)
    assert outcome.code == 0, outcome.problems
    network = load_network(Workspace(root), "nettverk-sor")
    assert network.member_numbers == ["4204", "4203"]
    assert network.gatherings[0].format == "digital" and network.gatherings[0].theme == "Oppstart"


def test_init_refuses_an_unknown_municipality_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "feil"
    outcome = learning("init", str(root), *HALLINGDAL, "--kommune", "3044")
    assert outcome.code == 2 and "3044" in outcome.problems[0] and "finnes ikke" in outcome.problems[0]
    assert not root.exists()


def test_routine_records_keep_comments_and_are_checked(demo_workspace: Workspace) -> None:
    ws = ["--workspace", str(demo_workspace.root), "--network", "valdres"]
    path = demo_workspace.params_dir / "valdres.yml"
    before = path.read_text(encoding="utf-8")
    for args in (("medlem-inn", "Ringebu", "--innmeldt", "01.03.2024"),
                 ("intensjonsavtale", "Ringebu", "--dato", "15.03.2024", "--signert-av", "kommunedirektør"),
                 ("forankring", "Ringebu", "vedtak"),
                 ("representant", "Ringebu", "--rolle", "leder", "--tjeneste", "skole", "--mandat"),
                 ("samling-ny", "--id", "ekstra", "--dato", "01.12.2024", "--sted", "Fagernes", "--tema", "Ekstra"),
                 ("samling-flytt", "ekstra", "--dato", "02.12.2024", "--start", "10.00")):
        outcome = learning("nettverk", *args, *ws)
        assert outcome.code == 0, (args, outcome.problems)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.split("\nid:")[0])  # the header comments are kept
    assert "  - notebook: network_overview\n    scope: gathering" in after  # and the layout
    network = load_network(demo_workspace, "valdres")
    ringebu = network.member("3439")
    assert ringebu.letter_of_intent.signed and ringebu.letter_of_intent.date.isoformat() == "2024-03-15"
    assert ringebu.anchoring.level == "vedtak" and ringebu.representatives[0].coordination_mandate
    assert network.gathering("ekstra").start.isoformat() == "10:00:00"
    assert learning("nettverk", "medlem-ut", "Ringebu", *ws).code == 0
    assert "3439" not in load_network(demo_workspace, "valdres").member_numbers


def test_a_change_that_breaks_the_workspace_changes_nothing(demo_workspace: Workspace) -> None:
    ws = ["--workspace", str(demo_workspace.root), "--network", "valdres"]
    path = demo_workspace.params_dir / "valdres.yml"
    before = path.read_bytes()
    bad = learning("nettverk", "forankring", "Vang", "superb", *ws)
    assert bad.code == 2
    assert any("medlem 6 (Vang), forankring, nivå" in p and "'plan'" in p for p in bad.problems), bad.problems
    # a member with attendance recorded cannot just disappear: the attendance would point nowhere
    gone = learning("nettverk", "medlem-ut", "Vang", *ws)
    assert gone.code == 2 and any("oppmøte, Vang (3454)" in p for p in gone.problems), gone.problems
    date = learning("nettverk", "samling-flytt", "oppstart", "--dato", "31.02.2024", *ws)
    assert date.code == 2 and "15.01.2024" in date.problems[0]
    assert path.read_bytes() == before
