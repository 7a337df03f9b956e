"""`Idempotency-Key`: the same key and body again returns the first answer and creates nothing.

A request with a key that has no answer yet runs its view; the key is kept, with the answer,
by one INSERT at the end of the same transaction, just before the commit. The view takes its
locks first, so the key costs no lock of its own: on SQLite, where a write holds the one write
lock of the database to the commit, keeping the key at the end keeps the request's reads and
checks out of the lock (a limit request held the lock 8 ms from a claim made first; now only
from the buyer's lock). Two requests with one key may both run: the unique index lets one
keep the key; the other, on PostgreSQL waiting on that index until the first ends, fails to
keep it and rolls back all it did, then replays the first answer. A view that refuses what the
first request made (a duplicate, 409) is answered the same way: when the key has an answer
by then, the answer is replayed. The effects of one key are therefore committed once.
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
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.actor import Actor
from core.clock import utcnow
from core.db import Base
from core.errors import DomainError
from portal.api.errors import BadRequest
from portal.database import db

KEEP_FOR = dt.timedelta(days=7)


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
    db.session.info["idempotency"] = (actor.user_id, key, fingerprint)
    try:
        return run()
    except Exception:
        # Kept by a request that committed meanwhile (its effects may be why this one failed):
        # its answer. Otherwise this request's own error.
        db.session.rollback()
        stored = _stored(db.session, actor.user_id, key)
        if stored is None:
            raise
        return _replay(stored, fingerprint)
    finally:
        db.session.info.pop("idempotency", None)


def remember(session: Session, answer: Response) -> None:
    """Called just before the commit of a create: keep the answer under the request's key, in
    the same transaction (an error answer is not kept: the key stays free, as if never used).
    Another request that kept the key first makes this fail (the unique index), and
    `replay_or_run` rolls everything back and replays that request's answer."""
    pending = session.info.get("idempotency")
    if pending is None or answer.status_code >= 400:
        return
    user_id, key, fingerprint = pending
    session.connection().execute(_KEEP, {
        "user_id": user_id, "key": key, "request_hash": fingerprint,
        "status": answer.status_code, "body": answer.get_data(as_text=True),
        "created_at": utcnow()})


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
