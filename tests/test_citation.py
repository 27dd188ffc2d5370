"""CITATION.cff is valid Citation File Format 1.2.0 and names no invented identifier.

The schema (tests/data/citation-file-format-1.2.0.schema.json) is the official one of the
Citation File Format project (CC BY 4.0), as shipped in the cffconvert package.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

REPO = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).with_name("data") / "citation-file-format-1.2.0.schema.json"


def _citation() -> dict[str, object]:
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_is_valid_cff_1_2_0() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(_citation(), schema)


def test_schema_rejects_a_broken_citation() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {**_citation(), "doi": "not-a-doi"}
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(broken))


def test_citation_matches_the_package_and_has_no_doi() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = _citation()
    assert citation["version"] == project["version"]
    assert "doi" not in citation and "identifiers" not in citation
