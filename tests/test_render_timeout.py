"""A job's timeout counts from the job's own start, not from when it was handed to a worker
that may still be importing or starting its kernel."""

from __future__ import annotations

from learning.render.engine import START_GRACE, _Worker
from learning.render.plan import Job


def _worker(sent: float, started: float | None) -> _Worker:
    worker = _Worker(process=None, connection=None)  # type: ignore[arg-type]  # only the clock is used
    worker.job = Job("n", "nb", "network", "g", "", "nb", "participants", "out", {})
    worker.sent, worker.started = sent, started
    return worker


def test_a_job_not_yet_begun_is_not_charged_for_the_workers_start() -> None:
    # Handed over 10 s ago with a 4 s timeout, but the worker has not begun it yet.
    assert not _worker(sent=0.0, started=None).overdue(4, now=10.0)


def test_the_timeout_counts_from_the_jobs_own_start() -> None:
    begun_late = _worker(sent=0.0, started=9.0)
    assert not begun_late.overdue(4, now=12.0)
    assert begun_late.overdue(4, now=13.5)


def test_a_worker_that_never_begins_the_job_is_still_stopped() -> None:
    assert _worker(sent=0.0, started=None).overdue(4, now=4 + START_GRACE + 1)


def test_an_idle_worker_is_never_overdue() -> None:
    idle = _worker(sent=0.0, started=None)
    idle.job = None
    assert not idle.overdue(4, now=1e9)
