"""Hostile and odd survey files: decompression bombs, broken workbooks, UTF-16 text and
submission dates in the future. Each gets a clear message (no traceback), the store is not
touched, and the file itself is never changed. The hostile files are made here, never committed."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from learning.problems import UserError
from learning.survey import workbook_limits
from learning.survey.importer import import_survey
from learning.survey.store import load_responses, store_path
from learning.workspace import Workspace

NET = "valdres"
CSV = "kommune;tjeneste\n3449;nav\n3450;skole\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_with(path: Path, members: dict[str, bytes | int]) -> Path:
    """A zip whose members are given bytes, or (an int) that many zero bytes written in chunks, so
    a bomb's contents never sit in memory at once."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            chunk = b"\0" * 1024**2
            with archive.open(name, "w", force_zip64=True) as member:
                for _ in range(content // len(chunk)):
                    member.write(chunk)
    return path


def rewritten(path: Path, source: bytes, replace: dict[str, bytes | None]) -> Path:
    """``source`` (a workbook) with some members replaced (or left out when None)."""
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            if item.filename in replace:
                if replace[item.filename] is not None:
                    copy.writestr(item.filename, replace[item.filename])
            else:
                copy.writestr(item, original.read(item.filename))
    return path


def refused(workspace: Workspace, path: Path) -> str:
    before = digest(path)
    with pytest.raises(UserError) as caught:
        import_survey(workspace, path, NET, "baseline")
    assert digest(path) == before
    assert not store_path(workspace, NET).exists()
    problem = caught.value.problems[0]
    assert problem.source.endswith(path.name)  # which file
    return problem.message


def test_a_decompression_bomb_is_refused_before_it_expands(demo_workspace: Workspace, tmp_path: Path) -> None:
    size = workbook_limits.MAX_UNCOMPRESSED_BYTES + 64 * 1024**2
    bomb = zip_with(tmp_path / "bomb.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": size})
    assert bomb.stat().st_size < 1024**2  # a small file …
    message = refused(demo_workspace, bomb)  # … that would expand to hundreds of MB
    assert "pakkes ut til" in message and "MB" in message and "Eksporter" in message


def test_a_member_that_expands_far_too_much_is_refused(demo_workspace: Workspace, tmp_path: Path) -> None:
    bomb = zip_with(tmp_path / "ratio.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": 16 * 1024**2})
    message = refused(demo_workspace, bomb)
    assert "zip-bombe" in message and "sharedStrings" in message


def test_a_malformed_content_types_part_is_a_clear_error(demo_workspace: Workspace, tmp_path: Path) -> None:
    good = workbook_bytes([["kommune", "tjeneste"], ["3449", "nav"]])
    broken = rewritten(tmp_path / "broken.xlsx", good, {"[Content_Types].xml": b"<Types><Default Extension="})
    message = refused(demo_workspace, broken)
    assert "skadet" in message and "lagre den på nytt" in message


def test_a_workbook_with_a_broken_sheet_is_a_clear_error(demo_workspace: Workspace, tmp_path: Path) -> None:
    good = workbook_bytes([["kommune", "tjeneste"], ["3449", "nav"]])
    broken = rewritten(tmp_path / "sheet.xlsx", good, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    assert "skadet" in refused(demo_workspace, broken)


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip" + b"x" * 200,
                                     b"PK\x03\x04" + bytes(range(256)) * 4], ids=["garbage", "binary"])
def test_not_a_zip_after_all_is_a_clear_error(demo_workspace: Workspace, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    assert "zip-innholdet er skadet" in refused(demo_workspace, path)


def test_a_zip_that_is_no_workbook_is_a_clear_error(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = zip_with(tmp_path / "archive.xlsx", {"readme.txt": b"hei"})
    assert "[Content_Types].xml mangler" in refused(demo_workspace, path)


def test_rows_beyond_the_bound_are_refused(demo_workspace: Workspace, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_limits, "MAX_ROWS", 5)
    path = tmp_path / "long.xlsx"
    path.write_bytes(workbook_bytes([["kommune", "tjeneste"]] + [["3449", "nav"]] * 10))
    assert "flere enn 5 rader" in refused(demo_workspace, path)


def test_an_oversized_file_is_refused_unread(demo_workspace: Workspace, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import learning.survey.importer as importer

    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.csv"
    path.write_text(CSV, encoding="utf-8")
    assert "høyst" in refused(demo_workspace, path)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read(demo_workspace: Workspace, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes(CSV.replace("skole", "skole").encode(encoding))  # Excel's «Unicode text»
    before = digest(path)
    summary = import_survey(demo_workspace, path, NET, "baseline")
    assert (summary.accepted, summary.rejected) == (2, ())
    assert digest(path) == before


def test_submission_dates_in_the_future_are_rejected_rows(demo_workspace: Workspace, tmp_path: Path) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    text = ("$submission_id,$created,kommune,tjeneste\n"
            "1,2024-03-01T10:00:00+01:00,3449,nav\n"
            f"2,{soon.isoformat(timespec='seconds')},3450,nav\n")
    path = tmp_path / "future.csv"
    path.write_text(text, encoding="utf-8")
    summary = import_survey(demo_workspace, path, NET, "baseline")
    assert summary.accepted == 1 and summary.rejected_rows == [3]
    assert "$created" in summary.rejected[0].column and "fram i tid" in summary.rejected[0].reason
    assert len(load_responses(demo_workspace, NET)) == 1


def test_an_old_style_future_date_is_rejected_too(demo_workspace: Workspace, tmp_path: Path) -> None:
    next_year = dt.date.today().year + 1
    path = tmp_path / "opprettet.csv"
    path.write_text(f"Opprettet;kommune;tjeneste\n01.02.2024;3449;nav\n01.02.{next_year};3450;nav\n", encoding="utf-8")
    summary = import_survey(demo_workspace, path, NET, "baseline")
    assert summary.rejected_rows == [3] and "Opprettet" in summary.rejected[0].column


def test_the_command_reports_a_broken_workbook_without_a_traceback(demo_workspace: Workspace, tmp_path: Path) -> None:
    broken = rewritten(tmp_path / "broken.xlsx", workbook_bytes([["kommune"], ["3449"]]),
                       {"[Content_Types].xml": b"<<<"})
    result = subprocess.run([sys.executable, "-m", "learning", "import-survey", str(broken), "-n", NET,
                             "--wave", "baseline", "-w", str(demo_workspace.root)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "broken.xlsx" in result.stderr and "skadet" in result.stderr


def test_a_corrupt_survey_store_is_a_clear_error_and_left_alone(demo_workspace: Workspace, tmp_path: Path) -> None:
    store = store_path(demo_workspace, NET)
    store.parent.mkdir(parents=True)
    store.write_bytes(b"PAR1 not really parquet")
    source = tmp_path / "svar.csv"
    source.write_text(CSV, encoding="utf-8")
    with pytest.raises(UserError, match="svartabellen for valdres er skadet"):
        import_survey(demo_workspace, source, NET, "baseline")
    assert store.read_bytes() == b"PAR1 not really parquet"
