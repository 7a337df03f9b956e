"""The transactional outbox: what happened that someone outside should hear about.

A domain records an event here in the same transaction as the change it reports, so one never
exists without the other; the delivery worker (the `notifications` package) reads the outbox
afterwards and sends e-mail and webhooks. Nothing is sent from inside the change itself.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, cast

from sqlalchemy import ForeignKey, Index, String, Table, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import utcnow
from core.db import Base
from core.plain import Document, plain


class EventType(enum.StrEnum):
    LIMIT_DECIDED = "limit.decided"
    LIMIT_CHANGED = "limit.changed"
    BUYER_GRADE_CHANGED = "buyer.grade_changed"
    DEADLINE_APPROACHING = "deadline.approaching"
    CASE_STAGE_CHANGED = "case.stage_changed"
    CLAIM_STATUS_CHANGED = "claim.status_changed"
    PREMIUM_INVOICED = "premium.invoiced"
    MESSAGE_WRITTEN = "message.written"
    """On a case or claim, to the other side: the insured's users when staff wrote, the claims
    handlers when the insured did (`data["from"]`)."""
    WEBHOOK_DISABLED = "webhook.disabled"
    """The platform's own: a hook failing for days was disabled (its admins are told)."""


PUBLIC_EVENTS = tuple(kind for kind in EventType if kind is not EventType.WEBHOOK_DISABLED)
"""The events of the contract, which users choose to hear of and hooks subscribe to."""


class OutboxEvent(Base):
    """One event, for one insured (or, with no insured, for the insurer alone)."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_pending", "dispatched_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40))
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    data: Mapped[dict[str, Any]]
    occurred_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    dispatched_at: Mapped[dt.datetime | None]
    once_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    """Set for events that must be recorded once only (a reminder), whoever records them."""


def record(
    session: Session,
    event_type: EventType,
    insured_id: int | None,
    data: Document,
    *,
    object_type: str,
    object_id: int | None,
    once_key: str | None = None,
) -> None:
    """Write `event_type` about one object to the outbox, in the caller's transaction.

    `data` is what a receiver is told (ids, amounts as strings, dates as ISO text); it must
    name only the insured's own objects and never another insured's."""
    session.connection().execute(_INSERT, {
        "event_type": event_type.value, "insured_id": insured_id,
        "object_type": object_type, "object_id": object_id,
        "data": plain(data),
        "occurred_at": utcnow(), "dispatched_at": None, "once_key": once_key,
    })


def recorded(session: Session, once_key: str) -> bool:
    """Whether the event recorded once under `once_key` is in the outbox already."""
    found = session.scalar(select(OutboxEvent.id).where(OutboxEvent.once_key == once_key))
    return found is not None


_INSERT = insert(cast(Table, OutboxEvent.__table__))
