"""A render worker: one warm kernel that executes many report jobs, one after another.

The worker process starts a kernel, imports the heavy modules in it once, and then for each job
resets the kernel's state, injects the job's parameters (as papermill does), executes the cells
and writes the executed notebook and the participant HTML. It stops after ``max_jobs`` jobs or
after any failure, so a kernel that went wrong is never reused.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from learning.atomic import write_text_atomic
from learning.render.plan import Job
from learning.workspace import Workspace

if TYPE_CHECKING:  # nbformat is imported where it is used: the scheduler process never needs it
    import nbformat

KERNEL = "python3"


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one job."""

    output: str
    status: str  # "done" | "failed"
    seconds: float
    reason: str = ""


def _failure(error: BaseException) -> str:
    ename = getattr(error, "ename", None)
    if ename:  # an error raised by the notebook's own code
        return f"{ename}: {getattr(error, 'evalue', '')}".strip()
    return f"{type(error).__name__}: {error}".strip()


def parameterised(notebook_path: Path, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """The notebook with papermill's injected-parameters cell, exactly as papermill makes it."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    notebook = load_notebook_node(str(notebook_path))
    return parameterize_notebook(notebook, dict(parameters), report_mode=False)


def write_outputs(workspace: Workspace, job: Job, executed: nbformat.NotebookNode) -> None:
    """Executed notebook and participant HTML, each written atomically."""
    import nbformat

    from learning.render.export import participant_html
    from learning.render.paths import executed_path, html_path

    write_text_atomic(executed_path(workspace, job), nbformat.writes(executed))
    write_text_atomic(html_path(workspace, job),
                      participant_html(executed, fallback_title=job.output, fallback_lang=job.lang))


class WarmKernel:
    """A kernel started once, reset between jobs."""

    def __init__(self, workspace: Workspace, log_path: Path) -> None:
        from jupyter_client.manager import KernelManager

        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("ab")
        self.km = KernelManager(kernel_name=KERNEL)
        # The kernel's own chatter (transport warnings and the like) goes to a log, not the terminal.
        # No history database: reports need none, and resetting the execution count between jobs
        # would otherwise make IPython complain about reused line numbers in the output.
        self.km.start_kernel(cwd=str(workspace.root), stdout=self._log, stderr=self._log,
                             extra_arguments=["--HistoryManager.enabled=False"])
        self.kc = self.km.client()
        self.kc.start_channels()

    def warm(self) -> None:
        """Wait for the kernel (started by the constructor, so the caller can do its own start-up
        meanwhile), then import what reports use in it."""
        self.kc.wait_for_ready(timeout=120)
        self._run("from learning.render import kernel_reset\nkernel_reset.warm_up()")

    def _run(self, code: str) -> None:
        reply = self.kc.execute_interactive(code, store_history=False, timeout=120, output_hook=lambda _msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"oppsett av kjernen feilet: {reply['content'].get('ename')}")

    def execute(self, notebook: nbformat.NotebookNode, cwd: Path, timeout: float) -> nbformat.NotebookNode:
        from nbclient import NotebookClient

        # Imported in the same cell: the reset empties the namespace, names included.
        self._run(f"from learning.render import kernel_reset\nkernel_reset.reset({str(cwd)!r})")
        # The scheduler enforces the job's timeout by killing this worker; the cell timeout is
        # only a backstop, so a timed-out job is always reported the same way.
        client = NotebookClient(notebook, km=self.km, timeout=int(timeout) + 60, kernel_name=KERNEL,
                                resources={"metadata": {"path": str(cwd)}})
        client.kc = self.kc  # reuse the open channels instead of opening new ones per job
        return client.execute()

    def close(self) -> None:
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        finally:
            self._log.close()


def fresh_execute(notebook: nbformat.NotebookNode, cwd: Path, timeout: float) -> nbformat.NotebookNode:
    """Execute in a brand-new kernel (the reference the warm kernel must match)."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=int(timeout), kernel_name=KERNEL,
                            resources={"metadata": {"path": str(cwd)}})
    with Path(os.devnull).open("wb") as quiet:
        return client.execute(cwd=str(cwd), stdout=quiet, stderr=quiet)


class _KernelWatch:
    """Reports a job as failed the moment its kernel dies (nbclient alone may wait for a reply
    that never comes), then ends this worker so the scheduler replaces it."""

    def __init__(self, kernel: WarmKernel, connection: Connection, job: Job, started: float) -> None:
        self.lock = threading.Lock()
        self.finished = False
        self._args = (kernel, connection, job, started)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        kernel, connection, job, started = self._args
        while True:
            time.sleep(0.3)
            with self.lock:
                if self.finished:
                    return
                if not kernel.km.is_alive():
                    connection.send(Outcome(job.output, "failed", time.perf_counter() - started,
                                            "kjernen stoppet under kjøringen (krasj eller os._exit i notatboka)"))
                    os._exit(3)

    def send(self, connection: Connection, outcome: Outcome) -> None:
        with self.lock:
            self.finished = True
            connection.send(outcome)


def _import_job_modules() -> None:
    """Pay for the job path's imports while starting, not inside the first job's timeout."""
    # jsonschema (under nbformat) imports rfc3987_syntax when it is installed, only to check the
    # "iri" string format, which the notebook schema never uses; importing it compiles a grammar,
    # more than half of this worker's own start-up. This process never needs it.
    if "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    import nbclient  # noqa: F401
    import papermill.parameterize  # noqa: F401

    import learning.render.export  # noqa: F401


def serve(connection: Connection, workspace_root: str, max_jobs: int, worker_id: int, cache: str = "") -> None:
    """Worker process main loop: receive jobs, send outcomes; exit after max_jobs or a failure.

    ``cache`` is the run's shared cache folder; the kernel inherits it through its environment.
    """
    os.setpgrp()  # the kernel joins this process group, so a hung job can be killed with its kernel
    if cache:
        from learning.run_cache import ENV_VAR

        os.environ[ENV_VAR] = cache
    workspace = Workspace(Path(workspace_root))
    kernel = WarmKernel(workspace, workspace.processed_dir / "logs" / f"kernel-{worker_id}.log")
    _import_job_modules()  # while the kernel starts
    kernel.warm()
    connection.send(("ready", worker_id))
    try:
        for _ in range(max_jobs):
            message = connection.recv()
            if message is None:
                return
            job, timeout = message
            started = time.perf_counter()
            connection.send(("started", job.output))  # the job's timeout counts from here
            watch = _KernelWatch(kernel, connection, job, started)
            notebook_path = workspace.notebook(job.notebook)
            try:
                executed = kernel.execute(parameterised(notebook_path, job.parameters), notebook_path.parent, timeout)
                write_outputs(workspace, job, executed)
            except Exception as error:  # the job failed; the worker must not be reused
                watch.send(connection, Outcome(job.output, "failed", time.perf_counter() - started, _failure(error)))
                return
            watch.send(connection, Outcome(job.output, "done", time.perf_counter() - started))
    finally:
        kernel.close()

