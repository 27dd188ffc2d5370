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
                save = page.get_by_role("button", name="Lagre")
                assert save.count() == 1  # one Save for the whole page of exercises
                page.get_by_label("Del svarene på denne siden med nettverket").check()
                save.click()
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
            out, _err = server.communicate(timeout=90)  # EOF once its kernels have stopped too
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert server.returncode == 0
    assert f"http://127.0.0.1:{port}/" in out
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


LONG_PLAN = {
    "hva_prove": (
        "Spørre alle nye brukere i psykisk helse- og rustjenesten om de har barn under 18 år, "
        "og notere det i journalmalen_for_barn_som_pårørende_og_oppfølging_i_kommunen."
    ),
    "hvem": "Helsesykepleier og barneansvarlig i hver tjeneste",
    "hvordan_vite": "Telle i journalen hver fjortende dag.\nSamle teamet for å se på tallene.",
}
# What a browser can say about the box and each of its parts: where they are and whether any
# text is wider than its box (clipped or spilling over).
_PLAN_GEOMETRY = """box => {
    const rect = e => { const r = e.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const parts = [...box.querySelectorAll('p, dt, dd')];
    return {
        viewport: document.documentElement.clientWidth,
        page_overflows: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        box: rect(box),
        parts: parts.map(e => ({tag: e.tagName, rect: rect(e), scroll: e.scrollWidth,
                                client: e.clientWidth, text: e.innerText})),
    };
}"""


def _assert_readable(geometry: dict) -> None:
    """The box sits inside the viewport, no part is clipped, and parts do not overlap."""
    width = geometry["viewport"]
    box = geometry["box"]
    assert not geometry["page_overflows"]
    assert box["left"] >= 0 and box["right"] <= width + 0.5, (box, width)
    previous_bottom = box["top"]
    for part in geometry["parts"]:
        assert part["scroll"] <= part["client"], part  # nothing wider than its box
        rect = part["rect"]
        assert box["left"] <= rect["left"] and rect["right"] <= box["right"] + 0.5, part
        assert rect["top"] >= previous_bottom - 0.5, part  # below the part before it
        assert rect["bottom"] - rect["top"] > 0 and part["text"].strip(), part
        previous_bottom = rect["bottom"]


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (390, 844)])
def test_previous_plan_is_readable_on_a_wide_screen_and_a_phone(
    module_demo_workspace: Workspace, tmp_path: Path, width: int, height: int
):
    sync_api = pytest.importorskip("playwright.sync_api")
    store = ReflectionStore.for_workspace(module_demo_workspace)
    if not store.latest("valdres", "oppstart", "3451", "forbedringssyklus"):
        store.append(
            network="valdres",
            municipality="3451",
            gathering="oppstart",
            exercise="forbedringssyklus",
            role="leder",
            shared=False,
            answers=LONG_PLAN,
        )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "learning", "reflect", "--network", "valdres",
            "--municipality", "3451", "--gathering", "samhandling", "--port", str(port),
            "--role", "leder", "--workspace", str(module_demo_workspace.root),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, server)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"http://127.0.0.1:{port}/", timeout=45_000)
                plan = page.locator(".widget-html .previous-plan")  # the live form, not the sheet
                plan.wait_for(timeout=45_000)
                plan.scroll_into_view_if_needed()
                page.screenshot(path=str(tmp_path / f"previous-plan-{width}.png"))
                assert "journalmalen_for_barn_som_pårørende" in plan.inner_text()
                _assert_readable(plan.evaluate(_PLAN_GEOMETRY))
            finally:
                browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=90)  # EOF once its kernels have stopped too
        except subprocess.TimeoutExpired:
            server.kill()
            raise
