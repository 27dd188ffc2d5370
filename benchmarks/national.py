"""Benchmark: a national network of generated municipalities, `learning render` beside the plain loop.

Run:  .venv/bin/python benchmarks/national.py [--sizes 10,40,120,357] [--sample 4] [--jobs N]

For each size (number of member municipalities, spread over the whole reference list of 357),
it builds a workspace with a network of that many members, 4 gatherings, invented survey answers
(8–12 respondents per member in each of 2 waves, from the synthetic generators), invented goals
and reflections, and measures in one run on this machine:
1. the plain loop (papermill, then nbconvert, per job) on a sample of the plan's jobs;
2. `learning render --force` of the whole plan: wall time, time per job, the median time of a
   municipality report inside a worker, and peak memory of every process (command, workers,
   kernels), measured with psutil;
3. `learning render` again with nothing changed.
It then prints the growth from one size to the next beside the targets of issue 17. Each size
builds its own workspace in a temporary folder. Not a test: the figures depend on the machine,
and the larger sizes take long.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from render import plain_loop, sample_jobs  # noqa: E402

from learning.network import load_network  # noqa: E402
from learning.reference.municipalities import load_municipalities  # noqa: E402
from learning.render.ledger import read_entries  # noqa: E402
from learning.render.plan import plan  # noqa: E402
from learning.survey import schema  # noqa: E402
from learning.survey.importer import import_survey  # noqa: E402
from learning.synthetic import goals as synthetic_goals  # noqa: E402
from learning.synthetic import survey as synthetic_survey  # noqa: E402
from learning.synthetic.reflections import seed_demo_reflections  # noqa: E402
from learning.workspace import Workspace  # noqa: E402

NETWORK = "norge"
TEMPLATE = "midt-norge-2022"  # its gatherings, report list and exercises are reused
SEED = 357
WAVES = ((schema.BASELINE, 0, ["2021-12-06", "2021-12-13"], "+01:00"),
         ("samling-3", 1, ["2022-09-26", "2022-10-03"], "+02:00"))
TARGET_RATIO = 40.0
TARGET_MUNICIPALITY_REPORT = 0.5
TARGET_NATIONAL_WALL = 15 * 60.0
TARGET_MEMORY = 2 * 2**30
TARGET_UNCHANGED = 1.0


def _members(count: int) -> list[str]:
    """``count`` municipality numbers spread evenly over the reference list (every county)."""
    numbers = sorted(m.number for m in load_municipalities())
    if count >= len(numbers):
        return numbers
    step = len(numbers) / count
    return [numbers[int(i * step)] for i in range(count)]


def _network_file(template: dict, members: list[str]) -> dict:
    rng = random.Random(SEED)
    network = {key: template[key] for key in ("organisers", "target_group", "language", "reports")}
    network.update(id=NETWORK, name="Nasjonalt læringsnettverk (benchmark)",
                   synthetic="Benchmark: medlemmene, svarene og målene er oppdiktet.")
    network["members"] = [{"kommune": number, "joined": "2021-10-20",
                           "letter_of_intent": {"signed": True, "date": "2021-12-01", "signed_by": "kommunalsjef"},
                           "anchoring": {"level": "plan"},
                           "representatives": [{"role": "leder", "service": "psykisk_helse_rus",
                                                "coordination_mandate": True}]}
                          for number in members]
    network["gatherings"] = [{**gathering, "attendance": {number: rng.randint(1, 4) for number in members}}
                             for gathering in template["gatherings"]]
    return network


def build_workspace(root: Path, size: int) -> Workspace:
    """A workspace whose only network has ``size`` members, with answers, goals and reflections."""
    shutil.copytree(REPO / "data" / "reference", root / "data" / "reference")
    (root / "params" / "exercises").mkdir(parents=True)
    template = yaml.safe_load((REPO / "params" / f"{TEMPLATE}.yml").read_text(encoding="utf-8"))
    network_file = _network_file(template, _members(size))
    (root / "params" / f"{NETWORK}.yml").write_text(yaml.safe_dump(network_file, allow_unicode=True, sort_keys=False),
                                                    encoding="utf-8")
    exercises = (REPO / "params" / "exercises" / f"{TEMPLATE}.yml").read_text(encoding="utf-8")
    (root / "params" / "exercises" / f"{NETWORK}.yml").write_text(
        exercises.replace(f"network: {TEMPLATE}", f"network: {NETWORK}"), encoding="utf-8")
    workspace = Workspace(root)
    network = load_network(workspace, NETWORK)
    synthetic_goals.write_demo(workspace)
    # The generator draws each respondent's service from the network's list; use the template's.
    synthetic_survey.SERVICES_BY_NETWORK.setdefault(NETWORK, synthetic_survey.SERVICES_BY_NETWORK[TEMPLATE])
    generator = synthetic_survey._Generator(random.Random(SEED), network)
    exports = root / "exports"
    exports.mkdir()
    for wave, step, days, offset in WAVES:
        responses = generator.respondents(step, synthetic_survey._spread(generator.rng, days, offset), "")
        rows = [synthetic_survey._nettskjema_row(r, r.kommune, generator.rng) for r in responses]
        path = exports / f"{wave}.csv"
        path.write_bytes(synthetic_survey._csv_bytes(synthetic_survey.NETTSKJEMA_HEADER, rows, ",", "utf-8"))
        import_survey(workspace, path, NETWORK, wave)
    seed_demo_reflections(workspace)
    return workspace


def _tree_rss(root: psutil.Process) -> int:
    """Resident memory of a process and all its descendants (workers and their kernels)."""
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_info().rss
        except psutil.Error:  # ended between listing and reading
            continue
    return total


def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall time and peak memory (every process of the command) of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(process.pid)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            with contextlib.suppress(psutil.Error):
                peak = max(peak, _tree_rss(watched))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} feilet med kode {process.returncode}:\n{errors.decode()[-2000:]}")
    return time.perf_counter() - started, peak


@dataclass
class Figures:
    size: int
    jobs: int
    build: float
    loop_median: float
    wall: float
    peak: int
    municipality_median: float
    inside_median: float
    unchanged: float

    @property
    def per_job(self) -> float:
        return self.wall / self.jobs

    @property
    def ratio(self) -> float:
        return self.loop_median / self.per_job


def measure(size: int, sample_size: int, workers: int | None, scratch: Path) -> Figures:
    root = scratch / f"workspace-{size}"
    started = time.perf_counter()
    workspace = build_workspace(root, size)
    build = time.perf_counter() - started
    jobs = plan(workspace, [load_network(workspace, NETWORK)])
    sample = sample_jobs(jobs, sample_size)
    print(f"\n== {size} members: {len(jobs)} jobs over {len({j.notebook for j in jobs})} notebooks "
          f"(workspace built in {build:.1f} s) ==", flush=True)
    plain = scratch / f"plain-{size}"
    plain.mkdir()
    loop = plain_loop(workspace, sample, plain)
    print(f"   plain loop, {len(loop)} jobs ({', '.join(sorted({j.notebook for j in sample}))}): "
          f"median {statistics.median(loop):.2f} s/job", flush=True)
    render = [sys.executable, "-m", "learning", "render", "-w", str(root), "-q"]
    if workers:
        render += ["--jobs", str(workers)]
    wall, peak = run_measured([*render, "--force"])
    entries = [e for e in read_entries(workspace).values() if e.status == "done"]
    municipality = [e.seconds for e in entries if e.notebook == "municipality_report"]
    unchanged, _ = run_measured(render)
    figures = Figures(size, len(jobs), build, statistics.median(loop), wall, peak,
                      statistics.median(municipality), statistics.median(e.seconds for e in entries), unchanged)
    print(f"   learning render --force: {wall:.1f} s = {figures.per_job:.2f} s/job (inside a worker: median "
          f"{figures.inside_median:.2f} s/job, municipality report {figures.municipality_median:.2f} s); "
          f"peak memory {peak / 2**30:.2f} GiB", flush=True)
    print(f"   speed-up per job against the plain loop: {figures.ratio:.1f}× (target ≥ {TARGET_RATIO:.0f}×)")
    print(f"   nothing changed: {unchanged:.2f} s (target < {TARGET_UNCHANGED:.0f} s)", flush=True)
    return figures


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def summary(results: list[Figures]) -> None:
    print("\nGrowth (each size against the one before; 'per member' divides by the growth in members):")
    print(f"{'members':>8} {'jobs':>6} {'wall s':>8} {'s/job':>6} {'kommune s':>9} {'peak GiB':>8} "
          f"{'unchanged s':>11} {'loop s/job':>10} {'ratio':>6} {'wall growth per member':>23}")
    for previous, figures in zip([None, *results], results, strict=False):
        growth = ""
        if previous is not None:
            growth = f"{(figures.wall / previous.wall) / (figures.size / previous.size):.2f}"
        print(f"{figures.size:>8} {figures.jobs:>6} {figures.wall:>8.1f} {figures.per_job:>6.2f} "
              f"{figures.municipality_median:>9.2f} {figures.peak / 2**30:>8.2f} {figures.unchanged:>11.2f} "
              f"{figures.loop_median:>10.2f} {figures.ratio:>5.1f}× {growth:>23}")
    largest = results[-1]
    print(f"\nTargets (issue 17, 2 cores), at {largest.size} members:")
    report_ok = largest.municipality_median <= TARGET_MUNICIPALITY_REPORT
    print(f"   municipality report inside a warm worker ≤ {TARGET_MUNICIPALITY_REPORT} s: "
          f"{largest.municipality_median:.2f} s — {_verdict(report_ok)}")
    print(f"   nothing changed < {TARGET_UNCHANGED:.0f} s: {largest.unchanged:.2f} s — "
          f"{_verdict(largest.unchanged < TARGET_UNCHANGED)}")
    print(f"   per job ≥ {TARGET_RATIO:.0f}× the plain loop: {largest.ratio:.1f}× — "
          f"{_verdict(largest.ratio >= TARGET_RATIO)}")
    if largest.size >= 357:
        print(f"   national plan < 15 min: {largest.wall / 60:.1f} min — "
              f"{_verdict(largest.wall < TARGET_NATIONAL_WALL)}")
        print(f"   peak memory < 2 GiB: {largest.peak / 2**30:.2f} GiB — {_verdict(largest.peak < TARGET_MEMORY)}")
    else:
        print(f"   national plan < 15 min and < 2 GiB: not measured (largest size {largest.size}; "
              "run with --sizes ...,357)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,40,120,357",
                        help="member counts to measure, comma-separated (at most 357)")
    parser.add_argument("--sample", type=int, default=4, help="jobs in each plain-loop sample")
    parser.add_argument("--jobs", type=int, default=None, help="workers for learning render (default: cores)")
    options = parser.parse_args()
    sizes = sorted({int(s) for s in options.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 1 or sizes[-1] > 357:
        raise SystemExit("--sizes: tall mellom 1 og 357, skilt med komma")
    with tempfile.TemporaryDirectory(prefix="learning-national-") as temporary:
        results = [measure(size, max(1, options.sample), options.jobs, Path(temporary)) for size in sizes]
    summary(results)


if __name__ == "__main__":
    main()
