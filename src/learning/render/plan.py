"""Expand a network's params into render jobs: notebook × scope, each with a unique output path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from learning.i18n import Lang
from learning.network import Network
from learning.problems import Problem, UserError
from learning.reference.municipalities import load_municipalities
from learning.render.parameters import parameter_errors
from learning.render.paths import output_stem
from learning.reports.context import report_language
from learning.workspace import Workspace


@dataclass(frozen=True)
class Job:
    """One report to render."""

    network: str
    notebook: str
    scope: str
    gathering: str
    municipality: str
    lang: Lang
    audience: str
    output: str  # relative to the reports folder, without extension
    parameters: dict[str, Any] = field(hash=False)

    @property
    def name(self) -> str:
        return self.output

    def gathering_date(self, network: Network) -> dt.date:
        return network.gathering(self.gathering).date


def _jobs_for(
    network: Network, workspace: Workspace, gathering_ids: list[str], municipality_ids: list[str]
) -> list[Job]:
    municipalities = load_municipalities(workspace)
    jobs = []
    for request in network.reports:
        for gathering in gathering_ids:
            targets = [""] if request.scope != "municipality_gathering" else municipality_ids
            if request.scope == "network" and gathering != network.gatherings[-1].id:
                continue
            for number in targets:
                place = municipalities.get(number) if number else None
                lang = report_language(network, place)
                parameters: dict[str, Any] = {
                    "workspace": str(workspace.root), "network": network.id, "gathering": gathering, "lang": lang,
                }
                if number:
                    parameters["municipality"] = number
                parameters.update(request.parameters)
                lang = parameters.get("lang", lang)
                jobs.append(Job(network.id, request.notebook, request.scope, gathering, number, lang,
                                request.audience,
                                output_stem(network, request.notebook, request.scope, request.audience, gathering,
                                            place),
                                parameters))
    return jobs


def output_collisions(network: Network) -> list[Problem]:
    """Report requests that would write the same files: a report's path is its network, gathering,
    municipality and notebook, so two requests for one notebook and scope would become one report."""
    problems = []
    first: dict[tuple[str, str], int] = {}
    for index, request in enumerate(network.reports):
        kind = (request.notebook, request.scope)
        if kind not in first:
            first[kind] = index
            continue
        problems.append(Problem(
            f"params/{network.id}.yml", f"reports[{index}]",
            f"skriver til de samme rapportfilene som reports[{first[kind]}] ({request.notebook}, "
            f"scope {request.scope}), så bare én av dem ville blitt laget. Fjern den ene, eller lag "
            "en egen notatbok for variant nummer to."))
    return problems


def plan(
    workspace: Workspace,
    networks: list[Network],
    *,
    gathering: str | None = None,
    municipality: str | None = None,
) -> list[Job]:
    """Every job the networks' params ask for, narrowed by gathering and municipality, checked
    against each notebook's parameters before anything runs."""
    jobs: list[Job] = []
    problems: list[Problem] = []
    wanted_municipality = municipality.strip().zfill(4) if municipality else None
    for network in networks:
        problems += output_collisions(network)
        gatherings = [g.id for g in network.gatherings]
        if gathering and gathering not in gatherings:
            problems.append(Problem(f"params/{network.id}.yml", "--gathering",
                                    f"ingen samling {gathering!r}; kjente: {', '.join(gatherings)}"))
            continue
        members = network.member_numbers
        if wanted_municipality and wanted_municipality not in members:
            problems.append(Problem(f"params/{network.id}.yml", "--municipality",
                                    f"kommune {municipality!r} er ikke medlem; medlemmer: {', '.join(members)}"))
            continue
        jobs += _jobs_for(network, workspace, [gathering] if gathering else gatherings,
                          [wanted_municipality] if wanted_municipality else members)
    if wanted_municipality:
        jobs = [j for j in jobs if j.municipality == wanted_municipality]
    for job in jobs:
        path = workspace.notebook(job.notebook)
        if not path.exists():
            problems.append(Problem(f"params/{job.network}.yml", f"reports ({job.notebook})",
                                    f"notatboka {path} finnes ikke"))
            continue
        problems += [Problem(f"jobb {job.name}", "", e) for e in parameter_errors(path, job.parameters)]
        problems += [Problem(f"jobb {job.name}", "", e) for e in _scope_errors(job, networks)]
    if problems:
        raise UserError(sorted(set(problems), key=str))
    return jobs


def _scope_errors(job: Job, networks: list[Network]) -> list[str]:
    """A job's gathering, municipality and language must exist in its network."""
    network = next(n for n in networks if n.id == job.network)
    errors = []
    gathering = job.parameters.get("gathering")
    if gathering is not None and gathering not in [g.id for g in network.gatherings]:
        errors.append(f"gathering={gathering!r} er ikke en samling i {network.id}")
    municipality = job.parameters.get("municipality")
    if municipality is not None and municipality not in network.member_numbers:
        errors.append(f"municipality={municipality!r} er ikke medlem av {network.id}")
    if job.parameters.get("lang") not in ("nb", "nn"):
        errors.append(f"lang={job.parameters.get('lang')!r} må være 'nb' eller 'nn'")
    return errors
