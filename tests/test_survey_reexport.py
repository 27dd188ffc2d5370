"""Corrected or cumulative re-exports without submission ids are found, not counted twice."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from learning.survey.importer import import_survey
from learning.survey.store import load_responses
from learning.workspace import Workspace


def _corrected(workspace: Workspace, out: Path) -> Path:
    """The demo's Valdres export with its rejected rows fixed, exported again (same file name)."""
    book = load_workbook(workspace.demo_dir / "survey" / "valdres-baseline.xlsx")
    sheet = book.worksheets[0]
    sheet["B17"], sheet["B26"] = "3449", "Vang"
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def test_a_corrected_export_is_detected_and_replaces_only_when_asked(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    first = import_survey(demo_workspace, demo_workspace.demo_dir / "survey" / "valdres-baseline.xlsx",
                          "valdres", "baseline")
    assert first.accepted == 58
    corrected = _corrected(demo_workspace, tmp_path / "ny" / "valdres-baseline-rettet.xlsx")
    again = import_survey(demo_workspace, corrected, "valdres", "baseline")
    assert again.overlap_files == ("valdres-baseline.xlsx",) and len(again.overlap_rows) == 58
    assert again.accepted == 0 and len(load_responses(demo_workspace, "valdres")) == 58
    replaced = import_survey(demo_workspace, corrected, "valdres", "baseline", replace=True)
    assert replaced.replaced and replaced.accepted == 60
    stored = load_responses(demo_workspace, "valdres")
    assert len(stored) == 60 and set(stored["source_file"]) == {"valdres-baseline-rettet.xlsx"}


def test_a_cumulative_export_is_not_added_on_top(demo_workspace: Workspace, tmp_path: Path) -> None:
    source = demo_workspace.demo_dir / "survey" / "valdres-baseline.xlsx"
    book = load_workbook(source)
    sheet = book.worksheets[0]
    for row in range(40, sheet.max_row + 1):  # the first export had only the first answers
        for cell in sheet[row]:
            cell.value = None
    early = tmp_path / "tidlig.xlsx"
    book.save(early)
    assert import_survey(demo_workspace, early, "valdres", "baseline").accepted > 30
    later = import_survey(demo_workspace, source, "valdres", "baseline")
    assert later.overlap_files == ("tidlig.xlsx",) and later.accepted == 0


def test_rows_on_another_sheet_are_warned_about(demo_workspace: Workspace, tmp_path: Path) -> None:
    book = load_workbook(demo_workspace.demo_dir / "survey" / "valdres-baseline.xlsx")
    extra = book.create_sheet("Sent innkomne")
    for row in book.worksheets[0].iter_rows(min_row=1, max_row=4, values_only=True):
        extra.append(row)
    path = tmp_path / "to-ark.xlsx"
    book.save(path)
    summary = import_survey(demo_workspace, path, "valdres", "baseline")
    assert any("«Sent innkomne» har 3 rader" in w for w in summary.warnings), summary.warnings
