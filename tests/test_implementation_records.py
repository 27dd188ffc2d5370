"""params/implementation/<network>.yml: read, checked, every problem naming file, field and value."""

from __future__ import annotations

import pytest

from learning.implementation import implementation_path, load_records
from learning.network import load_network
from learning.problems import UserError
from learning.reference.guideline import STATUSES
from learning.workspace import Workspace


def _write(workspace: Workspace, text: str) -> None:
    path = implementation_path(workspace, "midt-norge-2022")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _problems(workspace: Workspace) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_records(workspace, load_network(workspace, "midt-norge-2022"))
    return [str(p) for p in caught.value.problems]


def test_the_demo_file_loads_and_uses_the_reflection_status_codes(demo_workspace: Workspace) -> None:
    records = load_records(demo_workspace, load_network(demo_workspace, "midt-norge-2022"))
    assert records is not None and records.synthetic
    assert set(records.municipalities) == {"5035"}
    statuses = {s for by_measure in records.municipalities["5035"].values() for s in by_measure.values()}
    assert statuses <= set(STATUSES)
    assert records.municipalities["5035"]["samling-2"]["M7"] == "etablert"


def test_no_file_means_no_records(demo_workspace: Workspace) -> None:
    assert load_records(demo_workspace, load_network(demo_workspace, "valdres")) is None


def test_an_unquoted_municipality_number_is_read_as_the_number(demo_workspace: Workspace) -> None:
    _write(demo_workspace, "network: midt-norge-2022\nmunicipalities:\n  5001:\n    samling-1: {M1: i_gang}\n")
    records = load_records(demo_workspace, load_network(demo_workspace, "midt-norge-2022"))
    assert records is not None and records.municipalities == {"5001": {"samling-1": {"M1": "i_gang"}}}


def test_a_wrong_status_names_file_field_and_value(demo_workspace: Workspace) -> None:
    _write(demo_workspace, 'network: midt-norge-2022\nmunicipalities:\n  "5001":\n    samling-1: {M3: ferdig}\n')
    [problem] = _problems(demo_workspace)
    assert problem.startswith("params/implementation/midt-norge-2022.yml: kommuner, Trondheim (5001), samling-1, M3:")
    assert "'ferdig'" in problem and "etablert" in problem


def test_every_problem_is_listed_at_once(demo_workspace: Workspace) -> None:
    _write(demo_workspace, "\n".join([
        "network: valdres",
        "municipalities:",
        '  "3449":',
        "    samling-1: {M1: planlagt}",
        '  "5001":',
        "    samling-9: {M2: planlagt}",
    ]) + "\n")
    problems = _problems(demo_workspace)
    assert len(problems) == 3
    assert any("nettverk:" in p and "'valdres'" in p for p in problems)
    assert any("kommuner, Sør-Aurdal (3449):" in p and "ikke medlem" in p for p in problems)
    assert any("kommuner, Trondheim (5001), samling-9:" in p and "ingen samling" in p for p in problems)


@pytest.mark.parametrize(("text", "field", "words"), [
    ('  "5001":\n    samling-1: {M14: planlagt}\n', "kommuner, Trondheim (5001), samling-1, M14, nøkkelen",
     "ugyldig verdi"),
    ('  "5001":\n    samling-1: {}\n', "kommuner, Trondheim (5001), samling-1", "tom"),
    ('  "501x":\n    samling-1: {M1: planlagt}\n', "kommuner, 501x, nøkkelen", "feil form"),
])
def test_schema_problems_name_the_field(demo_workspace: Workspace, text: str, field: str, words: str) -> None:
    _write(demo_workspace, "network: midt-norge-2022\nmunicipalities:\n" + text)
    problems = _problems(demo_workspace)
    assert any(f": {field}:" in p and words in p for p in problems), problems
    assert not any("[key]" in p for p in problems)


def test_an_unknown_key_is_rejected(demo_workspace: Workspace) -> None:
    _write(demo_workspace, "network: midt-norge-2022\nkommuner: {}\n")
    [problem] = _problems(demo_workspace)
    assert ": kommuner:" in problem and "ukjent felt" in problem


def test_broken_yaml_names_the_line(demo_workspace: Workspace) -> None:
    _write(demo_workspace, "network: midt-norge-2022\nmunicipalities: {5001: [\n")
    [problem] = _problems(demo_workspace)
    assert "linje" in problem


def test_problems_for_the_check_command(demo_workspace: Workspace) -> None:
    from learning.implementation import implementation_problems

    network = load_network(demo_workspace, "midt-norge-2022")
    assert implementation_problems(demo_workspace, network) == []
    _write(demo_workspace, 'network: midt-norge-2022\nmunicipalities:\n  "5001":\n    samling-1: {M3: ferdig}\n')
    [problem] = implementation_problems(demo_workspace, network)
    assert problem.where == "kommuner, Trondheim (5001), samling-1, M3"
