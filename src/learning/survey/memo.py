"""Remember network-wide results by the content of the input they were computed from.

Every municipality report of a gathering suppresses the same network-wide tables (so that no two
reports together reveal a hidden cell). In a warm render worker those tables are the same from one
report to the next, so they are computed once per process; during a render run the workers also
share them through the run's cache on disk (``learning.run_cache``), so the first worker computes
and the others read. The key is a digest of the function and of its arguments' content, never an
object's identity, so a result can only be reused for identical input: a report gets exactly what
a fresh kernel would compute.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import types
from collections import OrderedDict
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import numpy as np
import pandas as pd

from learning import run_cache

P = ParamSpec("P")
R = TypeVar("R")
_SIZE = 64


class _NoStableFormError(Exception):
    """An argument whose content has no form that is the same in every process."""


def _frame_digest(frame: pd.DataFrame) -> str:
    try:
        hashed = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    except TypeError as error:  # unhashable cells (lists …)
        raise _NoStableFormError from error
    digest = hashlib.sha256(repr((list(frame.columns), [str(t) for t in frame.dtypes], frame.shape,
                                  frame.index.names)).encode())
    digest.update(hashed.tobytes())
    return digest.hexdigest()


def stable_form(value: object) -> object:
    """Text-and-tuples stand-in for an argument, equal in every process exactly when the content
    is: a DataFrame or an array by a digest of its values (and index, columns, types), a
    dataclass by its type and fields, a function by its name and code. Raises
    :class:`_NoStableFormError` for anything else (a lambda, an arbitrary object)."""
    if isinstance(value, pd.DataFrame):
        return ("frame", _frame_digest(value))
    if value is None or isinstance(value, bool | int | float | str | bytes | dt.date | enum.Enum):
        return (type(value).__name__, repr(value))
    if isinstance(value, np.generic):
        return (type(value).__name__, repr(value.item()))
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return ("array", stable_form(value.tolist()))
        digest = hashlib.sha256(np.ascontiguousarray(value).tobytes()).hexdigest()
        return ("array", str(value.dtype), value.shape, digest)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        return ("dataclass", kind,
                tuple((f.name, stable_form(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, list | tuple):
        return ("seq", tuple(stable_form(v) for v in value))
    if isinstance(value, frozenset | set):
        return ("set", tuple(sorted(repr(stable_form(v)) for v in value)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(stable_form(k)), stable_form(v)) for k, v in value.items())))
    if callable(value) and hasattr(value, "__code__"):
        return ("function", _function_identity(value))
    raise _NoStableFormError(type(value).__name__)


def _function_identity(function: Callable[..., object]) -> str:
    """Module, name and a digest of the code: a local function or lambda has no stable name."""
    qualname = getattr(function, "__qualname__", "<?>")
    if "<" in qualname:
        raise _NoStableFormError(qualname)
    body = hashlib.sha256(_code_form(function.__code__).encode()).hexdigest()[:16]  # type: ignore[attr-defined]
    return f"{function.__module__}.{qualname}:{body}"


def _code_form(code: types.CodeType) -> str:
    """A function's code as text that is the same in every process: a nested function's or
    comprehension's code by its own form (its repr carries a memory address), a frozenset
    constant (``x in {"a", "b"}``) sorted (its order follows the process's string hashing)."""
    def const(value: object) -> str:
        if isinstance(value, types.CodeType):
            return _code_form(value)
        if isinstance(value, frozenset):
            return "frozenset(" + ",".join(sorted(const(v) for v in value)) + ")"
        if isinstance(value, tuple):
            return "(" + ",".join(const(v) for v in value) + ")"
        return repr(value)

    # the names too: ``first(x)`` and ``last(x)`` compile to the same bytes and constants
    return "|".join((code.co_code.hex(), ",".join(code.co_names), ",".join(const(c) for c in code.co_consts)))


def content_key(value: object) -> object:
    """A hashable stand-in for an argument: a DataFrame by its content, a sequence as a tuple."""
    if isinstance(value, pd.DataFrame):
        hashed = pd.util.hash_pandas_object(value, index=True).to_numpy()
        return ("frame", tuple(value.columns), value.shape, hash(hashed.tobytes()))
    if isinstance(value, list | tuple):
        return tuple(content_key(v) for v in value)
    return value


def disk_key(function: Callable[..., object], args: tuple[object, ...], kwargs: dict[str, object]) -> str | None:
    """The run cache's key for one call, or ``None`` when an argument has no stable form."""
    try:
        form = (_function_identity(function), stable_form(args), stable_form(kwargs))
    except _NoStableFormError:
        return None
    return hashlib.sha256(repr(form).encode()).hexdigest()


def by_content(function: Callable[P, R]) -> Callable[P, R]:
    """Cache ``function``'s results by the content of its arguments, in this process and in the
    render run's shared cache (the results are not copied: callers must not modify them)."""
    cache: OrderedDict[object, R] = OrderedDict()

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        shared_key = disk_key(function, args, kwargs)
        key: object = shared_key
        if shared_key is None:
            key = (content_key(args), tuple(sorted((k, content_key(v)) for k, v in kwargs.items())))
            try:
                hash(key)
            except TypeError:  # an argument with neither a stable form nor a hash: not cached
                return function(*args, **kwargs)
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        folder = run_cache.active_folder()
        if folder is not None and shared_key is not None:
            result = run_cache.shared(folder, shared_key, lambda: function(*args, **kwargs))
        else:
            result = function(*args, **kwargs)
        cache[key] = result
        if len(cache) > _SIZE:
            cache.popitem(last=False)
        return result

    return wrapper
