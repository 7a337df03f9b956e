"""Logging that never writes a secret: passwords, bearer tokens, password hashes and database
credentials are masked in every record, whoever logs it (our code, SQLAlchemy, gunicorn).

Masking happens when a record is made, so every handler (the console, gunicorn's files, a test's
capture) sees the same safe text. Tracebacks are formatted then and masked too: an exception's
message may quote the values it was given.

Every web request has an id: the caller's `X-Request-Id` when it is a sane one (a balancer or a
client that already named the request), else a new one. It is answered in `X-Request-Id`,
carried by every log record made while the request runs and written into every audit row of
the changes it makes (`core.audit.request_id`). With `LOG_FORMAT=json` (production's default)
each record is one JSON object a line, for a log collector; `text` reads better in a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
import traceback
import uuid
from typing import Any

from flask import Flask, Response, g, request

from core.audit import request_id

MASK = "[redacted]"
_SECRETS = (
    # "Authorization: Bearer abc", "bearer abc"
    (re.compile(r"(?i)\b(bearer\s+)[^\s'\",;]+"), r"\1" + MASK),
    # our own token format, wherever it appears
    (re.compile(r"\btci_[A-Za-z0-9_\-]{6,}"), MASK),
    # password=..., "password": "...", 'new_password': '...'
    (re.compile(r"(?i)(\"?'?\w*(?:password|passwd|secret|token)\w*\"?'?\s*[:=]\s*)"
                r"(\"[^\"]*\"|'[^']*'|[^\s,;&}]+)"), r"\1" + MASK),
    # argon2 hashes and 64-hex digests (stored token hashes)
    (re.compile(r"\$argon2(?:id|i|d)\$[^\s'\",)]+"), MASK),
    (re.compile(r"\b[0-9a-f]{64}\b"), MASK),
    # scheme://user:password@host
    (re.compile(r"(\w+://[^\s:/@]+:)[^\s@/]+@"), r"\1" + MASK + "@"),
)
_FACTORY_MARK = "_tci_redacting"


def redact(text: str) -> str:
    """`text` with every secret it holds masked."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def init_logging(log_format: str = "text") -> None:
    """Configure the console log once per process (`text` or `json` lines), mask secrets in
    every record and give each the id of the request it was made in."""
    _console(log_format)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    for chatty in ("weasyprint", "fontTools"):  # a line per rendering step: noise, not news
        logging.getLogger(chatty).setLevel(logging.WARNING)
    previous = logging.getLogRecordFactory()
    if getattr(previous, _FACTORY_MARK, False):
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _mask(record)
        record.request_id = request_id.get()
        return record

    setattr(make_record, _FACTORY_MARK, True)  # marks the factory as installed
    logging.setLogRecordFactory(make_record)


def _mask(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the logger's problem, not ours to hide
        return
    record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


_CONSOLE_MARK = "_tci_console"
_RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "request_id"}


def _console(log_format: str) -> None:
    """One console handler of ours on the root logger, in the format asked for; calling again
    (another app in the same process) changes its format and adds no second handler."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, _CONSOLE_MARK, False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        setattr(handler, _CONSOLE_MARK, True)
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
    handler.setFormatter(JsonLines() if log_format == "json" else PlainLines())


class PlainLines(logging.Formatter):
    """`time LEVEL logger [request id] message`, for a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = getattr(record, "request_id", None)
        return line.replace(f" {record.name} ", f" {record.name} [{rid}] ", 1) if rid else line


class JsonLines(logging.Formatter):
    """One JSON object a record: time (UTC), level, logger, message, request_id, the fields
    given with `extra=`, and the (masked) traceback as `exception`."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None)}
        entry |= {key: value for key, value in vars(record).items()
                  if key not in _RECORD_FIELDS and not key.startswith("_")}
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,63}")
"""What we take from a caller's X-Request-Id: up to 64 characters that cannot break a log line,
a header or a query (a UUID, a balancer's or a tracer's id); anything else gets a new id."""
access_log = logging.getLogger("portal.access")


def init_app(app: Flask) -> None:
    """Give each request its id before anything else runs, and log one line when it ends."""
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)
    app.after_request(_end)
    app.teardown_request(_forget)


def sane_request_id(offered: str | None) -> str | None:
    return offered if offered and SANE_REQUEST_ID.fullmatch(offered) else None


def _begin() -> None:
    rid = sane_request_id(request.headers.get("X-Request-Id")) or uuid.uuid4().hex
    g.request_id, g.request_id_token = rid, request_id.set(rid)
    g.request_started = time.perf_counter()


def _end(response: Response) -> Response:
    rid = g.get("request_id")
    if rid is None:  # refused before the first hook ran
        return response
    response.headers["X-Request-Id"] = rid
    access_log.info("%s %s %s", request.method, redact(request.path), response.status_code,
                    extra={"method": request.method, "route": route(),
                           "status": response.status_code,
                           "duration_ms": round(elapsed() * 1000, 2)})
    return response


def route() -> str:
    """The URL rule that answered (`/api/v1/buyers/<int:buyer_id>`), never the raw path: a
    path's ids would make every buyer a series of its own."""
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def elapsed() -> float:
    """Seconds since the request began."""
    started: float = g.get("request_started", time.perf_counter())
    return time.perf_counter() - started


def _forget(_error: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        try:
            request_id.reset(token)
        except ValueError:  # set in another context (a streamed answer): it ends with it
            request_id.set(None)
