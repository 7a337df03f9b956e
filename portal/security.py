"""Security headers on every answer, and oversized bodies refused before anything reads them."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from claims.desk.documents import MAX_BYTES as DOCUMENT_MAX_BYTES

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
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
    if response.mimetype == "text/html" or response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
