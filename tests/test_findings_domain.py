"""The findings file holds every research finding DOMAIN.md allows, and nothing else.

DOMAIN.md is read independently of the loader: its tables are parsed here and compared with the
data. The correspondence of DOMAIN.md rows to finding ids is written by hand below, so a row added
to or removed from either side makes a test fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learning.reference.findings import load_findings, load_sources

REPO = Path(__file__).resolve().parents[1]
DOMAIN = REPO.parent / "shared" / "DOMAIN.md"
SECTION = "## Research findings the project may show"

# DOMAIN.md row (its «finding» cell) → the ids of the findings that carry it.
EXPECTED = {
    "Study samples": ["multicentre_samples"],
    "The 2010 law was only partly implemented; the more time-consuming a duty, the less often it "
    "was done; health personnel rated their own practice better than patients and children did": [
        "law_partly_implemented"
    ],
    "Parents who wanted their children referred for help": ["parents_wanted_referral"],
    "Health personnel who said they had referred": ["personnel_referred"],
    "Parents who believed a referral had been made": ["parents_believed_referral"],
    "Health personnel who had talked with the children themselves": [
        "personnel_talked_with_children"
    ],
    "Children reporting negative outcomes of caring at a clinically worrying level": [
        "children_negative_outcomes"
    ],
    "Children reporting stress from caring": ["children_stress_caring"],
    "Children's physical well-being (KIDSCREEN-27)": ["children_physical_wellbeing"],
    "Adult mental-health outpatients with children under 18 (107 clinics, 23,167 patients, "
    "April 2013)": ["outpatients_with_children"],
    "Children with at least one parent with a mental disorder": ["children_parent_mental_disorder"],
    "Children with at least one parent misusing alcohol": ["children_parent_alcohol"],
    "Children with either or both": ["children_parent_either"],
    "… where it affects the parent's daily functioning": ["children_parent_daily_functioning"],
    "… where it is clearly severe": ["children_parent_severe"],
    "Children with a parent who has or has had cancer": ["children_parent_cancer"],
    "Children a year who see a parent get cancer / lose a parent to cancer": [
        "children_parent_new_cancer_yearly",
        "children_lose_parent_cancer_yearly",
    ],
}


def numbers(text: str) -> list[int]:
    """Whole numbers in a text; ``23,167``, ``23 167`` and ``23\u00a0167`` are all 23167."""
    found = re.findall(r"\d{1,3}(?:[ ,\u00a0]\d{3})+(?!\d)|\d+", text)
    return [int(re.sub(r"\D", "", n)) for n in found]


@pytest.fixture(scope="module")
def section() -> str:
    if not DOMAIN.exists():
        pytest.fail(f"{DOMAIN} finnes ikke: testene trenger shared/DOMAIN.md ved siden av repoet")
    text = DOMAIN.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return text[start:end]


@pytest.fixture(scope="module")
def rows(section: str) -> list[dict[str, str]]:
    """Every row of the section's tables as {column: cell}, with ``multicentre`` set for the
    first table (the study) and not for the second (related figures)."""
    parsed: list[dict[str, str]] = []
    tables = re.findall(r"((?:^\|.*\|\n)+)", section, flags=re.MULTILINE)
    assert len(tables) == 2, "DOMAIN.md should have two findings tables"
    for index, block in enumerate(tables):
        lines = block.strip().splitlines()
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        for line in lines[2:]:
            cells = [c.strip() for c in line.strip("|").split("|")]
            parsed.append({**dict(zip(header, cells, strict=True)), "multicentre": str(index == 0)})
    return parsed


def test_every_domain_row_has_findings_and_there_are_no_others(rows: list[dict[str, str]]) -> None:
    assert [r["finding"] for r in rows] == list(EXPECTED)
    ids = [f.id for f in load_findings()]
    expected_ids = [i for group in EXPECTED.values() for i in group]
    assert sorted(ids) == sorted(expected_ids)


def test_figures_match_their_domain_row(rows: list[dict[str, str]]) -> None:
    by_id = {f.id: f for f in load_findings()}
    for row in rows:
        group = [by_id[i] for i in EXPECTED[row["finding"]]]
        for lang in ("nb", "nn"):
            in_data = sorted(
                n for f in group for n in numbers(f.figure_text(lang) if f.figure_text else "")
            )
            assert in_data == sorted(numbers(row["figure"])), (row["finding"], lang)
        for f in group:
            if f.figure is not None:
                assert int(f.figure) in numbers(row["figure"]), f.id
            if "sample" in row and numbers(row["sample"]):
                shown = f.sample.nb if f.sample else f.figure_text.nb  # type: ignore[union-attr]
                assert numbers(shown) == numbers(row["sample"]), f.id


def test_words_stay_words(rows: list[dict[str, str]]) -> None:
    """A figure DOMAIN.md gives in words has no number in the data."""
    by_id = {f.id: f for f in load_findings()}
    worded = [r for r in rows if not numbers(r["figure"])]
    assert (
        len(worded) == 4
    )  # qualitative, fewer than one in three, nearly half, significantly below
    for row in worded:
        for f in (by_id[i] for i in EXPECTED[row["finding"]]):
            assert f.figure is None and f.unit is None


def test_sources_match_their_domain_row(rows: list[dict[str, str]], section: str) -> None:
    by_id = {f.id: f for f in load_findings()}
    for row in rows:
        cell = row["source"]
        author = re.split(r"[\s,]", cell)[0]
        doi = re.search(r"doi:(\S+)", cell)
        year = re.search(r"\b(?:19|20)\d\d\b", cell.replace(doi.group(0), "") if doi else cell)
        for f in (by_id[i] for i in EXPECTED[row["finding"]]):
            assert f.source.citation.startswith(author), f.id
            assert f.multicentre == (row["multicentre"] == "True"), f.id
            if doi:
                assert f.source.doi == doi.group(1)
            # A year DOMAIN.md does not give is left empty, never guessed (e.g. from a DOI).
            assert f.source.year == (int(year.group(0)) if year else None), f.id
            if f.source.doi:
                assert f"doi:{f.source.doi}" in section


def test_every_number_in_the_data_is_in_domain(section: str) -> None:
    allowed = set(numbers(section))
    for source in load_sources().values():
        for text in (source.label, source.citation, source.population.nb, source.population.nn):
            assert set(numbers(text)) <= allowed, text
        if source.year is not None:
            assert source.year in allowed
        if source.doi:
            assert source.doi in section
    for f in load_findings():
        texts = [f.statement.nb, f.statement.nn]
        for part in (f.figure_text, f.sample):
            if part is not None:
                texts += [part.nb, part.nn]
        for text in texts:
            assert set(numbers(text)) <= allowed, (f.id, text)
        if f.figure is not None:
            assert f.figure == int(f.figure) and int(f.figure) in allowed, f.id


def test_the_study_report_is_cited_as_domain_gives_it(section: str) -> None:
    report = load_sources()["ruud2015"]
    assert report.multicentre and report.year == 2015
    assert "Barn som pårørende. Resultater fra\nen multisenterstudie" in section
    assert "IS-0522" in report.citation and "IS-0522" in section


def test_multicentre_population_names_the_five_trusts() -> None:
    trusts = ["Ahus", "Nordlandssykehuset", "Helse Stavanger", "Sørlandet sykehus", "Vestre Viken"]
    for f in load_findings():
        for lang in ("nb", "nn"):
            named = [t for t in trusts if t in f.source.population(lang)]
            assert named == (trusts if f.multicentre else []), (f.id, lang)
