"""Run render jobs: execute each notebook with papermill, export participant HTML, record results.

A failing job is recorded with its reason and the others go on. Every file is written atomically,
so an interrupted run never leaves a report that looks finished but is not.
"""

from __future__ import annotations

import os
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat

from learning.atomic import write_text_atomic
from learning.render.export import participant_html
from learning.render.plan import Job
from learning.workspace import Workspace


@dataclass(frozen=True)
class JobResult:
    job: Job
    status: str  # "done" | "failed" | "skipped"
    seconds: float
    html_path: Path | None = None
    reason: str = ""


def executed_path(workspace: Workspace, job: Job) -> Path:
    return workspace.processed_dir / "executed" / f"{job.output}.ipynb"


def html_path(workspace: Workspace, job: Job) -> Path:
    return workspace.reports_dir / f"{job.output}.html"


def _failure_reason(error: BaseException) -> str:
    """One line on why a job failed: the notebook's own error where there is one."""
    ename = getattr(error, "ename", None)
    if ename:
        return f"{ename}: {getattr(error, 'evalue', '')}".strip()
    return f"{type(error).__name__}: {error}".strip()


def run_one(workspace_root: str, job: Job, timeout: float) -> JobResult:
    """Execute one job in a fresh kernel and write its notebook and HTML (used in a worker)."""
    import papermill  # imported here: heavy, and only workers need it

    workspace = Workspace(Path(workspace_root))
    started = time.perf_counter()
    notebook_path = workspace.notebooks_dir / f"{job.notebook}.ipynb"
    with tempfile.TemporaryDirectory(prefix="learning-job-") as scratch:
        scratch_output = Path(scratch) / "out.ipynb"
        try:
            papermill.execute_notebook(
                str(notebook_path), str(scratch_output), parameters=job.parameters,
                cwd=str(notebook_path.parent), kernel_name="python3", progress_bar=False,
                log_output=False, execution_timeout=timeout,
            )
            executed = nbformat.read(scratch_output, as_version=4)
        except Exception as error:  # a failing notebook is a result, not a crash of the run
            return JobResult(job, "failed", time.perf_counter() - started, reason=_failure_reason(error))
    write_text_atomic(executed_path(workspace, job), nbformat.writes(executed))
    page = participant_html(executed, fallback_title=job.output, fallback_lang=job.lang)
    target = html_path(workspace, job)
    write_text_atomic(target, page)
    return JobResult(job, "done", time.perf_counter() - started, html_path=target)


def _safe_run_one(workspace_root: str, job: Job, timeout: float) -> JobResult:
    try:
        return run_one(workspace_root, job, timeout)
    except Exception as error:
        return JobResult(job, "failed", 0.0, reason=_failure_reason(error) + "\n" + traceback.format_exc(limit=3))


def run_jobs(
    workspace: Workspace,
    jobs: list[Job],
    *,
    workers: int | None = None,
    timeout: float = 600,
    on_result: Callable[[JobResult], None] | None = None,
) -> list[JobResult]:
    """Run every job, ``workers`` at a time; results come back in the jobs' order."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    results: dict[int, JobResult] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: dict[Future[JobResult], int] = {
            pool.submit(_safe_run_one, str(workspace.root), job, timeout): i for i, job in enumerate(jobs)
        }
        for future in as_completed(futures):
            result = future.result()
            results[futures[future]] = result
            if on_result:
                on_result(result)
    return [results[i] for i in range(len(jobs))]

