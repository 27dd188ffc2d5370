"""Where a job's outputs go: one folder per audience, so what is sent to whom is plain on disk.

``reports/<network>/`` holds

- ``kommuner/<kommune>/``: one municipality's own material (its report, its worksheet with
  answers it may not have shared, their PDFs) and its own ``index.html``; zipped beside it as
  ``kommuner/<kommune>.zip``. Nothing of another municipality's goes in here.
- ``alle-kommuner/``: participant material without a municipality (the network overview), the
  same for every member.
- ``fasilitatorer/``: everything for the organisers (and ``forskere/`` for researchers).

File names are Norwegian and readable: ``samling-3-2025-03-11-kommunerapport.html``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from learning.network import Network
from learning.reference.municipalities import Municipality, slugify
from learning.workspace import Workspace

if TYPE_CHECKING:  # plan.py imports this module for output_stem
    from learning.render.plan import Job

MUNICIPALITIES = "kommuner"
ALL_MUNICIPALITIES = "alle-kommuner"
AUDIENCE_FOLDERS = {"facilitators": "fasilitatorer", "researchers": "forskere"}
#: What each report is called in a file name; a notebook not listed keeps its own name.
FILE_NAMES = {
    "municipality_report": "kommunerapport",
    "reflection": "arbeidsark",
    "network_overview": "nettverksoversikt",
    "survey_overview": "kartleggingen-kommune-for-kommune",
    "gathering_summary": "deling-fra-kommunene",
    "network_evaluation": "evaluering-av-maal",
    "research_findings": "forskningsfunn",
    "follow_up": "oppfolging",
}


def municipality_folder_name(place: Municipality) -> str:
    """``vang``, ``oystre-slidre``: the municipality's folder (ASCII, so every e-mail client and
    zip tool keeps it)."""
    return slugify(place.name)


def gathering_part(network: Network, gathering_id: str) -> str:
    """``samling-3-2025-03-11``: the gathering by number and date, sorting in date order."""
    number = network.gathering_number(gathering_id)
    return f"samling-{number}-{network.gathering(gathering_id).date.isoformat()}"


def output_stem(network: Network, notebook: str, scope: str, audience: str, gathering_id: str,
                place: Municipality | None) -> str:
    """A job's output relative to the reports folder, without extension."""
    name = FILE_NAMES.get(notebook, notebook.replace("_", "-"))
    stem = name if scope == "network" else f"{gathering_part(network, gathering_id)}-{name}"
    if audience in AUDIENCE_FOLDERS:
        folder = AUDIENCE_FOLDERS[audience]
        if place is not None:
            folder = f"{folder}/{municipality_folder_name(place)}"
    elif place is not None:
        folder = f"{MUNICIPALITIES}/{municipality_folder_name(place)}"
    else:
        folder = ALL_MUNICIPALITIES
    return f"{network.id}/{folder}/{stem}"


def executed_path(workspace: Workspace, job: Job) -> Path:
    """The executed notebook, kept for researchers beside the processed data."""
    return workspace.processed_dir / "executed" / f"{job.output}.ipynb"


def html_path(workspace: Workspace, job: Job) -> Path:
    """The report as HTML."""
    return workspace.reports_dir / f"{job.output}.html"


def pdf_path(workspace: Workspace, job: Job) -> Path:
    """The report as PDF, beside its HTML (``learning render --pdf``)."""
    return workspace.reports_dir / f"{job.output}.pdf"
