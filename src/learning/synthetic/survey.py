"""Seeded synthetic survey exports for the demo networks, deliberately as messy as real ones.

``python -m learning.synthetic.survey`` rewrites ``data/demo/survey/`` (the exports and
``manifest.yml``) byte for byte the same on every run. Every answer is invented. Each file takes
one shape survey tools really produce, and a few rows are broken on purpose so the importer's
checks show; the manifest records how many rows each file should give.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from openpyxl import Workbook

from learning.atomic import write_bytes_atomic
from learning.network import Network, load_network
from learning.reference.municipalities import load_municipalities
from learning.survey import schema
from learning.survey.codebook import Codebook, load_codebook
from learning.synthetic.manifest import MANIFEST
from learning.workspace import Workspace

SEED = 20220111  # the first gathering of the Midt-Norge network

# Harmless, clearly invented comments: the demo must show that free text is stored but never shown.
COMMENTS = (
    "Fiktiv demotekst: Vi ønsker oss flere felles samlinger.",
    "Fiktiv demotekst: Rutinen er ny hos oss og blir prøvd ut nå.",
    "Fiktiv demotekst: Fint å lære av de andre kommunene.",
    "Fiktiv demotekst: Vi trenger mer tid til opplæring.",
)
SERVICES_BY_NETWORK = {
    "midt-norge-2022": (
        "psykisk_helse_rus",
        "hjemmetjeneste",
        "legekontor",
        "nav",
        "avlastning",
        "helsestasjon_skolehelse",
        "sykehjem",
        "barnevern",
    ),
    "valdres": (
        "skole",
        "barnehage",
        "helsestasjon_skolehelse",
        "psykisk_helse_rus",
        "legekontor",
        "ppt",
        "hjemmetjeneste",
        "annet",
    ),
}
# How much easier an item is than the average practice item (identifying is the most common
# duty in practice, informing the child the least: the multicentre study's pattern, no figures).
ITEM_EASE = {
    "p_identify": 0.8,
    "p_document": 0.5,
    "p_talk_parent": 0.2,
    "p_inform_child": -0.6,
    "p_offer_conversation": -0.4,
    "p_contact_services": -0.2,
    "p_refer": -0.1,
    "p_bereaved": -0.3,
}


@dataclass
class Response:
    """One invented respondent's answers, as codes."""

    kommune: str
    answers: dict[str, object]
    submission_id: str
    created: str  # ISO 8601 with offset, Norwegian winter/summer time written out


@dataclass
class DemoExport:
    """One export file: how it looks, and how many rows the importer should accept or reject."""

    file: str
    network: str
    wave: str
    description: str
    responses: list[Response] = field(default_factory=list)
    broken: list[Response] = field(default_factory=list)  # rows the importer must reject
    duplicates: int = 0

    def manifest_entry(self) -> dict[str, object]:
        return {
            "file": self.file,
            "network": self.network,
            "wave": self.wave,
            "description": self.description,
            "expected": {
                "accepted": len(self.responses),
                "rejected": len(self.broken),
                "duplicates": self.duplicates,
            },
        }


class _Generator:
    """Draws respondents for one network and wave from a shared seeded random source."""

    def __init__(self, rng: random.Random, network: Network) -> None:
        self.rng = rng
        self.network = network
        # A stable "how far along" per municipality, so a municipality looks alike across waves.
        self.effect = {m: rng.gauss(0, 0.35) for m in network.member_numbers}

    def respondents(self, wave_step: int, dates: list[str], small: str) -> list[Response]:
        """8–12 respondents per member (``small`` gets 3), later waves doing a bit better."""
        out: list[Response] = []
        for kommune in self.network.member_numbers:
            for _ in range(3 if kommune == small else self.rng.randint(8, 12)):
                out.append(self.one(kommune, wave_step, self.rng.choice(dates), len(out) + 1))
        self.rng.shuffle(out)
        return out

    def one(self, kommune: str, wave_step: int, created: str, number: int) -> Response:
        """One respondent of ``kommune``; ``number`` makes the submission id unique."""
        answers = self._answers(kommune, wave_step)
        return Response(kommune, answers, f"{self.network.id[:2]}{wave_step}{number:04d}", created)

    def bad(self, wave_step: int, created: str, count: int) -> list[Response]:
        """Respondents to be broken on purpose (ids that no good row uses)."""
        members = self.network.member_numbers
        return [
            self.one(self.rng.choice(members), wave_step, created, 9000 + i) for i in range(count)
        ]

    def _answers(self, kommune: str, step: int) -> dict[str, object]:
        rng = self.rng
        services = SERVICES_BY_NETWORK[self.network.id]
        person = rng.gauss(0, 0.6) + self.effect[kommune] + 0.45 * step
        answers: dict[str, object] = {
            "tjeneste": rng.choices(services, weights=range(len(services) + 4, 4, -1))[0],
            "rolle": rng.choices(schema.ROLES, weights=(2, 5, 3))[0],
        }
        for code in schema.PRACTICE_ITEMS:
            if rng.random() < (0.15 if code == "p_bereaved" else 0.05):
                answers[code] = schema.NOT_RELEVANT
            elif rng.random() < 0.03:
                answers[code] = None  # skipped
            else:
                level = 2.6 + ITEM_EASE[code] + person + rng.gauss(0, 0.7)
                answers[code] = min(5, max(1, round(level)))
        for code in schema.SYSTEM_ITEMS:
            p_yes = min(0.9, max(0.1, 0.35 + 0.15 * step + 0.1 * person))
            draw = rng.random()
            answers[code] = (
                schema.YES if draw < p_yes else (schema.DONT_KNOW if draw > 0.85 else schema.NO)
            )
        for code in schema.CONFIDENCE_ITEMS:
            answers[code] = min(5, max(1, round(2.8 + 0.5 * person + rng.gauss(0, 0.8))))
        chosen = [o for o in schema.COOPERATION_OPTIONS if rng.random() < 0.12 + 0.08 * step]
        answers["samarbeid"] = chosen if chosen or rng.random() < 0.7 else None
        answers["kommentar"] = rng.choice(COMMENTS) if rng.random() < 0.06 else None
        return answers


def _label(codebook: Codebook, code: str, value: object, lang: str) -> str:
    return "" if value is None else codebook.label(code, value, lang)  # type: ignore[arg-type]


def _municipality_text(rng: random.Random, number: str, names: dict[str, str]) -> str:
    """The municipality as people type it: the number (lost leading zero), or a name in any case."""
    style = rng.random()
    if style < 0.5:
        return number.lstrip("0")
    name = names[number]
    return name.upper() if style < 0.6 else (name.lower() if style < 0.7 else name)


def _csv_bytes(
    header: list[str],
    rows: list[list[str]],
    delimiter: str,
    encoding: str,
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    """A workbook with fixed timestamps inside, so the same rows give the same bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Svar"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    raw = io.BytesIO()
    workbook.save(raw)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2024-01-01T00:00:00Z",
                    data,
                )
            target.writestr(
                zipfile.ZipInfo(info.filename, (2024, 1, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return fixed.getvalue()


def _spread(rng: random.Random, days: list[str], offset: str) -> list[str]:
    return [
        f"{day}T{rng.randint(8, 15):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}{offset}"
        for day in days
    ]


def _midt_baseline(
    gen: _Generator, book: Codebook, names: dict[str, str]
) -> tuple[DemoExport, bytes]:
    """Semicolon CSV in Windows-1252, bokmål question texts as headers and answer labels."""
    rng = gen.rng
    export = DemoExport(
        "midt-norge-2022-baseline.csv",
        gen.network.id,
        schema.BASELINE,
        "Semikolon, Windows-1252, spørsmålstekst (bokmål) som overskrift, svar som tekst",
    )
    export.responses = gen.respondents(
        0, _spread(rng, ["2021-12-06", "2021-12-13"], "+01:00"), "5035"
    )
    items = [i for i in book.items]
    header = [i.text.nb for i in items]

    def row(r: Response, kommune: str) -> list[str]:
        cells: list[str] = []
        for item in items:
            value = r.answers.get(item.code)
            if item.code == "kommune":
                cells.append(kommune)
            elif item.kind == "multiple_choice":
                chosen = value if isinstance(value, list) else []
                cells.append("; ".join(_label(book, "samarbeid", v, "nb") for v in chosen))
            elif item.kind == "free_text":
                cells.append(str(value or ""))
            else:
                cells.append(_label(book, item.code, value, "nb"))
        return cells

    rows = [row(r, _municipality_text(rng, r.kommune, names)) for r in export.responses]
    bad = gen.bad(0, "", 4)
    broken = [row(bad[0], "Fjellby"), row(bad[1], "301"), row(bad[2], ""), row(bad[3], "Malvik")]
    broken[3][header.index(book.item("p_identify").text.nb)] = "7"  # out of range
    export.broken = bad
    return export, _csv_bytes(header, _interleave(rng, rows, broken), ";", "cp1252")


def _interleave(rng: random.Random, rows: list[list], extra: list[list]) -> list[list]:
    """``extra`` rows put in at seeded places among ``rows``."""
    out = list(rows)
    for item in extra:
        out.insert(rng.randint(1, len(out)), item)
    return out


def _nettskjema_row(r: Response, kommune: str, rng: random.Random) -> list[str]:
    a = r.answers
    cells = [
        r.submission_id,
        r.created,
        str(rng.randint(90_000, 900_000)),
        kommune,
        str(a["tjeneste"]),
        str(a["rolle"]),
    ]
    cells += [
        "" if a[c] is None else str(a[c])
        for c in (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)
    ]
    chosen = a["samarbeid"]
    cells += ["" if chosen is None else str(int(o in chosen)) for o in schema.COOPERATION_OPTIONS]  # type: ignore[operator]
    return [*cells, a["kommentar"] or ""]  # type: ignore[list-item]


NETTSKJEMA_HEADER = [
    "$submission_id",
    "$created",
    "$answer_time_ms",
    "kommune",
    "tjeneste",
    "rolle",
    *schema.PRACTICE_ITEMS,
    *schema.SYSTEM_ITEMS,
    *schema.CONFIDENCE_ITEMS,
    *schema.COOPERATION_COLUMNS,
    "kommentar",
]


def _midt_later(gen: _Generator, wave: str) -> tuple[DemoExport, bytes]:
    """Nettskjema style: system columns, codes, 0/1 columns for samarbeid; one double submission."""
    rng = gen.rng
    export = DemoExport(
        f"midt-norge-2022-{wave}.csv",
        gen.network.id,
        wave,
        "Nettskjema-eksport: komma, UTF-8, $submission_id/$created, samarbeid.* som 0/1",
    )
    export.responses = gen.respondents(1, _spread(rng, ["2022-09-26", "2022-10-03"], "+02:00"), "")
    rows = [_nettskjema_row(r, r.kommune, rng) for r in export.responses]
    # The same response exported twice (a re-sent form): stored once, reported as a duplicate.
    rows.insert(rng.randint(1, len(rows)), list(rows[rng.randrange(len(rows))]))
    export.duplicates = 1
    bad = gen.bad(1, "2022-10-01T10:00:00+02:00", 2)
    broken = [_nettskjema_row(bad[0], "5025", rng), _nettskjema_row(bad[1], bad[1].kommune, rng)]
    broken[1][NETTSKJEMA_HEADER.index("s_routine")] = "3"  # not a yes/no/don't know code
    export.broken = bad
    return export, _csv_bytes(
        NETTSKJEMA_HEADER, _interleave(rng, rows, broken), ",", "utf-8", csv.QUOTE_ALL
    )


def _valdres_baseline(
    gen: _Generator, book: Codebook, names: dict[str, str]
) -> tuple[DemoExport, bytes]:
    """XLSX with nynorsk question texts, nynorsk labels, ``Opprettet`` dates, names and numbers."""
    rng = gen.rng
    export = DemoExport(
        "valdres-baseline.xlsx",
        gen.network.id,
        schema.BASELINE,
        "Excel (xlsx), spørsmålstekst på nynorsk, svar som tekst, Opprettet dd.mm.åååå",
    )
    export.responses = gen.respondents(0, ["19.02.2024", "26.02.2024", "27.02.2024"], "3450")
    items = [i for i in book.items if i.code != "rolle"]  # this form did not ask for the role
    header = ["Opprettet", *(i.text.nn for i in items)]

    def row(r: Response, kommune: object) -> list[object]:
        cells: list[object] = [r.created]
        for item in items:
            value = r.answers.get(item.code)
            if item.code == "kommune":
                cells.append(kommune)
            elif item.kind == "multiple_choice":
                cells.append(None if value is None else ", ".join(value))  # type: ignore[arg-type]
            elif item.kind == "free_text":
                cells.append(value)
            elif item.kind == "scale" and rng.random() < 0.3:
                cells.append(value)  # some cells typed as numbers
            else:
                cells.append(_label(book, item.code, value, "nn") or None)
        return cells

    def kommune_cell(number: str) -> object:
        text = _municipality_text(rng, number, names)
        return int(text) if text.isdigit() else text  # Excel keeps numbers as numbers

    rows = [row(r, kommune_cell(r.kommune)) for r in export.responses]
    bad = gen.bad(0, "20.02.2024", 2)
    broken = [row(bad[0], None), row(bad[1], 3499)]  # no municipality; a number that does not exist
    export.broken = bad
    return export, _xlsx_bytes(header, _interleave(rng, rows, broken))


def _valdres_later(gen: _Generator, wave: str, names: dict[str, str]) -> tuple[DemoExport, bytes]:
    """Tab-separated UTF-8 with BOM, codes as headers, samarbeid as codes separated by ``;``."""
    rng = gen.rng
    export = DemoExport(
        f"valdres-{wave}.tsv",
        gen.network.id,
        wave,
        "Tabulatorseparert, UTF-8 med BOM, koder som overskrift, ekstra kolonne",
    )
    # Etnedal small again: its two small waves are shown together from the «rutiner» gathering on
    export.responses = gen.respondents(1, _spread(rng, ["2025-02-17", "2025-02-24"], "+01:00"), "3450")
    header = [
        "$submission_id",
        "$created",
        "kommune",
        "tjeneste",
        "rolle",
        *schema.PRACTICE_ITEMS,
        *schema.SYSTEM_ITEMS,
        *schema.CONFIDENCE_ITEMS,
        "samarbeid",
        "kommentar",
        "Skjemaversjon",
    ]

    def row(r: Response, kommune: str) -> list[str]:
        a = r.answers
        cells = [r.submission_id, r.created, kommune, str(a["tjeneste"]), str(a["rolle"])]
        cells += [
            "" if a[c] is None else str(a[c])
            for c in (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)
        ]
        chosen = a["samarbeid"]
        cells.append("" if chosen is None else ";".join(chosen))  # type: ignore[arg-type]
        return [*cells, a["kommentar"] or "", "2"]  # type: ignore[list-item]

    rows = [row(r, _municipality_text(rng, r.kommune, names)) for r in export.responses]
    bad = gen.bad(1, "2025-02-20T09:00:00+01:00", 2)
    broken = [row(bad[0], "Gjøvik"), row(bad[1], bad[1].kommune)]
    broken[1][header.index("c_talk_child")] = "6"
    export.broken = bad
    return export, _csv_bytes(header, _interleave(rng, rows, broken), "\t", "utf-8-sig")


def build_exports(workspace: Workspace) -> list[tuple[DemoExport, bytes]]:
    """Every demo export with its bytes, from one seed, in a fixed order."""
    rng = random.Random(SEED)
    book = load_codebook()
    municipalities = load_municipalities(workspace)
    midt = load_network(workspace, "midt-norge-2022")
    valdres = load_network(workspace, "valdres")
    names = {m: municipalities.get(m).name for m in (*midt.member_numbers, *valdres.member_numbers)}
    names["5001"] = "Tråante"  # the Sami parallel name, as some respondents write it
    midt_gen, valdres_gen = _Generator(rng, midt), _Generator(rng, valdres)
    builders: list[Callable[[], tuple[DemoExport, bytes]]] = [
        lambda: _midt_baseline(midt_gen, book, names),
        lambda: _midt_later(midt_gen, "samling-3"),
        lambda: _valdres_baseline(valdres_gen, book, names),
        lambda: _valdres_later(valdres_gen, "rutiner", names),
    ]
    return [build() for build in builders]


def write_demo_surveys(workspace: Workspace, out_dir: Path | None = None) -> Path:
    """Write the demo exports and their manifest (default ``data/demo/survey``); the folder."""
    folder = out_dir or workspace.demo_dir / "survey"
    exports = build_exports(workspace)
    for export, data in exports:
        write_bytes_atomic(folder / export.file, data)
    manifest = {
        "synthetic": "Oppdiktede svar laget av python -m learning.synthetic.survey (frø "
        f"{SEED}). Ingen ekte personer eller svar.",
        "files": [export.manifest_entry() for export, _ in exports],
    }
    text = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)
    write_bytes_atomic(folder / MANIFEST, text.encode("utf-8"))
    return folder


def main(argv: list[str] | None = None) -> None:
    """``python -m learning.synthetic.survey [--workspace DIR] [--out DIR]``."""
    parser = argparse.ArgumentParser(description="Lag demodata for kartleggingen (syntetisk).")
    parser.add_argument("--workspace", help="arbeidsområdet med params/ (standard: finn det)")
    parser.add_argument(
        "--out", type=Path, help="mappen filene skrives til (standard: data/demo/survey)"
    )
    args = parser.parse_args(argv)
    folder = write_demo_surveys(Workspace.locate(args.workspace), args.out)
    print(f"Demodata skrevet til {folder}")


if __name__ == "__main__":
    main()
