"""The printable worksheet: the exercise as static HTML, for the exported report and for paper.

Each prompt is followed by the municipality's latest saved answer, or by lines to write on. All
typed text is escaped. The whole sheet sits in ``<section class="learning-worksheet">``; the live
form hides that class, so the live view shows the form and the exported HTML shows the sheet.
"""

from __future__ import annotations

import pandas as pd

from learning.i18n import Lang, t
from learning.present import Html, escape, join, paragraph
from learning.present import table as html_table
from learning.reference.guideline import MEASURES, STATUSES, measure_name, status_label
from learning.reflection.exercises import ChoiceField, Exercise, MeasuresField, TextField
from learning.reflection.store import Version
from learning.reflection.timefmt import local_time

WORKSHEET_CLASS = "learning-worksheet"
CHARS_PER_LINE = 90  # about what fits on a handwritten line of an A4 page
MAX_LINES = 8
_LINE = '<div style="border-bottom:1px solid #595959;height:2.2em"></div>'


def write_lines(max_length: int) -> str:
    """Empty lines to write on, enough for about ``max_length`` characters (3 to 8 lines)."""
    count = max(3, min(MAX_LINES, -(-max_length // CHARS_PER_LINE)))
    return f'<div class="write-lines" aria-hidden="true">{_LINE * count}</div>'


def _text_answer(text: str) -> str:
    return f'<p class="answer" style="white-space:pre-wrap;margin-left:1em">{escape(text)}</p>'


def _choice(field: ChoiceField, value: str, lang: Lang) -> str:
    items = []
    for option in field.options:
        chosen = option.value == value
        mark = "☒" if chosen else "☐"
        label = escape(option.label(lang))
        suffix = f" ({escape(t('reflection.checked', lang))})" if chosen else ""
        items.append(f"<li>{mark} {f'<strong>{label}</strong>' if chosen else label}{suffix}</li>")
    return '<ul class="choices" style="list-style:none">' + "".join(items) + "</ul>"


def _measures(field: MeasuresField, grid: dict, lang: Lang) -> Html:
    blank = "   ".join(f"☐ {status_label(s, lang)}" for s in STATUSES)
    rows = []
    for code in MEASURES:
        entry = grid.get(code) or {}
        status = entry.get("status")
        rows.append(
            {
                t(
                    "reflection.col_measure", lang
                ): f"{code} {measure_name(code, lang)}",
                t("reflection.col_status", lang): status_label(status, lang)
                if status in STATUSES
                else blank,
                t("reflection.col_comment", lang): entry.get("comment") or "",
            }
        )
    return html_table(pd.DataFrame(rows), t("reflection.measures_caption", lang))


def _field(field: TextField | ChoiceField | MeasuresField, value: object, lang: Lang) -> Html:
    mark = f" {t('reflection.required_mark', lang)}" if field.required else ""
    parts = [f"<p><strong>{escape(field.prompt(lang))}</strong>{escape(mark)}</p>"]
    if field.help:
        parts.append(f"<p><small>{escape(field.help(lang))}</small></p>")
    if isinstance(field, TextField):
        text = str(value or "").strip()
        parts.append(_text_answer(text) if text else write_lines(field.max_length))
    elif isinstance(field, ChoiceField):
        parts.append(_choice(field, str(value or ""), lang))
    else:
        parts.append(_measures(field, value if isinstance(value, dict) else {}, lang).markup)
    return Html("".join(parts))


# The plan box is shown in the live form too, where JupyterLab's stylesheet lays a <dl> out as
# two floating columns that collide at 1280 px and overflow on a phone: inline styles put each
# prompt above its answer and let long words break, whatever stylesheet is around.
_PLAN_TEXT = "overflow-wrap:anywhere;word-break:normal;max-width:100%;line-height:1.45"
_PLAN_BOX = f"border-left:4px solid #0072B2;padding-left:.8em;box-sizing:border-box;{_PLAN_TEXT}"
_PLAN_PROMPT = f"display:block;float:none;width:auto;margin:.6em 0 0;font-weight:bold;{_PLAN_TEXT}"
_PLAN_ANSWER = f"display:block;float:none;width:auto;margin:0 0 0 1em;white-space:pre-wrap;{_PLAN_TEXT}"


def previous_plan(
    exercise: Exercise, previous: Version, previous_gathering: str, lang: Lang
) -> Html:
    """What the municipality planned at the previous gathering (the plan fields it answered)."""
    items = []
    for field in exercise.fields:
        answer = str(previous.answers.get(field.id) or "").strip()
        if field.phase == "plan" and isinstance(field, TextField) and answer:
            items.append(
                f'<dt style="{_PLAN_PROMPT}">{escape(field.prompt(lang))}</dt>'
                f'<dd style="{_PLAN_ANSWER}">{escape(answer)}</dd>'
            )
    if not items:
        return Html("")
    head = escape(t("reflection.previous_plan", lang, gathering=previous_gathering))
    return Html(
        f'<div class="previous-plan" style="{_PLAN_BOX}">'
        f'<p style="{_PLAN_TEXT}"><strong>{head}</strong></p>'
        f'<dl style="display:block;margin:0">{"".join(items)}</dl></div>'
    )


def exercise_sheet(
    exercise: Exercise,
    latest: Version | None,
    lang: Lang,
    *,
    has_previous: bool,
    previous: Version | None = None,
    previous_gathering: str = "",
) -> Html:
    """One exercise on paper: title, intro, each prompt with the saved answer or lines."""
    answers = latest.answers if latest else {}
    saved = (
        t("reflection.worksheet_saved", lang, time=local_time(latest.saved_at))
        if latest
        else t("reflection.worksheet_not_saved", lang)
    )
    parts = [
        Html(f"<h3>{escape(exercise.title(lang))}</h3>"),
        paragraph(exercise.intro(lang)),
        paragraph(saved, css_class="saved-note"),
    ]
    shown_previous = False
    for field in exercise.fields_for(has_previous):
        if field.phase == "followup" and not shown_previous and previous is not None:
            parts.append(previous_plan(exercise, previous, previous_gathering, lang))
            shown_previous = True
        parts.append(_field(field, answers.get(field.id), lang))
    return join(parts)


def wrap(sheets: Html, lang: Lang) -> Html:
    """The worksheet section around the exercises (hidden in the live view by the form)."""
    head = f'<h2 class="section">{escape(t("reflection.worksheet_heading", lang))}</h2>'
    intro = paragraph(t("reflection.worksheet_intro", lang)).markup
    return Html(f'<section class="{WORKSHEET_CLASS}">{head}{intro}{sheets.markup}</section>')
