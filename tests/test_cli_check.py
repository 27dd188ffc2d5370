"""``learning check`` as a user runs it: all problems at once, no traceback, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from learning.workspace import Workspace


def run_learning(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learning", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=120, check=False)


def test_check_passes_on_the_demo(demo_workspace: Workspace) -> None:
    result = run_learning("check", "--workspace", str(demo_workspace.root))
    assert result.returncode == 0, result.stderr
    assert "midt-norge-2022" in result.stdout and "valdres" in result.stdout


def test_check_reports_every_problem_in_every_file(demo_workspace: Workspace) -> None:
    midt = demo_workspace.params_dir / "midt-norge-2022.yml"
    midt.write_text(midt.read_text(encoding="utf-8").replace('kommune: "5006"', 'kommune: "5999"')
                    .replace("format: physical\n    place: Trondheim", "format: hybrid\n    place: Trondheim"),
                    encoding="utf-8")
    valdres = demo_workspace.params_dir / "valdres.yml"
    valdres.write_text(valdres.read_text(encoding="utf-8").replace('end: "15:00"', 'end: "08:00"', 1), encoding="utf-8")
    result = run_learning("check", "--workspace", str(demo_workspace.root))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Fant 1 problem:" not in result.stderr  # problems in two files, not just the first
    assert "samling 2 (samling-2), form" in result.stderr and "'hybrid'" in result.stderr
    assert "medlem 2 (5999), kommunenummer" in result.stderr and "'5999'" in result.stderr
    assert "params/valdres.yml" in result.stderr and "08:00" in result.stderr


def test_check_takes_the_workspace_from_the_environment(demo_workspace: Workspace, tmp_path: Path) -> None:
    result = run_learning("check", cwd=tmp_path, env={"LEARNING_WORKSPACE": str(demo_workspace.root)})
    assert result.returncode == 0, result.stderr


def test_a_folder_without_params_is_a_clear_error(tmp_path: Path) -> None:
    result = run_learning("check", "--workspace", str(tmp_path))
    assert result.returncode == 2
    assert "params/" in result.stderr and "--workspace" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_also_validates_goals_and_implementation_records(demo_workspace: Workspace) -> None:
    records = demo_workspace.params_dir / "implementation" / "midt-norge-2022.yml"
    records.write_text(records.read_text(encoding="utf-8").replace("M7: etablert", "M7: ferdig", 1), encoding="utf-8")
    goals = demo_workspace.data_dir / "goals" / "valdres.csv"
    lines = goals.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("kommune,"))
    fields = lines[header + 1].split(",")
    fields[1] = "finnes-ikke"
    lines[header + 1] = ",".join(fields)
    goals.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_learning("check", "--workspace", str(demo_workspace.root))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "params/implementation/midt-norge-2022.yml" in result.stderr and "'ferdig'" in result.stderr
    assert "data/goals/valdres.csv" in result.stderr and "finnes-ikke" in result.stderr
