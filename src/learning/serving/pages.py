"""The Norwegian pages the server shows instead of the exercises: refused links, a full server."""

from __future__ import annotations

from learning.present import escape
from learning.serving.invitations import Refusal

_TITLES = {
    Refusal.MISSING: "Du trenger en invitasjonslenke",
    Refusal.UNKNOWN: "Lenken er ikke gyldig",
    Refusal.EXPIRED: "Lenken er utløpt",
    Refusal.REVOKED: "Lenken er trukket tilbake",
}
_TEXTS = {
    Refusal.MISSING: "Refleksjonsoppgavene åpnes bare med lenken kommunen fikk fra "
    "nettverkets fasilitator. Bruk hele lenken fra invitasjonen.",
    Refusal.UNKNOWN: "Denne lenken finnes ikke. Kontroller at du har kopiert hele lenken, "
    "eller be fasilitatoren om en ny.",
    Refusal.EXPIRED: "Lenken gjaldt bare en periode, og den er over. Be fasilitatoren i nettverket om en ny lenke.",
    Refusal.REVOKED: "Fasilitatoren har trukket denne lenken tilbake. "
    "Be fasilitatoren om en ny lenke hvis kommunen fortsatt skal svare.",
}
FULL_TITLE = "Tjenesten er full akkurat nå"
FULL_TEXT = (
    "Mange svarer på refleksjonsoppgavene samtidig. Ingenting er lagret eller tapt. "
    "Vent et par minutter og last siden på nytt."
)


def page(title: str, text: str) -> str:
    """A small self-contained page (no scripts, no external resources)."""
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>body{{font-family:system-ui,sans-serif;"
        "max-width:40em;margin:3em auto;padding:0 1em;line-height:1.5;color:#1a1a1a}"
        "h1{font-size:1.5em}</style></head>"
        f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>"
    )


def refusal_page(reason: Refusal) -> str:
    return page(_TITLES[reason], _TEXTS[reason])


def full_page() -> str:
    return page(FULL_TITLE, FULL_TEXT)
