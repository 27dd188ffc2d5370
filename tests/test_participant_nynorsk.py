"""A report rendered in nynorsk speaks nynorsk: no bokmål-only word outside the network's own data.

The Valdres demo network is switched to nynorsk in a private copy and one gathering is rendered with
``learning render``. Words typed into the params (names, themes, descriptions) are the network's own
data and stay as written; everything else on the page, the title and the alt texts, comes from the
catalogues and must be nynorsk.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, copy_demo
from learning.reference.municipalities import load_municipalities
from learning.workspace import Workspace

pytestmark = pytest.mark.slow

# Common words that are bokmål and not nynorsk (nynorsk: ikkje, korleis, kva, kvar, frå, tal, del,
# bølgje, heile, teneste, heimeteneste, deltakarar, tilsette, utan, nokon, mykje, berre, sjukeheim,
# kommunar, samlingar, utval, kjelder, meir, sidan, vart).
BOKMAL_ONLY = ("ikke", "hvordan", "hva", "hvilken", "hvilke", "hvor", "hvem", "fra", "antall", "andel", "bølge",
               "hele", "tjeneste", "tjenester", "hjemmetjeneste", "hjemmetjenesten", "deltakere", "ansatte", "uten",
               "noen", "mye", "bare", "sykehjem", "kommuner", "samlinger", "utvalg", "kilder", "mer", "siden", "ble",
               "jeg", "dere", "nå", "gjelder")


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.fixture(scope="module")
def nynorsk_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, list[Path]]:
    workspace = copy_demo(tmp_path_factory.mktemp("nynorsk") / "workspace")
    params = workspace.params_dir / "valdres.yml"
    text = params.read_text(encoding="utf-8")
    assert "\nlanguage: nb\n" in text
    params.write_text(text.replace("\nlanguage: nb\n", "\nlanguage: nn\n"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-m", "learning", "render", "-w", str(workspace.root), "-n", "valdres", "-g", "rutiner", "-q"],
        capture_output=True, text=True, timeout=600, check=False, env=env)
    assert result.returncode == 0, result.stderr
    pages = sorted(p for p in (workspace.reports_dir / "valdres").rglob("*.html") if p.name != "index.html")
    assert pages
    return workspace, pages


def _visible_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for style in soup.find_all("style"):
        style.decompose()
    alts = " ".join(img.get("alt", "") for img in soup.find_all("img"))
    return f"{soup.title.get_text()} {soup.body.get_text(' ')} {alts}"


def _without_data(text: str, workspace: Workspace) -> str:
    """The text with every string the params hold (the network's own words) and place names taken out."""
    data = [text for path in sorted(workspace.params_dir.rglob("valdres.yml"))
            for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))]
    data += [m.name for m in load_municipalities()]
    for value in sorted((" ".join(d.split()) for d in data), key=len, reverse=True):
        if len(value) > 2:
            text = text.replace(value, " ")
    return text


def bokmal_words(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    return sorted({w for w in words if w in BOKMAL_ONLY})


def test_every_report_is_marked_nynorsk(nynorsk_report: tuple[Workspace, list[Path]]) -> None:
    _, pages = nynorsk_report
    for page in pages:
        assert '<html lang="nn">' in page.read_text(encoding="utf-8"), page.name


def test_no_bokmal_words_outside_the_networks_own_data(nynorsk_report: tuple[Workspace, list[Path]]) -> None:
    workspace, pages = nynorsk_report
    found = {page.name: bokmal_words(_without_data(" ".join(_visible_text(page).split()), workspace))
             for page in pages}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_word_check_finds_bokmal() -> None:
    assert bokmal_words("Tal på svar. Antall svar fra hele nettverket, ikke vist.") == ["antall", "fra", "hele", "ikke"]
