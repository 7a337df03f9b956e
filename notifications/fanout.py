"""From the outbox to deliveries: each event becomes one message per user who hears of it
(by e-mail now, or in the day's digest) and one per hook that listens to it.

An insured's event reaches that insured's users and hooks only, and the insurer's feed; never
another insured's. Several workers may fan out at once: each takes events no other holds
(`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite's write lock does the same by queueing them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.accounts.models import BrokerAppointment, User
from core.actor import Role
from core.outbox import EventType, OutboxEvent
from notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Mode,
    NotificationPreference,
    Webhook,
)


def dispatch(session: Session, now: dt.datetime, batch: int = 200) -> int:
    """Turn up to `batch` new outbox events into deliveries; how many events were taken."""
    events = list(session.scalars(
        select(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None))
        .order_by(OutboxEvent.id).limit(batch).with_for_update(skip_locked=True)))
    for event in events:
        session.add_all(_deliveries(session, event, now))
        event.dispatched_at = now
    session.flush()
    return len(events)


def _deliveries(session: Session, event: OutboxEvent, now: dt.datetime) -> Iterable[Delivery]:
    for user, mode in _readers(session, event):
        yield Delivery(
            event_id=event.id, channel=Channel.DIGEST if mode is Mode.DIGEST else Channel.EMAIL,
            insured_id=event.insured_id, user_id=user.id, message_id=email_id(event.id, user.id),
            status=DeliveryStatus.PENDING, next_attempt_at=now)
    for hook in _listening(session, event):
        yield Delivery(
            event_id=event.id, channel=Channel.WEBHOOK, insured_id=hook.insured_id,
            webhook_id=hook.id, message_id=webhook_id(event.id), status=DeliveryStatus.PENDING,
            next_attempt_at=now)


def email_id(event_id: int, user_id: int) -> str:
    return f"<event-{event_id}.user-{user_id}@tci.notifications>"


def webhook_id(event_id: int) -> str:
    return f"msg_{event_id}"


def _readers(session: Session, event: OutboxEvent) -> list[tuple[User, Mode]]:
    """Who reads of the event by e-mail, and how: the insured's users and those of the brokers
    it appointed (its admins alone for news of a hook), or the insurer's administrators for
    the insurer's own."""
    query = select(User).where(User.active).order_by(User.id)
    if _to_staff(event):  # the insured wrote: its claims handlers read it
        query = query.where(User.insured_id.is_(None), User.role == Role.CLAIMS_HANDLER)
    elif event.event_type == EventType.WEBHOOK_DISABLED and event.insured_id is not None:
        query = query.where(User.insured_id == event.insured_id,
                            User.role == Role.INSURED_ADMIN)
    elif event.insured_id is not None:
        brokers = select(BrokerAppointment.broker_id).where(
            BrokerAppointment.insured_id == event.insured_id,
            BrokerAppointment.ended_at.is_(None))
        query = query.where(or_(User.insured_id == event.insured_id,
                                User.broker_id.in_(brokers)))
    elif event.event_type == EventType.WEBHOOK_DISABLED:
        query = query.where(User.role == Role.INSURER_ADMIN)
    else:
        return []
    users = list(session.scalars(query))
    chosen = dict(session.execute(
        select(NotificationPreference.user_id, NotificationPreference.mode).where(
            NotificationPreference.user_id.in_([user.id for user in users]),
            NotificationPreference.event_type == event.event_type)).tuples().all())
    readers = [(user, chosen.get(user.id, Mode.EMAIL)) for user in users]
    return [(user, mode) for user, mode in readers if mode is not Mode.NONE]


def _listening(session: Session, event: OutboxEvent) -> list[Webhook]:
    if event.event_type == EventType.WEBHOOK_DISABLED:
        return []
    if _to_staff(event):  # the insurer's own feed only: the insured knows what it wrote
        hooks = session.scalars(select(Webhook).where(
            Webhook.active, Webhook.deleted_at.is_(None), Webhook.insured_id.is_(None))
            .order_by(Webhook.id))
        return [hook for hook in hooks if event.event_type in hook.events]
    hooks = session.scalars(select(Webhook).where(
        Webhook.active, Webhook.deleted_at.is_(None),
        or_(Webhook.insured_id.is_(None), Webhook.insured_id == event.insured_id)
        if event.insured_id is not None else Webhook.insured_id.is_(None),
    ).order_by(Webhook.id))
    return [hook for hook in hooks if event.event_type in hook.events]


def _to_staff(event: OutboxEvent) -> bool:
    """A message the insured wrote, for the insurer's side."""
    return event.event_type == EventType.MESSAGE_WRITTEN and event.data.get("from") == "insured"
