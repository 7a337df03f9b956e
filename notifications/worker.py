"""The delivery worker: fan out new outbox events, then send what is due, outside any request.

Each round takes due deliveries in one short transaction (PostgreSQL's `FOR UPDATE SKIP LOCKED`
lets several workers share them; on SQLite the write lock queues the workers), leases them for
a few minutes, commits, sends with no transaction open, and records each outcome in another.
A worker that dies after sending leaves the lease to run out, and the message goes again with
the same id: delivery is at least once, and a repeat can be recognised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from core import outbox
from core.accounts.models import User
from core.clock import utcnow
from core.db import WRITE_INTENT
from core.outbox import EventType
from core.tenancy import Scope, tenant_scope
from notifications import wording
from notifications.fanout import dispatch
from notifications.mail import Letter, Postbox, compose
from notifications.models import Channel, Delivery, DeliveryStatus, Webhook
from notifications.signing import Outcome, body_of, post

LEASE = dt.timedelta(minutes=5)
RETRY_DELAYS = tuple(dt.timedelta(seconds=s) for s in (
    30, 120, 600, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600))
"""After the n-th failed attempt, wait the n-th delay (the last one from then on): the first
retry within a minute, then longer, past 24 hours, until the 3 days of GIVE_UP_AFTER."""
GIVE_UP_AFTER = dt.timedelta(days=3)


@dataclass(frozen=True)
class Outlets:
    """Where messages go, from the settings: the postbox, the portal's address for links, and
    whether hooks may point at local addresses."""

    postbox: Postbox
    public_url: str
    allow_local: bool


@dataclass(frozen=True)
class Parcel:
    delivery_id: int
    letter: Letter | None = None
    hook_url: str = ""
    hook_secret: str = ""
    message_id: str = ""
    body: str = ""


@dataclass(frozen=True)
class Round:
    dispatched: int
    delivered: int
    failed: int


def run_once(factory: sessionmaker[Session], outlets: Outlets, *,
             now: dt.datetime | None = None, batch: int = 100) -> Round:
    """One round: fan out what is new, send what is due (at most `batch`), record outcomes."""
    now = now or utcnow()
    with tenant_scope(Scope.everyone()):
        with _writing(factory) as session:
            dispatched = dispatch(session, now)
            due = _claim(session, now, batch)
            parcels = [_parcel(session, delivery, outlets) for delivery in due]
            session.commit()
        outcomes = [(parcel.delivery_id, _send(parcel, outlets)) for parcel in parcels]
        with _writing(factory) as session:
            for delivery_id, outcome in outcomes:
                record_outcome(session, delivery_id, outcome, now)
            session.commit()
    delivered = sum(1 for _id, outcome in outcomes if outcome.ok)
    return Round(dispatched, delivered, len(outcomes) - delivered)


def drain(factory: sessionmaker[Session], outlets: Outlets, *,
          now: dt.datetime | None = None) -> Round:
    """Rounds until nothing new and nothing due is left (the scheduler's step, and tests')."""
    total = Round(0, 0, 0)
    while True:
        done = run_once(factory, outlets, now=now)
        total = Round(total.dispatched + done.dispatched, total.delivered + done.delivered,
                      total.failed + done.failed)
        if done == Round(0, 0, 0):
            return total


def _writing(factory: sessionmaker[Session]) -> Session:
    session = factory()
    session.connection(execution_options=WRITE_INTENT)
    return session


def _claim(session: Session, now: dt.datetime, batch: int) -> list[Delivery]:
    due = list(session.scalars(
        select(Delivery).where(Delivery.status == DeliveryStatus.PENDING,
                               Delivery.channel != Channel.DIGEST,
                               Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id).limit(batch)
        .with_for_update(skip_locked=True)))
    for delivery in due:
        delivery.attempts += 1
        delivery.last_attempt_at, delivery.next_attempt_at = now, now + LEASE
    session.flush()
    return due


def _parcel(session: Session, delivery: Delivery, outlets: Outlets) -> Parcel:
    event = delivery.event
    if delivery.channel is Channel.WEBHOOK:
        hook = session.get(Webhook, delivery.webhook_id)
        assert hook is not None
        return Parcel(delivery.id, hook_url=hook.url, hook_secret=hook.secret,
                      message_id=delivery.message_id,
                      body=body_of(event.event_type, event.occurred_at.isoformat(), event.data))
    user = session.get(User, delivery.user_id)
    assert user is not None
    return Parcel(delivery.id, letter=letter_for(event, user, delivery.message_id, outlets))


def letter_for(event: outbox.OutboxEvent, user: User, message_id: str,
               outlets: Outlets) -> Letter:
    lang = wording.language(user.locale)
    link = outlets.public_url.rstrip("/") + wording.object_path(
        event.object_type, event.object_id, event.data)
    return Letter(
        to=user.email, subject=wording.subject(event.event_type, event.data, lang),
        greeting=wording.GREETING[lang].format(name=user.full_name or user.email),
        lines=wording.facts(event.data), link=link, link_text=wording.LINK_TEXT[lang],
        footer=wording.FOOTER[lang].format(
            url=outlets.public_url.rstrip("/") + wording.SETTINGS_PATH),
        message_id=message_id, lang=lang)


def _send(parcel: Parcel, outlets: Outlets) -> Outcome:
    if parcel.letter is None:
        return post(parcel.hook_url, parcel.hook_secret, parcel.message_id, parcel.body,
                    allow_local=outlets.allow_local)
    try:
        outlets.postbox.send(compose(parcel.letter, outlets.postbox.sender))
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
        return Outcome(False, getattr(error, "smtp_code", None), str(error)[:500])
    return Outcome(True, 250 if outlets.postbox.url else None, None)


def record_outcome(session: Session, delivery_id: int, outcome: Outcome,
                   now: dt.datetime) -> None:
    """What came of one attempt: delivered, to be tried again later, or given up."""
    delivery = session.get(Delivery, delivery_id, with_for_update=True)
    assert delivery is not None
    delivery.response_code, delivery.error = outcome.response_code, outcome.error
    hook = session.get(Webhook, delivery.webhook_id) if delivery.webhook_id else None
    if outcome.ok:
        delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
        if hook is not None:
            hook.failing_since = None
        return
    delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
    delivery.next_attempt_at = now + delay
    if hook is not None:
        hook.failing_since = hook.failing_since or now
        if now - hook.failing_since >= GIVE_UP_AFTER:
            disable(session, hook, now)
    elif now - delivery.event.occurred_at >= GIVE_UP_AFTER:
        delivery.status = DeliveryStatus.FAILED


def disable(session: Session, hook: Webhook, now: dt.datetime) -> None:
    """A hook failing for three days stops: its messages are given up and its admins told."""
    hook.active, hook.disabled_at = False, now
    session.execute(update(Delivery).where(
        Delivery.webhook_id == hook.id, Delivery.status == DeliveryStatus.PENDING,
    ).values(status=DeliveryStatus.FAILED).execution_options(synchronize_session="fetch"))
    outbox.record(session, EventType.WEBHOOK_DISABLED, hook.insured_id,
                  {"id": hook.id, "url": hook.url, "failing_since": hook.failing_since},
                  object_type="webhook", object_id=hook.id)
