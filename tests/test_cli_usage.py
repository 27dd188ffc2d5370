"""The ``learning`` command as a user types it, through the real entry point: every usage mistake
and every refused run is a plain Norwegian message and an exit code, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from learning.reflection.store import ReflectionStore
from learning.survey.importer import import_survey
from learning.survey.store import store_path
from learning.workspace import Workspace
from learning.workspace_lock import workspace_lock

REPO = Path(__file__).resolve().parents[1]


def learning(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "learning", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "COLUMNS": "200"}, timeout=120, check=False)


def plain_failure(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == code, output
    return " ".join(result.stderr.split())


USAGE_ERRORS = {
    "jobs 0": (["render", "--jobs", "0"], ["--jobs", "minst 1"]),
    "jobs not a number": (["render", "--jobs", "mange"], ["--jobs", "heltall"]),
    "missing wave": (["import-survey", "fil.csv", "--network", "valdres"], ["mangler --wave"]),
    "unknown command": (["rendr"], ["ukjent kommando «rendr»"]),
    "unknown option": (["render", "--jbos", "2"], ["ukjent valg --jbos", "--jobs"]),
    "extra argument": (["check", "ekstra"], ["uventet ekstra argument", "ekstra"]),
    "unknown language": (["reflect", "-n", "valdres", "-m", "3449", "-g", "oppstart", "--lang", "en"],
                         ["--lang", "'nb'", "'nn'"]),
    "unknown layout": (["reflect-export", "/tmp/x.csv", "--layout", "wide"], ["--layout", "versions"]),
}


@pytest.mark.parametrize("case", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_are_plain_messages_with_exit_code_2(case: tuple[list[str], list[str]]) -> None:
    args, expected = case
    message = plain_failure(learning(*args, "--workspace", str(REPO)) if args[0] != "rendr" else learning(*args))
    assert message.startswith("Feil i kommandoen:"), message
    for text in expected:
        assert text in message, message
    assert "--help" in message  # where to read how the command is used


def test_reflect_export_refuses_the_survey_store_and_other_project_files(demo_workspace: Workspace,
                                                                        tmp_path: Path) -> None:
    source = tmp_path / "svar.csv"
    source.write_text("kommune;tjeneste\n3449;nav\n", encoding="utf-8")
    import_survey(demo_workspace, source, "valdres", "baseline")
    store = store_path(demo_workspace, "valdres")
    targets = [store, demo_workspace.params_dir / "valdres.yml", demo_workspace.data_dir / "ny.csv",
               demo_workspace.processed_dir / "eksport.parquet"]
    before = {path: path.read_bytes() for path in targets if path.exists()}
    for target in targets:
        message = plain_failure(learning("reflect-export", str(target), "--force", "-w", str(demo_workspace.root)))
        assert "blir ikke overskrevet" in message and "annen mappe" in message
    assert {path: path.read_bytes() for path in before} == before
    assert not (demo_workspace.data_dir / "ny.csv").exists()


def test_reflect_export_replaces_an_existing_file_only_with_force(demo_workspace: Workspace, tmp_path: Path) -> None:
    existing = tmp_path / "eksport.csv"
    existing.write_text("viktig", encoding="utf-8")
    message = plain_failure(learning("reflect-export", str(existing), "-w", str(demo_workspace.root)))
    assert "finnes fra før" in message and "--force" in message
    assert existing.read_text(encoding="utf-8") == "viktig"
    forced = learning("reflect-export", str(existing), "--force", "-w", str(demo_workspace.root))
    assert forced.returncode == 0, forced.stderr
    assert existing.read_text(encoding="utf-8").startswith("version_id")


def test_a_corrupt_reflection_store_is_a_clear_error_and_left_alone(demo_workspace: Workspace,
                                                                   tmp_path: Path) -> None:
    store = ReflectionStore.for_workspace(demo_workspace).path
    store.parent.mkdir(parents=True)
    store.write_bytes(b"ikke en database " * 100)
    message = plain_failure(learning("reflect-export", str(tmp_path / "ut.csv"), "-w", str(demo_workspace.root)))
    assert "reflections.sqlite" in message and "skadet" in message and "sikkerhetskopi" in message
    assert store.read_bytes() == b"ikke en database " * 100
    assert not (tmp_path / "ut.csv").exists()


def test_a_second_run_on_a_locked_workspace_is_refused(demo_workspace: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "svar.csv"
    source.write_text("kommune;tjeneste\n3449;nav\n", encoding="utf-8")
    with workspace_lock(demo_workspace, "render"):
        for args in (["render", "-m", "3449"], ["import-survey", str(source), "-n", "valdres", "--wave", "baseline"]):
            message = plain_failure(learning(*args, "-w", str(demo_workspace.root)))
            assert "en annen kjøring bruker arbeidsområdet" in message
            assert f"learning render, prosess {os.getpid()}" in message  # who holds it
    assert not store_path(demo_workspace, "valdres").exists()
    finished = learning("import-survey", str(source), "-n", "valdres", "--wave", "baseline",
                        "-w", str(demo_workspace.root))
    assert finished.returncode == 0, finished.stderr  # released when the holder is done


def test_colliding_report_outputs_are_named_by_check_and_render(demo_workspace: Workspace) -> None:
    network = demo_workspace.params_dir / "valdres.yml"
    text = network.read_text(encoding="utf-8")
    network.write_text(text.replace("reports:\n", "reports:\n  - notebook: municipality_report\n"
                                    "    scope: municipality_gathering\n    parameters: {lang: nn}\n", 1),
                       encoding="utf-8")
    for command in ("check", "render"):
        message = plain_failure(learning(command, "-w", str(demo_workspace.root)), code=2)
        assert "params/valdres.yml: reports[2]" in message and "reports[0]" in message, message
        assert "samme rapportfilene" in message
    assert not demo_workspace.reports_dir.exists()  # render refused before starting


def test_stores_are_private_and_a_killed_imports_temporary_file_is_removed(demo_workspace: Workspace,
                                                                          tmp_path: Path) -> None:
    store = store_path(demo_workspace, "valdres")
    for number, municipality in enumerate(("3449", "3450")):
        source = tmp_path / f"svar-{number}.csv"
        source.write_text(f"kommune;tjeneste\n{municipality};nav\n", encoding="utf-8")
        result = learning("import-survey", str(source), "-n", "valdres", "--wave", "baseline",
                          "-w", str(demo_workspace.root))
        assert result.returncode == 0, result.stderr
        if number == 0:
            for folder in (demo_workspace.processed_dir, store.parent):
                assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
            leftover = store.with_name(f".{store.name}.k1ll3d.tmp")  # what a killed write leaves
            leftover.write_bytes(b"half a parquet file")
    assert not leftover.exists()
    ReflectionStore.for_workspace(demo_workspace).append(
        network="valdres", municipality="3449", gathering="oppstart", exercise="e", role="leder",
        shared=False, answers={"a": "b"})
    reflections = ReflectionStore.for_workspace(demo_workspace).path
    with sqlite3.connect(reflections) as db:
        assert db.execute("SELECT COUNT(*) FROM versions").fetchone() == (1,)
    for path in (store, reflections):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
