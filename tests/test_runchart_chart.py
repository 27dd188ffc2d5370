"""The run chart's words: verdicts in bokmål and nynorsk, and a figure with real alt text."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from learning.i18n import catalogue
from learning.runchart import analyse, chart, describe, number

SHIFT = [20, 22, 19, 21, 20, 23, 18, 21, 40, 42, 39, 41, 43, 40, 38, 41]


def test_the_verdict_reads_as_plain_words() -> None:
    result = analyse(SHIFT)
    assert describe(result, "nb", "higher") == ("Tydelig endring i ønsket retning: "
                                                 "8 punkter på rad over medianen.")
    assert describe(result, "nn", "higher") == ("Tydeleg endring i ønskt retning: "
                                                 "8 punkt på rad over medianen.")
    unwanted = describe(result, "nb", "lower")
    assert unwanted.startswith("Tydelig endring i uønsket retning: 8 punkter")
    assert describe(result, "nb").startswith("Tydelig endring: 8 punkter på rad over medianen")


def test_a_crossings_signal_is_explained() -> None:
    # median (7 + 8) / 2 = 7.5; runs - + - + of lengths 4 3 3 4 = 14 useful:
    # longest 4 <= 7 (no run signal), crossings 3 < 4 (the table's limit for n = 14)
    values = [1, 2, 3, 4, 20, 21, 22, 5, 6, 7, 8, 23, 24, 25]
    result = analyse(values)
    assert (result.longest_run, result.n_crossings, result.n_crossings_min) == (4, 3, 4)
    text = describe(result, "nb", "higher")
    assert text.startswith("Tydelig endring i ønsket retning: "
                           "antall kryssinger av medianen er bare 3")
    assert "minst 4" in text and "over medianen" in text


def test_random_and_too_few_in_words() -> None:
    assert describe(analyse([1, 3] * 8), "nb").startswith("Ingen tydelig endring")
    assert describe(analyse([1, 3] * 4), "nn").startswith("For få målingar")


def test_numbers_use_a_decimal_comma() -> None:
    assert [number(v, "nb") for v in (40.0, 33.333, 7.25)] == ["40", "33,3", "7,2"]


def test_chart_alt_text_states_the_verdict_and_target() -> None:
    dates = [dt.date(2022, m, 1) for m in range(1, 13)] + [dt.date(2023, m, 1) for m in range(1, 5)]
    result = analyse(SHIFT)
    markup = chart(dates, SHIFT, result, lang="nb", title="Andel spurt", unit="prosent",
                   target=45, better="higher").markup
    alt = html.unescape(re.search(r'alt="([^"]*)"', markup).group(1))
    assert "16 målinger fra 1. januar 2022 til 1. april 2023" in alt
    assert "Medianen (stiplet linje) er 30,5 prosent" in alt  # (23 + 38) / 2
    assert "Målet (prikket linje) er 45 prosent" in alt
    assert alt.endswith("8 punkter på rad over medianen.")
    assert markup.count("<img") == 1 and "<figcaption>Andel spurt</figcaption>" in markup


def test_every_goals_string_has_both_languages() -> None:
    keys = [k for k in catalogue() if k.startswith("goals.")]
    assert len(keys) > 30
    for key in keys:
        assert set(catalogue()[key]) == {"nb", "nn"}, key


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_empty_series_still_has_a_description(lang: str) -> None:
    markup = chart([dt.date(2022, 1, 1)], [float("nan")], analyse([float("nan")]), lang=lang,
                   title="X", unit="prosent").markup
    assert 'alt="Seriediagram for X:' in markup
