"""Usage errors (unknown command or option, missing or bad value) as plain Norwegian messages.

Typer ships its own copy of click (``typer._click``) in newer versions and the real click in older
ones, so the exception classes are found through ``typer.BadParameter`` rather than imported from
click: an ``except click.UsageError`` would never match the vendored classes.
"""

from __future__ import annotations

import re

import typer


def _click_class(name: str) -> type[Exception]:
    """The class ``name`` (``UsageError``, ``ClickException``) of the click that typer uses."""
    for cls in typer.BadParameter.__mro__:
        if cls.__name__ == name:
            return cls
    raise LookupError(name)  # pragma: no cover - every click has both


UsageError = _click_class("UsageError")
ClickException = _click_class("ClickException")


def _hint(error: Exception) -> str:
    param_hint = getattr(error, "param_hint", None)
    if param_hint is None and getattr(error, "param", None) is not None:
        param_hint = error.param.get_error_hint()  # type: ignore[attr-defined]
    if isinstance(param_hint, list | tuple):
        param_hint = " / ".join(param_hint)
    return str(param_hint or "").replace("'", "")


def _reason(error: Exception) -> str:
    """What was wrong with a value, in Norwegian where typer validated it with pydantic."""
    from pydantic import ValidationError  # typer validated the value with pydantic

    from learning.schema_messages import schema_problems  # the one Norwegian wording of its errors

    cause = error.__cause__
    if isinstance(cause, ValidationError):
        problems = schema_problems(cause, "")
        if problems:
            return problems[0].message
    return str(getattr(error, "message", "") or error)


def _quoted(message: str, pattern: str) -> str:
    found = re.search(pattern, message)
    return found.group(1) if found else message


def usage_message(error: Exception) -> str:
    """One line saying what was wrong with the command line."""
    kind = type(error).__name__
    if kind == "NoSuchOption":
        text = f"ukjent valg {error.option_name}"  # type: ignore[attr-defined]
        possibilities = getattr(error, "possibilities", None)
        if possibilities:
            text += f" (mente du {' eller '.join(sorted(possibilities))}?)"
        return text
    if kind == "MissingParameter":
        return f"mangler {_hint(error)}".rstrip()
    if kind == "BadParameter":
        hint = _hint(error)
        return f"ugyldig verdi for {hint}: {_reason(error)}" if hint else f"ugyldig verdi: {_reason(error)}"
    message = str(getattr(error, "message", "") or error)
    if message.startswith("No such command"):
        text = "ukjent kommando «" + _quoted(message, r"'([^']*)'") + "»"
        suggestion = re.search(r"Did you mean '([^']*)'", message)
        return text + (f" (mente du {suggestion.group(1)}?)" if suggestion else "")
    if message.startswith("Got unexpected extra argument"):
        return "uventet ekstra argument: " + _quoted(message, r"\(([^()]*)\)$")
    return message


def command_path(error: Exception) -> str:
    ctx = getattr(error, "ctx", None)
    return ctx.command_path if ctx is not None else "learning"
