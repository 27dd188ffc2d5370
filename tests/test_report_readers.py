"""What each reader gets: «Kommunen vår nå», the facilitators' follow-up, change in words, plain
names for gatherings and waves, Norwegian numbers, tables that fit A4, and the output folders
(what is sent to whom). In-process, no kernels: the sections are called as the notebooks call them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from conftest import copy_demo
from learning.i18n import t
from learning.network import load_network, load_networks
from learning.present import MAX_COLUMNS, number, percent, points
from learning.present import table as html_table
from learning.reference.findings import load_findings
from learning.reference.municipalities import load_municipalities
from learning.reflection.store import ReflectionStore
from learning.render.index import write_network_index
from learning.render.paths import municipality_folder_name
from learning.render.plan import plan
from learning.reports import follow_up, our_municipality
from learning.reports.change_words import change_in_words
from learning.reports.common import gathering_label, wave_label
from learning.reports.context import ReportContext
from learning.survey.stats import newcombe
from learning.survey.store import load_responses
from learning.synthetic.manifest import import_demo_surveys
from learning.synthetic.reflections import seed_demo_reflections
from learning.workspace import Workspace


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    workspace = copy_demo(tmp_path_factory.mktemp("readers") / "workspace")
    import_demo_surveys(workspace)
    seed_demo_reflections(workspace)
    return workspace


def _text(html: object) -> str:
    return " ".join(BeautifulSoup(str(html), "html.parser").get_text(" ").split())


# --- change in words -------------------------------------------------------------------------


@pytest.mark.parametrize(("counts", "key"), [
    ((2, 20, 15, 20), "increase"),
    ((15, 20, 2, 20), "decrease"),
    ((5, 10, 6, 10), "uncertain"),
    ((1, 4, 4, 4), "too_few"),
])
def test_change_in_words_follows_the_newcombe_interval(counts: tuple[int, int, int, int], key: str) -> None:
    count_from, n_from, count_to, n_to = counts
    words = change_in_words(count_from, n_from, count_to, n_to, min_n=5, lang="nb")
    assert words == t(f"change_words.{key}", "nb")
    assert change_in_words(count_from, n_from, count_to, n_to, min_n=5, lang="nn") == t(f"change_words.{key}", "nn")
    if key != "too_few":
        low, high = newcombe(count_to, n_to, count_from, n_from)
        assert (low > 0) == (key == "increase") and (high < 0) == (key == "decrease")


# --- plain names and numbers -----------------------------------------------------------------


def test_waves_and_gatherings_are_named_as_readers_know_them(repo_workspace: Workspace) -> None:
    network = load_network(repo_workspace, "valdres")
    assert wave_label(network, "baseline", "nb") == "kartleggingen før 1. samling"
    assert wave_label(network, "rutiner", "nn") == "kartlegginga før 3. samling"
    assert wave_label(network, "rutiner", "nb", short=True) == "før 3. samling"
    assert gathering_label(network, "rutiner", "nb") == "Samling 3, 11. mars 2025"


def test_numbers_are_written_the_norwegian_way() -> None:
    assert number(12345.6) == "12\u00a0345,6"
    assert number(40.0) == "40" and number(33.333) == "33,3"
    assert percent(0.666) == "67 %"
    assert points(-0.04) == "−4" and points(0.12) == "+12" and points(0.001) == "0"


def test_a_table_too_wide_for_a4_is_split_repeating_its_first_column() -> None:
    frame = pd.DataFrame({"Tjeneste": ["Skole", "NAV"], **{f"P{i}": [f"{i} %", "1 %"] for i in range(14)}})
    soup = BeautifulSoup(str(html_table(frame, "Samarbeid")), "html.parser")
    tables = soup.find_all("table")
    assert len(tables) == 2  # 14 columns beside the first: two parts of 7
    headers = [[th.get_text() for th in table.thead.find_all("th")] for table in tables]
    assert all(h[0] == "Tjeneste" and len(h) <= MAX_COLUMNS for h in headers)
    assert [c for h in headers for c in h[1:]] == [f"P{i}" for i in range(14)]
    assert [table.caption.get_text() for table in tables][1] == "Samarbeid (del 2 av 2)"


# --- «Kommunen vår nå» -------------------------------------------------------------------------


def test_our_municipality_now_opens_with_its_own_standing(demo: Workspace) -> None:
    ctx = ReportContext.load(str(demo.root), "midt-norge-2022", "samling-3", "5035")
    member = ctx.network.member("5035")
    assert not member.letter_of_intent.signed and not any(r.coordination_mandate for r in member.representatives)
    text = _text(our_municipality.our_municipality_now(ctx, load_responses(demo, "midt-norge-2022")))
    assert "Intensjonsavtale: ikke signert ennå" in text
    assert "0 med mandat" in text and "Ingen av representantene har mandat" in text
    samling_2 = ctx.network.gathering("samling-2")
    assert samling_2.attendance is not None and samling_2.attendance.get("5035", 0) == 0
    assert "Samling 2, 4. mai 2022: ingen fra kommunen" in text
    assert f"Samling 1, 11. januar 2022: {ctx.network.gathering('samling-1').attendance['5035']} fra kommunen" in text
    gathering = ctx.gathering
    assert f"Samling 3, 12. oktober 2022, kl. {gathering.start:%H.%M}–{gathering.end:%H.%M}, digital" in text
    assert "Påmeldingsfrist 1. oktober 2022" in text
    assert "M1–M13" in text and "Ved Samling 3, 12. oktober 2022 er" in text


def test_the_plan_shown_is_the_municipalitys_own(demo: Workspace) -> None:
    ctx = ReportContext.load(str(demo.root), "valdres", "rutiner", "3454")
    section = str(our_municipality.planned_last_time(ctx))
    store = ReflectionStore.for_workspace(demo)
    versions = store.latest_per_municipality("valdres", "samhandling")
    own = {str(v) for x in versions if x.municipality == "3454" for v in x.answers.values() if isinstance(v, str)}
    others = {str(v) for x in versions if x.municipality != "3454" for v in x.answers.values()
              if isinstance(v, str) and len(v) > 15} - own
    assert "Samling 2, 17. september 2024" in section
    assert any(text in _text(section) for text in own if len(text) > 15)
    assert not [text for text in others if text in _text(section)]


def test_suggestions_come_from_the_weakest_items_and_known_findings(demo: Workspace) -> None:
    ctx = ReportContext.load(str(demo.root), "valdres", "rutiner", "3449")
    responses = load_responses(demo, "valdres")
    lines = our_municipality.suggestions(ctx, responses)
    assert 2 <= len(lines) <= 4
    weakest = our_municipality.weakest_items(ctx, responses)
    assert weakest and weakest == sorted(weakest, key=lambda pair: pair[1])
    first_item, first_share = weakest[0]
    assert t(f"survey.item.{first_item}", "nb").lower() in lines[0]
    assert f"{round(first_share * 100)} %" in lines[0]
    assert re.search(r"\bM\d{1,2}\b", lines[0])
    known = {f.figure_display("nb") for f in load_findings()} | {f"{round(s * 100)} %" for _, s in weakest}
    for line in lines:
        research = line.split("Forskning:", 1)[1] if "Forskning:" in line else ""
        for figure in re.findall(r"\d+ %", research):
            assert any(figure in k for k in known), figure


# --- follow-up for facilitators ------------------------------------------------------------------


def test_follow_up_names_every_member_with_those_behind_first(demo: Workspace) -> None:
    ctx = ReportContext.load(str(demo.root), "midt-norge-2022", "samling-3")
    dues = follow_up.open_points(ctx, load_responses(demo, "midt-norge-2022"))
    assert sorted(d.kommune for d in dues) == sorted(ctx.network.member_numbers)
    counts = [len(d.points) for d in dues]
    assert counts == sorted(counts, reverse=True)
    stjordal = next(d for d in dues if d.kommune == "5035")
    assert "intensjonsavtalen er ikke signert" in stjordal.points
    assert "ingen representant med mandat til å samordne" in stjordal.points
    assert any(p.startswith("ingen til stede ved Samling 2") for p in stjordal.points)
    text = _text(follow_up.follow_up(ctx, load_responses(demo, "midt-norge-2022")))
    for number_ in ctx.network.member_numbers:
        assert ctx.municipality_name(number_) in text


# --- what is sent to whom ---------------------------------------------------------------------


def test_each_municipalitys_material_goes_to_its_own_folder(repo_workspace: Workspace) -> None:
    networks, _ = load_networks(repo_workspace)
    jobs = plan(repo_workspace, networks)
    assert len({j.output for j in jobs}) == len(jobs)
    municipalities = load_municipalities()
    for job in jobs:
        parts = job.output.split("/")
        if job.notebook == "reflection":
            assert parts[1:3] == ["kommuner", municipality_folder_name(municipalities.get(job.municipality))]
        if job.audience == "facilitators":
            assert parts[1] == "fasilitatorer"
        if job.audience == "participants" and not job.municipality:
            assert parts[1] == "alle-kommuner"
        assert re.fullmatch(r"[a-z0-9-]+", parts[-1]) and not re.search(r"_", parts[-1])


def _fake_page(path: Path, title: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html lang='nb'><head><title>{title}</title></head><body></body></html>",
                    encoding="utf-8")


def test_indexes_and_zips_keep_audiences_apart(tmp_path: Path) -> None:
    workspace = copy_demo(tmp_path / "workspace")
    network = load_network(workspace, "valdres")
    jobs = [j for j in plan(workspace, [network]) if j.gathering == "rutiner"]
    for job in jobs:
        _fake_page(workspace.reports_dir / f"{job.output}.html", job.output)
    write_network_index(workspace, network)
    root = workspace.reports_dir / "valdres"
    worksheets = {j.output.split("/", 1)[1] + ".html": j.municipality for j in jobs if j.notebook == "reflection"}
    top = (root / "index.html").read_text(encoding="utf-8")
    facilitators = (root / "fasilitatorer" / "index.html").read_text(encoding="utf-8")
    assert "arbeidsark.html" not in top and "arbeidsark.html" not in facilitators
    assert 'href="fasilitatorer/index.html"' in top
    for number_ in network.member_numbers:
        folder = municipality_folder_name(load_municipalities().get(number_))
        own_index = (root / "kommuner" / folder / "index.html").read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]+)"', own_index)
        assert any("arbeidsark" in link for link in links)
        assert all(not link.startswith("../") or link.startswith("../../alle-kommuner/") for link in links)
        assert not [link for link in links if "fasilitatorer" in link]
        names = zipfile.ZipFile(root / "kommuner" / f"{folder}.zip").namelist()
        sheets = [n for n in names if "arbeidsark" in n]
        assert len(sheets) == 1 and f"/kommuner/{folder}/" in sheets[0]
        assert any("/alle-kommuner/" in n for n in names)
        assert not [n for n in names if "fasilitatorer" in n]
    assert len(worksheets) == len(network.member_numbers)
