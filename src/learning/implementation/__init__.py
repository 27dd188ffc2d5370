"""Implementation of the national guideline's municipal measures M1–M13, per municipality and
gathering: from the reflection self-assessment, else from the facilitators' workspace file."""

from learning.implementation.records import (
    ImplementationFile,
    implementation_path,
    implementation_problems,
    load_records,
)
from learning.implementation.status import COLUMNS, SELF_ASSESSMENT, WORKSPACE, load_status, withheld

__all__ = [
    "COLUMNS",
    "SELF_ASSESSMENT",
    "WORKSPACE",
    "ImplementationFile",
    "implementation_path",
    "implementation_problems",
    "load_records",
    "load_status",
    "withheld",
]
