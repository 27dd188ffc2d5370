"""Load: N participants at once save reflections through ``learning serve`` (widget protocol).

Each participant has its own invitation (municipalities of the demo network in turn), opens the
page over HTTP like a browser (the token, then the cookie), connects to its kernel's websocket,
asks for the widget states, types into the refleksjon exercise's text boxes and clicks the page's
one Lagre button, several times. The server listens on 127.0.0.1 only. Afterwards the store is read
directly: every save must be there (saves lost: 0) and under the participant's own municipality (wrong municipality: 0).
Prints p50/p95 save latency (click to the form's «Lagret» message) against a direct store append
measured in the same run, and the server's peak memory (server plus kernels), for SQLite and
PostgreSQL. Bounded: participants, versions and a total timeout.

    .venv/bin/python benchmarks/serve_load.py [--participants 50] [--versions 3] [--backend both]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack, suppress
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "src"), str(REPO)]

from tests.postgres import fresh_database, temporary_cluster  # noqa: E402

from learning.network.loader import load_network  # noqa: E402
from learning.reflection.serve import free_port  # noqa: E402
from learning.reflection.store import DATABASE_URL_VARIABLE, ReflectionStore  # noqa: E402
from learning.serving.app import ENTRY  # noqa: E402
from learning.serving.invitations import InvitationBook  # noqa: E402
from learning.workspace import Workspace  # noqa: E402

NETWORK, GATHERING, EXERCISE = "valdres", "oppstart", "refleksjon"
WIDGET_CONTROL_PROTOCOL = "1.0.0"  # ipywidgets 8: the control comm's own version
FIRST_PROMPT = re.compile(r"^(Hva|Kva) har fungert godt\?$")


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "session": session,
        "username": "",
        "date": "",
        "version": "5.3",
    }
    return json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


class Participant:
    """One browser's worth of traffic, speaking the widget protocol to its kernel."""

    def __init__(self, base: str, link: str, marker: str) -> None:
        self.base, self.link, self.marker = base, link, marker
        self.session = uuid.uuid4().hex
        self.latencies: list[float] = []
        self.error = ""

    async def run(self, versions: int) -> None:
        try:
            await self._run(versions)
        except Exception as error:  # a failed participant is counted, not fatal to the benchmark
            self.error = f"{type(error).__name__}: {error}"[:200]

    async def _run(self, versions: int) -> None:
        client = AsyncHTTPClient(max_clients=100)
        page = await client.fetch(self.link, request_timeout=600, follow_redirects=False)
        cookies = "; ".join(c.split(";", 1)[0] for c in page.headers.get_list("Set-Cookie"))
        kernel = page.body.decode().split('kernelId": "', 1)[1].split('"', 1)[0]
        url = self.base.replace("http", "ws", 1) + f"/api/kernels/{kernel}/channels"
        socket = await websocket_connect(
            HTTPRequest(url, headers={"Cookie": cookies, "Origin": self.base}),
            max_message_size=64 * 1024 * 1024,
        )
        control = uuid.uuid4().hex
        await socket.write_message(
            _message(
                "comm_open",
                {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                self.session,
                {"version": WIDGET_CONTROL_PROTOCOL},
            )
        )
        await socket.write_message(
            _message("comm_msg", {"comm_id": control, "data": {"method": "request_states"}}, self.session)
        )
        states = await self._wait(socket, lambda c: c.get("data", {}).get("method") == "update_states")
        texts, button, status = self._refleksjon_form(states["data"]["states"])
        for n in range(versions):
            for box in texts:
                await socket.write_message(
                    _message(
                        "comm_msg",
                        {
                            "comm_id": box,
                            "data": {"method": "update", "state": {"value": f"{self.marker} v{n}"}, "buffer_paths": []},
                        },
                        self.session,
                    )
                )
            started = time.perf_counter()
            await socket.write_message(
                _message(
                    "comm_msg",
                    {"comm_id": button, "data": {"method": "custom", "content": {"event": "click"}}},
                    self.session,
                )
            )
            await self._wait(
                socket,
                lambda c: (
                    c.get("comm_id") == status
                    and "learning-saved" in str(c.get("data", {}).get("state", {}).get("value", ""))
                ),
            )
            self.latencies.append(time.perf_counter() - started)
        socket.close()

    @staticmethod
    async def _wait(socket, wanted) -> dict:
        while True:
            raw = await asyncio.wait_for(socket.read_message(), timeout=120)
            if raw is None:
                raise ConnectionError("kernel websocket closed")
            if isinstance(raw, bytes):
                continue
            message = json.loads(raw)
            if message.get("msg_type", message["header"]["msg_type"]) == "comm_msg" and wanted(message["content"]):
                return message["content"]

    @staticmethod
    def _refleksjon_form(states: dict) -> tuple[list[str], str, str]:
        """The refleksjon exercise's text boxes, and the page's one Save button and status line."""
        first = next(
            i
            for i, s in states.items()
            if s["model_name"] == "TextareaModel" and FIRST_PROMPT.match(s["state"].get("placeholder", ""))
        )

        def children(model: str) -> list[str]:
            return [c.removeprefix("IPY_MODEL_") for c in states[model]["state"].get("children", [])]

        boxes = [i for i, s in states.items() if s["model_name"] == "VBoxModel"]
        exercise = next(b for b in boxes if first in children(b))
        texts = [c for c in children(exercise) if states[c]["model_name"] == "TextareaModel"]
        page = next(b for b in boxes if exercise in children(b))
        button = next(c for c in children(page) if states[c]["model_name"] == "ButtonModel")
        status = children(page)[children(page).index(button) + 1]
        return texts, button, status


def _peak_memory(pid: int, stop: threading.Event, peak: list[float]) -> None:
    root = psutil.Process(pid)
    while not stop.is_set():
        try:
            processes = [root, *root.children(recursive=True)]
            peak[0] = max(peak[0], sum(p.memory_info().rss for p in processes) / 1024 / 1024)
        except psutil.Error:
            pass
        stop.wait(0.5)


def _wait_until_listening(server: subprocess.Popen, port: int, log: Path, seconds: float = 180) -> None:
    """Return once the server answers on ``port``; stop with its log if it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}):\n{_tail(log)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not listen on {port} within {seconds:.0f} s:\n{_tail(log)}")


def _stop(server: subprocess.Popen) -> None:
    """Stop the server as Ctrl-C does; if it hangs, end it and its kernels (never leave any)."""
    kernels = psutil.Process(server.pid).children(recursive=True)
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=120)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    for kernel in kernels:
        with suppress(psutil.NoSuchProcess):
            kernel.kill()


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _direct_append_seconds(store, count: int = 20) -> float:
    started = time.perf_counter()
    for n in range(count):
        store.append(
            network=NETWORK,
            municipality="baseline",
            gathering="baseline",
            exercise=EXERCISE,
            role="leder",
            shared=False,
            answers={"n": n},
        )
    return (time.perf_counter() - started) / count


def run_backend(name: str, database_url: str, participants: int, versions: int, timeout: float) -> None:
    folder = Path(tempfile.mkdtemp(prefix="serve-load-"))
    try:
        workspace = Workspace(folder)
        shutil.copytree(REPO / "params", folder / "params")
        shutil.copytree(REPO / "data", folder / "data", ignore=shutil.ignore_patterns("processed"))
        members = load_network(workspace, NETWORK).member_numbers
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        book = InvitationBook.for_workspace(workspace)
        expected: dict[str, str] = {}
        clients = []
        for i in range(participants):
            municipality = members[i % len(members)]
            _invitation, token = book.create(NETWORK, municipality, "helsepersonell", days=1)
            marker = f"deltaker-{i}"
            expected[marker] = municipality
            clients.append(Participant(base, f"{base}{ENTRY}?invitasjon={token}&samling={GATHERING}", marker))
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        env.pop(DATABASE_URL_VARIABLE, None)
        if database_url:
            env[DATABASE_URL_VARIABLE] = database_url
        server_log = folder / "server.log"  # the server's journal: why it failed, if it does
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "learning",
                "serve",
                "--address",
                "127.0.0.1",
                "--port",
                str(port),
                "--allow-root",
                "--max-kernels",
                str(participants + 5),
                "--max-memory-mb",
                str(400 * participants),
                "--workspace",
                str(folder),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=server_log.open("w"),
        )
        stop, peak = threading.Event(), [0.0]
        watcher = threading.Thread(target=_peak_memory, args=(server.pid, stop, peak))
        watcher.start()
        try:
            _wait_until_listening(server, port, server_log)
            started = time.perf_counter()

            async def everyone() -> None:
                await asyncio.wait_for(asyncio.gather(*(c.run(versions) for c in clients)), timeout=timeout)

            asyncio.run(everyone())
            wall = time.perf_counter() - started
        finally:
            stop.set()
            watcher.join()
            _stop(server)
        os.environ.pop(DATABASE_URL_VARIABLE, None)
        if database_url:
            os.environ[DATABASE_URL_VARIABLE] = database_url
        store = ReflectionStore.for_workspace(workspace)
        saved = [v for v in store.versions(NETWORK) if v.exercise == EXERCISE]
        found = {(m, n) for v in saved for m, n in [_marker(v.answers)] if m}
        lost = sum(1 for m in expected for n in range(versions) if (m, n) not in found)
        wrong = sum(1 for v in saved for m, _n in [_marker(v.answers)] if m and expected.get(m) != v.municipality)
        baseline = _direct_append_seconds(store)
        os.environ.pop(DATABASE_URL_VARIABLE, None)
        latencies = sorted(x for c in clients for x in c.latencies)
        failed = [c.error for c in clients if c.error]
        p50 = statistics.median(latencies) if latencies else float("nan")
        p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
        print(f"[{name}] {participants} deltakere × {versions} versjoner på {wall:.1f} s")
        print(f"[{name}] lagringer tapt: {lost}   under feil kommune: {wrong}   deltakere som feilet: {len(failed)}")
        print(
            f"[{name}] lagring p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
            f"   (direkte i lageret: {baseline * 1000:.1f} ms; p50 = ×{p50 / baseline:.0f})"
        )
        print(
            f"[{name}] største minnebruk (server og kjerner): {peak[0]:.0f} MB"
            f" (≈ {peak[0] / participants:.0f} MB per deltaker)"
        )
        for error in failed[:3]:
            print(f"[{name}]   feil: {error}")
        if failed:
            print(f"[{name}] slutten av serverens logg:\n{_tail(server_log)}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _marker(answers: dict) -> tuple[str, int]:
    match = re.match(r"^(deltaker-\d+) v(\d+)$", str(answers.get("vanskelig", "")))
    return (match.group(1), int(match.group(2))) if match else ("", -1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50, choices=range(1, 201), metavar="1-200")
    parser.add_argument("--versions", type=int, default=3, choices=range(1, 21), metavar="1-20")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per backend")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.backend in ("sqlite", "both"):
            run_backend("sqlite", "", args.participants, args.versions, args.timeout)
        if args.backend in ("postgres", "both"):
            server = stack.enter_context(temporary_cluster())
            run_backend("postgresql", fresh_database(server), args.participants, args.versions, args.timeout)


if __name__ == "__main__":
    main()
