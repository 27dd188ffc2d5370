"""Runs inside a warm report kernel: import the heavy modules once, reset state between reports.

A worker's kernel renders many reports one after another. Between two reports the user namespace,
open figures, matplotlib and pandas settings, warning filters and the working folder go back to
what a fresh kernel has after the same imports, so nothing leaks from one report to the next.
Modules stay imported: that is the point of keeping the kernel warm, and the project's modules
keep no report state at module level.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

_snapshot: dict[str, Any] = {}


def warm_up() -> None:
    """Import what reports use and remember the settings a fresh kernel starts with."""
    import matplotlib
    import matplotlib.pyplot as plt  # noqa: F401 - imported to pay its cost once
    import pandas as pd

    import learning.charts
    import learning.reports.context  # noqa: F401

    _snapshot["rc"] = matplotlib.rcParams.copy()
    _snapshot["pandas"] = _display_options(pd)
    _snapshot["warnings"] = list(warnings.filters)


def _display_options(pd: Any) -> dict[str, Any]:
    values = {}
    for key in pd.options.display.__dir__():
        try:
            values[key] = pd.get_option(f"display.{key}")
        except pd.errors.OptionError:  # a sub-namespace such as display.html
            continue
    return values


def reset(cwd: str) -> None:
    """Forget the previous report: namespace, figures, settings, working folder."""
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=False, aggressive=False)
        shell.execution_count = 1
    plt.close("all")
    matplotlib.rcParams.clear()
    matplotlib.rcParams.update(_snapshot["rc"])
    for key, value in _snapshot["pandas"].items():
        pd.set_option(f"display.{key}", value)
    warnings.filters[:] = _snapshot["warnings"]  # type: ignore[index]  # typeshed: a Sequence; it is a list
    os.chdir(cwd)
