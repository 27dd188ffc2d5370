"""The codebook: complete, in both languages, and checked against the responses schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from learning.survey import schema
from learning.survey.codebook import CODEBOOK_FILE, CodebookError, codebook_table, load_codebook


def test_every_schema_item_has_texts_in_both_languages() -> None:
    book = load_codebook()
    expected = {
        "kommune",
        "tjeneste",
        "rolle",
        "samarbeid",
        "kommentar",
        *schema.PRACTICE_ITEMS,
        *schema.SYSTEM_ITEMS,
        *schema.CONFIDENCE_ITEMS,
    }
    assert {item.code for item in book.items} == expected
    for item in book.items:
        assert item.text.nb.strip() and item.text.nn.strip()
    # nynorsk is not just a copy of bokmål: most question texts differ
    differing = sum(item.text.nb != item.text.nn for item in book.items)
    assert differing >= len(book.items) - 1


def test_scales_and_options_follow_schema() -> None:
    book = load_codebook()
    assert set(book.scale_of("p_refer").labels) == {0, 1, 2, 3, 4, 5}
    assert set(book.scale_of("s_routine").labels) == {1, 2, 9}
    assert set(book.scale_of("c_know_duties").labels) == {1, 2, 3, 4, 5}
    assert tuple(book.options_of("tjeneste")) == schema.SERVICES
    assert tuple(book.options_of("samarbeid")) == schema.COOPERATION_OPTIONS
    assert book.label("s_routine", 9, "nn") == "Veit ikkje"


def test_codebook_table_is_tidy() -> None:
    table = codebook_table()
    assert list(table.columns[:2]) == ["code", "column"]
    # one row per answer alternative: 6 per practice item, 3 per system item, 5 per confidence item
    counts = table.groupby("code").size()
    assert counts["p_identify"] == 6 and counts["s_anchored"] == 3 and counts["c_talk_child"] == 5
    assert counts["tjeneste"] == 12 and counts["rolle"] == 3 and counts["kommune"] == 1
    coop = table[table["code"] == "samarbeid"]
    assert set(coop["column"]) == set(schema.COOPERATION_COLUMNS)
    assert (
        table.loc[(table["code"] == "p_identify") & (table["value"] == "4"), "label_nb"].item()
        == "Ofte"
    )


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "codebook.yml"
    shutil.copy(CODEBOOK_FILE, path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("code: p_refer", "code: p_referral", "item codes"),
        (
            "      9: {nb: Vet ikke, nn: Veit ikkje}",
            "      3: {nb: Vet ikke, nn: Veit ikkje}",
            "yesno",
        ),
        (
            "    brukerorganisasjon: {nb: Brukerorganisasjon",
            "    brukerorg: {nb: Brukerorganisasjon",
            "options samarbeid",
        ),
        ("{nb: Sjelden, nn: Sjeldan}", "{nb: Sjelden, nn: Sjeldan, en: rarely}", "en"),
    ],
)
def test_loader_rejects_a_codebook_that_disagrees_with_schema(
    tmp_path: Path, old: str, new: str, complaint: str
) -> None:
    with pytest.raises(CodebookError, match=complaint):
        load_codebook(_broken_copy(tmp_path, old, new))
