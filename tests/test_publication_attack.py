"""Disclosure control from the attacker's side (issue 11): everything a network publishes — every
page, audience and gathering of the rendered demo — read as a reader would, and attacked with an
integer programme written apart from the suppressor (``html_attacker``).

No hidden or banded count may be recovered exactly, and each one's feasible range must be at least
the protection interval (or the whole group, when that is smaller).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from attack_truth import true_values, truth_of
from html_attacker import (
    NETWORK,
    Page,
    Publication,
    audit,
    explain,
    read_network,
    read_page,
    read_share_and_n,
    read_value,
    required,
)
from learning.i18n import t

NETWORKS = ("midt-norge-2022", "valdres")
NBSP = "\u00a0"


# --- the attacker reads what readers read ------------------------------------------------------


@pytest.mark.parametrize(("text", "low", "high"), [
    ("minst 75 %", 75, math.inf), (f"minst 75{NBSP}%", 75, math.inf), ("under 25 %", 0, 25),
    ("20–40 %", 20, 40), (f"20–40{NBSP}%", 20, 40), ("over 90 %", 90, math.inf),
])
def test_a_band_is_read_as_the_inequality_it_says(text: str, low: float, high: float) -> None:
    value = read_value(text, percent=True)
    assert (value.kind, value.low, value.high) == ("band", low, high)
    assert value.strict_high == text.startswith("under")


def test_shares_counts_and_marks_are_told_apart() -> None:
    assert read_value("67 %", percent=True).kind == "exact"
    assert read_value(f"67{NBSP}%", percent=True).low == 67
    assert read_value("12", percent=False).low == 12
    assert read_value("12", percent=True).kind == "none"  # a count where a share belongs
    assert read_value(":", percent=True).kind == "mark"
    assert read_value("–", percent=True).kind == "none"
    share, n = read_share_and_n("minst 75 % (12)")
    assert (share.kind, share.low, n.kind, n.low) == ("band", 75, "exact", 12)
    share, n = read_share_and_n(":")
    assert (share.kind, n.kind) == ("mark", "mark")


# --- the attacker can find a leak (so the demo test can fail) ---------------------------------


def _overview_page(cells: dict[str, str], *, item: str = "Barna får informasjon") -> str:
    """A facilitator page as survey_overview prints it: one practice item, places side by side."""
    head = "".join(f'<th scope="col">{place}</th>' for place in cells)
    body = "".join(f"<td>{cell}</td>" for cell in cells.values())
    return (
        '<html lang="nb"><body><table><caption>Andel «ofte» eller «alltid» (n) per kommune, '
        f'kartleggingen før 1. samling</caption><tr><th scope="col">Spørsmål</th>{head}</tr>'
        f'<tr><th scope="row">{item}</th>{body}</tr></table>'
        "<p>: betyr at tallet ikke vises for å verne om personvernet: gruppen har færre enn 5 svar."
        "</p></body></html>"
    )


def _attack_page(html: str) -> dict[tuple[object, ...], tuple[float, float]]:
    pub = Publication("test")
    read_page(pub, html, Page("side.html", municipality_report=False, own=None))
    return {f.key: (f.low, f.high) for f in audit(pub)}


def test_the_attacker_recovers_the_issue_example_exactly() -> None:
    # The network's 7 % of 81 is only possible for 6; the shown municipalities already add up to
    # 6 (20 % of 30), so the hidden one — a group of 21 — must be 0.
    found = _attack_page(_overview_page({
        "Aa": "0 % (30)", "Bb": "20 % (30)", "Cc": ": (21)", "Hele nettverket": "7 % (81)"}))
    assert found[("c", 1, "Cc", "p_inform_child")] == (0, 0)


def test_the_attacker_leaves_a_well_hidden_cell_wide() -> None:
    # Two hidden cells of 21 and 30 sharing 10 (12 % of 81 is 9 or 10, minus 0): each can be 0–10.
    found = _attack_page(_overview_page({
        "Aa": "0 % (30)", "Bb": ": (30)", "Cc": ": (21)", "Hele nettverket": "12 % (81)"}))
    assert found[("c", 1, "Cc", "p_inform_child")] == (0, 10)
    assert found[("c", 1, "Bb", "p_inform_child")] == (0, 10)


def test_a_band_narrows_the_range_as_an_inequality() -> None:
    # «minst 75 %» of 12 is at least 9; with the network's 92 % of 24 (22) and the other 12 (100 %),
    # the hidden one is 10 exactly: the band leaks.
    found = _attack_page(_overview_page({
        "Aa": "100 % (12)", "Bb": "minst 75 % (12)", "Hele nettverket": "92 % (24)"}))
    assert found[("c", 1, "Bb", "p_inform_child")] == (10, 10)


def test_a_network_wide_zero_gives_every_small_group_away() -> None:
    found = _attack_page(_overview_page({"Aa": ": (3)", "Bb": ": (30)", "Hele nettverket": "0 % (33)"}))
    assert found[("c", 1, "Aa", "p_inform_child")] == (0, 0)


def _participation_page(rows: dict[str, str]) -> str:
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows.items())
    return ('<html lang="nb"><body><table><caption>Antall svar per kommune, kartleggingen før 1. '
            'samling</caption><tr><th scope="col">Kommune</th><th scope="col">Antall svar</th></tr>'
            f"{body}</table></body></html>")


def test_a_band_in_a_size_column_bounds_the_group_and_a_mark_alone_does_not() -> None:
    page = _participation_page({"0001 Aa": "9", "0002 Bb": "under 5", "0003 Cc": ":",
                                "Hele nettverket": "20"})
    found = _attack_page(page)
    assert found[("N", 1, "Bb")] == (0, 4)
    # «under 5» members are left out of the network's figures (the reports say so): 20 − 9
    assert found[("N", 1, "Cc")] == (11, 11)
    pub = Publication("test")
    read_page(pub, page, Page("side.html", municipality_report=False, own=None))
    with pytest.raises(ValueError, match="contradict"):  # «every mark is a small group» is false here
        audit(pub, assume_hidden_small=True)


def _figure_and_table(alt: str, figcaption: str, caption: str, head: list[str], row: list[str]) -> str:
    heads = "".join(f'<th scope="col">{h}</th>' for h in head)
    cells = f'<th scope="row">{row[0]}</th>' + "".join(f"<td>{c}</td>" for c in row[1:])
    return (f'<html lang="nb"><body><figure class="chart"><img src="data:image/svg+xml;base64,AA" '
            f'alt="{alt}"><figcaption>{figcaption}</figcaption></figure><table><caption>{caption}'
            f"</caption><tr>{heads}</tr><tr>{cells}</tr></table></body></html>")


def test_a_figure_given_away_by_the_chart_description_is_found() -> None:
    network = t("survey.network", "nb")
    values = f"Barna får informasjon: Aa 40 %, {network} 20 %"
    page = _figure_and_table(
        t("survey.practice_description", "nb", place="Aa", values=values),
        t("survey.practice_chart_title", "nb"),
        t("survey.practice_caption", "nb", place="Aa", wave=t("common.wave_label", "nb", number=1)),
        ["Spørsmål", "Aa", "Aa, Antall (n)", network, f"{network}, Antall (n)"],
        ["Barna får informasjon", ":", "10", "20 %", "50"])
    assert _attack_page(page)[("c", 1, "Aa", "p_inform_child")] == (4, 4)


def test_a_link_given_away_by_the_map_description_is_found() -> None:
    wave = t("common.wave_label", "nb", number=1)
    link = t("cooperation.description_link", "nb", service="NAV", partner="Skole", share="40 %")
    alt = " ".join([t("cooperation.description_layout", "nb", place="Aa"),
                    t("cooperation.description_strongest", "nb", links=link)])
    page = _figure_and_table(
        alt, t("cooperation.chart_caption", "nb", place="Aa", wave=wave),
        t("cooperation.table_caption", "nb", place="Aa", wave=wave),
        [t("cooperation.col_service", "nb"), t("cooperation.col_n", "nb"), "Skole"], ["NAV", "10", ":"])
    assert _attack_page(page)[("k", 1, "Aa", "nav", "skole")] == (4, 4)


def test_an_other_services_row_at_zero_gives_its_small_services_away() -> None:
    """«Andre tjenester samlet» is the sum of the services named under the table: at 0 % every
    one of them is 0, which the attacker must see (so the demo test can fail on such a row)."""
    wave = t("common.wave_label", "nb", number=1)
    other = t("cooperation.other_services", "nb")
    page = _figure_and_table(
        "", "", t("cooperation.table_caption", "nb", place="Aa", wave=wave),
        [t("cooperation.col_service", "nb"), t("cooperation.col_n", "nb"), "Barnevern"], [other, "6", "0 %"])
    listing = t("cooperation.group_services_are", "nb", group=other, min_n=5, services="Skole, PPT")
    page = page.replace("</table>", f"</table><p>{listing}</p>")
    found = _attack_page(page)
    assert found[("k", 1, "Aa", "skole", "barnevern")] == (0, 0)
    assert found[("k", 1, "Aa", "ppt", "barnevern")] == (0, 0)
    wide = _attack_page(page.replace("0 %", "høyst 20 %"))  # a band leaves each of them room
    assert wide[("k", 1, "Aa", "skole", "barnevern")] == (0, 1)


# --- the demo as published ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def publications(rendered_demo) -> dict[str, Publication]:  # type: ignore[no-untyped-def]
    """Every network's pages read once (all audiences, all gatherings)."""
    ws = rendered_demo.workspace
    return {n: read_network(ws.reports_dir / n, ws.root / "params" / f"{n}.yml") for n in NETWORKS}


@pytest.fixture(scope="module")
def audits(publications: dict[str, Publication]):  # type: ignore[no-untyped-def]
    return {n: audit(pub) for n, pub in publications.items()}


def test_the_demo_pages_are_read(publications: dict[str, Publication], rendered_demo) -> None:  # type: ignore[no-untyped-def]
    for network, pub in publications.items():
        reports = sorted((rendered_demo.workspace.reports_dir / network / "kommuner").glob(
            "*/*kommunerapport.html"))
        read = {f.page for f in pub.figures if f.municipality_report}
        assert {str(Path(p).relative_to(rendered_demo.workspace.reports_dir / network))
                for p in reports} == read, network
        assert any(not f.municipality_report for f in pub.figures), network  # facilitator pages
        assert pub.members and all(f.place in pub.members | {NETWORK} for f in pub.figures)
        assert pub.others and pub.other_partners, network  # the «other services» rows were read
    # Etnedal's two small waves taken together, in its reports from the 3rd gathering on
    assert {w for w in publications["valdres"].items if isinstance(w, tuple)} == {(1, 3)}


def test_the_attacker_is_sound_on_the_demo(publications: dict[str, Publication], audits,  # type: ignore[no-untyped-def]
                                           rendered_demo) -> None:
    """Every range holds the true count: a recovery the attacker reports is a real one."""
    for network, findings in audits.items():
        truth = true_values(rendered_demo.workspace, network)
        wrong = [explain(f) + f", sann verdi {truth_of(truth, f.key)}" for f in findings
                 if not f.low <= truth_of(truth, f.key) <= f.high]
        assert not wrong, f"{network}: " + "; ".join(wrong[:10])
        assert findings, network


def test_nothing_the_demo_publishes_gives_a_protected_count_away(audits, publications) -> None:  # type: ignore[no-untyped-def]
    """Everything each network publishes (all pages, audiences, gatherings, waves, alt texts):
    no protected count is recovered, and every range is at least the protection interval wide."""
    for network, findings in audits.items():
        protection = publications[network].protection
        narrow = [explain(f) for f in findings if f.width < required(f, protection)]
        assert not narrow, f"{network}: {len(narrow)} for snevre, f.eks. " + "; ".join(narrow[:5])
        assert len(findings) > 100, network  # the attacker did look at the protected counts
