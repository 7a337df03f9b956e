"""The daily limit job: changes that reach their date take effect; limits past expiry end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox
from core.actor import SYSTEM
from core.outbox import EventType
from underwriting.limits import grants
from underwriting.limits.models import CreditLimit, LimitStatus


def apply_limit_changes(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Bring each active limit of the insured to what its history says for `as_of`."""
    query = select(CreditLimit).where(CreditLimit.status == LimitStatus.ACTIVE)
    if insured_id is not None:
        query = query.where(CreditLimit.insured_id == insured_id)
    applied = expired = 0
    for limit in session.scalars(query):
        if limit.expires_on is not None and limit.expires_on < as_of:
            _expire(session, limit)
            expired += 1
        elif limit.amount_on(as_of) != limit.amount:
            _apply(session, limit, as_of)
            applied += 1
    return f"{applied} limit changes applied, {expired} limits expired"


def _apply(session: Session, limit: CreditLimit, as_of: dt.date) -> None:
    before = audit.snapshot(limit, *grants.LIMIT_FIELDS)
    limit.amount = limit.amount_on(as_of)
    if limit.amount == 0:
        limit.status = LimitStatus.WITHDRAWN
    audit.record(session, SYSTEM, "credit_limit.apply_change", limit,
                 insured_id=limit.insured_id, before=before,
                 after=audit.snapshot(limit, *grants.LIMIT_FIELDS))
    outbox.record(session, EventType.LIMIT_CHANGED, limit.insured_id,
                  {"change": "withdrawn" if limit.amount == 0 else "applied",
                   "effective_from": as_of,
                   **audit.snapshot(limit, "id", "buyer_id", "policy_id", *grants.LIMIT_FIELDS)},
                  object_type="credit_limit", object_id=limit.id)


def _expire(session: Session, limit: CreditLimit) -> None:
    assert limit.expires_on is not None
    before = audit.snapshot(limit, *grants.LIMIT_FIELDS)
    ends = limit.expires_on + dt.timedelta(days=1)
    if limit.amount_on(ends) != 0:
        grants.add_version(session, limit, Decimal(0), ends, "expired", SYSTEM, ["EXP"])
    limit.status, limit.amount = LimitStatus.EXPIRED, Decimal(0)
    audit.record(session, SYSTEM, "credit_limit.expire", limit, insured_id=limit.insured_id,
                 before=before, after=audit.snapshot(limit, *grants.LIMIT_FIELDS))
    outbox.record(session, EventType.LIMIT_CHANGED, limit.insured_id,
                  {"change": "expired", "effective_from": ends,
                   **audit.snapshot(limit, "id", "buyer_id", "policy_id", *grants.LIMIT_FIELDS)},
                  object_type="credit_limit", object_id=limit.id)
