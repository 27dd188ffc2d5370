"""Checking a municipality's answers to one exercise before they are stored.

Answers are a JSON-ready dict keyed by field id: text and choice fields hold a string (``""`` when
empty), the measures grid holds ``{"M1": {"status": "i_gang", "comment": "…"}, …}``. Messages
name the field by its prompt and never repeat what was typed.
"""

from __future__ import annotations

from typing import Any

from learning.i18n import Lang, t
from learning.reference.guideline import MEASURES, STATUSES
from learning.reflection.exercises import ChoiceField, Exercise, MeasuresField, TextField

Answers = dict[str, Any]


def empty_answers(exercise: Exercise) -> Answers:
    """Answers with nothing filled in."""
    answers: Answers = {}
    for field in exercise.fields:
        if isinstance(field, MeasuresField):
            answers[field.id] = {code: {"status": "", "comment": ""} for code in MEASURES}
        else:
            answers[field.id] = ""
    return answers


def is_answered(value: Any) -> bool:
    """Whether a stored value holds anything (a text, a choice, or any status)."""
    if isinstance(value, dict):
        return any(v.get("status") or v.get("comment", "").strip() for v in value.values())
    return bool(str(value or "").strip())


def answer_errors(
    exercise: Exercise, answers: Answers, lang: Lang, *, has_previous: bool
) -> list[str]:
    """Every problem with these answers, in the report language (empty when they can be saved)."""
    errors: list[str] = []
    for field in exercise.fields_for(has_previous):
        name = field.prompt(lang)
        value = answers.get(field.id)
        if isinstance(field, TextField):
            text = str(value or "").strip()
            if field.required and not text:
                errors.append(t("reflection.error_required", lang, field=name))
            if len(text) > field.max_length:
                errors.append(
                    t(
                        "reflection.error_too_long",
                        lang,
                        field=name,
                        length=len(text),
                        max=field.max_length,
                    )
                )
        elif isinstance(field, ChoiceField):
            choice = str(value or "")
            if choice and choice not in {o.value for o in field.options}:
                errors.append(t("reflection.error_choice", lang, field=name))
            elif field.required and not choice:
                errors.append(t("reflection.error_required", lang, field=name))
        else:
            errors += _measure_errors(field, value if isinstance(value, dict) else {}, lang)
    return errors


def _measure_errors(field: MeasuresField, grid: dict[str, Any], lang: Lang) -> list[str]:
    errors: list[str] = []
    name = field.prompt(lang)
    missing = [code for code in MEASURES if not (grid.get(code) or {}).get("status")]
    if field.required and missing:
        errors.append(
            t("reflection.error_measure_required", lang, field=name, codes=", ".join(missing))
        )
    for code in MEASURES:
        entry = grid.get(code) or {}
        status = entry.get("status") or ""
        if status and status not in STATUSES:
            errors.append(t("reflection.error_choice", lang, field=f"{name} {code}"))
        comment = str(entry.get("comment") or "").strip()
        if len(comment) > field.comment_max_length:
            errors.append(
                t(
                    "reflection.error_too_long",
                    lang,
                    field=f"{name} {code}",
                    length=len(comment),
                    max=field.comment_max_length,
                )
            )
    return errors


def cleaned(exercise: Exercise, answers: Answers, *, has_previous: bool) -> Answers:
    """Only the fields asked at this gathering, with surrounding white space removed."""
    result: Answers = {}
    for field in exercise.fields_for(has_previous):
        value = answers.get(field.id)
        if isinstance(field, MeasuresField):
            grid = value if isinstance(value, dict) else {}
            result[field.id] = {
                code: {
                    "status": str((grid.get(code) or {}).get("status") or ""),
                    "comment": str((grid.get(code) or {}).get("comment") or "").strip(),
                }
                for code in MEASURES
            }
        else:
            result[field.id] = str(value or "").strip()
    return result
