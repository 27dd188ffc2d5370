"""research.yml: every string in both bokmål and nynorsk, with the same placeholders."""

from __future__ import annotations

import string
from pathlib import Path

import yaml

from learning.reports.research import REFERRAL_GAP

CATALOGUE = Path(__file__).resolve().parents[1] / "src" / "learning" / "i18n" / "research.yml"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_nb_and_nn_with_the_same_placeholders() -> None:
    strings = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    for key, texts in strings.items():
        assert set(texts) == {"nb", "nn"}, key
        assert texts["nb"].strip() and texts["nn"].strip(), key
        assert placeholders(texts["nb"]) == placeholders(texts["nn"]), key


def test_the_chart_has_a_short_label_for_each_bar() -> None:
    strings = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    assert all(f"short.{finding}" in strings for finding in REFERRAL_GAP)
