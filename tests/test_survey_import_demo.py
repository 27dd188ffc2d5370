"""The committed demo exports: reproducible, and importing them gives the manifest's counts."""

from __future__ import annotations

from pathlib import Path

from learning.survey.store import load_responses
from learning.synthetic.manifest import import_demo_surveys, load_manifest
from learning.synthetic.survey import write_demo_surveys
from learning.workspace import Workspace


def test_regenerating_gives_identical_files(repo_workspace: Workspace, tmp_path: Path) -> None:
    committed = repo_workspace.demo_dir / "survey"
    write_demo_surveys(repo_workspace, tmp_path)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(p.name for p in committed.iterdir() if p.name != "README.md")
    for name in generated:
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def test_manifest_covers_both_networks_and_later_waves(repo_workspace: Workspace) -> None:
    files = load_manifest(repo_workspace).files
    waves = {(f.network, f.wave) for f in files}
    assert {("midt-norge-2022", "baseline"), ("valdres", "baseline")} <= waves
    assert any(n == "midt-norge-2022" and w != "baseline" for n, w in waves)
    assert any(n == "valdres" and w != "baseline" for n, w in waves)
    assert {Path(f.file).suffix for f in files} >= {".csv", ".xlsx"}


def test_demo_import_matches_manifest_and_is_idempotent(demo_workspace: Workspace) -> None:
    manifest = load_manifest(demo_workspace).files
    summaries = import_demo_surveys(demo_workspace)
    for entry, summary in zip(manifest, summaries, strict=True):
        got = (summary.accepted, len(summary.rejected_rows), len(summary.duplicates))
        want = (entry.expected.accepted, entry.expected.rejected, entry.expected.duplicates)
        assert got == want, entry.file
    stored = {n: load_responses(demo_workspace, n) for n in ("midt-norge-2022", "valdres")}
    for network, frame in stored.items():
        want = sum(e.expected.accepted for e in manifest if e.network == network)
        assert len(frame) == want
    again = import_demo_surveys(demo_workspace)
    assert all(s.already_imported and s.accepted == 0 for s in again)
    assert {n: len(load_responses(demo_workspace, n)) for n in stored} == {
        n: len(f) for n, f in stored.items()
    }


def test_demo_data_shows_change_and_small_groups(demo_workspace: Workspace) -> None:
    import_demo_surveys(demo_workspace)
    for network in ("midt-norge-2022", "valdres"):
        frame = load_responses(demo_workspace, network)
        practice = frame[frame["p_identify"] > 0].groupby("wave")["p_identify"].mean()
        later = practice.drop("baseline")
        assert (later > practice["baseline"]).all()
        per_municipality = frame.groupby(["wave", "kommune"]).size()
        assert (per_municipality >= 8).mean() > 0.7  # most municipalities have ≥ 8 per wave
        assert (frame.groupby(["wave", "kommune", "tjeneste"]).size() < 5).any()
        assert frame["kommentar"].dropna().str.startswith("Fiktiv").all()
