"""A small, hand-made reflection store and workspace file for the implementation tests.

Midt-Norge demo network (ten members); ``egenvurdering`` is the exercise with the M1–M13 grid
(field ``tiltak``) at every gathering. What is stored, by gathering:

* samling-1: 5001 shared (all «i gang», M1 «etablert»); 5006 not shared (all «etablert»);
  5035 only in the workspace file (all «planlagt»).
* samling-2: 5001 shared (all «i gang», M1 and M2 «etablert»); 5006 first shared, then its
  current version not shared (all «etablert»); 5007 shared (all «planlagt», M2 «etablert»);
  5031 not shared (all «ikke startet», M12 «etablert»); 5035 only in the workspace file (all
  «planlagt», M1 «etablert»); the workspace file also has 5001, which its self-assessment overrides.
* samling-3: 5001 shared (all «etablert»): later than samling-2, so never in a samling-2 report.
"""

from __future__ import annotations

from learning.implementation import implementation_path
from learning.reference.guideline import MEASURES
from learning.reflection.store import ReflectionStore
from learning.workspace import Workspace

NETWORK = "midt-norge-2022"

_ALL_PLANNED = ", ".join(f"{c}: planlagt" for c in MEASURES)
_M1_ESTABLISHED = ", ".join(f"{c}: {'etablert' if c == 'M1' else 'planlagt'}" for c in MEASURES)
WORKSPACE_FILE = f"""\
network: midt-norge-2022
synthetic: Oppdiktet for testene.
municipalities:
  "5035":
    samling-1: {{{_ALL_PLANNED}}}
    samling-2: {{{_M1_ESTABLISHED}}}
  "5001":
    samling-2: {{M1: ikke_startet}}
"""


def grid(base: str, **changed: str) -> dict:
    """The self-assessment answers: every measure at ``base`` except those named."""
    return {"tiltak": {c: {"status": changed.get(c, base), "comment": ""} for c in MEASURES}}


def seed(workspace: Workspace) -> None:
    implementation_path(workspace, NETWORK).write_text(WORKSPACE_FILE, encoding="utf-8")
    store = ReflectionStore.for_workspace(workspace)

    def save(municipality: str, gathering: str, shared: bool, answers: dict) -> None:
        store.append(network=NETWORK, municipality=municipality, gathering=gathering,
                     exercise="egenvurdering", role="leder", shared=shared, answers=answers)

    save("5001", "samling-1", True, grid("i_gang", M1="etablert"))
    save("5006", "samling-1", False, grid("etablert"))
    save("5001", "samling-2", True, grid("i_gang", M1="etablert", M2="etablert"))
    save("5006", "samling-2", True, grid("etablert"))
    save("5006", "samling-2", False, grid("etablert"))
    save("5007", "samling-2", True, grid("planlagt", M2="etablert"))
    save("5031", "samling-2", False, grid("ikke_startet", M12="etablert"))
    save("5001", "samling-3", True, grid("etablert"))
