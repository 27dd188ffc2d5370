"""Benchmark: how a report's charts are embedded, SVG against the former quantised PNG, in one run.

Run:  .venv/bin/python benchmarks/figures.py [--municipalities 4] [--repeat 3]

Draws every chart of a few demo municipality reports (samling-3 of midt-norge-2022, surveys
imported) and encodes each figure with:
1. ``png-mediancut-64``: the former way (Agg PNG, 64-colour median-cut quantising, optimised PNG,
   base64), the baseline;
2. ``png-fastoctree-64``: the same with Pillow's faster octree quantiser;
3. ``svg``: today's way (`learning.charts.to_svg` + `svg_data_uri`).
It prints CPU time per figure (best of --repeat, process time so other load on the machine
counts less) and the bytes each figure adds to the HTML, with ratios against the baseline.
Not a test: its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import base64
import io
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from learning import charts  # noqa: E402
from learning.workspace import Workspace  # noqa: E402

NETWORK, GATHERING = "midt-norge-2022", "samling-3"


def _png(fig: Figure, method: Image.Quantize) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, facecolor="white")
    buffer.seek(0)
    with Image.open(buffer) as image:
        reduced = image.convert("RGB").quantize(colors=64, method=method, dither=Image.Dither.NONE)
    small = io.BytesIO()
    reduced.save(small, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(small.getvalue()).decode("ascii")


ENCODERS: dict[str, Callable[[Figure], str]] = {
    "png-mediancut-64": lambda fig: _png(fig, Image.Quantize.MEDIANCUT),
    "png-fastoctree-64": lambda fig: _png(fig, Image.Quantize.FASTOCTREE),
    "svg": lambda fig: charts.svg_data_uri(_real_svg(fig)),
}
_real_svg = charts.to_svg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=4, help="how many member reports to draw")
    parser.add_argument("--repeat", type=int, default=3, help="encode each figure this many times, keep the best")
    args = parser.parse_args()

    seconds: dict[str, list[float]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(list)

    def measured(fig: Figure) -> str:
        fig.canvas.draw()  # layout once, so no encoder pays for it alone
        for name, encode in ENCODERS.items():
            best = float("inf")
            for _ in range(args.repeat):
                start = time.process_time()
                uri = encode(fig)
                best = min(best, time.process_time() - start)
            seconds[name].append(best)
            sizes[name].append(len(uri))
        return _real_svg(fig)

    charts.to_svg = measured  # chart() looks it up at call time
    scratch = Path(tempfile.mkdtemp(prefix="learning-figures-"))
    try:
        sys.path.insert(0, str(REPO / "tests"))
        from conftest import copy_demo
        from learning.network import load_network
        from learning.reports import cooperation, goals, implementation, survey
        from learning.reports import municipality as report
        from learning.reports.context import ReportContext
        from learning.synthetic.manifest import import_demo_surveys

        workspace: Workspace = copy_demo(scratch / "workspace")
        import_demo_surveys(workspace)
        members = load_network(workspace, NETWORK).member_numbers[: args.municipalities]
        for number in members:
            ctx = ReportContext.load(str(workspace.root), NETWORK, GATHERING, number, "")
            responses = report.responses(ctx)
            survey.practice(ctx, responses)
            cooperation.cooperation_map(ctx, responses)
            report.research(ctx)
            goals.municipality_goals(ctx)
            implementation.municipality_status(ctx)
    finally:
        charts.to_svg = _real_svg
        shutil.rmtree(scratch, ignore_errors=True)

    base_time = statistics.median(seconds["png-mediancut-64"])
    base_size = statistics.median(sizes["png-mediancut-64"])
    print(f"{len(seconds['svg'])} figures from {len(members)} municipality reports ({NETWORK}/{GATHERING})")
    print(f"{'encoding':20s} {'ms/figure':>10s} {'× baseline':>10s} {'KB/figure':>10s} {'× baseline':>10s}")
    for name in ENCODERS:
        median_time, median_size = statistics.median(seconds[name]), statistics.median(sizes[name])
        print(f"{name:20s} {median_time * 1000:10.1f} {median_time / base_time:10.2f} "
              f"{median_size / 1024:10.1f} {median_size / base_size:10.2f}")


if __name__ == "__main__":
    main()
