"""The labelled research export: SPSS and Stata files read back with pyreadstat, the CSV guarded,
the Frictionless data package validated, the codebook exported on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
from frictionless import Package

from learning.problems import UserError
from learning.survey import schema
from learning.survey.codebook import load_codebook
from learning.survey.export import codebook_frame, export_codebook, export_survey, stata_label
from learning.survey.store import update_responses
from learning.synthetic.manifest import import_demo_surveys
from learning.workspace import Workspace

NETWORK = "valdres"


@pytest.fixture(scope="module")
def workspace(module_demo_workspace: Workspace) -> Workspace:
    import_demo_surveys(module_demo_workspace)

    def plant(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        mine = frame.index[frame["network"] == NETWORK]
        frame.loc[mine[0], "kommentar"] = "=HYPERLINK(\"http://x\")"
        frame.loc[mine[0], "p_identify"] = schema.NOT_RELEVANT
        frame.loc[mine[1], "s_routine"] = schema.DONT_KNOW
        return frame

    update_responses(module_demo_workspace, NETWORK, plant)
    return module_demo_workspace


def _responses(workspace: Workspace) -> pd.DataFrame:
    from learning.survey.store import load_responses

    return load_responses(workspace, NETWORK)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_sav_has_every_label_and_missing_code(workspace: Workspace, tmp_path: Path,
                                              lang: str) -> None:
    target = tmp_path / "svar.sav"
    summary = export_survey(workspace, NETWORK, target, fmt="sav", lang=lang)  # type: ignore[arg-type]
    data, meta = pyreadstat.read_sav(target, user_missing=True)
    book = load_codebook()
    responses = _responses(workspace)
    assert summary.rows == len(data) == len(responses)
    assert "kommentar" not in data.columns
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    for code in (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS):
        item = book.item(code)
        assert labels[code] == item.text[lang]
        scale = book.scales[item.scale]  # type: ignore[index]
        assert meta.variable_value_labels[code] == {
            float(v): texts[lang] for v, texts in scale.labels.items()}
    for code in schema.PRACTICE_ITEMS:
        assert meta.missing_ranges[code] == [{"lo": 0.0, "hi": 0.0}]
    for code in schema.SYSTEM_ITEMS:
        assert meta.missing_ranges[code] == [{"lo": 9.0, "hi": 9.0}]
    for code in schema.CONFIDENCE_ITEMS:
        assert code not in meta.missing_ranges
    services = book.options_of("tjeneste")
    assert list(meta.variable_value_labels["tjeneste"].values()) == [
        texts[lang] for texts in services.values()]
    decoded = data["tjeneste"].map(
        {float(i): code for i, code in enumerate(services, start=1)})
    assert list(decoded) == list(responses["tjeneste"])
    option = schema.COOPERATION_COLUMNS[0]
    assert labels[option].startswith(book.item("samarbeid").text[lang])
    assert (data["p_identify"] == 0).sum() == (responses["p_identify"] == 0).sum() >= 1


def test_dta_has_labels_and_extended_missing(workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "svar.dta"
    export_survey(workspace, NETWORK, target, fmt="dta", lang="nn")
    data, meta = pyreadstat.read_dta(target, user_missing=True)
    book = load_codebook()
    responses = _responses(workspace)
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    for code in (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS):
        assert labels[code] == stata_label(book.item(code).text["nn"])
        assert len(labels[code].encode()) <= 80
    for code in schema.PRACTICE_ITEMS:
        assert meta.missing_user_values[code] == ["a"]
        assert meta.variable_value_labels[code]["a"] == "Ikkje relevant for arbeidet mitt"
        assert meta.variable_value_labels[code][1] == "Aldri"
    for code in schema.SYSTEM_ITEMS:
        assert meta.missing_user_values[code] == ["b"]
        assert meta.variable_value_labels[code]["b"] == "Veit ikkje"
    assert (data["p_identify"] == "a").sum() == (responses["p_identify"] == 0).sum() >= 1
    assert (data["s_routine"] == "b").sum() == (responses["s_routine"] == 9).sum() >= 1
    assert "sam_helsestasjon_skolehelse" in data.columns
    assert all(len(name) <= 29 and "." not in name for name in data.columns)


def test_free_text_only_when_asked_and_csv_is_guarded(workspace: Workspace,
                                                      tmp_path: Path) -> None:
    target = tmp_path / "svar.csv"
    without = export_survey(workspace, NETWORK, target, fmt="csv")
    assert without.warnings == []
    assert "kommentar" not in pd.read_csv(target).columns
    with_text = export_survey(workspace, NETWORK, target, fmt="csv", include_free_text=True,
                              force=True)
    assert any("Fritekst" in w for w in with_text.warnings)
    comments = pd.read_csv(target, dtype=str)["kommentar"].dropna()
    assert "'=HYPERLINK(\"http://x\")" in set(comments)
    assert not any(c.startswith("=") for c in comments)


def test_refuses_to_overwrite_without_force(workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "svar.sav"
    target.write_bytes(b"old")
    with pytest.raises(UserError, match="--force"):
        export_survey(workspace, NETWORK, target, fmt="sav")
    assert target.read_bytes() == b"old"
    export_survey(workspace, NETWORK, target, fmt="sav", force=True)
    assert pyreadstat.read_sav(target)[0].shape[0] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["svar.sav"]  # no temporary file left


def test_unknown_wave_is_a_clear_error(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"Runder med svar: .*baseline"):
        export_survey(workspace, NETWORK, tmp_path / "x.csv", fmt="csv", wave="nope")
    one = export_survey(workspace, NETWORK, tmp_path / "b.parquet", fmt="parquet",
                        wave="baseline")
    assert set(pd.read_parquet(tmp_path / "b.parquet")["wave"]) == {"baseline"}
    assert one.rows < len(_responses(workspace))


def test_datapackage_validates_with_frictionless(workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "svar.csv"
    export_survey(workspace, NETWORK, target, fmt="csv", with_datapackage=True,
                  include_free_text=True)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert fields["p_identify"]["missingValues"] == ["", "0"]
    assert fields["s_routine"]["missingValues"] == ["", "9"]
    assert {"value": 1, "label": "Aldri"} in fields["p_identify"]["categories"]
    assert fields["p_identify"]["title"] == load_codebook().item("p_identify").text["nb"]
    assert fields["rolle"]["categories"][0] == {"value": "leder", "label": "Leder"}
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert report.tasks[0].stats["rows"] == len(_responses(workspace))


def test_datapackage_detects_a_broken_file(workspace: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "svar.csv"
    export_survey(workspace, NETWORK, target, fmt="csv", with_datapackage=True)
    lines = target.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("p_identify")] = "7"
    target.write_text("\r\n".join([lines[0], ",".join(cells), *lines[2:]]), encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_datapackage_needs_csv(workspace: Workspace, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--format csv"):
        export_survey(workspace, NETWORK, tmp_path / "x.sav", fmt="sav", with_datapackage=True)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_codebook_export_in_each_language(tmp_path: Path, lang: str) -> None:
    target = tmp_path / f"kodebok-{lang}.csv"
    rows = export_codebook(target, lang=lang)  # type: ignore[arg-type]
    table = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert rows == len(table)
    assert f"text_{lang}" in table.columns
    other = "nn" if lang == "nb" else "nb"
    assert f"text_{other}" not in table.columns
    assert f"label_{other}" not in table.columns
    missing = table[table["user_missing"] == "True"]
    assert set(zip(missing["code"].str[:2], missing["value"], strict=True)) == {("p_", "0"),
                                                                                 ("s_", "9")}
    both = codebook_frame()
    assert {"text_nb", "text_nn"} <= set(both.columns)


def test_cli_export_survey(workspace: Workspace, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from learning.cli import app

    target = tmp_path / "svar.dta"
    args = ["export-survey", str(target), "--network", NETWORK, "--format", "dta",
            "--workspace", str(workspace.root)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert target.exists()
    again = CliRunner().invoke(app, args)
    assert again.exit_code != 0
