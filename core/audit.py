"""The audit trail: who, for which tenant, did what, with the before and after, and when.

Written by the same transaction as the change it records, so one never exists without the other.
Audit rows are append-only: the session refuses to update or delete them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import ForeignKey, Index, Table, event, insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.actor import Actor
from core.clock import utcnow
from core.db import Base
from core.plain import plain


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, nullable=False)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_email: Mapped[str]
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"), index=True)
    action: Mapped[str] = mapped_column(index=True)
    entity_type: Mapped[str]
    entity_id: Mapped[int | None]
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: Any,
    *,
    insured_id: int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> None:
    """Write an audit row for `action` on `entity` in the current transaction, at once.

    `entity` is a mapped object, or the name of what was acted on when there is no one row
    (a bulk import, a batch run). The row is inserted directly rather than left to the next
    flush: it is never changed afterwards, so the unit of work has nothing to track, and it
    costs less than a flush (every limit request writes two).
    """
    if not isinstance(entity, str) and getattr(entity, "id", 0) is None:
        session.flush()  # a new entity's id must exist before we point at it
    session.execute(_INSERT, {
        "at": utcnow(),
        "actor_user_id": actor.user_id,
        "actor_email": actor.email,
        "insured_id": insured_id,
        "action": action,
        "entity_type": entity if isinstance(entity, str) else type(entity).__name__,
        "entity_id": getattr(entity, "id", None),
        "before": plain(before) if before is not None else None,
        "after": plain(after) if after is not None else None,
    })


_INSERT = insert(cast(Table, AuditEntry.__table__))


def snapshot(entity: Any, *fields: str) -> dict[str, Any]:
    """The named attributes of `entity`, ready for `before`/`after`."""
    return {name: getattr(entity, name) for name in fields}


class AuditTamper(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


@event.listens_for(Session, "before_flush")
def _audit_is_append_only(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTamper("Audit entries cannot be changed or deleted.")
