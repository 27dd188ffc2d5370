"""Messages for people: file, the thing in the facilitator's words, 1-based positions, what to do;
Norwegian dates the same everywhere; no traceback for any of these mistakes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from learning.dates import parse_clock, parse_date
from learning.network import load_network
from learning.workspace import Workspace


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learning", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120, check=False)


def _edit(workspace: Workspace, old: str, new: str) -> None:
    path = workspace.params_dir / "valdres.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("text", "wanted"), [
    ("2024-01-15", dt.date(2024, 1, 15)), ("15.01.2024", dt.date(2024, 1, 15)), ("5.1.2024", dt.date(2024, 1, 5)),
    ("31.02.2024", None), ("15/01/2024", None), ("2024", None),
])
def test_one_date_parser(text: str, wanted: dt.date | None) -> None:
    assert parse_date(text) == wanted


def test_clock_times_as_people_write_them() -> None:
    assert parse_clock("9:00") == parse_clock("09.00") == dt.time(9)
    assert parse_clock(9) is None and parse_clock("25:00") is None


def test_norwegian_dates_load_from_yaml_like_from_csv(demo_workspace: Workspace) -> None:
    _edit(demo_workspace, "joined: 2024-01-15", "joined: 15.01.2024")
    _edit(demo_workspace, "date: 2024-03-12", "date: 12.03.2024")
    network = load_network(demo_workspace, "valdres")
    assert network.members[0].joined == dt.date(2024, 1, 15)
    assert network.gathering("oppstart").date == dt.date(2024, 3, 12)
    csv_path = demo_workspace.data_dir / "goals" / "valdres.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("2024-01-01", "01.01.2024"), encoding="utf-8")
    from learning.goals import load_goals

    assert load_goals(demo_workspace, "valdres").measurements["date"].min() == dt.date(2024, 1, 1)


MISTAKES = [
    ('start: "09:00"', "start: 9", "samling 1 (oppstart), start", "09:00"),
    ("joined: 2024-01-15", "joined: 45.01.2024", "medlem 1 (Sør-Aurdal), innmeldt", "15.01.2024"),
    ("{role: annen_fagperson, service: ppt", "{role: sjef, service: ppt",
     "medlem 6 (Vang), representant 2, rolle", "'leder'"),
    ('attendance: {"3449": 3', 'attendance: {"Vang": 3', "samling 1 (oppstart), oppmøte, Vang, nøkkelen", "feil form"),
    ("letter_of_intent: {signed: true, date: 2024-02-05", "letter_of_intent: {signed: ja, date: 2024-02-05",
     "medlem 2 (Etnedal), intensjonsavtale, signert", "ja eller nei"),
]


@pytest.mark.parametrize(("old", "new", "where", "hint"), MISTAKES)
def test_each_mistake_is_said_in_words_without_traceback(
    demo_workspace: Workspace, old: str, new: str, where: str, hint: str
) -> None:
    _edit(demo_workspace, old, new)
    result = _run("check", "--workspace", str(demo_workspace.root))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "[key]" not in result.stderr
    assert f"params/valdres.yml: {where}" in result.stderr and hint in result.stderr, result.stderr


def test_command_mistakes_have_no_traceback(demo_workspace: Workspace, tmp_path: Path) -> None:
    ws = ["--workspace", str(demo_workspace.root)]
    for args, words in (
        (["nettverk", "medlem-inn", "Atlantis", "-n", "valdres"], "ukjent kommunenavn"),
        (["nettverk", "oppmote", "oppstart", "Vang:3", "-n", "valdres"], "KOMMUNE=ANTALL"),
        (["nettverk", "samling-flytt", "finnes-ikke", "--dato", "01.01.2024", "-n", "valdres"], "Kjente samlinger"),
        (["import-goals", str(tmp_path / "mangler.xlsx"), "-n", "valdres"], "finnes ikke"),
        (["nettverk", "medlem-inn", "Vang"], "Si hvilket med --network"),
    ):
        result = _run(*args, *ws)
        assert result.returncode == 2 and "Traceback" not in result.stderr and words in result.stderr, (
            args, result.stderr)
