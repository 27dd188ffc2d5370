"""Run render jobs in parallel warm workers; a failing, hanging or crashing job fails alone.

Each worker process keeps one kernel warm (see ``worker.py``). This module hands jobs to idle
workers, collects their outcomes, kills a worker whose job runs past the timeout (its kernel with
it), and replaces workers that stopped. Jobs whose key matches the ledger's last success are
skipped before any worker starts.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from learning import run_cache
from learning.render.fingerprint import code_fingerprint, job_key
from learning.render.ledger import Entry, now, open_ledger, read_entries, record
from learning.render.paths import html_path
from learning.render.plan import Job
from learning.render.worker import Outcome, serve
from learning.workspace import Workspace

JOBS_PER_WORKER = 50  # recycle a kernel now and then, so slow leaks cannot build up
START_GRACE = 120.0  # seconds a worker may take to acknowledge a job before it counts as hung
STARTUP_FAILURES_ALLOWED = 3


@dataclass(frozen=True)
class JobResult:
    job: Job
    status: str  # "done" | "failed" | "skipped"
    seconds: float
    reason: str = ""


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False
    job: Job | None = None
    sent: float = 0.0
    started: float | None = None  # when the worker began the job (its own message), not when sent
    handled: int = 0

    def give(self, job: Job, timeout: float) -> None:
        self.job, self.sent, self.started = job, time.perf_counter(), None
        self.connection.send((job, timeout))

    def elapsed(self) -> float:
        """Seconds the current job has been running (since the worker began it)."""
        return time.perf_counter() - (self.sent if self.started is None else self.started)

    def overdue(self, timeout: float, now: float) -> bool:
        """Past the job's timeout, counted from the job's own start; a job the worker has not
        acknowledged yet gets ``START_GRACE`` more, so a slow worker start is never the job's."""
        if self.job is None:
            return False
        if self.started is None:
            return now - self.sent > timeout + START_GRACE
        return now - self.started > timeout

    def kill(self) -> None:
        """Kill the worker and its kernel (they share a process group)."""
        if self.process.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            # A worker stopped before it made its own group (the check failed at once) is not in it.
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


@dataclass
class _Pool:
    workspace: Workspace
    size: int
    timeout: float
    cache: Path  # the run's shared cache (learning.run_cache), removed when the run ends
    workers: list[_Worker] = field(default_factory=list)
    startup_failures: int = 0
    _next_id: int = 0

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._next_id += 1
        process = context.Process(target=serve, daemon=True,
                                  args=(child, str(self.workspace.root), JOBS_PER_WORKER, self._next_id,
                                        str(self.cache)))
        process.start()
        child.close()
        self.workers.append(_Worker(process, parent))

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.kill()
        self.workers.clear()


def run_jobs(
    workspace: Workspace,
    jobs: list[Job],
    *,
    workers: int | None = None,
    timeout: float = 600,
    force: bool = False,
    on_result: Callable[[JobResult], None] | None = None,
    before_rendering: Callable[[list[Job]], None] | None = None,
) -> list[JobResult]:
    """Render every job (or skip it when unchanged); results come back in the jobs' order.

    ``before_rendering`` is called with the jobs to render before any is started, inside the
    run's shared cache (what it computes, the workers reuse); an exception from it stops the run
    with nothing written."""
    _remove_leftovers(workspace)
    results: dict[str, JobResult] = {}
    keys = {job.output: job_key(workspace, job) for job in jobs}
    previous = {} if force else read_entries(workspace)
    pending: deque[Job] = deque()
    for job in jobs:
        entry = previous.get(job.output)
        if entry and entry.status == "done" and entry.key == keys[job.output] and html_path(workspace, job).exists():
            results[job.output] = JobResult(job, "skipped", 0.0)
            if on_result:
                on_result(results[job.output])
        else:
            pending.append(job)
    if pending:
        pending = _longest_first(pending, previous if not force else read_entries(workspace))
        with open_ledger(workspace) as ledger:
            def finish(result: JobResult) -> None:
                results[result.job.output] = result
                job = result.job
                record(ledger, Entry(job.output, job.network, job.gathering, job.municipality, job.notebook,
                                     keys[job.output], result.status, now(), result.seconds, result.reason))
                if on_result:
                    on_result(result)

            size = max(1, min(workers or os.cpu_count() or 1, len(pending)))
            with run_cache.for_run(workspace.processed_dir, keep=code_fingerprint()) as cache:
                pool = _Pool(workspace, size, timeout, cache)
                for _ in range(size):  # kernels start while the check runs (they get no job before)
                    pool.start()
                try:
                    if before_rendering is not None:
                        with run_cache.using(cache):
                            before_rendering(list(pending))
                except BaseException:
                    pool.stop_all()
                    raise
                _schedule(pool, pending, finish)
    return [results[job.output] for job in jobs]


def _longest_first(pending: deque[Job], previous: dict[str, Entry]) -> deque[Job]:
    """The jobs that took longest last time first (new ones before all), so that two workers
    finish a small re-render together instead of one waiting for the other's long last job."""
    def last_time(job: Job) -> float:
        entry = previous.get(job.output)
        return entry.seconds if entry is not None else float("inf")

    return deque(sorted(pending, key=last_time, reverse=True))  # stable: plan order among equals


def _remove_leftovers(workspace: Workspace) -> None:
    """Temporary files of an interrupted run (never mistaken for reports, but untidy)."""
    for folder in (workspace.reports_dir, workspace.processed_dir / "executed"):
        if folder.is_dir():
            for leftover in folder.rglob(".*.tmp"):
                leftover.unlink(missing_ok=True)


def _schedule(pool: _Pool, pending: deque[Job], finish: Callable[[JobResult], None]) -> None:
    try:
        while pending or any(w.job for w in pool.workers):
            while len(pool.workers) < min(pool.size, len(pending) + sum(1 for w in pool.workers if w.job)):
                pool.start()
            for worker in pool.workers:
                if worker.ready and worker.job is None and pending:
                    worker.give(pending.popleft(), pool.timeout)
            for connection in wait([w.connection for w in pool.workers], timeout=0.5):
                worker = next(w for w in pool.workers if w.connection is connection)
                _receive(pool, worker, pending, finish)
            _kill_overdue(pool, finish)
    finally:
        for worker in pool.workers:
            if worker.job is None:
                with contextlib.suppress(BrokenPipeError, OSError):
                    worker.connection.send(None)
        pool.stop_all()


def _receive(pool: _Pool, worker: _Worker, pending: deque[Job], finish: Callable[[JobResult], None]) -> None:
    try:
        message = worker.connection.recv()
    except (EOFError, OSError):  # the worker ended: done with its share, or crashed
        pool.workers.remove(worker)
        worker.kill()
        if worker.job is not None:
            finish(JobResult(worker.job, "failed", worker.elapsed(),
                             "arbeidsprosessen stoppet uventet (kjernen døde?)"))
        elif not worker.ready:
            pool.startup_failures += 1
            if pool.startup_failures >= STARTUP_FAILURES_ALLOWED:
                while pending:
                    finish(JobResult(pending.popleft(), "failed", 0.0,
                                     "kunne ikke starte en Jupyter-kjerne (se data/processed/logs/)"))
        return
    if isinstance(message, tuple) and message[0] == "ready":
        worker.ready = True
        return
    if isinstance(message, tuple) and message[0] == "started":
        worker.started = time.perf_counter()
        return
    assert isinstance(message, Outcome) and worker.job is not None
    finish(JobResult(worker.job, message.status, message.seconds, message.reason))
    worker.job = None
    worker.handled += 1
    if message.status == "failed" or worker.handled >= JOBS_PER_WORKER:
        pool.workers.remove(worker)  # it stops by itself after a failure or its share of jobs
        worker.kill()


def _kill_overdue(pool: _Pool, finish: Callable[[JobResult], None]) -> None:
    for worker in list(pool.workers):
        if worker.job is not None and worker.overdue(pool.timeout, time.perf_counter()):
            pool.workers.remove(worker)
            elapsed = worker.elapsed()
            worker.kill()
            finish(JobResult(worker.job, "failed", elapsed,
                             f"tidsavbrudd: ikke ferdig etter {pool.timeout:g} sekunder"))
