"""Expiries told: a limit past its expiry date reads `expired` from its history (nothing moves
it there), so the day after it expires a daily job tells its holder, once (`limit.changed`,
change `expired`). Expiries older than a month are history, not news, and are not told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from core import outbox
from core.outbox import EventType
from underwriting.limits.models import CreditLimit, LimitStatus

NEWS_FOR = dt.timedelta(days=30)


def announce_expiries(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Record `limit.changed` for each active limit of the insured that expired by `as_of`
    (its last day of cover before it) and was not told of yet."""
    query = select(CreditLimit).options(lazyload("*")).where(
        CreditLimit.status == LimitStatus.ACTIVE, CreditLimit.expires_on.is_not(None),
        CreditLimit.expires_on < as_of, CreditLimit.expires_on >= as_of - NEWS_FOR,
    ).order_by(CreditLimit.id)
    if insured_id is not None:
        query = query.where(CreditLimit.insured_id == insured_id)
    told = 0
    for limit in session.scalars(query):
        assert limit.expires_on is not None
        key = f"limit-expired:{limit.id}:{limit.expires_on.isoformat()}"
        if outbox.recorded(session, key):
            continue
        outbox.record(session, EventType.LIMIT_CHANGED, limit.insured_id, {
            "id": limit.id, "buyer_id": limit.buyer_id, "policy_id": limit.policy_id,
            "change": "expired", "amount": "0", "currency": limit.currency,
            "effective_from": limit.expires_on + dt.timedelta(days=1),
            "expired_on": limit.expires_on,
        }, object_type="credit_limit", object_id=limit.id, once_key=key)
        told += 1
    return f"{told} expiries told"
