"""Attendance from the registration system's export: counts, never people.

The export has one row per person (name, e-mail, municipality, role, service, …). Names and e-mail
addresses are read past and never kept, printed or logged: what reaches ``params/<nettverk>.yml``
is the number of participants per municipality × role × service, whether a representative with
mandate to coordinate came, and which partners took part.

Whether the representative came is taken from a column such as «Representant med mandat» (ja/nei)
when the export has one; otherwise it is matched in memory against the network file, which holds
each representative by role and service only: a participant with the same role and service as a
representative with mandate counts as that representative.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from learning.network.edit import edit_network, find_gathering, flow, quoted
from learning.network.loader import load_network
from learning.network.model import Network
from learning.problems import Problem, UserError
from learning.reference.municipalities import load_municipalities
from learning.survey.answers import AnswerError, label_lookup, parse_choice, parse_municipality
from learning.survey.codebook import fold, load_codebook
from learning.survey.columns import column_label
from learning.survey.reading import read_table
from learning.workspace import Workspace

# Folded header → what the column holds. Personal columns are recognised only to be skipped.
HEADERS = {
    "kommune": "kommune", "kommunenavn": "kommune", "kommunenummer": "kommune", "arbeidskommune": "kommune",
    "rolle": "rolle", "stilling": "rolle", "tjeneste": "tjeneste", "arbeidssted": "tjeneste",
    "representant med mandat": "mandat", "representant": "mandat", "mandat": "mandat",
    "møtt": "møtt", "oppmøtt": "møtt", "til stede": "møtt",
    "organisasjon": "organisasjon", "samarbeidspartner": "organisasjon",
    "navn": "personal", "fornavn": "personal", "etternavn": "personal", "e-post": "personal",
    "epost": "personal", "e-postadresse": "personal", "email": "personal", "telefon": "personal",
    "mobil": "personal",
}
_YES = {"ja", "j", "yes", "1", "x", "true", "sann"}
_NO = {"nei", "n", "no", "0", "", "false", "usann"}


@dataclass
class AttendanceSummary:
    """What an attendance import counted (no names, no e-mail addresses)."""

    gathering: str
    people: int = 0
    by_municipality: Counter[str] = field(default_factory=Counter)
    partners: list[str] = field(default_factory=list)
    absent: int = 0
    mandate: dict[str, bool | None] = field(default_factory=dict)

    def lines(self) -> list[str]:
        municipalities = load_municipalities()
        found = [f"✓ Oppmøtet på {self.gathering} er ført: {self.people} deltakere fra kommunene."]
        for number, count in sorted(self.by_municipality.items()):
            came = {True: "representant med mandat møtte", False: "representant med mandat møtte ikke",
                    None: "ingen representant med mandat registrert"}[self.mandate.get(number)]
            found.append(f"  {municipalities.get(number).name}: {count} ({came})")
        if self.partners:
            found.append(f"  Samarbeidspartnere til stede: {', '.join(self.partners)}")
        if self.absent:
            found.append(f"  Påmeldt, men ikke møtt (ikke telt): {self.absent}")
        found.append("  Navn og e-postadresser i filen er ikke lagret noe sted.")
        return found


def _columns(header: list[str], shown_as: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        kind = HEADERS.get(fold(text))
        if kind and kind != "personal":
            found.setdefault(kind, index)
    missing = [k for k in ("kommune", "rolle", "tjeneste") if k not in found]
    if missing:
        raise UserError([Problem(shown_as, "første rad", f"fant ikke kolonnen {', '.join(missing)}; "
                                 "eksporten må ha kolonnene Kommune, Rolle og Tjeneste (én rad per person)")])
    return found


def _yes(text: str) -> bool | None:
    folded = fold(text)
    return True if folded in _YES else False if folded in _NO else None


@dataclass
class _Counter:
    network: Network
    columns: dict[str, int]
    labels: dict[int, str]
    problems: list[Problem]
    shown_as: str
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    declared_mandate: dict[str, bool] = field(default_factory=dict)
    partners: set[str] = field(default_factory=set)
    absent: int = 0

    def row(self, number: int, cells: list[str]) -> None:
        def cell(kind: str) -> str:
            index = self.columns.get(kind)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def reject(kind: str, message: str) -> None:
            self.problems.append(Problem(self.shown_as, f"rad {number}, {self.labels[self.columns[kind]]}", message))

        if "møtt" in self.columns and _yes(cell("møtt")) is False:
            self.absent += 1
            return
        partner = self._partner(cell("organisasjon") or cell("kommune"))
        if partner:
            self.partners.add(partner)
            return
        kommune = self._municipality(cell("kommune"), reject)
        role = self._choice(cell("rolle"), "rolle", "rolle mangler; bruk leder, helsepersonell eller annen fagperson",
                            reject)
        service = self._choice(cell("tjeneste"), "tjeneste", "tjeneste mangler", reject)
        if kommune is None or role is None or service is None:
            return
        self.counts[(kommune, str(role), str(service))] += 1
        if "mandat" in self.columns and _yes(cell("mandat")):
            self.declared_mandate[kommune] = True

    @staticmethod
    def _choice(text: str, kind: str, missing: str, reject: Callable[[str, str], None]) -> str | None:
        """The codebook answer ``text`` gives for ``kind`` (rolle, tjeneste); ``None`` rejected."""
        try:
            value = parse_choice(text, label_lookup(load_codebook().options_of(kind)), kind)
        except AnswerError as error:
            reject(kind, str(error))
            return None
        if value is None:
            reject(kind, missing)
        return value

    def _partner(self, text: str) -> str | None:
        wanted = fold(text)
        return next((p for p in self.network.partners if wanted and fold(p) == wanted), None)

    def _municipality(self, text: str, reject) -> str | None:  # type: ignore[no-untyped-def]
        municipalities = load_municipalities()
        try:
            number = parse_municipality(text, municipalities, municipalities.by_name())
        except AnswerError as error:
            reject("kommune", f"{error}; eller skriv en av samarbeidspartnerne i nettverksfilen")
            return None
        if number not in self.network.member_numbers:
            reject("kommune", f"{municipalities.get(number).name} er ikke medlem av nettverket; meld den inn med "
                              "«learning nettverk medlem-inn» eller fjern raden")
            return None
        return number

    def mandate(self, number: str) -> bool | None:
        """Declared in the export, else matched against the representatives by role and service."""
        if "mandat" in self.columns:
            return self.declared_mandate.get(number, False)
        with_mandate = {(r.role, r.service) for r in self.network.member(number).representatives
                        if r.coordination_mandate}
        if not with_mandate:
            return None
        return any((role, service) in with_mandate for (n, role, service) in self.counts if n == number)


def import_attendance(workspace: Workspace, network_id: str, gathering_id: str, path: Path | str) -> AttendanceSummary:
    """Count the export at ``path`` and record it on the gathering; the export is only read."""
    network = load_network(workspace, network_id)
    source = Path(path)
    shown_as = source.name
    if not source.is_file():
        raise UserError([Problem(str(source), "", "filen finnes ikke. Sjekk navnet og mappen.")])
    table = read_table(source, source.read_bytes(), shown_as)
    columns = _columns(table.header, shown_as)
    labels = {i: column_label(text, i) for i, text in enumerate(table.header)}
    counter = _Counter(network, columns, labels, [], shown_as)
    for row_number, cells in table.rows:
        if any(c.strip() for c in cells):
            counter.row(row_number, cells)
    if counter.problems:
        raise UserError([*counter.problems,
                         Problem(shown_as, "", "ingenting er ført; rett radene over og importer på nytt")])
    summary = AttendanceSummary(gathering_id, absent=counter.absent, partners=sorted(counter.partners))
    detail = CommentedMap()
    for number in network.member_numbers:
        rows = sorted((role, service, n) for (k, role, service), n in counter.counts.items() if k == number)
        if not rows:
            continue
        summary.by_municipality[number] = sum(n for *_, n in rows)
        summary.mandate[number] = counter.mandate(number)
        summary.people += summary.by_municipality[number]
        entry = CommentedMap({"counts": [flow({"role": r, "service": s, "count": n}) for r, s, n in rows]})
        if summary.mandate[number] is not None:
            entry["representative_with_mandate"] = summary.mandate[number]
        detail[quoted(number)] = entry

    def change(data: CommentedMap) -> None:
        gathering = find_gathering(data, gathering_id)
        gathering["attendance"] = flow({quoted(n): c for n, c in summary.by_municipality.items()})
        gathering["attendance_detail"] = detail
        gathering["partners_present"] = list(summary.partners)

    edit_network(workspace, network_id, change)
    return summary
