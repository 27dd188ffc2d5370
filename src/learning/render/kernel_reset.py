"""Runs inside a warm report kernel: import the heavy modules once, reset state between reports.

A worker's kernel renders many reports one after another. Between two reports the user namespace,
open figures, matplotlib settings, every pandas option (display, styler, mode, …), warning
filters, environment variables, ``sys.path``, the working folder and the global random state
(``random`` and numpy's) go back to what a fresh kernel has after the same imports, so nothing
leaks from one report to the next. Modules stay imported: that is the point of keeping the kernel
warm, and the project's modules keep no report state at module level.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import random
import sys
import warnings
from typing import Any

_snapshot: dict[str, Any] = {}


def warm_up() -> None:
    """Import what reports use and remember the settings a fresh kernel starts with."""
    import matplotlib
    import matplotlib.pyplot as plt  # noqa: F401 - imported to pay its cost once
    import pandas as pd

    import learning.charts
    import learning.reports.context

    # Every report section, and what the survey sections compute with: a worker's first report
    # then starts as warm as its later ones (imported while the run's audit is still going on).
    for module in pkgutil.iter_modules(learning.reports.__path__, "learning.reports."):
        importlib.import_module(module.name)
    import learning.disclosure.publication

    _snapshot["rc"] = matplotlib.rcParams.copy()
    _snapshot["pandas"] = _pandas_options(pd)
    _snapshot["warnings"] = list(warnings.filters)
    _snapshot["environ"] = dict(os.environ)
    _snapshot["path"] = list(sys.path)


def _pandas_options(pd: Any) -> dict[str, Any]:
    """Every registered pandas option and its value (the option tree walked from ``pd.options``)."""
    values: dict[str, Any] = {}

    def walk(prefix: str, node: Any) -> None:
        for key in dir(node):
            name = f"{prefix}.{key}" if prefix else key
            try:
                values[name] = pd.get_option(name)
            except pd.errors.OptionError:  # a sub-namespace such as display.html
                walk(name, getattr(node, key))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading a deprecated option warns
        walk("", pd.options)
    return values


def _restore_environ(saved: dict[str, str]) -> None:
    for key in set(os.environ) - set(saved):
        del os.environ[key]
    for key, value in saved.items():
        if os.environ.get(key) != value:
            os.environ[key] = value


def reset(cwd: str) -> None:
    """Forget the previous report: namespace, figures, settings, environment, randomness, folder."""
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=False, aggressive=False)
        shell.execution_count = 1
    plt.close("all")
    matplotlib.rcParams.clear()
    matplotlib.rcParams.update(_snapshot["rc"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # setting a deprecated option warns
        for key, value in _snapshot["pandas"].items():
            if pd.get_option(key) != value:
                pd.set_option(key, value)
    warnings.filters[:] = _snapshot["warnings"]  # type: ignore[index]  # typeshed: a Sequence; it is a list
    _restore_environ(_snapshot["environ"])
    sys.path[:] = _snapshot["path"]
    # A fresh kernel's global generators are seeded from the operating system; so is each report's.
    random.seed()
    np.random.seed()
    os.chdir(cwd)
