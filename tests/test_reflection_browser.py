"""End to end: ``learning reflect`` serves the exercise (Voilà); a participant saves in Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from learning.reflection.serve import free_port
from learning.reflection.store import ReflectionStore
from learning.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _wait_for_port(port: int, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1][-2000:]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"Voilà did not listen on {port}")


@pytest.mark.browser
def test_participant_saves_an_answer_in_the_browser(demo_workspace: Workspace):
    sync_api = pytest.importorskip("playwright.sync_api")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "learning",
            "reflect",
            "--network",
            "valdres",
            "--municipality",
            "3451",
            "--gathering",
            "oppstart",
            "--port",
            str(port),
            "--role",
            "helsepersonell",
            "--workspace",
            str(demo_workspace.root),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answer = "Vi spurte alle nye brukere om de har barn <under 18>."
    try:
        _wait_for_port(port, server)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/", timeout=45_000)
                worked = page.get_by_placeholder("Hva har fungert godt?")
                worked.wait_for(timeout=45_000)
                assert not page.locator(".learning-worksheet").is_visible()  # live view: form only
                worked.fill(answer)
                page.get_by_placeholder("Hva har vært vanskelig?").fill(
                    "Å finne tid til opplæring."
                )
                form = page.locator(".widget-vbox").filter(has=worked).last
                form.get_by_label("Del med nettverket").check()
                form.get_by_role("button", name="Lagre").click()
                confirmation = page.locator(".learning-saved")
                confirmation.wait_for(timeout=20_000)
                assert "Lagret" in confirmation.inner_text()
            finally:
                browser.close()
        latest = ReflectionStore.for_workspace(demo_workspace).latest(
            "valdres", "oppstart", "3451", "refleksjon"
        )
        assert latest is not None
        assert latest.answers["fungerte"] == answer
        assert latest.role == "helsepersonell" and latest.shared is True
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C does
        try:
            out, _err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert server.returncode == 0
    assert f"http://127.0.0.1:{port}/" in out
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
