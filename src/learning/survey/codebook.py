"""The survey instrument as data: items, scales and answer options in bokmål and nynorsk.

The texts live in ``codebook.yml`` beside this module. The loader checks them against the codes of
:mod:`learning.survey.schema`, so the codebook and the responses table can never drift apart.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from learning.i18n import LANGUAGES, Lang
from learning.strict import Bilingual, NonEmpty, Strict
from learning.survey import schema
from learning.yamlfile import read_yaml

if TYPE_CHECKING:
    import pandas as pd

CODEBOOK_FILE = Path(__file__).with_name("codebook.yml")

Kind = Literal["municipality", "choice", "scale", "multiple_choice", "free_text"]


class CodebookError(ValueError):
    """The codebook does not match the responses schema (a project bug, not a user mistake)."""


class Scale(Strict):
    """An answer scale: numeric codes and their labels."""

    description: NonEmpty
    labels: dict[int, Bilingual]


# ``construct`` is the instrument's word; it shadows pydantic's deprecated ``BaseModel.construct``,
# which this project never uses, so pydantic's warning about it is silenced here only.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message='Field name "construct"')

    class Item(Strict):
        """One question of the survey."""

        code: NonEmpty
        section: NonEmpty
        construct: NonEmpty  # type: ignore[assignment]  # the instrument's field name; shadows BaseModel.construct
        kind: Kind
        scale: str | None = None
        options: str | None = None
        text: Bilingual


class Codebook(Strict):
    """The whole instrument; look-ups by item code."""

    sections: dict[str, Bilingual]
    scales: dict[str, Scale]
    options: dict[str, dict[str, Bilingual]]
    items: list[Item]

    def item(self, code: str) -> Item:
        """The item with this code (KeyError if there is none)."""
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def scale_of(self, code: str) -> Scale:
        """The answer scale of a scale item."""
        name = self.item(code).scale
        if name is None:
            raise KeyError(f"{code} har ingen skala")
        return self.scales[name]

    def options_of(self, code: str) -> dict[str, Bilingual]:
        """The answer options of a choice or multiple-choice item."""
        name = self.item(code).options
        if name is None:
            raise KeyError(f"{code} har ingen svaralternativer")
        return self.options[name]

    def label(self, code: str, value: int | str, lang: Lang) -> str:
        """The answer label of ``value`` for item ``code`` in ``lang``."""
        item = self.item(code)
        if item.scale is not None:
            return self.scales[item.scale].labels[int(value)][lang]
        return self.options_of(code)[str(value)][lang]


def _expected_scales() -> dict[str, tuple[tuple[str, ...], dict[int, str]]]:
    """Which items use which scale, and that scale's codes, according to the schema."""
    return {
        "frequency5": (schema.PRACTICE_ITEMS, schema.FREQUENCY5),
        "yesno": (schema.SYSTEM_ITEMS, schema.YESNO),
        "agree5": (schema.CONFIDENCE_ITEMS, schema.AGREE5),
    }


def check_codebook(codebook: Codebook) -> list[str]:
    """Every way the codebook disagrees with :mod:`learning.survey.schema` (empty if none)."""
    problems: list[str] = []
    codes = [item.code for item in codebook.items]
    expected = [
        "kommune",
        "tjeneste",
        "rolle",
        *schema.PRACTICE_ITEMS,
        *schema.SYSTEM_ITEMS,
        *schema.CONFIDENCE_ITEMS,
        "samarbeid",
        *schema.FREE_TEXT,
    ]
    if sorted(codes) != sorted(expected) or len(set(codes)) != len(codes):
        problems.append(f"item codes {codes} differ from the schema's {expected}")
    for item in codebook.items:
        if item.section not in codebook.sections:
            problems.append(f"{item.code}: unknown section {item.section!r}")
        if item.scale is not None and item.scale not in codebook.scales:
            problems.append(f"{item.code}: unknown scale {item.scale!r}")
        if item.options is not None and item.options not in codebook.options:
            problems.append(f"{item.code}: unknown options {item.options!r}")
        if (item.kind == "scale") != (item.scale is not None):
            problems.append(f"{item.code}: kind {item.kind!r} and scale {item.scale!r} disagree")
        if (item.kind in ("choice", "multiple_choice")) != (item.options is not None):
            problems.append(
                f"{item.code}: kind {item.kind!r} and options {item.options!r} disagree"
            )
    for scale_name, (item_codes, scale_codes) in _expected_scales().items():
        scale = codebook.scales.get(scale_name)
        if scale is None:
            problems.append(f"scale {scale_name!r} is missing")
        elif set(scale.labels) != set(scale_codes):
            problems.append(
                f"scale {scale_name}: codes {sorted(scale.labels)} ≠ {sorted(scale_codes)}"
            )
        for code in item_codes:
            if code in codes and codebook.item(code).scale != scale_name:
                problems.append(f"{code}: the schema says scale {scale_name!r}")
    for name, wanted in (
        ("tjeneste", schema.SERVICES),
        ("rolle", schema.ROLES),
        ("samarbeid", schema.COOPERATION_OPTIONS),
    ):
        got = tuple(codebook.options.get(name, {}))
        if got != wanted:
            problems.append(f"options {name}: {got} ≠ the schema's {wanted}")
        if name in codes and codebook.item(name).options != name:
            problems.append(f"{name}: must use options {name!r}")
    problems += _label_problems(codebook)
    return problems


def _label_problems(codebook: Codebook) -> list[str]:
    """Labels must be unique within a scale or option list, and question texts across items,
    because the importer recognises answers and columns by them."""
    problems: list[str] = []
    groups: dict[str, Mapping[Any, Bilingual]] = {f"scale {n}": s.labels for n, s in codebook.scales.items()}
    groups |= {f"options {n}": o for n, o in codebook.options.items()}
    for group, labels in groups.items():
        seen: dict[str, object] = {}
        for value, texts in labels.items():
            for text in set(texts.both()):
                if ";" in text or "," in text:
                    problems.append(f"{group}: label {text!r} contains ';' or ','")
                key = fold(text)
                if seen.setdefault(key, value) != value:
                    problems.append(f"{group}: label {text!r} is used for two answers")
    seen_text: dict[str, str] = {}
    for item in codebook.items:
        for text in {*item.text.both(), item.code}:
            if seen_text.setdefault(fold(text), item.code) != item.code:
                problems.append(
                    f"{item.code}: text {text!r} is also used by {seen_text[fold(text)]}"
                )
    return problems


def fold(text: str) -> str:
    """Case- and space-insensitive form of a header or label, for matching."""
    return " ".join(text.casefold().split())


@cache
def _load(path: Path) -> Codebook:
    raw = read_yaml(path)
    try:
        codebook = Codebook.model_validate(raw)
    except ValidationError as error:
        raise CodebookError(f"{path}: {error}") from None
    problems = check_codebook(codebook)
    if problems:
        raise CodebookError(
            f"{path} does not match learning.survey.schema:\n" + "\n".join(problems)
        )
    return codebook


def load_codebook(path: Path | None = None) -> Codebook:
    """The survey codebook (checked against the schema; cached)."""
    return _load((path or CODEBOOK_FILE).resolve())


def response_columns(item: Item, codebook: Codebook) -> list[str]:
    """The columns of the responses table an item fills."""
    if item.kind == "multiple_choice":
        return [f"{item.code}.{option}" for option in codebook.options_of(item.code)]
    return [item.code]


def codebook_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """The codebook as a tidy table: one row per item and answer alternative.

    Columns: ``code``, ``column`` (in the responses table), ``section``, ``construct``, ``kind``,
    ``scale``, ``text_nb``, ``text_nn``, ``value`` (the stored code, as text; missing for items
    without fixed answers), ``label_nb``, ``label_nn``.
    """
    book = codebook or load_codebook()
    rows: list[dict[str, object]] = []
    for item in book.items:
        base = {
            "code": item.code,
            "section": item.section,
            "construct": item.construct,
            "kind": item.kind,
            "scale": item.scale,
            "text_nb": item.text.nb,
            "text_nn": item.text.nn,
        }
        if item.scale is not None:
            scale = book.scales[item.scale].labels
            answers: list[tuple[str, str | None, Bilingual | None]] = [(item.code, str(v), t) for v, t in scale.items()]
        elif item.kind == "choice":
            answers = [(item.code, v, t) for v, t in book.options_of(item.code).items()]
        elif item.kind == "multiple_choice":
            answers = [(f"{item.code}.{v}", v, t) for v, t in book.options_of(item.code).items()]
        else:
            answers = [(item.code, None, None)]
        for column, value, texts in answers:
            labels = {f"label_{lang}": (texts[lang] if texts else None) for lang in LANGUAGES}
            rows.append({**base, "column": column, "value": value, **labels})
    order = [
        "code",
        "column",
        "section",
        "construct",
        "kind",
        "scale",
        "text_nb",
        "text_nn",
        "value",
        "label_nb",
        "label_nn",
    ]
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    return pd.DataFrame(rows, columns=order).astype("string")
