"""Logging that never writes a secret: passwords, bearer tokens, password hashes and database
credentials are masked in every record, whoever logs it (our code, SQLAlchemy, gunicorn).

Masking happens when a record is made, so every handler (the console, gunicorn's files, a test's
capture) sees the same safe text. Tracebacks are formatted then and masked too: an exception's
message may quote the values it was given.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

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


def init_logging() -> None:
    """Configure the console log once per process and mask secrets in every record."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    for chatty in ("weasyprint", "fontTools"):  # a line per rendering step: noise, not news
        logging.getLogger(chatty).setLevel(logging.WARNING)
    previous = logging.getLogRecordFactory()
    if getattr(previous, _FACTORY_MARK, False):
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _mask(record)
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
