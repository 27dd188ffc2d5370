"""The audit of a network's whole survey publication: every wave its gatherings may show.

Used by ``learning render`` before any report is written (a publication that does not pass is
not written) and by ``learning audit`` for facilitators, which also says how much is shown: the
share of figures shown exactly, as a band, or not at all, overall and of each member's own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from learning.disclosure.audit import COMPLEMENT, Finding
from learning.disclosure.pooled import member_pools
from learning.disclosure.protect import ProtectionFailedError
from learning.disclosure.publication import NETWORK, WavePublication, wave_publication
from learning.disclosure.quantities import is_share
from learning.network.model import Network
from learning.problems import Problem, UserError
from learning.survey.service_groups import is_group
from learning.survey.waves import waves_until


@dataclass(frozen=True)
class WaveAudit:
    """One wave's publication and what the audit found wrong in it (nothing, when it passes)."""

    publication: WavePublication
    findings: tuple[Finding, ...]
    member: str | None = None  # for a member's small waves taken together: the member

    @property
    def label(self) -> str:
        """The wave, or the pooled waves and whose they are, as a facilitator reads it."""
        if self.member is None:
            return f"kartlegging «{self.publication.wave}»"
        return f"kartleggingene «{self.publication.wave}» samlet for kommune {self.member}"

    @property
    def places(self) -> tuple[str | None, ...]:
        """The places whose figures are published: every place of a wave (None), or a member's
        pools (its single small waves publish nothing here)."""
        if self.member is None:
            return (None,)
        q = self.publication.quantities
        return tuple(p for p in q.members if ("N", p) not in q.fixed)

    @property
    def passed(self) -> bool:
        return not self.findings


def published_waves(network: Network, responses: pd.DataFrame) -> list[str]:
    """The waves with answers that any gathering of the network may show."""
    if "wave" not in responses.columns:
        return []
    present = set(responses["wave"])
    latest = network.gatherings_in_order[-1]
    return [w for w in waves_until(network, latest.id) if w in present]


def audit_network(network: Network, responses: pd.DataFrame) -> Iterator[WaveAudit]:
    """Protect and audit every wave of the network's responses (one at a time, for progress)."""
    for wave in published_waves(network, responses):
        frame = responses[responses["wave"] == wave]
        try:
            published = wave_publication(frame, wave, tuple(network.member_numbers),
                                         network.survey_min_group,
                                         network.survey_protection_interval)
        except ProtectionFailedError as error:
            raise UserError([Problem(network.id, f"kartlegging «{wave}»",
                                     f"fant ingen trygg måte å vise tallene på ({error}). "
                                     "Ingen rapporter er laget. Meld fra til dem som drifter verktøyet.")]
                            ) from None
        yield WaveAudit(published, tuple(published.audit()))
    for member in network.member_numbers:
        pooled = member_pools(network, responses, member)
        if pooled is not None:
            yield WaveAudit(pooled, tuple(pooled.audit()), member)


def problems(network: Network, audits: list[WaveAudit]) -> list[Problem]:
    """One problem per figure that fails the audit, naming the wave and the figure."""
    found = []
    for wave_audit in audits:
        for finding in wave_audit.findings[:20]:
            found.append(Problem(network.id, wave_audit.label,
                                 f"{describe(finding)} kan regnes ut til mellom {finding.low:g} og "
                                 f"{finding.high:g}; det må være minst {finding.required:g} mulige "
                                 "verdier. Rapportene er ikke laget."))
    return found


_WHAT = {"N": "antall svar", "S": "antall svar i tjenesten {0}", "n": "antall svar på {0}",
         "c": "andelen for {0}", "k": "samarbeidet mellom {0} og {1}",
         "¬c": "andelen som ikke svarte slik på {0}", "¬k": "andelen som ikke samarbeidet, {0} med {1}"}


def describe(finding: Finding) -> str:
    """A figure in words: «andelen for p_inform_child i 5001» (item and service codes as in the
    survey instrument: the people who read this message work with them)."""
    key, negated = finding.key, finding.key[0] == COMPLEMENT
    if negated:
        key = key[1:]
    kind, place, *rest = key
    if place == NETWORK:
        where = "hele nettverket"
    elif place.isdigit():
        where = f"kommune {place}"
    else:  # a member's small wave, or its waves taken together
        where = f"kartleggingen(e) «{place}»"
    return f"{_WHAT[COMPLEMENT + kind if negated else kind].format(*rest)} i {where}"


@dataclass(frozen=True)
class Shares:
    """How many figures are shown exactly, as a band, or not at all."""

    exact: int = 0
    band: int = 0
    hidden: int = 0

    @property
    def total(self) -> int:
        return self.exact + self.band + self.hidden

    def __add__(self, other: Shares) -> Shares:
        return Shares(self.exact + other.exact, self.band + other.band, self.hidden + other.hidden)

    @property
    def with_a_number(self) -> float:
        """The share of figures carrying a number or a band (1.0 when there are none)."""
        return (self.exact + self.band) / self.total if self.total else 1.0


def shown_shares(published: WavePublication, place: str | None = None) -> Shares:
    """The answers (shares) of ``place`` (or of every place) by how they are shown. Answers of
    a group with nobody in it and of members left out are not counted: there is nothing to show;
    nor are a member's small services, which its map shows only taken together."""
    counted: Counter[str] = Counter()
    q = published.quantities
    for key, shown in published.shown.items():
        if not is_share(key) or (place is not None and key[1] != place) or key[1] in q.left_out:
            continue
        if key[0] == "k" and key[1] != NETWORK and not is_group(key[2]) and \
                0 < q.value[q.base[key]] < published.min_n:
            continue  # a small service is shown only within a group row (its family, «other services»)
        if q.value[q.base[key]] == 0 and not shown.hidden:
            continue
        counted[shown.kind] += 1
    return Shares(counted["exact"], counted["band"], counted["hidden"])
