"""The network model: the demo loads, and every kind of mistake is caught with a clear message."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from learning.network import load_network
from learning.network.loader import parse_network
from learning.problems import UserError
from learning.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def _demo(repo_workspace: Workspace, name: str = "midt-norge-2022") -> dict[str, Any]:
    return yaml.safe_load((repo_workspace.params_dir / f"{name}.yml").read_text(encoding="utf-8"))


def _problems(tmp_path: Path, data: dict[str, Any] | str, name: str = "midt-norge-2022") -> list[str]:
    path = tmp_path / f"{name}.yml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    _, problems = parse_network(path, shown_as=f"params/{name}.yml", today=TODAY)
    return [str(p) for p in problems]


@pytest.mark.parametrize("name", ["midt-norge-2022", "valdres"])
def test_demo_networks_load_without_problems(repo_workspace: Workspace, name: str) -> None:
    network = load_network(repo_workspace, name, today=TODAY)
    assert network.id == name
    assert len(network.members) >= 6


def test_midt_norge_matches_the_announcement(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "midt-norge-2022", today=TODAY)
    first = min(network.gatherings, key=lambda g: g.date)
    assert (first.date, first.start, first.end) == (dt.date(2022, 1, 11), dt.time(9), dt.time(12))
    assert first.format == "digital"
    assert first.registration_deadline == dt.date(2021, 11, 7)
    assert len(network.gatherings) >= 4
    formats = [g.format for g in sorted(network.gatherings, key=lambda g: g.date)]
    assert all(a != b for a, b in itertools.pairwise(formats)), "digital and physical alternate"
    counties = {m.kommune[:2] for m in network.members}
    assert counties == {"50", "15"} and len(network.members) >= 8
    assert any("KORUS" in o for o in network.organisers) and any("USHT" in o for o in network.organisers)


def test_valdres_has_the_six_municipalities(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres", today=TODAY)
    assert sorted(network.member_numbers) == ["3449", "3450", "3451", "3452", "3453", "3454"]


def test_unknown_municipality_number(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["members"][2]["kommune"] = "9999"
    problems = _problems(tmp_path, data)
    assert any("medlem 3 (9999), kommunenummer" in p and "'9999'" in p and "finnes ikke" in p
               for p in problems), problems


def test_municipality_listed_twice(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["members"][3]["kommune"] = data["members"][0]["kommune"]
    problems = _problems(tmp_path, data)
    assert any("medlem 1, medlem 4" in p and "2 ganger" in p for p in problems), problems


def test_end_before_start(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["gatherings"][1]["end"] = "08:00"
    problems = _problems(tmp_path, data)
    assert any("samling 2 (samling-2), slutt" in p and "08:00" in p for p in problems), problems


def test_registration_deadline_after_gathering(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["gatherings"][0]["registration_deadline"] = dt.date(2022, 1, 12)
    problems = _problems(tmp_path, data)
    assert any("påmeldingsfrist" in p and "12.01.2022" in p for p in problems), problems


def test_duplicate_gathering_ids(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["gatherings"][2]["id"] = "samling-1"
    problems = _problems(tmp_path, data)
    assert any("'samling-1'" in p and "2 ganger" in p for p in problems), problems


def test_format_must_be_digital_or_physical(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["gatherings"][0]["format"] = "hybrid"
    problems = _problems(tmp_path, data)
    assert any("samling 1 (samling-1), form" in p and "'hybrid'" in p and "digital" in p for p in problems), problems


def test_attendance_for_a_future_gathering(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["gatherings"][3]["date"] = dt.date(2027, 2, 8)
    data["gatherings"][3]["registration_deadline"] = dt.date(2027, 1, 25)
    problems = _problems(tmp_path, data)
    assert any("samling 4 (samling-4), oppmøte" in p and "ikke er holdt" in p for p in problems), problems


def test_letter_of_intent_dated_in_the_future(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["members"][0]["letter_of_intent"] = {"signed": True, "date": TODAY + dt.timedelta(days=30)}
    problems = _problems(tmp_path, data)
    assert any("medlem 1 (" in p and "intensjonsavtale" in p.lower() and "fram i tid" in p
               for p in problems), problems


def test_attendance_for_a_non_member(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["gatherings"][0]["attendance"]["0301"] = 2
    problems = _problems(tmp_path, data)
    assert any("oppmøte, Oslo (0301)" in p and "ikke medlem" in p for p in problems), problems


def test_unknown_key_is_rejected(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["members"][0]["kontaktperson"] = "x"
    problems = _problems(tmp_path, data)
    assert any("kontaktperson" in p and "medlem 1 (" in p and "ukjent felt" in p for p in problems), problems


def test_every_problem_is_reported_at_once(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["members"][1]["kommune"] = "9998"
    data["gatherings"][1]["end"] = "08:00"
    data["gatherings"][2]["id"] = "samling-1"
    assert len(_problems(tmp_path, data)) >= 3


def test_times_and_leading_zeros_survive_yaml_1_1(tmp_path: Path, repo_workspace: Workspace) -> None:
    """Unquoted 10:00 is 600 in YAML 1.1 and 0301 an octal number; neither may be misread."""
    text = (repo_workspace.params_dir / "midt-norge-2022.yml").read_text(encoding="utf-8")
    text = text.replace('start: "10:00"', "start: 10:00", 1).replace('"5001"', "5001", 1)
    path = tmp_path / "midt-norge-2022.yml"
    path.write_text(text, encoding="utf-8")
    network, problems = parse_network(path, today=TODAY)
    assert problems == [] and network is not None
    assert network.gathering("samling-2").start == dt.time(10, 0)
    assert network.members[0].kommune == "5001"


def test_lost_leading_zero_is_restored(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    data["members"][0]["kommune"] = 301  # Oslo, as a spreadsheet would write it
    data["gatherings"] = [{**g, "attendance": None} for g in data["gatherings"]]
    path = tmp_path / "midt-norge-2022.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    network, problems = parse_network(path, today=TODAY)
    assert problems == [] and network is not None and network.members[0].kommune == "0301"


def test_duplicate_yaml_key_is_an_error_with_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "id: x\nname: A\nname: B\n")
    assert len(problems) == 1 and "linje 3" in problems[0] and "'name'" in problems[0]


def test_id_must_match_file_name(tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    problems = _problems(tmp_path, data, name="annet-navn")
    assert any("id 'midt-norge-2022'" in p and "filnavnet" in p for p in problems), problems


def test_unknown_network_names_the_known_ones(repo_workspace: Workspace) -> None:
    with pytest.raises(UserError, match="midt-norge-2022, valdres"):
        load_network(repo_workspace, "nord-norge")


def test_gatherings_are_numbered_by_date_then_start_whatever_order_the_file_lists_them(
        tmp_path: Path, repo_workspace: Workspace) -> None:
    data = _demo(repo_workspace)
    gatherings = data["gatherings"]
    # a second gathering on the first one's day, in the afternoon, listed first
    afternoon = {**gatherings[0], "id": "ettermiddag", "start": "13:00", "end": "15:00"}
    data["gatherings"] = [afternoon, *reversed(gatherings)]
    path = tmp_path / "midt-norge-2022.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    network, problems = parse_network(path, shown_as="params/midt-norge-2022.yml", today=TODAY)
    assert not problems and network is not None
    ordered = [g.id for g in network.gatherings_in_order]
    assert ordered[:2] == [gatherings[0]["id"], "ettermiddag"]
    assert [network.gathering_number(g) for g in ordered] == list(range(1, len(ordered) + 1))
    assert [g.id for g in network.gatherings_until("ettermiddag")] == ordered[:2]
