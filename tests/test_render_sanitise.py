"""The sanitiser's final allowlist pass (nh3): hostile markup an output carries never reaches a
participant page, while what reports need survives."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from learning.render.sanitise import InaccessibleOutputError, participant_body

HOSTILE = {
    "event handler": '<p onclick="alert(1)" onmouseover="alert(2)">Tekst</p>',
    "javascript link": '<a href="javascript:alert(1)">Les mer</a>',
    "javascript link in disguise": '<a href=" JaVaScRiPt:alert(1)">Les mer</a>',
    "data link": '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Les mer</a>',
    "svg onload": '<svg onload="alert(1)"><circle r="4"/></svg><p>Tekst</p>',
    "form": '<form action="https://example.org/steal"><input name="pw"><button>Send</button></form><p>Tekst</p>',
    "image onerror": '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Stolpediagram over svarene" '
                     'onerror="alert(1)">',
    "javascript image": '<img src="javascript:alert(1)" alt="Stolpediagram over svarene">',
}


def _elements(html: str) -> list:
    return BeautifulSoup(html, "html.parser").find_all(True)


@pytest.mark.parametrize("snippet", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_is_removed(snippet: str) -> None:
    try:
        cleaned = participant_body(snippet)
    except InaccessibleOutputError:  # refusing the output is also safe (an image not embedded)
        return
    for element in _elements(cleaned):
        assert element.name not in {"svg", "form", "input", "button", "script"}, cleaned
        for attribute, value in element.attrs.items():
            assert not attribute.startswith("on"), cleaned
            assert "javascript:" not in str(value).lower().replace(" ", ""), cleaned
            if attribute == "href":
                assert not str(value).strip().lower().startswith("data:"), cleaned


def test_what_reports_need_survives() -> None:
    body = (
        '<h2 id="deltakelse" lang="nn">Deltaking</h2>'
        '<div class="table-wrap" role="region" aria-label="Svar" tabindex="0"><table>'
        '<caption>Svar per teneste</caption><thead><tr><th scope="col">Teneste</th></tr></thead>'
        '<tbody><tr><th scope="row">Helsestasjon</th><td class="num">12</td></tr></tbody></table></div>'
        '<figure class="chart"><img src="data:image/png;base64,iVBORw0KGgo=" '
        'alt="Stolpediagram over svar per teneste"><figcaption>Svar</figcaption></figure>'
        '<ul><li>Punkt</li></ul><p class="notice">Merk: <a href="https://www.helsedirektoratet.no">kjelde</a></p>'
    )
    cleaned = BeautifulSoup(participant_body(body), "html.parser")
    assert cleaned.h2["lang"] == "nn" and cleaned.h2["id"] == "deltakelse"
    wrap = cleaned.find("div", class_="table-wrap")
    assert wrap["role"] == "region" and wrap["aria-label"] == "Svar" and wrap["tabindex"] == "0"
    assert cleaned.caption.get_text() == "Svar per teneste"
    assert [th["scope"] for th in cleaned.find_all("th")] == ["col", "row"]
    assert cleaned.find("td", class_="num").get_text() == "12"
    image = cleaned.find("img")
    assert image["src"].startswith("data:image/png;base64,") and image["alt"].startswith("Stolpediagram")
    assert cleaned.figcaption and cleaned.li and cleaned.find("p", class_="notice")
    assert cleaned.a["href"] == "https://www.helsedirektoratet.no"
