"""The findings loader: good files load, bad rows are rejected with the file, row and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from learning.problems import UserError
from learning.reference.findings import (
    CONSTRUCTS,
    findings_table,
    load_findings,
    read_findings,
    select,
)

SOURCE = """\
sources:
  demo:
    label: "Demo et al."
    citation: "Demo et al., Some Journal"
    multicentre: false
    population: {nb: "Et sted", nn: "Ein stad"}
"""
FINDING = """\
  - id: {ident}
    construct: prevalence
    source: demo
    statement: {{nb: "Noe", nn: "Noko"}}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "findings.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        read_findings(path)
    return [str(p) for p in caught.value.problems]


def test_a_minimal_good_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, SOURCE + "findings:\n" + FINDING.format(ident="a"))
    [finding] = read_findings(path)
    assert finding.construct == "prevalence"
    assert finding.statement("nn") == "Noko"
    assert finding.source.citation == "Demo et al., Some Journal"
    assert finding.figure_display("nb") == ""


def test_a_finding_without_source_is_rejected(tmp_path: Path) -> None:
    body = FINDING.format(ident="a").replace("    source: demo\n", "")
    path = write(tmp_path, SOURCE + "findings:\n" + FINDING.format(ident="ok") + body)
    [message] = problems(path)
    assert str(path) in message
    assert "funn nr. 2 (id a, linje 12)" in message  # 6 source lines, findings:, 4 lines, then this
    assert "felt source" in message and "kilde mangler" in message


def test_a_source_without_citation_is_rejected(tmp_path: Path) -> None:
    text = SOURCE.replace('    citation: "Demo et al., Some Journal"\n', "")
    path = write(tmp_path, text + "findings:\n" + FINDING.format(ident="a"))
    found = problems(path)
    assert any("sources.demo (linje 2), citation: mangler" in p for p in found)
    # the finding citing the rejected source is reported too, not silently dropped
    assert any("funn nr. 1" in p and "ukjent kilde 'demo'" in p for p in found)


def test_an_unknown_source_key_is_rejected(tmp_path: Path) -> None:
    body = FINDING.format(ident="a").replace("source: demo", "source: nowhere")
    [message] = problems(write(tmp_path, SOURCE + "findings:\n" + body))
    assert "ukjent kilde 'nowhere'" in message and "demo" in message


def test_an_unknown_construct_is_rejected(tmp_path: Path) -> None:
    body = FINDING.format(ident="a").replace("construct: prevalence", "construct: wellbeing")
    [message] = problems(write(tmp_path, SOURCE + "findings:\n" + body))
    assert "(id a, linje 8), construct:" in message and "ukjent konstrukt 'wellbeing'" in message
    assert all(c in message for c in CONSTRUCTS)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_missing_language_is_rejected(tmp_path: Path, lang: str) -> None:
    statement = '{nb: "Noe"}' if lang == "nn" else '{nn: "Noko"}'
    body = FINDING.format(ident="a").replace('{nb: "Noe", nn: "Noko"}', statement)
    [message] = problems(write(tmp_path, SOURCE + "findings:\n" + body))
    assert f"statement, {lang}: mangler" in message


def test_an_empty_text_is_rejected(tmp_path: Path) -> None:
    body = FINDING.format(ident="a").replace('nn: "Noko"', 'nn: "  "')
    [message] = problems(write(tmp_path, SOURCE + "findings:\n" + body))
    assert "statement, nn" in message and "tom" in message


def test_a_figure_needs_unit_and_text(tmp_path: Path) -> None:
    body = FINDING.format(ident="a") + "    figure: 40\n"
    [message] = problems(write(tmp_path, SOURCE + "findings:\n" + body))
    assert "unit" in message and "figure_text" in message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    bad_construct = FINDING.format(ident="b").replace("prevalence", "nope")
    path = write(
        tmp_path,
        SOURCE
        + "findings:\n"
        + FINDING.format(ident="a")
        + FINDING.format(ident="a")
        + bad_construct
        + "  - id: c\n    construct: prevalence\n    source: demo\n",
    )
    found = problems(path)
    assert len(found) == 3
    assert any("id-en står flere ganger" in p for p in found)
    assert any("funn nr. 3" in p and "construct" in p for p in found)
    assert any("funn nr. 4" in p and "statement" in p for p in found)


def test_the_input_file_is_not_changed(tmp_path: Path) -> None:
    path = write(tmp_path, SOURCE + "findings:\n" + FINDING.format(ident="a"))
    before = path.read_bytes()
    read_findings(path)
    assert path.read_bytes() == before


def test_the_project_file_loads_into_a_tidy_table() -> None:
    findings = load_findings()
    frame = findings_table(lang="nn")
    assert list(frame["id"]) == [f.id for f in findings]
    assert frame["id"].is_unique
    assert frame["citation"].notna().all() and frame["population"].notna().all()
    assert set(frame["construct"]) <= set(CONSTRUCTS)
    referral = frame.set_index("id").loc["parents_wanted_referral"]
    assert referral["figure"] == 40 and referral["unit"] == "prosent"
    assert referral["statement"].startswith("Foreldre (pasientar)")
    assert referral["address"] == "https://doi.org/10.1186/s12913-023-09607-0"


def test_select_by_construct_source_and_multicentre() -> None:
    findings = load_findings()
    national = select(findings, multicentre=False)
    assert {f.source.key for f in national} == {"ruud2019", "fhi2011", "kreftforeningen"}
    assert {f.id for f in select(findings, source="Stavnes et al. 2023")} == {
        "parents_wanted_referral",
        "parents_believed_referral",
        "personnel_referred",
    }
    assert select(findings, construct="prevalence", multicentre=True) == []
    with pytest.raises(UserError, match="Ukjent konstrukt"):
        select(findings, construct="nonsense")
