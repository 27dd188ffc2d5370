"""Research findings the project may show, each with its source (``data/reference/findings.yml``).

Only the figures in ``shared/DOMAIN.md`` («Research findings the project may show») are in the
file, and a test keeps it that way. In JupyterLab::

    from learning.reference.findings import load_findings, findings_table, select, findings_for_item
    findings_table()                                 # one row per finding, tidy
    select(load_findings(), construct="contact_refer")
    findings_for_item("p_refer")                     # what research says beside a survey item

A finding names the *construct* it speaks to, from the closed set :data:`CONSTRUCTS`: the
duties of the multicentre study's health-personnel questionnaire (identify → talk with the
parent → inform the child → offer a conversation → contact and refer → document), which the
network survey mirrors, plus the children's own situation, how many children it concerns, and how
far the law was put into practice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from learning.i18n import Lang, check_language
from learning.packaged import packaged_reference_dir
from learning.problems import Problem, UserError
from learning.schema_messages import schema_problems
from learning.strict import Bilingual, NonEmpty, Strict
from learning.survey import schema
from learning.workspace import Workspace
from learning.yamlfile import read_yaml

if TYPE_CHECKING:
    import pandas as pd

FINDINGS_FILE = "findings.yml"

#: The closed set of constructs a finding may speak to, with what each means.
CONSTRUCTS: dict[str, str] = {
    "identify": "asking patients/users whether they have minor children or siblings",
    "talk_with_parent": "talking with the parent about the children's situation and needs",
    "inform_child": "the children get age-adapted information; health personnel talk with them",
    "offer_conversation": "offering the child a conversation",
    "contact_refer": "contacting the child's kindergarten, school, GP etc.; referring for help",
    "document": "recording the children and what was done in the patient's record",
    "children_situation": "the children's own situation: burden of caring, well-being",
    "prevalence": "how many children have a parent with illness or substance misuse",
    "implementation": "how far the law's duties were put into practice; who took part",
}

#: Which constructs' findings stand beside each survey item. Items absent here (the system
#: items, ``p_bereaved``) have no matching finding among those the project may show.
#: The practice items follow the study's duty list one to one; in addition:
#: - identify, document and talk with the parent had no figure of their own in the verified
#:   papers, so they get the implementation findings (the 2010 law only partly implemented,
#:   time-consuming duties done least);
#: - informing the child and offering a conversation both meet the finding that fewer than one
#:   in three health personnel had talked with the children themselves;
#: - contacting services and referring both meet the referral gap (40 % / 20 % / 10 %);
#: - the confidence items meet the findings on the same duties.
ITEM_CONSTRUCTS: dict[str, tuple[str, ...]] = {
    "p_identify": ("identify", "implementation"),
    "p_document": ("document", "implementation"),
    "p_talk_parent": ("talk_with_parent", "implementation"),
    "p_inform_child": ("inform_child", "offer_conversation"),
    "p_offer_conversation": ("offer_conversation", "inform_child"),
    "p_contact_services": ("contact_refer",),
    "p_refer": ("contact_refer",),
    "c_talk_child": ("inform_child", "offer_conversation"),
    "c_know_duties": ("implementation",),
}

SURVEY_ITEMS = (*schema.PRACTICE_ITEMS, *schema.SYSTEM_ITEMS, *schema.CONFIDENCE_ITEMS)

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


def _known_construct(value: str) -> str:
    if value not in CONSTRUCTS:
        raise ValueError(f"ukjent konstrukt {value!r}; tillatt: {', '.join(CONSTRUCTS)}")
    return value


class Source(Strict):
    """A publication findings come from, cited only as far as DOMAIN.md gives it."""

    key: Identifier
    label: NonEmpty = Field(description="short citation shown next to each figure")
    citation: NonEmpty = Field(description="the full reference as DOMAIN.md gives it")
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    multicentre: bool = Field(description="from the multicentre study «Barn som pårørende»")
    population: Bilingual = Field(description="where the data come from")

    @property
    def address(self) -> str | None:
        """Where to read it: the DOI as a link, else the web address, else nothing."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


class _FindingRow(Strict):
    """One finding as the file gives it (``construct`` would shadow a pydantic method, hence
    the alias); checked here, then handed out as a :class:`Finding`."""

    id: Identifier
    construct_: Annotated[str, AfterValidator(_known_construct)] = Field(alias="construct")
    source: Source
    statement: Bilingual
    figure: float | None = Field(default=None, ge=0)
    unit: Literal["prosent", "barn"] | None = None
    figure_qualifier: Literal["about", "more_than"] | None = None
    figure_text: Bilingual | None = None
    sample: Bilingual | None = None

    @model_validator(mode="after")
    def _figure_parts_agree(self) -> _FindingRow:
        if self.figure is not None and (self.unit is None or self.figure_text is None):
            raise ValueError("et tall (figure) må ha både unit og figure_text")
        if self.figure is None and (self.unit or self.figure_qualifier):
            raise ValueError(
                "unit og figure_qualifier gjelder bare når funnet har et tall (figure)"
            )
        return self

    def finding(self) -> Finding:
        fields = self.model_dump(
            exclude={"construct_", "source", "statement", "figure_text", "sample"}
        )
        return Finding(
            construct=self.construct_,
            source=self.source,
            statement=self.statement,
            figure_text=self.figure_text,
            sample=self.sample,
            **fields,
        )


@dataclass(frozen=True)
class Finding:
    """One finding: what it says (without its figure), the figure, the sample and the source."""

    id: str
    construct: str
    source: Source
    statement: Bilingual
    figure: float | None
    unit: Literal["prosent", "barn"] | None
    figure_qualifier: Literal["about", "more_than"] | None
    figure_text: Bilingual | None
    sample: Bilingual | None

    @property
    def multicentre(self) -> bool:
        return self.source.multicentre

    def figure_display(self, lang: Lang) -> str:
        """The figure as readers see it (``40 %``, ``færre enn én av tre``), or ``""``.

        Digit groups are joined with a no-break space so ``410 000`` never splits over lines.
        """
        if self.figure_text is None:
            return ""
        return re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", self.figure_text(lang))


# --- loading --------------------------------------------------------------------------------

def _lines(text: str) -> dict[tuple[str, Any], int]:
    """The line each source and finding starts on, for error messages (1-based)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[str, Any], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value in root.value:
        if key_node.value == "sources" and isinstance(value, yaml.MappingNode):
            for k, _ in value.value:
                lines[("sources", k.value)] = k.start_mark.line + 1
        if key_node.value == "findings" and isinstance(value, yaml.SequenceNode):
            for number, item in enumerate(value.value, start=1):
                lines[("findings", number)] = item.start_mark.line + 1
    return lines


def _validation_problems(error: ValidationError, shown_as: str, where: str) -> list[Problem]:
    return schema_problems(error, shown_as, prefix=where)


def _load_sources(
    raw: Any, shown_as: str, lines: dict, problems: list[Problem]
) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    if not isinstance(raw, dict) or not raw:
        problems.append(Problem(shown_as, "sources", "må være en liste over kilder (nøkkel: felt)"))
        return sources
    for key, entry in raw.items():
        where = f"sources.{key} (linje {lines.get(('sources', key), '?')})"
        if not isinstance(entry, dict):
            problems.append(
                Problem(
                    shown_as,
                    where,
                    "en kilde må ha feltene label, citation, multicentre og population",
                )
            )
            continue
        try:
            sources[str(key)] = Source(key=str(key), **entry)
        except ValidationError as error:
            problems += _validation_problems(error, shown_as, where)
    return sources


def _load_finding(
    number: int, entry: Any, sources: dict[str, Source], shown_as: str, lines: dict
) -> tuple[Finding | None, list[Problem]]:
    ident = entry.get("id", "?") if isinstance(entry, dict) else "?"
    where = f"funn nr. {number} (id {ident}, linje {lines.get(('findings', number), '?')})"
    if not isinstance(entry, dict):
        return None, [
            Problem(
                shown_as,
                where,
                "et funn må være en oppføring med feltene id, construct, source, statement",
            )
        ]
    key = entry.get("source")
    if key is None or (isinstance(key, str) and not key.strip()):
        return None, [
            Problem(
                shown_as,
                f"{where}, felt source",
                "kilde mangler: hvert funn må vise til en kilde under «sources» (med citation).",
            )
        ]
    if key not in sources:
        return None, [
            Problem(
                shown_as,
                f"{where}, felt source",
                f"ukjent kilde {key!r}; kjente kilder: {', '.join(sources) or '(ingen gyldige)'}.",
            )
        ]
    try:
        return _FindingRow(**{**entry, "source": sources[key]}).finding(), []
    except ValidationError as error:
        return None, _validation_problems(error, shown_as, where)


def read_findings(path: Path, shown_as: str | None = None) -> list[Finding]:
    """Read and check a findings file; every problem in it is reported at once."""
    return _read(path, shown_as)[0]


def _read(path: Path, shown_as: str | None = None) -> tuple[list[Finding], dict[str, Source]]:
    name = shown_as or str(path)
    data = read_yaml(path, name)
    if not isinstance(data, dict):
        raise UserError([Problem(name, "", "fila må ha avsnittene «sources» og «findings».")])
    lines = _lines(path.read_text(encoding="utf-8"))
    problems = [
        Problem(name, str(k), "ukjent avsnitt; tillatt: populations, sources, findings")
        for k in data
        if k not in ("populations", "sources", "findings")
    ]
    sources = _load_sources(data.get("sources"), name, lines, problems)
    raw_findings = data.get("findings")
    if not isinstance(raw_findings, list) or not raw_findings:
        problems.append(Problem(name, "findings", "må være en liste med minst ett funn"))
        raw_findings = []
    findings: list[Finding] = []
    for number, entry in enumerate(raw_findings, start=1):
        finding, found = _load_finding(number, entry, sources, name, lines)
        problems += found
        if finding is not None:
            findings.append(finding)
    seen: set[str] = set()
    for finding in findings:
        if finding.id in seen:
            problems.append(
                Problem(
                    name,
                    f"funn med id {finding.id}",
                    "id-en står flere ganger; gi hvert funn sin egen id",
                )
            )
        seen.add(finding.id)
    if problems:
        raise UserError(problems)
    return findings, sources


@cache
def _cached(path: Path, mtime_ns: int) -> tuple[list[Finding], dict[str, Source]]:
    return _read(path)


def findings_file(workspace: Workspace | None = None) -> Path:
    """The findings file: the workspace's own, else the package's copy."""
    if workspace is None:
        return packaged_reference_dir() / FINDINGS_FILE
    return workspace.reference_file(FINDINGS_FILE)


def load_findings(path: Path | None = None, *, workspace: Workspace | None = None) -> list[Finding]:
    """All findings the project may show, in file order (cached while the file is unchanged)."""
    chosen = (path or findings_file(workspace)).resolve()
    return list(_cached(chosen, chosen.stat().st_mtime_ns)[0])


def load_sources(path: Path | None = None, *, workspace: Workspace | None = None) -> dict[str, Source]:
    """The sources in the findings file, keyed by their short id."""
    chosen = (path or findings_file(workspace)).resolve()
    return dict(_cached(chosen, chosen.stat().st_mtime_ns)[1])


# --- selecting ------------------------------------------------------------------------------


def select(
    findings: Iterable[Finding],
    *,
    construct: str | Iterable[str] | None = None,
    source: str | None = None,
    multicentre: bool | None = None,
) -> list[Finding]:
    """The findings matching every given condition; ``source`` is a source key or its label."""
    wanted = {construct} if isinstance(construct, str) else set(construct) if construct else None
    if wanted:
        unknown = wanted - set(CONSTRUCTS)
        if unknown:
            raise UserError(
                f"Ukjent konstrukt: {', '.join(sorted(unknown))}. Tillatt: {', '.join(CONSTRUCTS)}."
            )
    return [
        f
        for f in findings
        if (wanted is None or f.construct in wanted)
        and (source is None or source in (f.source.key, f.source.label))
        and (multicentre is None or f.multicentre == multicentre)
    ]


def constructs_for_item(item_code: str) -> tuple[str, ...]:
    """The constructs whose findings stand beside a survey item (empty when none match)."""
    if item_code not in SURVEY_ITEMS:
        raise UserError(
            f"Ukjent spørsmålskode {item_code!r}. Kjente koder: {', '.join(SURVEY_ITEMS)}."
        )
    return ITEM_CONSTRUCTS.get(item_code, ())


def findings_for_item(item_code: str, findings: Iterable[Finding] | None = None) -> list[Finding]:
    """The findings that speak to a survey item, in file order."""
    constructs = constructs_for_item(item_code)
    if not constructs:
        return []
    return select(load_findings() if findings is None else findings, construct=constructs)


def findings_for_items(
    item_codes: Iterable[str], findings: Iterable[Finding] | None = None
) -> list[Finding]:
    """The findings for several survey items, each once, in file order."""
    constructs = {c for code in item_codes for c in constructs_for_item(code)}
    if not constructs:
        return []
    return select(load_findings() if findings is None else findings, construct=constructs)


def findings_table(findings: Iterable[Finding] | None = None, lang: Lang = "nb") -> pd.DataFrame:
    """One row per finding with its source, sample and population, texts in ``lang``."""
    check_language(lang)
    rows = []
    for f in load_findings() if findings is None else findings:
        rows.append(
            {
                "id": f.id,
                "construct": f.construct,
                "multicentre": f.multicentre,
                "statement": f.statement(lang),
                "figure": f.figure,
                "unit": f.unit,
                "figure_qualifier": f.figure_qualifier,
                "figure_text": f.figure_text(lang) if f.figure_text else None,
                "sample": f.sample(lang) if f.sample else None,
                "population": f.source.population(lang),
                "source": f.source.key,
                "source_label": f.source.label,
                "citation": f.source.citation,
                "doi": f.source.doi,
                "address": f.source.address,
                "year": f.source.year,
            }
        )
    import pandas as pd  # here, not at the top: `learning render` with nothing to do never needs pandas

    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["figure"] = frame["figure"].astype("Float64")
        frame["year"] = frame["year"].astype("Int64")
    return frame
