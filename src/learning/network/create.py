"""A new workspace for a new network: params/, data/ and a short README for the facilitator.

The network file starts with the members (no letters of intent or anchoring yet), one gathering and
the standard reports, so ``learning check`` passes and ``learning render`` gives useful, mostly
empty reports at once. Everything after that is recorded with ``learning nettverk …``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from learning.atomic import write_text_atomic
from learning.network.edit import check_text, dump_text, flow, quoted
from learning.problems import Problem, UserError
from learning.reference.municipalities import load_municipalities, slugify
from learning.workspace import Workspace

# The demo's exercises are written to be general; a new network starts with them. They ship in the
# package (package data), so `learning init` works from an installed wheel too.
EXAMPLE_EXERCISES = Path(__file__).with_name("starter_exercises.yml")

STANDARD_REPORTS: tuple[tuple[str, str, str, dict[str, object]], ...] = (
    ("network_overview", "gathering", "participants", {}),
    ("municipality_report", "municipality_gathering", "participants", {}),
    ("reflection", "municipality_gathering", "participants", {"live": False}),
    ("survey_overview", "gathering", "facilitators", {}),
    ("gathering_summary", "gathering", "facilitators", {}),
    ("network_evaluation", "gathering", "facilitators", {}),
    ("research_findings", "network", "facilitators", {}),
)

README = """# Arbeidsområdet for {name}

Her ligger alt om nettverket. Du trenger ikke åpne filene: bruk kommandoene under.
Skriv `learning KOMMANDO --help` for å se alt en kommando kan.

Stå i denne mappen (eller bruk `--workspace {root}`), og:

| vil du … | skriv |
| --- | --- |
| sjekke at alt er i orden | `learning check` |
| melde inn en kommune | `learning nettverk medlem-inn Vang` |
| føre en signert intensjonsavtale | `learning nettverk intensjonsavtale Vang --dato 15.01.2024` |
| sette forankringen | `learning nettverk forankring Vang vedtak` |
| legge til en representant | `learning nettverk representant Vang --rolle leder --tjeneste skole --mandat` |
| legge til eller flytte en samling | `learning nettverk samling-ny …` / `learning nettverk samling-flytt ID --dato …` |
| føre oppmøtet fra påmeldingen | `learning nettverk importer-oppmote eksport.xlsx --samling {first}` |
| lage spørreskjemaet | `learning survey-form` |
| importere kartleggingen | `learning import-survey eksport.csv --network {network} --wave baseline` |
| lage regnearket for kommunenes mål | `learning goals-template` (og `learning import-goals FIL` når det er fylt ut) |
| lage rapportene | `learning render` |

Navn og e-postadresser fra påmeldingen lagres aldri; bare antall per kommune, rolle og tjeneste.
Ekte kartleggingsdata skal ikke deles eller legges i git.

Mappene: `params/` (nettverket, målene), `data/` (målinger og importerte svar), `reports/`
(ferdige rapporter).
"""


@dataclass(frozen=True)
class FirstGathering:
    date: dt.date
    place: str
    theme: str
    format: str = "physical"
    start: str = "09:00"
    end: str = "15:00"
    ident: str = "samling-1"


def network_document(network_id: str, name: str, organisers: list[str], members: list[str],
                     gathering: FirstGathering, *, target_group: str, joined: dt.date) -> CommentedMap:
    """The new network file's content, with a comment saying how to change it."""
    data = CommentedMap({
        "id": network_id, "name": name, "organisers": CommentedSeq(organisers), "partners": CommentedSeq(),
        "target_group": target_group, "language": "nb",
        "reports": [CommentedMap({"notebook": nb, "scope": scope, "audience": audience}
                                 | ({"parameters": flow(extra)} if extra else {}))
                    for nb, scope, audience, extra in STANDARD_REPORTS],
        "members": [CommentedMap({"kommune": quoted(number), "joined": joined,
                                  "letter_of_intent": flow({"signed": False}), "anchoring": flow({"level": "ingen"}),
                                  "representatives": CommentedSeq()}) for number in members],
        "gatherings": [CommentedMap({"id": gathering.ident, "date": gathering.date, "start": quoted(gathering.start),
                                     "end": quoted(gathering.end), "format": gathering.format,
                                     "place": gathering.place, "theme": gathering.theme})],
    })
    data.yaml_set_start_comment(
        f"Nettverket {name}. Laget med «learning init» {dt.date.today():%d.%m.%Y}.\n"
        "Endre med «learning nettverk …» (se README.md); da sjekkes alt før filen skrives.")
    return data


def create_workspace(root: Path, name: str, organisers: list[str], members: list[str],
                     gathering: FirstGathering, *, target_group: str,
                     joined: dt.date | None = None) -> tuple[Workspace, str]:
    """Make the folders and files; refuse a folder that already holds a workspace."""
    root = root.expanduser().resolve()
    if (root / "params").exists():
        raise UserError([Problem(str(root), "", "har allerede et arbeidsområde (params/ finnes). Velg en ny mappe, "
                                                "eller legg til nettverket med «learning nettverk …».")])
    if root.exists() and not root.is_dir():
        raise UserError([Problem(str(root), "", "er en fil, ikke en mappe. Velg et annet navn.")])
    network_id = slugify(name)[:60].strip("-") or "nettverk"
    numbers = list(dict.fromkeys(members))
    text = dump_text(network_document(network_id, name, organisers, numbers, gathering,
                                      target_group=target_group, joined=joined or dt.date.today()))
    workspace = Workspace(root)
    _, problems = check_text(workspace, network_id, text)
    if problems:
        raise UserError([*problems, Problem(str(root), "", "ingenting er laget; rett feilene over og prøv igjen")])
    for folder in ("params/goals", "data/goals", "data/survey"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    write_text_atomic(root / "params" / f"{network_id}.yml", text)
    write_text_atomic(root / "params" / "exercises" / f"{network_id}.yml", exercises_text(network_id, gathering.ident))
    write_text_atomic(root / "README.md", README.format(name=name, root=root, network=network_id,
                                                         first=gathering.ident))
    write_text_atomic(root / ".gitignore", "data/\nreports/\n")
    return workspace, network_id


def exercises_text(network_id: str, gathering_id: str) -> str:
    """The starting reflection exercises: the demo's, for the first gathering."""
    from ruamel.yaml import YAML

    data = YAML().load(EXAMPLE_EXERCISES.read_text(encoding="utf-8"))
    data.pop("synthetic", None)
    data["network"] = network_id
    data["gatherings"] = CommentedMap({gathering_id: [str(e["id"]) for e in data["exercises"]]})
    data.yaml_set_start_comment("Refleksjonsoppgavene, på bokmål og nynorsk. "
                                "Eksempler fra demoen: tilpass dem gjerne.\n"
                                "Under «gatherings» står hvilke oppgaver hver samling har.")
    return dump_text(data)


def member_names(numbers: list[str]) -> str:
    municipalities = load_municipalities()
    return ", ".join(f"{municipalities.get(n).name} ({n})" for n in numbers)
