"""The live exercises: one ipywidgets page per gathering, with one Save button for all exercises.

:class:`ExerciseFields` holds one exercise's inputs; :class:`ReflectionPage` puts the exercises of
a gathering on one page with one role choice, one sharing choice and one Save button, so a
participant saves once. A save appends one version per exercise that changed (its answers, or the
sharing choice when the exercise was saved before); exercises left as they were are not saved
again. Both are plain Python around the widgets, so tests set values and call
:meth:`ReflectionPage.save` (or ``page.save_button.click()``) without a browser.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from learning.i18n import Lang, t
from learning.present import escape
from learning.reference.guideline import MEASURES, STATUSES, measure_name, status_label
from learning.reflection.answers import Answers, answer_errors, cleaned, empty_answers
from learning.reflection.exercises import ChoiceField, Exercise, MeasuresField, TextField
from learning.reflection.store import ROLES, Store, Version, store_errors
from learning.reflection.timefmt import local_time
from learning.reflection.worksheet import previous_plan


def _full() -> widgets.Layout:
    """A full-width layout (a widget itself: made only when a form is built)."""
    return widgets.Layout(width="100%")


_OK = "color:#0a5c2a;border-left:4px solid #0a5c2a;padding:.4em .8em;background:#eef7f0"
_ERROR = "color:#8a1020;border-left:4px solid #8a1020;padding:.4em .8em;background:#fbeff0"
_INFO = "border-left:4px solid #0072B2;padding:.4em .8em;background:#eef4fa"


def role_label(role: str, lang: Lang) -> str:
    key = "reflection.role.fasilitator" if role == "fasilitator" else f"common.role.{role}"
    return t(key, lang)


class ExerciseFields:
    """One exercise's inputs for one municipality at one gathering (saved by the page).

    ``previous`` is the municipality's latest version of the same exercise at the previous
    gathering (shown above the follow-up questions), or ``None``; with nothing saved yet, its
    M1–M13 self-assessment is the starting point.
    """

    def __init__(
        self,
        store: Store,
        exercise: Exercise,
        *,
        network: str,
        gathering: str,
        municipality: str,
        lang: Lang,
        has_previous: bool = False,
        previous: Version | None = None,
        previous_gathering: str = "",
    ) -> None:
        self.exercise, self.lang, self.has_previous = exercise, lang, has_previous
        self.latest = store.latest(network, gathering, municipality, exercise.id)
        saved = {**empty_answers(exercise), **(self.latest.answers if self.latest else {})}
        if self.latest is None and previous is not None:
            # The last self-assessment is where this one starts: measures rarely change at once.
            for field in exercise.fields_for(has_previous):
                if isinstance(field, MeasuresField) and field.id in previous.answers:
                    saved[field.id] = previous.answers[field.id]
        self.inputs: dict[str, Any] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<h3>{escape(exercise.title(lang))}</h3><p>{escape(exercise.intro(lang))}</p>"
            )
        ]
        shown_previous = False
        for field in exercise.fields_for(has_previous):
            if field.phase == "followup" and not shown_previous and previous is not None:
                plan = previous_plan(exercise, previous, previous_gathering, lang)
                rows.append(widgets.HTML(plan.markup))
                shown_previous = True
            rows += self._field_rows(field, saved.get(field.id))
        self.last_saved = widgets.HTML(self._last_saved_text())
        self.widget = widgets.VBox(
            [*rows, self.last_saved], layout=widgets.Layout(margin="0 0 2em 0")
        )
        self._opened = self.answers()

    def _field_rows(
        self, field: TextField | ChoiceField | MeasuresField, value: Any
    ) -> list[widgets.Widget]:
        prompt = field.prompt(self.lang)
        mark = f" {t('reflection.required_mark', self.lang)}" if field.required else ""
        hint = field.help(self.lang) if field.help else ""
        if isinstance(field, TextField):
            hint = (
                f"{hint} {t('reflection.max_length_hint', self.lang, max=field.max_length)}".strip()
            )
        label = widgets.HTML(
            f"<p><strong>{escape(prompt)}</strong>{escape(mark)}"
            + (f"<br><small>{escape(hint)}</small>" if hint else "")
            + "</p>"
        )
        if isinstance(field, TextField):
            box = widgets.Textarea(
                value=str(value or ""), placeholder=prompt, rows=field.rows, layout=_full()
            )
            self.inputs[field.id] = box
            return [label, box]
        if isinstance(field, ChoiceField):
            options = [(o.label(self.lang), o.value) for o in field.options]
            known = {o.value for o in field.options}
            radio = widgets.RadioButtons(
                options=options, value=value if value in known else None, layout=_full()
            )
            self.inputs[field.id] = radio
            return [label, radio]
        return [label, self._measure_grid(field, value if isinstance(value, dict) else {})]

    def _measure_grid(self, field: MeasuresField, grid: dict[str, Any]) -> widgets.Widget:
        statuses = [(t("reflection.choose", self.lang), "")] + [
            (status_label(s, self.lang), s) for s in STATUSES
        ]
        cells: dict[str, tuple[widgets.Dropdown, widgets.Text]] = {}
        rows = []
        for code in MEASURES:
            entry = grid.get(code) or {}
            status = entry.get("status") if entry.get("status") in STATUSES else ""
            dropdown = widgets.Dropdown(
                options=statuses,
                value=status,
                description=code,
                style={"description_width": "3em"},
                layout=widgets.Layout(width="14em"),
            )
            comment = widgets.Text(
                value=str(entry.get("comment") or ""),
                placeholder=f"{code} {t('reflection.col_comment', self.lang).lower()}",
                layout=widgets.Layout(flex="1 1 auto"),
            )
            name = widgets.HTML(
                escape(measure_name(code, self.lang)),
                layout=widgets.Layout(width="40%"),
            )
            cells[code] = (dropdown, comment)
            rows.append(widgets.HBox([dropdown, name, comment], layout=_full()))
        self.inputs[field.id] = cells
        return widgets.VBox(rows, layout=_full())

    def values(self) -> Answers:
        """What is in the form now, as answers (not yet checked)."""
        answers: Answers = {}
        for field_id, control in self.inputs.items():
            if isinstance(control, dict):
                answers[field_id] = {
                    code: {"status": dropdown.value or "", "comment": comment.value}
                    for code, (dropdown, comment) in control.items()
                }
            else:
                answers[field_id] = control.value or ""
        return answers

    def answers(self) -> Answers:
        """The answers as they would be stored (only this gathering's fields, trimmed)."""
        return cleaned(self.exercise, self.values(), has_previous=self.has_previous)

    def changed(self) -> bool:
        """Whether anything differs from what the form opened with (saved answers or start).

        A self-assessment carried over from the previous gathering is saved only once someone
        changes it, so a save never confirms statuses nobody looked at.
        """
        return self.answers() != self._opened

    def mark_saved(self, version: Version) -> None:
        """``version`` is now the latest: what a later save compares with."""
        self.latest = version
        self._opened = self.answers()
        self.last_saved.value = self._last_saved_text()

    def errors(self) -> list[str]:
        """What must be fixed before these answers can be saved (in the report language)."""
        return answer_errors(self.exercise, self.values(), self.lang, has_previous=self.has_previous)

    def _last_saved_text(self) -> str:
        if self.latest is None:
            return ""
        text = t(
            "reflection.last_saved",
            self.lang,
            time=local_time(self.latest.saved_at),
            role=role_label(self.latest.role, self.lang),
        )
        return f"<p><small>{escape(text)}</small></p>"


class ReflectionPage:
    """The exercises of one gathering on one page: one role, one sharing choice, one Save.

    ``fixed_role``: the role comes from the server's identity, so the page asks for none.
    """

    def __init__(
        self,
        store: Store,
        exercises: list[ExerciseFields],
        *,
        network: str,
        gathering: str,
        municipality: str,
        lang: Lang,
        role: str = "",
        fixed_role: bool = False,
    ) -> None:
        if role and role not in ROLES:
            raise ValueError(f"role={role!r}: ukjent rolle; tillatt: {', '.join(ROLES)}")
        self.store, self.exercises = store, exercises
        self.network, self.gathering, self.municipality, self.lang = (
            network,
            gathering,
            municipality,
            lang,
        )
        saved = [e.latest for e in exercises if e.latest is not None]
        newest = max(saved, key=lambda v: v.id) if saved else None
        self.role = widgets.Dropdown(
            options=[(t("reflection.choose", lang), "")]
            + [(role_label(r, lang), r) for r in ROLES],
            value=role or (newest.role if newest else ""),
            description=t("reflection.role_label", lang),
            style={"description_width": "initial"},
        )
        # Shared only if everything saved so far is: a page never shares by default.
        self._opened_shared = bool(saved) and all(v.shared for v in saved)
        self.share = widgets.Checkbox(
            value=self._opened_shared,
            description=t("reflection.share_label", lang),
            indent=False,
            layout=_full(),
        )
        self.save_button = widgets.Button(
            description=t("reflection.save_button", lang), button_style="primary", icon="save"
        )
        self.save_button.on_click(lambda _button: self.save())
        self.status = widgets.HTML("")
        self.widget = widgets.VBox(
            [
                *(e.widget for e in exercises),
                *([] if fixed_role else [self.role]),
                self.share,
                self.save_button,
                self.status,
            ],
            layout=widgets.Layout(margin="0 0 2em 0"),
        )

    def exercise(self, exercise_id: str) -> ExerciseFields:
        """The inputs of one exercise on the page."""
        return next(e for e in self.exercises if e.exercise.id == exercise_id)

    def to_save(self) -> list[ExerciseFields]:
        """The exercises a save stores: changed ones, and (sharing changed) all saved before."""
        share_changed = bool(self.share.value) != self._opened_shared
        return [
            e for e in self.exercises
            if e.changed() or (share_changed and e.latest is not None)
        ]

    def errors(self, chosen: list[ExerciseFields]) -> list[str]:
        """What must be fixed before ``chosen`` can be saved, each named by its exercise."""
        problems = [
            f"{e.exercise.title(self.lang)}: {problem}" for e in chosen for problem in e.errors()
        ]
        if not self.role.value:
            problems.append(t("reflection.error_role", self.lang))
        return problems

    def save(self) -> list[Version] | None:
        """Check every changed exercise; if all are fine, store a version of each and confirm.

        Nothing is stored while any of them has a problem. If the store fails part-way, the
        message names what was saved; the rest still differs from its latest version, so the
        next Save stores just that.
        """
        chosen = self.to_save()
        if not chosen:
            self.status.value = (
                f'<p role="status" style="{_INFO}">'
                f"{escape(t('reflection.nothing_to_save', self.lang))}</p>"
            )
            return None
        problems = self.errors(chosen)
        if problems:
            items = "".join(f"<li>{escape(p)}</li>" for p in problems)
            self.status.value = (
                f'<div role="alert" style="{_ERROR}"><strong>'
                f"{escape(t('reflection.not_saved', self.lang))}</strong><ul>{items}</ul></div>"
            )
            return None
        stored: list[tuple[ExerciseFields, Version]] = []
        failed = False
        for fields in chosen:
            try:
                version = self.store.append(
                    network=self.network,
                    municipality=self.municipality,
                    gathering=self.gathering,
                    exercise=fields.exercise.id,
                    role=self.role.value,
                    shared=bool(self.share.value),
                    answers=fields.answers(),
                )
            except store_errors():
                failed = True
                break
            fields.mark_saved(version)
            stored.append((fields, version))
        if stored and not failed:
            self._opened_shared = bool(self.share.value)
        self.status.value = self._saved_markup(stored, failed)
        return [version for _fields, version in stored] if stored and not failed else None

    def _saved_markup(self, stored: list[tuple[ExerciseFields, Version]], failed: bool) -> str:
        parts = []
        if stored:
            which = ", ".join(
                t(
                    "reflection.saved_exercise",
                    self.lang,
                    exercise=fields.exercise.title(self.lang),
                    number=len(self.store.history(
                        self.network, self.gathering, self.municipality, fields.exercise.id
                    )),
                )
                for fields, _version in stored
            )
            shared = t(
                "reflection.saved_shared" if self.share.value else "reflection.saved_private",
                self.lang,
            )
            message = t(
                "reflection.saved",
                self.lang,
                time=local_time(stored[-1][1].saved_at),
                exercises=which,
                shared=shared,
            )
            parts.append(
                f'<p role="status" class="learning-saved" style="{_OK}">✓ {escape(message)}</p>'
            )
        if failed:
            key = "reflection.error_store_rest" if stored else "reflection.error_store"
            parts.append(f'<div role="alert" style="{_ERROR}">{escape(t(key, self.lang))}</div>')
        return "".join(parts)
