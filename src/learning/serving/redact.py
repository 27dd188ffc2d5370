"""Invitation tokens never reach a log line.

Tornado logs the full request URI (query string included) when a request ends in an error, and an
invitation link carries its token in the query. This filter, put on every logger the server writes
through, replaces the token in any record with a mark before the record is written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from learning.serving.identity import TOKEN_ARGUMENT

_TOKEN = re.compile(rf"({re.escape(TOKEN_ARGUMENT)}(?:=|%3D))[^&\s#\"']+", re.IGNORECASE)
HIDDEN = "[skjult]"


def redacted(text: str) -> str:
    """``text`` with every invitation token replaced by :data:`HIDDEN`."""
    return _TOKEN.sub(rf"\g<1>{HIDDEN}", text)


class RedactTokens(logging.Filter):
    """Rewrites a record whose message holds an invitation token; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = redacted(message), None
        return True


def redact_tokens_in(loggers: Iterable[logging.Logger]) -> None:
    """Put the filter on each logger and on each of its handlers (records propagated from child
    loggers pass only the handlers' filters)."""
    token_filter = RedactTokens()
    for logger in loggers:
        logger.addFilter(token_filter)
        for handler in logger.handlers:
            handler.addFilter(token_filter)
