"""``learning reflect``: parameters checked before Voilà starts; the served copy carries them."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from learning.problems import UserError
from learning.reflection.serve import HOST, prepare, serve, voila_command
from learning.reports.context import ReportContext
from learning.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src"


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "learning", "reflect", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--municipality", "9999", "municipality='9999'"),
        ("--gathering", "finnes-ikke", "gathering='finnes-ikke'"),
        ("--network", "ukjent", "ukjent"),
    ],
)
def test_unknown_parameters_stop_before_voila_starts(
    demo_workspace: Workspace, option, value, named
):
    args = {"--network": "valdres", "--municipality": "3451", "--gathering": "oppstart"}
    args[option] = value
    flat = [item for pair in args.items() for item in pair]
    result = _run_cli(*flat, "--port", "1", "--workspace", str(demo_workspace.root))
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert "klare på" not in result.stdout


def test_unknown_role_is_refused_before_starting(demo_workspace: Workspace):
    ctx = ReportContext.load(str(demo_workspace.root), "valdres", "oppstart", "3451")
    with pytest.raises(UserError, match="sjef"):
        serve(ctx, role="sjef", port=1, say=lambda _text: None)


def test_served_copy_has_the_parameters_and_no_description_cell(
    demo_workspace: Workspace, tmp_path
):
    ctx = ReportContext.load(str(demo_workspace.root), "valdres", "rutiner", "3454")
    path = prepare(ctx, "fasilitator", tmp_path)
    notebook = nbformat.read(path, as_version=4)
    injected = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    namespace = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(injected[0].source).body
        if isinstance(node, ast.Assign)
    }
    assert namespace["municipality"] == "3454" and namespace["gathering"] == "rutiner"
    assert namespace["role"] == "fasilitator" and namespace["live"] is True
    assert namespace["lang"] == "nn"  # Vang is a nynorsk municipality
    assert not [c for c in notebook.cells if c.cell_type == "markdown"]


def test_voila_listens_on_localhost_only_with_code_hidden(tmp_path):
    command = voila_command(tmp_path / "reflection.ipynb", 9999)
    assert f"--Voila.ip={HOST}" in command and HOST == "127.0.0.1"
    assert "--strip_sources=True" in command and "--no-browser" in command
    assert "--Voila.port_retries=0" in command  # never silently another port than the one printed
