"""Sections of ``gathering_summary.ipynb``: what the municipalities shared for a gathering.

Only a municipality's *current* answer counts, and only when that version was saved with «share
with the network» ticked: an earlier shared version does not leak out once the municipality has
saved a newer one without sharing. The self-assessment of M1–M13 is drawn as a heat map with the
status written in every cell (and a pattern per level), so it never depends on colour alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from matplotlib.patches import Rectangle

from learning.charts import chart, new_figure
from learning.i18n import t
from learning.present import Html, escape, heading, join, paragraph
from learning.present import table as html_table
from learning.reference.guideline import MEASURES, STATUSES, measure_name, status_label
from learning.reflection.exercises import ChoiceField, Exercise, MeasuresField, TextField
from learning.reflection.store import Store, Version
from learning.reports import common
from learning.reports.context import ReportContext

# Light to dark, one hue (readable in grey scale); the darkest level gets white text.
LEVEL_COLOURS = {
    "ikke_startet": "#f2f2f2",
    "planlagt": "#c6dbef",
    "i_gang": "#6baed6",
    "etablert": "#08519c",
}
LEVEL_HATCHES = {"ikke_startet": "", "planlagt": ".", "i_gang": "/", "etablert": ""}
_PHASE_ORDER = {"followup": 0, "always": 1, "plan": 2}


def _t(ctx: ReportContext, key: str, **values: object) -> str:
    return t(f"reflection.{key}", ctx.lang, **values)


def shared_current(
    store: Store, network: str, gathering: str
) -> dict[tuple[str, str], Version]:
    """(municipality, exercise) → the current version, for those whose current version is shared."""
    return {
        (v.municipality, v.exercise): v
        for v in store.latest_per_municipality(network, gathering)
        if v.shared
    }


@dataclass(frozen=True)
class Shared:
    """What the municipalities shared for one gathering, and for the one before it."""

    ctx: ReportContext

    @cached_property
    def exercises(self) -> list[Exercise]:
        exercises = self.ctx.exercises
        return exercises.for_gathering(self.ctx.gathering.id) if exercises else []

    @cached_property
    def previous_gathering(self) -> str:
        until = self.ctx.network.gatherings_until(self.ctx.gathering.id)
        return until[-2].id if len(until) > 1 else ""

    @cached_property
    def current(self) -> dict[tuple[str, str], Version]:
        return shared_current(self.ctx.reflections, self.ctx.network.id, self.ctx.gathering.id)

    @cached_property
    def previous(self) -> dict[tuple[str, str], Version]:
        if not self.previous_gathering:
            return {}
        return shared_current(self.ctx.reflections, self.ctx.network.id, self.previous_gathering)


def header(ctx: ReportContext) -> Html:
    return common.header(ctx, "reflection.summary_title", _t(ctx, "summary_intro"))


def _answer_text(field: TextField | ChoiceField, value: object, lang: str) -> str:
    if isinstance(field, ChoiceField):
        labels = {o.value: o.label(lang) for o in field.options}  # type: ignore[arg-type]
        return labels.get(str(value), "")
    return str(value or "").strip()


def _answers_list(exercise: Exercise, version: Version, lang: str, phases: set[str]) -> str:
    fields = sorted(
        (f for f in exercise.fields if f.phase in phases and not isinstance(f, MeasuresField)),
        key=lambda f: _PHASE_ORDER[f.phase],
    )
    items = []
    for field in fields:
        text = _answer_text(field, version.answers.get(field.id), lang)  # type: ignore[arg-type]
        if text:
            items.append(
                f"<dt>{escape(field.prompt(lang))}</dt>"  # type: ignore[arg-type]
                f'<dd style="white-space:pre-wrap">{escape(text)}</dd>'
            )
    return f"<dl>{''.join(items)}</dl>" if items else ""


def shared_learning(ctx: ReportContext) -> Html:
    """Per sharing municipality: what it tried, what happened and what it learned."""
    shared = Shared(ctx)
    text_exercises = [
        e for e in shared.exercises if any(not isinstance(f, MeasuresField) for f in e.fields)
    ]
    parts = [heading(_t(ctx, "shared_heading"))]
    sharing = [
        m
        for m in ctx.network.member_numbers
        if any((m, e.id) in shared.current for e in text_exercises)
    ]
    if not sharing:
        return join([*parts, paragraph(_t(ctx, "shared_none"))])
    parts.append(
        paragraph(_t(ctx, "shared_count", shared=len(sharing), total=len(ctx.network.members)))
    )
    silent = [ctx.municipality_name(m) for m in ctx.network.member_numbers if m not in sharing]
    if silent:
        parts.append(paragraph(_t(ctx, "shared_missing", names=", ".join(silent))))
    for number in sharing:
        parts.append(heading(shared_name(ctx, number), 3))
        for exercise in text_exercises:
            version = shared.current.get((number, exercise.id))
            if version is None:
                continue
            parts.append(heading(exercise.title(ctx.lang), 4))
            before = shared.previous.get((number, exercise.id))
            planned = _answers_list(exercise, before, ctx.lang, {"plan"}) if before else ""
            if planned:
                label = _t(ctx, "planned_before",
                           gathering=common.gathering_label(ctx.network, shared.previous_gathering, ctx.lang))
                parts.append(Html(f"<p><em>{escape(label)}</em></p>{planned}"))
            parts.append(
                Html(_answers_list(exercise, version, ctx.lang, {"followup", "always", "plan"}))
            )
    return join(parts)


def _grid(
    versions: dict[tuple[str, str], Version], exercise: Exercise, field: MeasuresField
) -> dict[str, dict]:
    """Municipality → measure → status, from the shared current versions of one exercise."""
    grids = {}
    for (number, exercise_id), version in versions.items():
        if exercise_id == exercise.id:
            answers = version.answers.get(field.id) or {}
            grids[number] = {code: (answers.get(code) or {}).get("status", "") for code in MEASURES}
    return grids


def _movement(now: str, before: str | None) -> int | None:
    """+1 up, -1 down, 0 same, ``None`` when either is missing."""
    if not now or not before or now not in STATUSES or before not in STATUSES:
        return None
    difference = STATUSES.index(now) - STATUSES.index(before)
    return (difference > 0) - (difference < 0)


def measures(ctx: ReportContext) -> Html:
    """The M1–M13 heat map across sharing municipalities, a table of the same, and the movement."""
    shared = Shared(ctx)
    parts = [heading(_t(ctx, "measures_heading"))]
    found = [(e, f) for e in shared.exercises for f in e.fields if isinstance(f, MeasuresField)]
    if not found:
        return join([*parts, paragraph(_t(ctx, "measures_none"))])
    exercise, field = found[0]
    now = _grid(shared.current, exercise, field)
    before = _grid(shared.previous, exercise, field)
    numbers = [m for m in ctx.network.member_numbers if m in now]
    if not numbers:
        return join([*parts, paragraph(_t(ctx, "measures_none"))])
    previous_label = (common.gathering_label(ctx.network, shared.previous_gathering, ctx.lang)
                      if shared.previous_gathering else _t(ctx, "no_previous"))
    moves = {
        (m, c): _movement(now[m][c], before.get(m, {}).get(c)) for m in numbers for c in MEASURES
    }
    parts.append(_heatmap(ctx, numbers, now, moves, previous_label))
    parts.append(_status_table(ctx, numbers, now, before, previous_label))
    parts.append(_movement_table(ctx, numbers, moves, previous_label))
    return join(parts)


def _status_word(ctx: ReportContext, status: str) -> str:
    return status_label(status, ctx.lang)


def _heatmap(
    ctx: ReportContext, numbers: list[str], now: dict, moves: dict, previous_label: str
) -> Html:
    arrows = {1: " ↑", -1: " ↓"}
    with new_figure(2.2 + 0.95 * len(numbers), 1.0 + 0.36 * len(MEASURES)) as (fig, ax):
        for column, number in enumerate(numbers):
            for row, code in enumerate(MEASURES):
                status = now[number][code]
                ax.add_patch(
                    Rectangle(
                        (column, row),
                        1,
                        1,
                        facecolor=LEVEL_COLOURS.get(status, "white"),
                        hatch=LEVEL_HATCHES.get(status, ""),
                        edgecolor="#595959",
                        linewidth=0.6,
                    )
                )
                label = (_status_word(ctx, status) if status else "–") + arrows.get(
                    moves[(number, code)], ""
                )
                # Text over a pattern sits on a white patch so it stays readable.
                backing = {"facecolor": "white", "edgecolor": "none", "pad": 0.8}
                ax.text(
                    column + 0.5,
                    row + 0.5,
                    label,
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if status == "etablert" else "#1a1a1a",
                    bbox=backing if LEVEL_HATCHES.get(status) else None,
                )
        ax.set_xlim(0, len(numbers))
        ax.set_ylim(len(MEASURES), 0)
        ax.set_xticks(
            [i + 0.5 for i in range(len(numbers))],
            [ctx.municipality_name(n) for n in numbers],
            rotation=30,
            ha="right",
        )
        ax.set_yticks([i + 0.5 for i in range(len(MEASURES))], list(MEASURES))
        ax.tick_params(length=0)
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_title(_t(ctx, "heatmap_title"))
        counts = Counter(now[n][c] for n in numbers for c in MEASURES)
        description = _t(
            ctx,
            "heatmap_description",
            count=len(numbers),
            names=", ".join(ctx.municipality_name(n) for n in numbers),
            previous=previous_label,
            established=counts["etablert"],
            started=counts["i_gang"],
            planned=counts["planlagt"],
            not_started=counts["ikke_startet"],
            cells=len(numbers) * len(MEASURES),
            up=sum(1 for m in moves.values() if m == 1),
            down=sum(1 for m in moves.values() if m == -1),
        )
        return chart(fig, description, _t(ctx, "heatmap_title"))


def _status_table(
    ctx: ReportContext, numbers: list[str], now: dict, before: dict, previous_label: str
) -> Html:
    rows = []
    for code in MEASURES:
        row = {_t(ctx, "col_measure"): f"{code} {measure_name(code, ctx.lang)}"}
        for number in numbers:
            text = _status_word(ctx, now[number][code])
            earlier = before.get(number, {}).get(code)
            move = _movement(now[number][code], earlier)
            if move == 1:
                text += f" ({_t(ctx, 'movement_up', status=_status_word(ctx, earlier or ''))})"
            elif move == -1:
                text += f" ({_t(ctx, 'movement_down', status=_status_word(ctx, earlier or ''))})"
            row[ctx.municipality_name(number)] = text
        rows.append(row)
    return html_table(
        pd.DataFrame(rows), _t(ctx, "measures_table_caption", previous=previous_label)
    )


def _movement_table(
    ctx: ReportContext, numbers: list[str], moves: dict, previous_label: str
) -> Html:
    rows = []
    for number in numbers:
        mine = [moves[(number, c)] for c in MEASURES]
        rows.append(
            {
                t("overview.col_municipality", ctx.lang): shared_name(ctx, number),
                _t(ctx, "col_up"): mine.count(1),
                _t(ctx, "col_down"): mine.count(-1),
                _t(ctx, "col_same"): mine.count(0),
                _t(ctx, "col_not_compared"): mine.count(None),
            }
        )
    return heading(_t(ctx, "movement_heading"), 3) + html_table(
        pd.DataFrame(rows), _t(ctx, "movement_caption", previous=previous_label)
    )


def shared_name(ctx: ReportContext, number: str) -> str:
    return f"{number} {ctx.municipality_name(number)}"
