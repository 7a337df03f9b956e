"""The audit trail: who, for which tenant, did what, with the before and after, and when.

Written by the same transaction as the change it records, so one never exists without the other.
Audit rows are append-only: the session refuses to update or delete them. Each row names the
unit of work that made it (`request_id`: the web request's id, set by whoever runs the work), so
a change can be followed to the log lines of the request that made it.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from typing import Any, cast

from sqlalchemy import ForeignKey, Index, Select, String, Table, event, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.actor import STAFF_ROLES, Actor, Role
from core.clock import utcnow
from core.db import Base
from core.plain import Document, Plain, plain

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the request (or other unit of work) now running, written into each audit row; the
portal sets it per web request, and nothing else needs to know where it comes from."""


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, nullable=False)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_email: Mapped[str]
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"), index=True)
    on_behalf_of: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"))
    action: Mapped[str] = mapped_column(index=True)
    entity_type: Mapped[str]
    entity_id: Mapped[int | None]
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    request_id: Mapped[str | None] = mapped_column(String(64))


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: Any,
    *,
    insured_id: int | None,
    before: Document | None = None,
    after: Document | None = None,
) -> None:
    """Write an audit row for `action` on `entity` in the current transaction, at once.

    `entity` is a mapped object, or the name of what was acted on when there is no one row
    (a bulk import, a batch run). The row is inserted directly rather than left to the next
    flush: it is never changed afterwards, so the unit of work has nothing to track, and it
    costs less than a flush (every limit request writes two).
    """
    if not isinstance(entity, str) and getattr(entity, "id", 0) is None:
        session.flush()  # a new entity's id must exist before we point at it
    session.connection().execute(_INSERT, {
        "at": utcnow(),
        "actor_user_id": actor.user_id,
        "actor_email": actor.email,
        "insured_id": insured_id,
        "on_behalf_of": insured_id if actor.is_broker else None,
        "action": action,
        "entity_type": entity if isinstance(entity, str) else type(entity).__name__,
        "entity_id": getattr(entity, "id", None),
        "before": plain(before) if before is not None else None,
        "after": plain(after) if after is not None else None,
        "request_id": request_id.get(),
    })


_INSERT = insert(cast(Table, AuditEntry.__table__))


def snapshot(entity: Any, *fields: str) -> dict[str, Plain]:
    """The named attributes of `entity`, ready for `before`/`after`."""
    return {name: getattr(entity, name) for name in fields}


class AuditTamper(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTamper("Audit entries cannot be changed or deleted.")


def entries_query(
    actor: Actor,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    actor_id: int | None = None,
    from_: dt.date | None = None,
    to: dt.date | None = None,
) -> Select[tuple[AuditEntry]]:
    """The audit trail as `actor` may read it, newest first: the insurer's staff all of it, an
    insured's admin only its own insured's entries. `from_` and `to` are whole days (UTC)."""
    actor.require(*STAFF_ROLES, Role.INSURED_ADMIN)
    query = select(AuditEntry)
    if actor.role is Role.INSURED_ADMIN:
        query = query.where(AuditEntry.insured_id == actor.insured_id)
    if object_type is not None:
        query = query.where(AuditEntry.entity_type == stored_type(object_type))
    if object_id is not None:
        query = query.where(AuditEntry.entity_id == object_id)
    if actor_id is not None:
        query = query.where(AuditEntry.actor_user_id == actor_id)
    if from_ is not None:
        query = query.where(AuditEntry.at >= dt.datetime.combine(from_, dt.time(), dt.UTC))
    if to is not None:
        next_day = dt.datetime.combine(to + dt.timedelta(days=1), dt.time(), dt.UTC)
        query = query.where(AuditEntry.at < next_day)
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def stored_type(name: str) -> str:
    """The kind of object as entries store it (`CreditLimit`), from that or from the way the
    API's paths and actions name it (`credit_limit`)."""
    if name.islower():
        return "".join(part.capitalize() for part in name.split("_"))
    return name


def object_types(session: Session, actor: Actor) -> list[str]:
    """The kinds of object the trail `actor` reads names, for a filter's choices."""
    query = entries_query(actor).with_only_columns(AuditEntry.entity_type).distinct()
    return sorted(session.scalars(query.order_by(None)))


def changed_keys(before: Document | None, after: Document | None) -> set[str]:
    """The keys whose value differs between `before` and `after` (one side may be missing)."""
    old, new = before or {}, after or {}
    return {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
