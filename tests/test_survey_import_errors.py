"""Files that cannot be used, bad rows, duplicates and re-imports; the input is never modified."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from learning.problems import UserError
from learning.survey import schema
from learning.survey.importer import import_survey
from learning.survey.store import load_responses, store_path
from learning.workspace import Workspace

NET = "valdres"
REPO = Path(__file__).resolve().parents[1]
SECRET = "Fiktiv hemmelighet 4711"  # free text that must never be echoed


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unusable_files(tmp: Path) -> dict[str, Path]:
    empty_book = Workbook()
    empty_book.active.append(["Navn", "Alder"])
    empty_book.save(tmp / "unknown.xlsx")
    (tmp / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return {
        "missing": tmp / "finnes-ikke.csv",
        "empty": write(tmp / "empty.csv", "\n\n"),
        "binary": tmp / "image.png",
        "one column": write(tmp / "one.csv", "kommune\n3449\n"),
        "unknown columns": write(tmp / "cols.csv", "Navn;Alder\nKari;40\n"),
        "unknown xlsx": tmp / "unknown.xlsx",
        "no municipality": write(tmp / "nokommune.csv", "tjeneste;p_identify\nnav;4\n"),
        "no service": write(tmp / "notjeneste.csv", "kommune;p_identify\n3449;4\n"),
        "same item twice": write(
            tmp / "twice.csv", "kommune;tjeneste;Hvilken kommune jobber du i?\n3449;nav;3449\n"
        ),
        "old xls": write(tmp / "old.xls", "\xd0\xcf\x11\xe0", "latin-1"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty",
        "binary",
        "one column",
        "unknown columns",
        "unknown xlsx",
        "no municipality",
        "no service",
        "same item twice",
        "old xls",
    ],
)
def test_unusable_file_is_a_user_error_and_writes_nothing(
    demo_workspace: Workspace, tmp_path: Path, case: str
) -> None:
    path = unusable_files(tmp_path)[case]
    before = digest(path) if path.exists() else None
    with pytest.raises(UserError) as caught:
        import_survey(demo_workspace, path, NET, "baseline")
    assert caught.value.problems and all(p.message for p in caught.value.problems)
    assert not store_path(demo_workspace, NET).exists()
    assert (digest(path) if path.exists() else None) == before


def test_unknown_wave_lists_valid_waves(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "ok.csv", "kommune;tjeneste\n3449;nav\n")
    with pytest.raises(UserError) as caught:
        import_survey(demo_workspace, path, NET, "samling-9")
    message = str(caught.value)
    for wave in ("baseline", "oppstart", "samhandling", "rutiner", "evaluering"):
        assert wave in message
    assert not store_path(demo_workspace, NET).exists()


def test_unknown_network(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "ok.csv", "kommune;tjeneste\n3449;nav\n")
    with pytest.raises(UserError, match="finnes ikke"):
        import_survey(demo_workspace, path, "atlantis", "baseline")


def test_bad_rows_are_listed_with_row_column_reason_and_no_free_text(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    text = (
        "kommune;tjeneste;p_identify;s_routine;samarbeid;kommentar\n"
        f"3449;nav;4;1;skole;{SECRET}\n"  # 2: fine
        f"Fjellby;nav;4;1;;{SECRET}\n"  # 3: unknown municipality name
        f"Gjøvik;nav;4;1;;{SECRET}\n"  # 4: a real municipality, not a member
        f";nav;4;1;;{SECRET}\n"  # 5: municipality missing
        f"3449;nav;7;1;;{SECRET}\n"  # 6: out of range
        f"3449;{SECRET};4;1;;\n"  # 7: service typed as free text
        f"3449;nav;{SECRET};1;;\n"  # 8: answer typed as free text
        f"3449;nav;4;1;{SECRET};\n"  # 9: unknown option
        "3449;;4;1;;\n"  # 10: service missing
        "9999;nav;4;1;;\n"  # 11: no such municipality number
    )
    path = write(tmp_path / "bad.csv", text)
    summary = import_survey(demo_workspace, path, NET, "baseline")
    assert summary.accepted == 1
    assert summary.rejected_rows == list(range(3, 12))
    by_row = {r.row: r for r in summary.rejected}
    assert "kommune" in by_row[3].column and "ukjent kommunenavn" in by_row[3].reason
    assert "3407" in by_row[4].reason and "ikke medlem" in by_row[4].reason
    assert "mangler" in by_row[5].reason
    assert "p_identify" in by_row[6].column and "7" in by_row[6].reason
    assert "tjeneste" in by_row[10].column and "mangler" in by_row[10].reason
    assert "9999" in by_row[11].reason
    for rejection in summary.rejected:
        assert "4711" not in rejection.reason + rejection.column
    assert len(load_responses(demo_workspace, NET)) == 1


def test_reimport_adds_nothing_and_says_so(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "kommune;tjeneste\n3449;nav\n3450;skole\n")
    first = import_survey(demo_workspace, path, NET, "baseline")
    again = import_survey(demo_workspace, path, NET, "baseline")
    assert (first.accepted, first.already_imported) == (2, False)
    assert (again.accepted, again.already_imported) == (0, True)
    assert len(load_responses(demo_workspace, NET)) == 2


def test_submission_already_stored_is_a_duplicate(
    demo_workspace: Workspace, tmp_path: Path
) -> None:
    first = write(
        tmp_path / "first.csv", "$submission_id,kommune,tjeneste\n11,3449,nav\n12,3450,nav\n"
    )
    second = write(
        tmp_path / "second.csv",
        "$submission_id,kommune,tjeneste\n12,3450,nav\n13,3451,nav\n13,3451,nav\n",
    )
    import_survey(demo_workspace, first, NET, "baseline")
    summary = import_survey(demo_workspace, second, NET, "baseline")
    assert summary.accepted == 1
    assert summary.duplicates == (2, 4)  # 12 stored before; 13 twice in the file
    stored = load_responses(demo_workspace, NET)
    assert sorted(stored["submission_id"]) == ["11", "12", "13"]


def test_input_file_is_never_modified(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = write(
        tmp_path / "w.csv", "kommune;tjeneste;p_identify\r\n301;nav;4\r\n3449;nav;x\r\n", "cp1252"
    )
    before, mtime = digest(path), path.stat().st_mtime_ns
    import_survey(demo_workspace, path, NET, "baseline")
    assert digest(path) == before and path.stat().st_mtime_ns == mtime


def test_empty_store_has_schema_columns(demo_workspace: Workspace) -> None:
    empty = load_responses(demo_workspace, NET)
    assert empty.empty and tuple(empty.columns) == schema.RESPONSE_COLUMNS
    assert str(empty["c_talk_child"].dtype) == "Int8"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "learning", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        check=False,
    )


def test_cli_import_and_bad_wave(demo_workspace: Workspace, tmp_path: Path) -> None:
    path = write(
        tmp_path / "cli.csv", f"kommune;tjeneste;kommentar\n3449;nav;{SECRET}\n;nav;{SECRET}\n"
    )
    ws = str(demo_workspace.root)
    done = run_cli("import-survey", str(path), "--network", NET, "--wave", "baseline", "-w", ws)
    assert done.returncode == 0, done.stderr
    assert "Godtatt og lagret: 1" in done.stdout and "Avvist: 1" in done.stdout
    assert "4711" not in done.stdout + done.stderr
    again = run_cli("import-survey", str(path), "--network", NET, "--wave", "baseline", "-w", ws)
    assert "allerede importert" in again.stdout
    wrong = run_cli("import-survey", str(path), "--network", NET, "--wave", "nope", "-w", ws)
    assert wrong.returncode != 0 and "rutiner" in wrong.stderr and "Traceback" not in wrong.stderr
    gone = run_cli(
        "import-survey", str(tmp_path / "x.csv"), "--network", NET, "--wave", "baseline", "-w", ws
    )
    assert gone.returncode != 0 and "finnes ikke" in gone.stderr


def test_crash_while_writing_keeps_the_old_store(
    demo_workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_survey(
        demo_workspace, write(tmp_path / "a.csv", "kommune;tjeneste\n3449;nav\n"), NET, "baseline"
    )
    store = store_path(demo_workspace, NET)
    before = digest(store)

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", crash)
    with pytest.raises(OSError):
        import_survey(
            demo_workspace,
            write(tmp_path / "b.csv", "kommune;tjeneste\n3450;nav\n"),
            NET,
            "baseline",
        )
    assert digest(store) == before
    assert not [p for p in store.parent.iterdir() if p.name.endswith(".tmp")]
