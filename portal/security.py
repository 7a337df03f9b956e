"""Security headers on every answer, and oversized or overdeep bodies refused before anything
parses them."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from claims.desk.documents import MAX_BYTES as DOCUMENT_MAX_BYTES

MAX_JSON_BYTES = 1024 * 1024
"""A JSON body holds fields, not files: a megabyte is far beyond any real request."""
MAX_JSON_DEPTH = 32
"""Our deepest body nests four levels; Python's parser recurses once a level and fails with
RecursionError (a 500) near a thousand."""
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


class GuardedJSON(DefaultJSONProvider):
    """The app's JSON: a body over MAX_JSON_BYTES or nested deeper than MAX_JSON_DEPTH is a 400,
    decided by a scan that neither recurses nor builds anything."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if len(s) > MAX_JSON_BYTES:
            raise RequestEntityTooLarge(f"A JSON body may hold at most {MAX_JSON_BYTES} bytes.")
        text = s.decode("utf-8", "surrogatepass") if isinstance(s, bytes) else s
        _refuse_deep(text)
        return super().loads(s, **kwargs)


def _refuse_deep(text: str) -> None:
    depth = 0
    for token in _STRUCTURE.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise BadRequest(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
        elif bracket in "]}":
            depth -= 1


def init_app(app: Flask) -> None:
    app.json = GuardedJSON(app)
    app.before_request(_refuse_oversized)
    app.after_request(_headers)


LARGER_BODIES = {"desk.case_documents_add", "desk.claim_documents_add",
                 "desk_pages.case_document", "desk_pages.claim_document"}
"""Endpoints that take a document of up to 20 MB, which the multipart wrapping makes larger."""
MULTIPART_MARGIN = 64 * 1024


def _refuse_oversized() -> None:
    """A declared length over the limit is refused at once, even where the view would never
    read the body (Werkzeug only checks when the body is read)."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if request.endpoint in LARGER_BODIES:
        limit = DOCUMENT_MAX_BYTES + MULTIPART_MARGIN
        request.max_content_length = limit
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge(
            _("The request body is larger than the %(size)s this service accepts.",
              size=_size(limit))
        )


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # served over HTTPS: say so for a year
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":  # pages, JSON, and every document and download alike
        response.headers["Cache-Control"] = "no-store"
    return response
