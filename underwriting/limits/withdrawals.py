"""A buyer's insolvency or cessation of trade ends every limit on it, insurer and
discretionary, from the day it happened: a withdrawal in the ledger of each limit, not a
notice period, and an alert to each insured that held one. Connected to the buyer database's
signal where the application wires its layers; written in the event's own transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from buyers_db.models import LegalEventType
from core import audit
from core.actor import Actor
from core.tenancy import ACROSS_TENANTS
from underwriting.limits import grants
from underwriting.limits.models import Alert, CreditLimit
from underwriting.limits.states import LIMIT

ENDING_EVENTS = {LegalEventType.INSOLVENCY: "INS", LegalEventType.CEASED_TRADING: "CTR"}
"""The legal events that end cover on a buyer, and the reason code of the withdrawal."""


def withdraw_on_legal_event(
    session: Session, *, buyer_id: int, type: LegalEventType, date: dt.date, actor: Actor,
    **_: Any,
) -> list[CreditLimit]:
    """Withdraw every limit on the buyer that still covers on or after `date`, from `date` (or
    from the limit's start, for one granted since), and alert its holder. Other events and
    limits already ended before `date` are left as they are."""
    reason = ENDING_EVENTS.get(LegalEventType(type))
    if reason is None:
        return []
    limits = session.scalars(
        select(CreditLimit).where(CreditLimit.buyer_id == buyer_id).order_by(CreditLimit.id),
        execution_options=ACROSS_TENANTS).all()
    withdrawn = [limit for limit in limits if _covers_from(limit, date)]
    for limit in withdrawn:
        _withdraw(session, limit, max(date, limit.effective_from), reason, actor)
    session.flush()
    return withdrawn


def _covers_from(limit: CreditLimit, day: dt.date) -> bool:
    """Whether the limit covers anything on `day` or any later day its history knows of."""
    if not LIMIT.allows(limit.status, "withdraw"):
        return False
    days = [day, *(version.effective_from for version in limit.versions
                   if version.effective_from > day)]
    return any(limit.amount_on(later) > 0 for later in days)


def _withdraw(
    session: Session, limit: CreditLimit, day: dt.date, reason: str, actor: Actor
) -> None:
    before = audit.snapshot(limit, *grants.LIMIT_FIELDS)
    limit.amount = Decimal(0)
    grants.add_version(session, limit, Decimal(0), day, "withdrawn", actor, [reason])
    LIMIT.transition(session, limit, "withdraw", actor=actor, before=before,
                     detail={"amount": limit.amount, "effective_from": day,
                             "reason_codes": [reason]})
    session.add(Alert(insured_id=limit.insured_id, buyer_id=limit.buyer_id,
                      credit_limit_id=limit.id, kind="limit_withdrawn", as_of=day))
