"""Variable labels, value labels and user-missing codes of the responses table, from the codebook.

One description of every exported column, used by the SPSS and Stata writers, the Frictionless
data package and the codebook export alike, so the labels can never differ between formats.
Categorical text columns (``tjeneste``, ``rolle``) are stored as whole-number codes 1…n in the
codebook's order in SPSS and Stata, because Stata has no value labels for text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from learning.i18n import Lang, t
from learning.survey import schema
from learning.survey.codebook import Codebook, load_codebook

Kind = Literal["text", "integer", "boolean", "datetime", "category"]

USER_MISSING: dict[str, tuple[int, ...]] = {
    "frequency5": (schema.NOT_RELEVANT,),
    "yesno": (schema.DONT_KNOW,),
}
"""Answer codes that are answers but not values: 0 = not relevant, 9 = don't know."""

STATA_MISSING_LETTERS = {schema.NOT_RELEVANT: "a", schema.DONT_KNOW: "b"}
"""Stata has no user-missing numbers, only extended missing values; 0 → .a, 9 → .b."""

_META_KINDS: dict[str, Kind] = {
    "network": "text", "wave": "text", "source_file": "text", "source_sha256": "text",
    "row_number": "integer", "submission_id": "text", "submitted_at": "datetime",
}


@dataclass(frozen=True)
class Variable:
    """One exported column: its name, label, kind and (for coded answers) value labels."""

    name: str
    label: str
    kind: Kind
    values: dict[int | str, str] = field(default_factory=dict)
    missing: tuple[int, ...] = ()
    free_text: bool = False

    @property
    def stata_name(self) -> str:
        """Stata allows 32 characters and no dot: ``samarbeid.skole`` → ``sam_skole``.

        Short enough that pyreadstat's value-label set name (variable name + a counter of up
        to three digits) stays within Stata's 32 characters too.
        """
        return self.name.replace("samarbeid.", "sam_")

    @property
    def codes(self) -> dict[str, int]:
        """For a category: each stored text code → its number in SPSS and Stata (1…n)."""
        if self.kind != "category":
            return {}
        return {str(value): number for number, value in enumerate(self.values, start=1)}


def variables(lang: Lang, codebook: Codebook | None = None) -> list[Variable]:
    """Every column of :data:`schema.RESPONSE_COLUMNS`, labelled in ``lang``, in table order."""
    book = codebook or load_codebook()
    found: list[Variable] = []
    for column in schema.RESPONSE_COLUMNS:
        if column in _META_KINDS:
            label = t(f"survey.var_{column}", lang)
            found.append(Variable(column, label, _META_KINDS[column]))
            continue
        code, _, option = column.partition(".")
        item = book.item(code)
        text = item.text[lang]
        if option:
            chosen = book.options_of(code)[option][lang]
            found.append(Variable(column, f"{text}: {chosen}", "boolean", {
                0: t("survey.var_not_chosen", lang), 1: t("survey.var_chosen", lang)}))
        elif item.scale is not None:
            scale_labels: dict[int | str, str] = {v: texts[lang] for v, texts in book.scales[item.scale].labels.items()}
            found.append(Variable(column, text, "integer", scale_labels,
                                  USER_MISSING.get(item.scale, ())))
        elif item.kind == "choice":
            option_labels: dict[int | str, str] = {v: texts[lang] for v, texts in book.options_of(code).items()}
            found.append(Variable(column, text, "category", option_labels))
        else:
            found.append(Variable(column, text, "text", free_text=item.kind == "free_text"))
    return found
