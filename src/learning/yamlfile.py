"""Reading the workspace's YAML files safely: no surprises from YAML 1.1, no silent overwrites.

PyYAML follows YAML 1.1, where ``10:00`` is the number 600 and ``0301`` an octal number. People
type times and municipality numbers exactly like that, so this loader reads only plain decimal
integers as numbers and leaves the rest as text. A key given twice in one mapping is an error
instead of the last one silently winning.

Parsing uses libyaml's C parser when PyYAML has it (the resolvers and checks above stay in
Python), and a file unchanged since it was last read in this process is not parsed again: a warm
render worker reads the same network, goals and exercise files for every report.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from learning.problems import Problem, UserError


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:int"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise DuplicateKeyError(
                None, None, f"nøkkelen {key!r} står to ganger i samme avsnitt", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, shown_as: str | None = None) -> Any:
    """Parse one YAML file; a file that cannot be read is a :class:`UserError` naming the line."""
    name = shown_as or str(path)
    try:
        status = path.stat()
        # A copy: callers may change what they get; the cached parse must stay as the file says.
        return copy.deepcopy(_parsed(path.resolve(), status.st_mtime_ns, status.st_size, status.st_ino, name))
    except OSError:
        pass  # a missing or unreadable file: read below, which says so in Norwegian
    return _parse(path, name)


@lru_cache(maxsize=256)
def _parsed(path: Path, _mtime_ns: int, _size: int, _inode: int, name: str) -> Any:
    """One parse per file version (the stamp changes when the file does)."""
    return _parse(path, name)


def _parse(path: Path, name: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError([Problem(name, "", "filen er ikke UTF-8. Lagre den som UTF-8 og prøv igjen.")]) from None
    except OSError as error:
        raise UserError([Problem(name, "", f"kan ikke leses ({error.strerror}).")]) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"linje {mark.line + 1}, kolonne {mark.column + 1}" if mark else ""
        what = error.problem or error.context or "ugyldig YAML"
        raise UserError([Problem(name, where, f"{what}. Rett YAML-syntaksen der.")]) from None
    except yaml.YAMLError as error:
        raise UserError([Problem(name, "", f"ugyldig YAML ({error}).")]) from None
