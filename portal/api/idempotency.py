"""`Idempotency-Key`: the same key and body again returns the first answer and creates nothing.

The key is claimed first, by inserting its row before the view runs, in the same transaction
as what the request creates; the answer fills the row just before the commit. A second request
with the key while the first runs waits on the unique index (PostgreSQL) or the write lock
(SQLite) until the first ends: when the first committed, the second's claim fails and it
replays the first answer; when the first failed, its claim is rolled back with everything
else and the second runs as if it came first. The view never runs twice for one key, so a
duplicate the view itself would refuse (409) never shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import IO, cast

from flask import Response, request
from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.actor import Actor
from core.clock import utcnow
from core.db import Base
from core.errors import DomainError
from portal.api.errors import BadRequest
from portal.database import db

KEEP_FOR = dt.timedelta(days=7)
PENDING = 0
"""The status of a claimed key whose answer is not written yet (seen by no other request)."""


class IdempotencyReused(DomainError):
    code = "idempotency_key_reused"


class IdempotentResponse(Base):
    __tablename__ = "idempotent_responses"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def replay_or_run(actor: Actor | None, run: Callable[[], Response]) -> Response:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or actor is None or actor.user_id is None:
        return run()
    if len(key) > 255:
        raise BadRequest("Idempotency-Key is longer than 255 characters.")
    fingerprint = _fingerprint()
    stored = _stored(db.session, actor.user_id, key)
    if stored is not None:
        return _replay(stored, fingerprint)
    try:
        _claim(db.session, actor.user_id, key, fingerprint)
    except IntegrityError:  # claimed by a request that has since committed: its answer
        db.session.rollback()
        stored = _stored(db.session, actor.user_id, key)
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    db.session.info["idempotency"] = (actor.user_id, key)
    try:
        return run()
    finally:
        db.session.info.pop("idempotency", None)


def _claim(session: Session, user_id: int, key: str, fingerprint: str) -> None:
    """Insert the key's row, answer still empty (status 0): one statement, no unit of work."""
    session.execute(_KEEP, {"user_id": user_id, "key": key, "request_hash": fingerprint,
                            "status": PENDING, "body": "", "created_at": utcnow()})


def remember(session: Session, answer: Response) -> None:
    """Called just before the commit of a create: keep the answer under the request's key (an
    error answer is not kept: the key is free again, as if never used)."""
    pending = session.info.get("idempotency")
    if pending is None:
        return
    user_id, key = pending
    mine = (IdempotentResponse.user_id == user_id) & (IdempotentResponse.key == key)
    if answer.status_code >= 400:
        session.execute(delete(IdempotentResponse).where(mine))
        return
    session.execute(update(IdempotentResponse).where(mine).values(
        status=answer.status_code, body=answer.get_data(as_text=True)))


def _fingerprint() -> str:
    payload = request.get_json(silent=True)
    if payload is None and request.files:  # a multipart upload: its fields and files' digests
        payload = {"form": sorted(request.form.items(multi=True)),
                   "files": sorted((name, _digest(upload.stream))
                                   for name, upload in request.files.items(multi=True))}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path} {canonical}".encode()).hexdigest()


def _digest(stream: IO[bytes]) -> str:
    """The content's SHA-256, the stream left at its start for the view to read."""
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 16), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def _stored(session: Session, user_id: int, key: str) -> IdempotentResponse | None:
    return session.scalar(_STORED, {"user_id": user_id, "key": key})


_KEEP = insert(cast(Table, IdempotentResponse.__table__))

# Looked up by every create: built once (composing it costs more than running it).
_STORED = select(IdempotentResponse).where(
    IdempotentResponse.user_id == bindparam("user_id", type_=Integer),
    IdempotentResponse.key == bindparam("key", type_=String),
)


def _replay(stored: IdempotentResponse, fingerprint: str) -> Response:
    if stored.request_hash != fingerprint:
        raise IdempotencyReused(
            "This Idempotency-Key was used with a different request.",
        )
    answer = Response(stored.body, status=stored.status, mimetype="application/json")
    answer.headers["Idempotent-Replayed"] = "true"
    return answer


def purge_expired(session: Session) -> int:
    """Forget answers older than a week (the daily housekeeping job)."""
    result = session.execute(
        delete(IdempotentResponse).where(IdempotentResponse.created_at < utcnow() - KEEP_FOR)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
