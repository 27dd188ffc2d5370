"""Benchmark: how much the demo's reports say, and what an attacker gets from them (issue 11).

Run:  .venv/bin/python benchmarks/disclosure.py [--reports DIR]

Copies the demo workspace to a temporary folder, runs ``learning demo`` there (imports the
synthetic surveys and renders every report, as a user would), then reads the rendered HTML with the
attacker of ``tests/html_attacker.py`` (written apart from the suppressor) and prints per network:

1. of the survey figures in the municipality reports' tables: the share shown as a number, as a
   band («minst 75 %», «under 25 %», «20–40 %») and as a bare mark ``:``;
2. per municipality, of its own results (its rows in its own reports' survey tables: shares and
   counts, not group sizes): the share shown exactly or as a band; and the same leaving out the
   waves in which it had 1 … min_n − 1 answers (where the rules allow it nothing of its own but
   the pooled tables, and its report says so in a sentence);
3. the attack on everything the network publishes (all pages, audiences, gatherings): protected
   quantities, exact recoveries, ranges narrower than the protection interval, the narrowest range;

each beside its target (≥ 95 % figures with a number or band, each municipality ≥ 90 % of its own
results, 0 exact recoveries). ``--reports DIR`` reads an already rendered ``reports/`` folder
instead of rendering (its workspace's ``params/`` beside it). Not a test: the render takes minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

from html_attacker import NETWORK, Publication, audit, explain, read_network, required  # noqa: E402

TARGET_SHOWN = 0.95
TARGET_OWN = 0.90


def render_demo(root: Path) -> Path:
    """A fresh copy of the demo workspace with every report rendered; its reports folder."""
    shutil.copytree(REPO / "params", root / "params")
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("processed"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "learning", "demo", "-w", str(root)], check=True,
                   env=env, stdout=subprocess.DEVNULL)
    print(f"learning demo: {time.perf_counter() - started:.0f} s")
    return root / "reports"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "    – "


def report(pub: Publication) -> None:
    figures = [f for f in pub.figures if f.municipality_report]
    kinds = Counter(f.kind for f in figures)
    total = sum(kinds.values())
    shown = kinds["exact"] + kinds["band"]
    print(f"\n== {pub.network} (min_n {pub.min_n}, protection interval {pub.protection})")
    print(f"figures in municipality reports' survey tables: {total}")
    print(f"  number {_share(kinds['exact'], total)} · band {_share(kinds['band'], total)} · "
          f"bare mark {_share(kinds['mark'], total)}")
    print(f"  number or band {_share(shown, total)}   target ≥ {TARGET_SHOWN:.0%}   "
          f"{'ok' if total and shown / total >= TARGET_SHOWN else 'NOT MET'}")
    own: dict[str, Counter[str]] = defaultdict(Counter)
    own_enough: dict[str, Counter[str]] = defaultdict(Counter)  # waves it has min_n answers in
    for figure in figures:
        if figure.own and figure.is_count and figure.place != NETWORK:
            own[figure.place][figure.kind] += 1
            wave = figure.key[1] if figure.key else None
            if not (isinstance(wave, int) and figure.place in pub.left_out[wave]):
                own_enough[figure.place][figure.kind] += 1
    print(f"own results shown exactly or as a band (target ≥ {TARGET_OWN:.0%} each):")
    below = 0
    for place in sorted(pub.members):
        counts = own.get(place, Counter())
        whole = sum(counts.values())
        part = counts["exact"] + counts["band"]
        met = bool(whole) and part / whole >= TARGET_OWN
        below += not met
        enough = own_enough.get(place, Counter())
        print(f"  {place:<16} {_share(part, whole)} of {whole:4d} (band {counts['band']})"
              f"{'' if met else '   NOT MET'}; in waves with ≥ {pub.min_n} own answers or pooled: "
              f"{_share(enough['exact'] + enough['band'], sum(enough.values()))} of {sum(enough.values())}")
    print(f"  municipalities below target: {below} of {len(pub.members)}")
    silent = Counter(why.split(".")[-1] for page, place, why in pub.silent if place != NETWORK)
    if silent:
        print("  own cooperation sections with no figure at all (not counted above): "
              + ", ".join(f"{why} {count}" for why, count in sorted(silent.items())))
    started = time.perf_counter()
    findings = audit(pub)
    seconds = time.perf_counter() - started
    exact = [f for f in findings if f.width == 0]
    narrow = [f for f in findings if 0 < f.width < required(f, pub.protection)]
    print(f"attack on the whole publication ({seconds:.1f} s): {len(findings)} protected quantities")
    print(f"  exact recoveries {len(exact)}   target 0   {'ok' if not exact else 'NOT MET'}")
    print(f"  ranges narrower than the protection interval {len(narrow)}   target 0")
    if findings:
        narrowest = min(findings, key=lambda f: (f.width, str(f.key)))
        print(f"  narrowest range: width {narrowest.width:g}: {explain(narrowest)}")
    for finding in exact[:5]:
        print(f"  e.g. {explain(finding)}")
    if pub.unread:
        print(f"  tables with figures not read (not survey tables?): "
              f"{len({c for _, c in pub.unread})} captions, e.g. {sorted({c for _, c in pub.unread})[0]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, help="an already rendered reports/ folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="disclosure-") as temporary:
        reports = args.reports or render_demo(Path(temporary) / "workspace")
        params = reports.parent / "params"
        # a network's pages lie in a folder named as its params file (others, such as «composed»,
        # hold pages of several networks and are read with their own network)
        for folder in sorted(p for p in reports.iterdir() if p.is_dir() and (params / f"{p.name}.yml").exists()):
            started = time.perf_counter()
            pub = read_network(folder, params / f"{folder.name}.yml")
            print(f"\nread {len({f.page for f in pub.figures})} pages of {folder.name} "
                  f"in {time.perf_counter() - started:.1f} s")
            report(pub)


if __name__ == "__main__":
    main()
