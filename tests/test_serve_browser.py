"""End to end: ``learning serve`` behind invitation links, in Chromium (Playwright).

One server for the module: a municipality's link saves and sees its own answers; URL and query
tampering never shows another municipality's unshared answers; no link, a revoked link, a foreign
Host and a foreign Origin are refused.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import copy_demo
from tests.test_reflection_browser import CHROMIUM, CHROMIUM_ARGS, _wait_for_port
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from learning.reflection.serve import free_port
from learning.reflection.store import ReflectionStore
from learning.serving.app import ENTRY
from learning.serving.invitations import InvitationBook
from learning.serving.pages import FULL_TITLE
from learning.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src"
OWN, OTHER = "3451", "3452"
SECRET = "HEMMELIG-svar-fra-Vestre-Slidre"


@dataclass
class Served:
    workspace: Workspace
    base: str
    links: dict[str, str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    workspace = copy_demo(tmp_path_factory.mktemp("serve") / "workspace")
    ReflectionStore.for_workspace(workspace).append(
        network="valdres",
        municipality=OTHER,
        gathering="oppstart",
        exercise="refleksjon",
        role="leder",
        shared=False,
        answers={"fungerte": SECRET, "vanskelig": "x"},
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    book = InvitationBook.for_workspace(workspace)
    links = {}
    for name, municipality in (("own", OWN), ("other", OTHER), ("revoked", OWN)):
        invitation, token = book.create("valdres", municipality, "helsepersonell", days=5)
        links[name] = f"{base}{ENTRY}?invitasjon={token}&samling=oppstart"
        if name == "revoked":
            book.revoke(invitation.id)
    with serving(workspace, port):
        yield Served(workspace, base, links)


@contextmanager
def serving(workspace: Workspace, port: int, *options: str) -> Iterator[None]:
    """``learning serve`` for ``workspace`` on 127.0.0.1:``port`` until the block ends; afterwards its
    log must hold no invitation token and no answer text."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    env.pop("LEARNING_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "learning", "serve", "--port", str(port), "--allow-root",
         "--workspace", str(workspace.root), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_port(port, server, seconds=120)
        yield
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _out, err = server.communicate(timeout=90)  # EOF once its kernels have stopped too
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
            raise
        assert "invitasjon=" not in err  # tokens never reach the log
        assert SECRET not in err and "Vi bruker kartleggingen" not in err  # nor any answer text


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _form(page):
    # Vestre Slidre (3452) answers in nynorsk: «Kva har fungert godt?».
    worked = page.get_by_placeholder(re.compile(r"^(Hva|Kva) har fungert godt\?$"))
    worked.wait_for(timeout=60_000)
    return worked


@pytest.mark.browser
def test_municipality_link_saves_and_sees_its_own_answers(served: Served, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served.links["own"], timeout=60_000)
    worked = _form(page)
    assert not page.get_by_label("Rolle").count()  # the role comes from the invitation
    worked.fill("Vi bruker kartleggingen i alle team.")
    page.get_by_placeholder("Hva har vært vanskelig?").fill("Tid.")
    save = page.get_by_role("button", name="Lagre")
    assert save.count() == 1  # one Save (and one sharing choice) for the page's exercises
    assert page.get_by_role("checkbox").count() == 1
    save.click()
    page.locator(".learning-saved").wait_for(timeout=30_000)
    latest = ReflectionStore.for_workspace(served.workspace).latest("valdres", "oppstart", OWN, "refleksjon")
    assert latest is not None and latest.answers["fungerte"].startswith("Vi bruker")
    assert latest.role == "helsepersonell"
    # A new visit with only the cookie (no token in the URL) opens the saved answer again.
    page.goto(f"{served.base}{ENTRY}?samling=oppstart", timeout=60_000)
    assert _form(page).input_value() == "Vi bruker kartleggingen i alle team."
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query", [f"&kommune={OTHER}", f"&municipality={OTHER}&network=valdres", f"&role=fasilitator&kommune={OTHER}"]
)
def test_tampered_url_never_shows_another_municipalitys_unshared_answer(served: Served, browser, query: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served.links["own"] + query, timeout=60_000)
    worked = _form(page)
    assert worked.input_value() != SECRET
    assert SECRET not in page.content()
    context.close()


@pytest.mark.browser
def test_other_municipality_sees_its_own_unshared_answer(served: Served, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served.links["other"], timeout=60_000)
    worked = _form(page)
    assert worked.get_attribute("placeholder") == "Kva har fungert godt?"  # nynorsk
    assert worked.input_value() == SECRET  # the control: the secret is visible to its owner
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("none", "Du trenger en invitasjonslenke"),
        ("revoked", "Lenken er trukket tilbake"),
        ("forged", "Lenken er ikke gyldig"),
    ],
)
def test_missing_revoked_and_forged_links_get_a_norwegian_refusal(served: Served, browser, link: str, heading: str):
    url = {
        "none": f"{served.base}{ENTRY}",
        "revoked": served.links["revoked"],
        "forged": f"{served.base}{ENTRY}?invitasjon=gjettet",
    }[link]
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(url, timeout=60_000)
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == heading
    assert not page.get_by_placeholder("Hva har fungert godt?").count()
    context.close()


def test_foreign_host_is_refused(served: Served):
    request = urllib.request.Request(served.links["own"], headers={"Host": "angriper.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def _kernel_channel(served: Served, origin: str) -> int:
    """Open the page's kernel websocket with the page's cookies and ``origin``; the status."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    html = opener.open(served.links["own"], timeout=120).read().decode()
    kernel = html.split('kernelId": "', 1)[1].split('"', 1)[0]
    jar = opener.handlers
    cookies = next(h for h in jar if isinstance(h, urllib.request.HTTPCookieProcessor)).cookiejar
    cookie = "; ".join(f"{c.name}={c.value}" for c in cookies)
    url = served.base.replace("http", "ws") + f"/api/kernels/{kernel}/channels"

    async def connect() -> int:
        request = HTTPRequest(url, headers={"Cookie": cookie, "Origin": origin})
        try:
            connection = await websocket_connect(request)
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 101

    # Its own thread: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(connect())).result()


def test_foreign_origin_cannot_reach_the_kernel(served: Served):
    assert _kernel_channel(served, "http://angriper.example") == 403
    assert _kernel_channel(served, served.base) == 101  # the control: our own origin connects


@pytest.mark.browser
def test_a_full_service_says_so_in_norwegian_and_loses_nothing(tmp_path: Path, browser):
    """With room for one open form, a second municipality gets the «full» page (503), not a form."""
    workspace = copy_demo(tmp_path / "workspace")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    book = InvitationBook.for_workspace(workspace)
    links = [f"{base}{ENTRY}?invitasjon={book.create('valdres', m, 'leder', days=1)[1]}&samling=oppstart"
             for m in (OWN, OTHER)]
    with serving(workspace, port, "--max-kernels", "1"):
        first = browser.new_context()
        first_page = first.new_page()
        first_page.goto(links[0], timeout=60_000)
        _form(first_page)  # the one kernel is in use
        second = browser.new_context()
        second_page = second.new_page()
        response = second_page.goto(links[1], timeout=60_000)
        assert response is not None and response.status == 503
        assert second_page.get_by_role("heading", name=FULL_TITLE).count() == 1
        assert second_page.locator("html").get_attribute("lang") == "nb"
        assert not second_page.get_by_role("button", name="Lagre").count()
        _form(first_page).fill("Skrevet mens tjenesten var full.")  # the open form still works
        first.close()
        second.close()
