"""Every error in one shape: {"error": {"code", "message", "fields"}}, mapped in one place."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import psycopg
from flask import Flask, Response, jsonify, render_template, request
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from claims.desk.documents import ContentMissing, TooLarge
from core import errors as domain
from portal.api.messages import fields_in_callers_language, in_callers_language
from portal.database import db

log = logging.getLogger(__name__)

# Bulk paths (COPY, executemany) talk to the driver directly, so its own connection errors
# arrive unwrapped by SQLAlchemy; they mean the same thing.
DRIVER_DOWN = (sqlite3.OperationalError, sqlite3.InterfaceError, psycopg.OperationalError,
               psycopg.InterfaceError)

STATUS = {
    domain.Unauthenticated: 401,
    domain.Forbidden: 403,
    domain.NotFound: 404,
    domain.InvalidTransition: 409,
    domain.Conflict: 409,
    domain.RuleViolation: 422,
    domain.TooManyAttempts: 429,
}


class BadRequest(domain.DomainError):
    code = "bad_request"


STATUS[BadRequest] = 400
STATUS[TooLarge] = 413
STATUS[ContentMissing] = 410


def error_response(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> Response:
    """The error in its one shape; the message and the fields' messages in the caller's
    language (`portal.api.messages`), the code and the fields' names as they are."""
    message = in_callers_language(message)
    if not request.path.startswith("/api/"):
        return _error_page(status, message)
    answer = jsonify({"error": {"code": code, "message": message,
                                "fields": fields_in_callers_language(fields or {})}})
    answer.status_code = status
    if status == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return answer


def init_app(app: Flask) -> None:
    app.register_error_handler(domain.DomainError, _domain)
    app.register_error_handler(ValidationError, _invalid)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(PoolTimeout, _database_down)
    for driver_error in DRIVER_DOWN:
        app.register_error_handler(driver_error, _database_down)
    app.register_error_handler(Exception, _unexpected)


def _error_page(status: int, message: str) -> Response:
    body = render_template("error.html", status=status, message=message)
    return Response(body, status=status, mimetype="text/html")


def _rollback() -> None:
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection may be the thing that failed
        log.warning("Rollback failed; the session is discarded.")


def _domain(error: domain.DomainError) -> Response:
    _rollback()
    answer = error_response(_status(error), error.code, error.message, error.fields)
    if isinstance(error, domain.TooManyAttempts):
        answer.headers["Retry-After"] = str(error.retry_after_seconds)
    return answer


def _status(error: domain.DomainError) -> int:
    """The status of the error's kind, or of the nearest kind it refines (a domain's own
    Forbidden with a code of its own is still 403)."""
    kind = next((k for k in type(error).__mro__ if k in STATUS), None)
    return STATUS[kind] if kind is not None else 422


def _invalid(error: ValidationError) -> Response:
    _rollback()
    fields = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return error_response(422, "validation_error", "Some fields are not valid.", fields)


def _http(error: HTTPException) -> Response | HTTPException:
    if (error.code or 500) < 400:  # redirects travel as exceptions too
        return error
    code = (error.name or "error").lower().replace(" ", "_")
    return error_response(error.code or 500, code, error.description or error.name)


def _database_error(error: DBAPIError) -> Response:
    """A lost or refused connection (the server restarting, a dropped link, SQLite locked past
    its timeout) is 503: try again. Any other database error is a bug."""
    down = isinstance(error, OperationalError | InterfaceError) or error.connection_invalidated
    return _database_down(error) if down else _unexpected(error)


def _database_down(error: Exception) -> Response:
    _rollback()
    log.warning("Database unavailable: %s", error.__class__.__name__)
    return error_response(503, "unavailable", "The database is unavailable. Try again shortly.")


def _unexpected(error: Exception) -> Response:
    _rollback()
    log.exception("Unexpected error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", "Something went wrong on our side.")
