"""A change between two survey waves in words, beside the figure («tydelig økning»).

The words follow the statistics the change tables already show (``survey/stats.py``): a change is
«tydelig» only when Newcombe's 95 % interval for the difference lies wholly above or below 0, and
nothing is said when either wave's group is under the smallest group a figure is shown for.
"""

from __future__ import annotations

import math

from learning.i18n import Lang, t
from learning.survey.stats import newcombe


def change_in_words(count_from: float, n_from: float, count_to: float, n_to: float, *,
                    min_n: int, lang: Lang) -> str:
    """«tydelig økning», «tydelig nedgang», «ingen sikker endring» or «for få svar til å si noe»."""
    if not n_from or not n_to or n_from < min_n or n_to < min_n:
        return t("change_words.too_few", lang)
    low, high = newcombe(count_to, n_to, count_from, n_from)
    return interval_in_words(low, high, lang)


def interval_in_words(low: float, high: float, lang: Lang) -> str:
    """The words for a 95 % interval of a difference (NaN bounds: too few answers)."""
    if math.isnan(low) or math.isnan(high):
        return t("change_words.too_few", lang)
    if low > 0:
        return t("change_words.increase", lang)
    if high < 0:
        return t("change_words.decrease", lang)
    return t("change_words.uncertain", lang)
