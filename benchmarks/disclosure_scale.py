"""Benchmark: how protecting and auditing one survey wave grows with the network (issue 17).

Run:  .venv/bin/python benchmarks/disclosure_scale.py [--sizes 10,40,80,160]

For each size it builds the generated network of ``benchmarks/national.py`` (members spread over
the reference list, 8–12 invented respondents each, 2 waves) and times
``learning.disclosure.publication.wave_publication`` for each wave: counting, primary, complement
and secondary protection, and the audit that must pass (what ``learning render`` does once per
wave before any report is written). It prints the time per wave, the growth from one size to the
next beside the growth of the network, and the issue's target (a 357-member network's whole
publication in under 60 s). Not a test: the larger sizes take minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

import national  # noqa: E402

from learning.disclosure.publication import wave_publication  # noqa: E402
from learning.network import load_network  # noqa: E402
from learning.survey.store import load_responses  # noqa: E402

TARGET_NATIONAL = 60.0  # seconds for the whole publication (both waves) of 357 members


def measure(size: int) -> tuple[float, int]:
    """Seconds to protect and audit every wave of a generated network of ``size``; its figures."""
    with tempfile.TemporaryDirectory() as scratch:
        workspace = national.build_workspace(Path(scratch) / "workspace", size)
        network = load_network(workspace, national.NETWORK)
        responses = load_responses(workspace, national.NETWORK)
        total, figures = 0.0, 0
        for wave in sorted(set(responses["wave"])):
            frame = responses[responses["wave"] == wave]
            started = time.perf_counter()
            # __wrapped__: the computation itself, not a result remembered from an earlier call
            published = wave_publication.__wrapped__(frame, wave, tuple(network.member_numbers),
                                                     network.survey_min_group,
                                                     network.survey_protection_interval)
            took = time.perf_counter() - started
            assert not published.audit(), f"the audit did not pass for {size} members, {wave}"
            figures += len(published.quantities.value)
            total += took
            print(f"{size:5d} members  {wave:12s} {len(frame):6d} answers  "
                  f"{len(published.quantities.value):7d} figures  {took:7.1f} s", flush=True)
        return total, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,40,80,160", help="member counts, comma-separated")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    results = [(size, *measure(size)) for size in sizes]
    print("\nsize  seconds (both waves)  growth in time  growth in members")
    for i, (size, seconds, _) in enumerate(results):
        if i == 0:
            print(f"{size:5d}  {seconds:8.1f}")
            continue
        before_size, before_seconds, _ = results[i - 1]
        print(f"{size:5d}  {seconds:8.1f}  ×{seconds / before_seconds:5.2f}  ×{size / before_size:5.2f}")
    national_size = [r for r in results if r[0] >= 357]
    if national_size:
        seconds = national_size[0][1]
        verdict = "ok" if seconds < TARGET_NATIONAL else "NOT MET"
        print(f"357 members: {seconds:.0f} s   target < {TARGET_NATIONAL:.0f} s   {verdict}")


if __name__ == "__main__":
    main()
