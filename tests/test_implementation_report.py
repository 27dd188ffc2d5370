"""The report sections on the hand-made store: a municipality sees its own status (shared or not),
facilitators see shares computed from shared answers only, and the alt text states the counts."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from learning.reflection.store import ReflectionStore
from learning.reports import implementation
from learning.reports.context import ReportContext
from learning.workspace import Workspace
from test_implementation_seeded import NETWORK, grid, seed

I18N = Path(__file__).resolve().parents[1] / "src" / "learning" / "i18n" / "implementation.yml"


@pytest.fixture
def workspace(demo_workspace: Workspace) -> Workspace:
    seed(demo_workspace)
    return demo_workspace


def _soup(ctx: ReportContext, section: str) -> BeautifulSoup:
    return BeautifulSoup(getattr(implementation, section)(ctx).markup, "html.parser")


def _table(soup: BeautifulSoup) -> list[list[str]]:
    [table] = soup.find_all("table")
    assert table.caption.get_text().strip()
    return [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]


def _alt(soup: BeautifulSoup) -> str:
    [image] = soup.find_all("img")
    return image["alt"]


def test_strings_in_both_languages_with_the_same_placeholders() -> None:
    strings = yaml.safe_load(I18N.read_text(encoding="utf-8"))
    for key, texts in strings.items():
        assert set(texts) == {"nb", "nn"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(texts[lang]) if f} for lang in ("nb", "nn")]
        assert fields[0] == fields[1], key


def test_own_report_shows_an_unshared_self_assessment(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", "5031", "nb")
    soup = _soup(ctx, "municipality_status")
    rows = _table(soup)
    assert rows[0] == ["Tiltak", "Samling 1, 11. januar 2022 (ingen status)", "Samling 2, 4. mai 2022 (egenvurdering)"]
    by_measure = {row[0].split()[0]: row[1:] for row in rows[1:]}
    assert by_measure["M12"] == ["ikke vurdert", "etablert"]
    assert by_measure["M1"] == ["ikke vurdert", "ikke startet"]
    alt = _alt(soup)
    assert "1 av 13 tiltak etablert, 0 i gang, 0 planlagt og 12 ikke startet" in alt
    assert "ingen tidligere samling" in alt


def test_own_report_states_what_moved_and_stops_at_its_gathering(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", "5001", "nb")
    soup = _soup(ctx, "municipality_status")
    rows = _table(soup)
    assert len(rows[0]) == 3  # samling-3 (all «etablert») is later than this report
    alt = _alt(soup)
    assert "2 av 13 tiltak etablert, 11 i gang, 0 planlagt og 0 ikke startet" in alt
    assert "Endret siden Samling 1, 11. januar 2022: M2 opp fra i gang til etablert." in alt
    assert "M1 opp" not in alt


def test_own_report_falls_back_to_the_facilitators_record(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", "5035", "nb")
    soup = _soup(ctx, "municipality_status")
    rows = _table(soup)
    assert rows[0][1:] == ["Samling 1, 11. januar 2022 (ført av fasilitatorene)",
                           "Samling 2, 4. mai 2022 (ført av fasilitatorene)"]
    assert "Demodata: Oppdiktet for testene." in soup.get_text()
    assert "M1 opp fra planlagt til etablert" in _alt(soup)


def test_own_report_in_nynorsk(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", "5001", "nn")
    alt = _alt(_soup(ctx, "municipality_status"))
    assert "2 av 13 tiltak etablerte" in alt and "Endra sidan" in alt


def test_a_municipality_without_any_status_is_told_so(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", "5037", "nb")
    soup = _soup(ctx, "municipality_status")
    assert not soup.find_all("img") and not soup.find_all("table")
    assert "ingen status" in soup.get_text()


def test_network_shares_by_hand(workspace: Workspace) -> None:
    # samling-2: 5001 (shared), 5007 (shared), 5035 (facilitators' record) count; 5006 and 5031
    # are not shared. samling-1: 5001 (shared) and 5035 (record); 5006 not shared.
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", lang="nb")
    soup = _soup(ctx, "network_status")
    rows = _table(soup)
    assert rows[0] == ["Tiltak", "Etablert, Samling 2, 4. mai 2022", "Etablert, Samling 1, 11. januar 2022"]
    by_measure = {row[0].split()[0]: row[1:] for row in rows[1:]}
    assert by_measure["M1"] == ["2 av 3 (67 %)", "1 av 2 (50 %)"]
    assert by_measure["M2"] == ["2 av 3 (67 %)", "0 av 2 (0 %)"]
    # 5031's unshared «etablert» for M12 and 5006's unshared «etablert» everywhere do not count.
    assert by_measure["M12"] == ["0 av 3 (0 %)", "0 av 2 (0 %)"]
    assert by_measure["M7"] == ["0 av 3 (0 %)", "0 av 2 (0 %)"]
    text = soup.get_text()
    assert "3 av 10 kommuner er med (2 med delt egenvurdering, 1 med status ført av fasilitatorene)" in text
    assert "2 har ikke delt" in text
    alt = _alt(soup)
    assert "Samling 2, 4. mai 2022: M1 2 av 3, M2 2 av 3, M3 0 av 3" in alt
    assert "Samling 1, 11. januar 2022: M1 1 av 2, M2 0 av 2" in alt


def test_network_section_does_not_depend_on_unshared_answers(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-2", lang="nb")
    before = implementation.network_status(ctx).markup
    store = ReflectionStore.for_workspace(workspace)
    store.append(network=NETWORK, municipality="5031", gathering="samling-2", exercise="egenvurdering",
                 role="leder", shared=False, answers=grid("etablert"))
    assert implementation.network_status(ctx).markup == before
    # ... but a shared one does change it.
    store.append(network=NETWORK, municipality="5031", gathering="samling-2", exercise="egenvurdering",
                 role="leder", shared=True, answers=grid("etablert"))
    assert implementation.network_status(ctx).markup != before


def test_network_at_the_first_gathering_has_one_series(workspace: Workspace) -> None:
    ctx = ReportContext.load(str(workspace.root), NETWORK, "samling-1", lang="nb")
    soup = _soup(ctx, "network_status")
    assert len(_table(soup)[0]) == 2
    assert "M1 1 av 2" in _alt(soup) and "skraverte" not in _alt(soup)
