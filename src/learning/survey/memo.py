"""Remember suppression results by the content of the responses they were computed from.

Every municipality report of a gathering suppresses the same network-wide tables (so that no two
reports together reveal a hidden cell). In a warm render worker those tables are the same from one
report to the next, so they are computed once. The key is a hash of the table's content and the
arguments, never the object's identity, so a result can only be reused for identical input: a
report gets exactly what a fresh kernel would compute.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")
_SIZE = 64


def content_key(value: object) -> object:
    """A hashable stand-in for an argument: a DataFrame by its content, a sequence as a tuple."""
    if isinstance(value, pd.DataFrame):
        hashed = pd.util.hash_pandas_object(value, index=True).to_numpy()
        return ("frame", tuple(value.columns), value.shape, hash(hashed.tobytes()))
    if isinstance(value, list | tuple):
        return tuple(content_key(v) for v in value)
    return value


def by_content(function: Callable[P, R]) -> Callable[P, R]:
    """Cache ``function``'s results by the content of its arguments (the results are not copied:
    callers must not modify them)."""
    cache: OrderedDict[object, R] = OrderedDict()

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (content_key(args), tuple(sorted((k, content_key(v)) for k, v in kwargs.items())))
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        result = function(*args, **kwargs)
        cache[key] = result
        if len(cache) > _SIZE:
            cache.popitem(last=False)
        return result

    return wrapper
