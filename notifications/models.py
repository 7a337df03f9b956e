"""What users asked to hear, the hooks that listen, and every message sent or to send."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.db import Base, TimestampMixin
from core.outbox import OutboxEvent


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class Mode(enum.StrEnum):
    EMAIL = "email"    # an e-mail for each event
    DIGEST = "digest"  # gathered into one e-mail a day
    NONE = "none"


class Channel(enum.StrEnum):
    EMAIL = "email"
    DIGEST = "digest"
    WEBHOOK = "webhook"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"        # to send at next_attempt_at (again, after a failure)
    DELIVERED = "delivered"
    FAILED = "failed"          # given up: the hook was disabled, or the address never answered


class NotificationPreference(Base):
    """How one user hears of one kind of event; no row means e-mail."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    mode: Mapped[Mode] = mapped_column(_enum(Mode))


class Webhook(TimestampMixin, Base):
    """An insured's hook (its own events only), or the insurer's feed (`insured_id` empty)."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[Any]]
    secret: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(default=True)
    failing_since: Mapped[dt.datetime | None]
    disabled_at: Mapped[dt.datetime | None]
    deleted_at: Mapped[dt.datetime | None]


class Delivery(Base):
    """One message of one event to one user's inbox or one hook, with how its sending went.

    `message_id` stays the same on every attempt (the `webhook-id` header, the e-mail's
    Message-ID), so a receiver that is sent it twice can tell."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("outbox_events.id"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    webhook_id: Mapped[int | None] = mapped_column(ForeignKey("webhooks.id"), index=True)
    message_id: Mapped[str] = mapped_column(String(120))
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[dt.datetime | None]
    response_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None]

    event: Mapped[OutboxEvent] = relationship()
