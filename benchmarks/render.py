"""Benchmark: `learning render` against the plain papermill + nbconvert loop, on the demo workspace.

Run:  .venv/bin/python benchmarks/render.py [--sample 16] [--jobs N]

Measures, in one run on this machine:
1. the plain loop many facilitators use today: `papermill` then `jupyter nbconvert --to html
   --no-input`, one job after another, over a sample of jobs drawn across every notebook of the plan;
2. `learning render --force` of the whole demo plan from cold (new processes, new kernels);
3. `learning render` again with nothing changed;
4. `learning render` after one municipality's goal data changed (how many jobs it redoes).
It prints per-job times (median and total), the speed-up per job against the plain loop, peak
memory of the whole process tree, and the median and largest participant HTML size.
Not a test: it takes a few minutes and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from learning.network import load_networks  # noqa: E402
from learning.render.export import size_summary  # noqa: E402
from learning.render.ledger import read_entries  # noqa: E402
from learning.render.plan import Job, plan  # noqa: E402
from learning.synthetic.manifest import import_demo_surveys  # noqa: E402
from learning.synthetic.reflections import seed_demo_reflections  # noqa: E402
from learning.workspace import Workspace  # noqa: E402

PAGE = 4096
TARGET_RATIO = 40.0  # issue 17: per job, against the plain loop, on the demo plan


def _tree_rss(session: int) -> int:
    """Resident memory (bytes) of every process in a session: the command, workers and kernels."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # field 6 of /proc/PID/stat: session id
            try:
                total += int((stat.parent / "statm").read_text().split()[1]) * PAGE
            except OSError:
                continue
    return total


def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory of the whole process tree of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    stop.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} feilet med kode {code}")
    return time.perf_counter() - started, peak


def sample_jobs(jobs: list[Job], count: int) -> list[Job]:
    """Round-robin across notebooks, so every kind of report is in the sample."""
    by_notebook: dict[str, list[Job]] = defaultdict(list)
    for job in jobs:
        by_notebook[job.notebook].append(job)
    chosen: list[Job] = []
    while len(chosen) < count and any(by_notebook.values()):
        for notebook in sorted(by_notebook):
            if by_notebook[notebook] and len(chosen) < count:
                group = by_notebook[notebook]
                chosen.append(group.pop(len(group) // 2))
    return chosen


def plain_loop(workspace: Workspace, jobs: list[Job], scratch: Path) -> list[float]:
    """papermill, then nbconvert, once per job, as separate commands."""
    times = []
    for i, job in enumerate(jobs):
        notebook = workspace.notebook(job.notebook)
        executed = scratch / f"job{i}.ipynb"
        # -r passes text as text (papermill's -p would turn "5007" into a number).
        parameters = [arg for name, value in job.parameters.items()
                      for arg in ("-r" if isinstance(value, str) else "-p", name, str(value))]
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "papermill", str(notebook), str(executed), *parameters,
                        "--cwd", str(notebook.parent), "-k", "python3", "--no-progress-bar", "--log-level", "ERROR"],
                       check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--no-input", str(executed)],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=16, help="jobs in the plain-loop sample (at least 10)")
    parser.add_argument("--jobs", type=int, default=None, help="workers for learning render (default: cores)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="learning-bench-") as temporary:
        root = Path(temporary) / "workspace"
        shutil.copytree(REPO / "params", root / "params")
        shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("processed"))
        workspace = Workspace(root)
        import_demo_surveys(workspace)
        seed_demo_reflections(workspace)
        networks, problems = load_networks(workspace)
        assert not problems, problems
        jobs = plan(workspace, networks)
        sample = sample_jobs(jobs, max(10, options.sample))
        print(f"Demo plan: {len(jobs)} jobs over {len({j.notebook for j in jobs})} notebooks; "
              f"plain-loop sample: {len(sample)} jobs ({', '.join(sorted({j.notebook for j in sample}))}).")

        scratch = Path(temporary) / "plain"
        scratch.mkdir()
        loop = plain_loop(workspace, sample, scratch)
        print(f"\n1. Plain loop (papermill + nbconvert per job), {len(loop)} jobs:")
        print(f"   median {statistics.median(loop):.2f} s/job, total {sum(loop):.1f} s")

        render = [sys.executable, "-m", "learning", "render", "-w", str(root), "-q"]
        if options.jobs:
            render += ["--jobs", str(options.jobs)]
        cold, cold_peak = run_measured([*render, "--force"])
        entries = read_entries(workspace)
        job_seconds = [e.seconds for e in entries.values() if e.status == "done"]
        per_job = cold / len(jobs)
        print(f"\n2. learning render --force, whole plan from cold, {len(jobs)} jobs:")
        inside = statistics.median(job_seconds)
        print(f"   wall {cold:.1f} s = {per_job:.2f} s/job (inside a worker: median {inside:.2f} s/job); "
              f"peak memory {cold_peak / 2**30:.2f} GiB")
        ratio = statistics.median(loop) / per_job
        print(f"   speed-up per job against the plain loop: {ratio:.1f}× (median loop job / wall per job); "
              f"target ≥ {TARGET_RATIO:.0f}×: {'met' if ratio >= TARGET_RATIO else 'NOT met'}")

        unchanged, _ = run_measured(render)
        print(f"\n3. learning render with nothing changed: {unchanged:.2f} s for the whole plan")

        goals = root / "data" / "goals" / "midt-norge-2022.csv"
        lines = goals.read_text(encoding="utf-8").splitlines()
        index = next(i for i, line in enumerate(lines) if line.startswith("5006,dager-til-kontakt,2022-"))
        fields = lines[index].split(",")
        fields[3] = str(float(fields[3]) + 1)
        lines[index] = ",".join(fields)
        goals.write_text("\n".join(lines) + "\n", encoding="utf-8")
        before = read_entries(workspace)
        changed, _ = run_measured(render)
        redone = sorted(o for o, e in read_entries(workspace).items() if e.finished_at != before[o].finished_at
                        or e.key != before[o].key)
        print(f"\n4. After one goal measurement of 5006 Steinkjer changed: {changed:.1f} s (target < 8 s), "
              f"{len(redone)} jobs rendered again:")
        for output in redone:
            print(f"   {output}")

        pages = [p for p in workspace.reports_dir.rglob("*.html") if p.name != "index.html"]
        sizes = size_summary(pages)
        print(f"\nParticipant HTML: {sizes['files']} files, median {int(sizes['median_bytes']) / 1024:.0f} KB, "
              f"largest {int(sizes['max_bytes']) / 1024:.0f} KB ({Path(str(sizes['largest'])).name})")


if __name__ == "__main__":
    main()
