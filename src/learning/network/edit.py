"""Changing ``params/<network>.yml`` by command: checked against the whole workspace, written atomically,
with the file's comments, order and layout kept (ruamel.yaml round trip).

A change is applied to the parsed file in memory, the result is checked as ``learning check`` would
(the network file, and the goals and tiltak records that refer to it), and only then replaces the
file. A change that would break anything leaves the file exactly as it was.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from learning.atomic import write_text_atomic
from learning.network.loader import network_files, parse_network
from learning.network.model import Network
from learning.problems import Problem, UserError
from learning.reference.municipalities import load_municipalities
from learning.survey.answers import AnswerError, parse_municipality
from learning.workspace import Workspace

Change = Callable[[CommentedMap], None]


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, key order and flow style survive
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda _data: True  # a shared date must not become &id001
    return yaml


def dump_text(data: Any) -> str:
    """YAML text for ``data`` in the layout the project's params files use."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def network_path(workspace: Workspace, network_id: str) -> Path:
    path = workspace.params_dir / f"{network_id}.yml"
    if not path.exists():
        known = ", ".join(p.stem for p in network_files(workspace)) or "ingen"
        raise UserError(f"Nettverket {network_id!r} finnes ikke i {workspace.params_dir}. Kjente nettverk: {known}. "
                        "Lag et nytt med «learning init».")
    return path


def quoted(text: str) -> DoubleQuotedScalarString:
    """A value YAML must keep as text (kommunenummer with a leading zero, clock times)."""
    return DoubleQuotedScalarString(text)


def flow(mapping: dict[str, Any]) -> CommentedMap:
    """A small mapping written on one line, like the demo files' ``{signed: true, date: …}``."""
    result = CommentedMap(mapping)
    result.fa.set_flow_style()
    return result


def check_text(workspace: Workspace, network_id: str, text: str) -> tuple[Network | None, list[Problem]]:
    """Every problem the workspace would have if ``params/<network_id>.yml`` held ``text``."""
    from learning.goals import goal_problems  # pandas: only when a change is checked
    from learning.implementation import implementation_problems

    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / f"{network_id}.yml"
        candidate.write_text(text, encoding="utf-8")
        network, problems = parse_network(candidate, shown_as=f"params/{network_id}.yml")
    if network is not None and not problems:
        problems = goal_problems(workspace, network) + implementation_problems(workspace, network)
    return network, problems


def edit_network(workspace: Workspace, network_id: str, change: Change) -> Network:
    """Apply ``change`` to the network file, check the whole result, then write it atomically."""
    path = network_path(workspace, network_id)
    shown = workspace.relative(path)
    try:
        data = _yaml().load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError) as error:
        raise UserError([Problem(shown, "", f"filen kan ikke leses ({type(error).__name__}); kjør «learning check» "
                                            "for å se hvor feilen er")]) from None
    if not isinstance(data, CommentedMap):
        raise UserError([Problem(shown, "", "filen er ikke en nettverksfil; kjør «learning check»")])
    change(data)
    text = dump_text(data)
    network, problems = check_text(workspace, network_id, text)
    if problems or network is None:
        raise UserError([*problems, Problem(shown, "", "ingenting er endret; rett feilene over og prøv igjen")])
    write_text_atomic(path, text)
    return network


def municipality_number(text: str) -> str:
    """A kommunenummer from a number (``301``, ``0301``) or a name (``Vang``, ``Oslo kommune``)."""
    municipalities = load_municipalities()
    try:
        return parse_municipality(text, municipalities, municipalities.by_name())
    except AnswerError as error:
        raise UserError([Problem("", f"kommune «{text}»", f"{error}")]) from None


def entries(data: CommentedMap, key: str) -> CommentedSeq:
    """The list under ``key`` (created when missing)."""
    if not isinstance(data.get(key), list):
        data[key] = CommentedSeq()
    return data[key]


def find_member(data: CommentedMap, number: str) -> CommentedMap:
    """The member entry of this municipality; a plain message if it is not a member."""
    for member in entries(data, "members"):
        if str(member.get("kommune", "")).zfill(4) == number:
            return member
    name = load_municipalities().get(number).name
    raise UserError(f"{name} ({number}) er ikke medlem av nettverket. "
                    "Meld kommunen inn med «learning nettverk medlem-inn».")


def find_gathering(data: CommentedMap, gathering_id: str) -> CommentedMap:
    for gathering in entries(data, "gatherings"):
        if gathering.get("id") == gathering_id:
            return gathering
    known = ", ".join(str(g.get("id")) for g in entries(data, "gatherings")) or "ingen"
    raise UserError(f"Samlingen {gathering_id!r} finnes ikke. Kjente samlinger: {known}.")
