"""A test-only network-wide computation that counts its own calls in a file, so tests can see
how often processes really computed it (shared by the run cache) and not just that they agree."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd

from learning.survey.memo import by_content


@by_content
def column_totals(frame: pd.DataFrame, counter: str, pause: float = 0.0) -> pd.Series:
    """The frame's column sums; appends this process's id to ``counter`` on every real call."""
    with Path(counter).open("a", encoding="utf-8") as handle:
        handle.write(f"{os.getpid()}\n")
    time.sleep(pause)  # long enough that a second process asks while the first still computes
    return frame.sum()


def calls(counter: Path) -> list[str]:
    return counter.read_text(encoding="utf-8").split() if counter.exists() else []
