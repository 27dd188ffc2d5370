"""Exercise definitions: the demo files load, and mistakes name the file and the field."""

from __future__ import annotations

import pytest
import yaml

from learning.network import load_network
from learning.problems import UserError
from learning.reflection.exercises import ChoiceField, MeasuresField, TextField, load_exercises
from learning.workspace import Workspace


@pytest.mark.parametrize("network_id", ["midt-norge-2022", "valdres"])
def test_demo_exercises_cover_every_gathering_with_all_three_kinds(
    repo_workspace: Workspace, network_id: str
):
    network = load_network(repo_workspace, network_id)
    data = load_exercises(repo_workspace, network)
    for gathering in network.gatherings:
        exercises = {e.id: e for e in data.for_gathering(gathering.id)}
        assert {"forbedringssyklus", "refleksjon", "egenvurdering"} <= set(exercises)
        cycle = exercises["forbedringssyklus"]
        assert {f.phase for f in cycle.fields} == {"plan", "followup"}
        assert any(isinstance(f, MeasuresField) for f in exercises["egenvurdering"].fields)
        kinds = {type(f) for e in exercises.values() for f in e.fields}
        assert {TextField, ChoiceField, MeasuresField} <= kinds
        for exercise in exercises.values():
            for field in exercise.fields:
                assert field.prompt.nb.strip() and field.prompt.nn.strip()


def _edit(ws: Workspace, change) -> None:
    path = ws.params_dir / "exercises" / "valdres.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _problems(ws: Workspace) -> list[str]:
    with pytest.raises(UserError) as caught:
        load_exercises(ws, load_network(ws, "valdres"))
    return [str(p) for p in caught.value.problems]


def test_unknown_key_names_file_and_field(demo_workspace: Workspace):
    _edit(demo_workspace, lambda d: d["exercises"][1]["fields"][0].update(colour="red"))
    problems = _problems(demo_workspace)
    assert any(
        "params/exercises/valdres.yml" in p and "oppgave 2 (refleksjon), felt 1 (fungerte)" in p and "colour" in p
        for p in problems
    ), problems


def test_text_field_without_nynorsk_prompt_is_an_error(demo_workspace: Workspace):
    _edit(demo_workspace, lambda d: d["exercises"][0]["fields"][0]["prompt"].pop("nn"))
    problems = _problems(demo_workspace)
    assert any("oppgave 1 (" in p and "felt 1 (" in p and "spørsmål, nn" in p for p in problems), problems


def test_unknown_gathering_and_undefined_exercise_are_named(demo_workspace: Workspace):
    def change(data):
        data["gatherings"]["ukjent-samling"] = ["refleksjon"]
        data["gatherings"]["oppstart"] = ["refleksjon", "finnes_ikke"]

    _edit(demo_workspace, change)
    problems = _problems(demo_workspace)
    assert any("gatherings.ukjent-samling" in p for p in problems), problems
    assert any("gatherings.oppstart[1]" in p and "finnes_ikke" in p for p in problems), problems
