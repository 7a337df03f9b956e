"""The daily digest: a user who chose `digest` for an event gets one e-mail a day listing
them all, instead of one e-mail each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.accounts.models import User
from core.clock import utcnow
from notifications import wording
from notifications.mail import Letter, compose
from notifications.models import Channel, Delivery, DeliveryStatus
from notifications.worker import Outlets


def send_digests(session: Session, as_of: dt.date, outlets: Outlets) -> str:
    """Send each user's digest of what waits for it, and mark those messages delivered.

    Sent before the step commits: a failure leaves everything waiting for the next run, and a
    crash between sending and committing sends the day's digest again, with the same id."""
    waiting = session.scalars(select(Delivery).where(
        Delivery.channel == Channel.DIGEST, Delivery.status == DeliveryStatus.PENDING)
        .order_by(Delivery.user_id, Delivery.id).with_for_update())
    by_user: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in waiting:
        assert delivery.user_id is not None
        by_user[delivery.user_id].append(delivery)
    now = utcnow()
    for user_id, deliveries in by_user.items():
        user = session.get(User, user_id)
        assert user is not None
        outlets.postbox.send(compose(_digest(user, deliveries, as_of, outlets),
                                     outlets.postbox.sender))
        for delivery in deliveries:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, now
            delivery.attempts, delivery.last_attempt_at = delivery.attempts + 1, now
    session.flush()
    return f"{len(by_user)} digests of {sum(map(len, by_user.values()))} notifications sent"


def _digest(user: User, deliveries: list[Delivery], as_of: dt.date, outlets: Outlets) -> Letter:
    lang = wording.language(user.locale)
    base = outlets.public_url.rstrip("/")
    lines = [(wording.subject(d.event.event_type, d.event.data, lang),
              base + wording.object_path(d.event.object_type, d.event.object_id, d.event.data))
             for d in deliveries]
    return Letter(
        to=user.email, subject=wording.DIGEST_SUBJECT[lang].format(count=len(deliveries)),
        greeting=wording.GREETING[lang].format(name=user.full_name or user.email),
        lines=lines, link=base + "/", link_text=wording.LINK_TEXT[lang],
        footer=wording.FOOTER[lang].format(url=base + wording.SETTINGS_PATH),
        message_id=f"<digest-{as_of.isoformat()}.user-{user.id}@tci.notifications>", lang=lang)
