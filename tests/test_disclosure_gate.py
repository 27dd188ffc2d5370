"""The audit inside ``learning render`` and as ``learning audit``: a publication that fails is
never written, and the facilitator is told which figure and why."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from facilitator import HALLINGDAL
from learning.cli.render import audit_before_rendering
from learning.disclosure import network_audit
from learning.disclosure.protect import initial
from learning.disclosure.publication import WavePublication
from learning.disclosure.quantities import wave_quantities
from learning.network import load_network
from learning.problems import UserError
from learning.render.plan import plan
from learning.synthetic.manifest import import_demo_surveys
from learning.workspace import Workspace


def _unprotected(frame, wave, members, min_n, protection):  # type: ignore[no-untyped-def]
    """Only the primary and complement rules, as the first round's engine did: known to leak."""
    q = wave_quantities(frame, members, min_n)
    return WavePublication(wave, q, initial(q, min_n, protection), min_n, protection)


def test_a_publication_that_fails_the_audit_stops_the_render(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_demo_surveys(demo_workspace)
    network = load_network(demo_workspace, "valdres")
    jobs = plan(demo_workspace, [network])
    monkeypatch.setattr(network_audit, "wave_publication", _unprotected)
    with pytest.raises(UserError) as raised:
        audit_before_rendering(demo_workspace, [network])(jobs)
    message = str(raised.value)
    assert "valdres" in message and "kartlegging «baseline»" in message
    assert "kan regnes ut til mellom" in message and "Rapportene er ikke laget" in message


def test_the_protected_publication_passes(demo_workspace: Workspace) -> None:
    import_demo_surveys(demo_workspace)
    network = load_network(demo_workspace, "valdres")
    audit_before_rendering(demo_workspace, [network])(plan(demo_workspace, [network]))  # no error
    audits = list(network_audit.audit_network(network, _responses(demo_workspace)))
    # both waves, and Etnedal's two small waves taken together (3 answers in each)
    assert [(a.publication.wave, a.member) for a in audits] == [
        ("baseline", None), ("rutiner", None), ("baseline+rutiner", "3450")]
    assert all(a.passed for a in audits)


def _responses(ws: Workspace):  # type: ignore[no-untyped-def]
    from learning.survey.store import load_responses

    return load_responses(ws, "valdres")


def test_learning_audit_says_what_is_shown(demo_workspace: Workspace) -> None:
    import_demo_surveys(demo_workspace)
    result = subprocess.run([sys.executable, "-m", "learning", "audit", "-w", str(demo_workspace.root),
                             "-n", "valdres"], capture_output=True, text=True, timeout=300, check=False,
                            env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "bestått" in result.stdout and "IKKE" not in result.stdout
    assert "Ingen skjult tall kan regnes ut" in result.stdout
    assert "HiGHS" not in result.stdout + result.stderr  # no solver banner for the facilitator
    assert "ikke med i nettverkstallene: 3450" in result.stdout  # Etnedal, 3 answers at baseline


def test_learning_audit_on_a_workspace_without_answers(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "learning", "init", str(tmp_path / "ws"), *HALLINGDAL],
                            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        pytest.fail(result.stdout + result.stderr)
    done = subprocess.run([sys.executable, "-m", "learning", "audit", "-w", str(tmp_path / "ws")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "ingen kartleggingssvar ennå" in done.stdout


def test_nothing_is_written_when_the_check_before_rendering_refuses(
    demo_workspace: Workspace, capfd: pytest.CaptureFixture[str]
) -> None:
    """The workers' kernels start while the check runs; a refusal stops them, quietly."""
    from learning.render.engine import run_jobs
    from learning.render.paths import html_path

    jobs = plan(demo_workspace, [load_network(demo_workspace, "valdres")])[:2]

    def refuse(_jobs: list) -> None:  # type: ignore[type-arg]
        raise UserError("nei")

    with pytest.raises(UserError):
        run_jobs(demo_workspace, jobs, before_rendering=refuse)
    # none left running (one would later print a broken pipe's traceback when it is ready)
    workers = [p for p in psutil.Process().children(recursive=True) if p.is_running()
               and p.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(p.cmdline())]
    assert workers == [], [p.cmdline() for p in workers]
    assert not any(html_path(demo_workspace, job).exists() for job in jobs)
    assert "Traceback" not in capfd.readouterr().err
