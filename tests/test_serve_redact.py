"""Invitation tokens are taken out of every log record the server writes."""

from __future__ import annotations

import io
import logging

from learning.serving.identity import TOKEN_ARGUMENT
from learning.serving.redact import HIDDEN, redact_tokens_in, redacted

TOKEN = "VnHwZXqEZK-xXxMktrkZxksk1HVtTbPEI6H6kLlLkBU"


def test_a_token_in_a_uri_is_hidden_and_the_rest_kept() -> None:
    uri = f"/voila/render/refleksjon.ipynb?{TOKEN_ARGUMENT}={TOKEN}&samling=oppstart"
    assert redacted(uri) == f"/voila/render/refleksjon.ipynb?{TOKEN_ARGUMENT}={HIDDEN}&samling=oppstart"
    assert TOKEN not in redacted(f"next=%2Fvoila%3F{TOKEN_ARGUMENT}%3D{TOKEN}")


def test_records_through_a_filtered_handler_carry_no_token() -> None:
    """Tornado's error line ("503 GET <uri> (ip): …") reaches the server log's handler by propagation."""
    stream = io.StringIO()
    parent = logging.getLogger("test-serve-redact")
    parent.propagate = False
    parent.setLevel(logging.INFO)
    handler = logging.StreamHandler(stream)
    parent.addHandler(handler)
    child = logging.getLogger("test-serve-redact.tornado.general")
    try:
        redact_tokens_in([parent])
        child.warning("%d %s: %s", 503, f"GET /voila?{TOKEN_ARGUMENT}={TOKEN} (127.0.0.1)", "full")
        parent.info("plain line")
    finally:
        parent.removeHandler(handler)
    written = stream.getvalue()
    assert TOKEN not in written
    assert f"503 GET /voila?{TOKEN_ARGUMENT}={HIDDEN} (127.0.0.1): full" in written
    assert "plain line" in written
