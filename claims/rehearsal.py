"""An overdue notification rehearsed (`dry_run`): the same answer as the real one, each
invoice's issues, and what a claim would pay, with nothing kept: no case opened, no grade
moved, no event for the outbox. The insured sees before it reports, since reporting cannot be
undone (docs/domain.md §9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from claims.models import CollectionCase
from claims.notifications import OverdueInvoice, notify_overdue
from claims.precheck import PreCheck, pre_check
from claims.schemas import NotificationSchema
from core.actor import Actor
from core.plain import JsonObject


@dataclass(frozen=True)
class Rehearsal:
    notification: JsonObject
    """The answer a real notification would give (as its schema dumps it), without ids of
    anything new."""
    check: PreCheck
    """What a claim on the case would pay if assessed today."""

    def to_json(self) -> JsonObject:
        return {**self.notification, "pre_check": self.check.to_json(), "dry_run": True}


def rehearse_notification(
    session: Session, *, actor: Actor, policy_id: int, buyer_id: int,
    invoices: Sequence[OverdueInvoice], notified_on: dt.date | None = None,
    currency: str | None = None,
) -> Rehearsal:
    """The notification and its pre-check, from a savepoint rolled back whatever happens: a
    refusal raises as the real notification would, and still keeps nothing."""
    rehearsal = session.begin_nested()
    try:
        made = notify_overdue(session, actor=actor, policy_id=policy_id, buyer_id=buyer_id,
                              invoices=invoices, notified_on=notified_on, currency=currency)
        answer: JsonObject = NotificationSchema().dump(made)
        check = pre_check(session, made.case_id, actor=actor)
    finally:
        rehearsal.rollback()
    # Nothing was stored: the notification has no id, and the case one only if it was open
    # before (the notification would have joined it).
    answer["id"] = None
    if session.get(CollectionCase, answer["case_id"]) is None:
        answer["case_id"] = None
    return Rehearsal(answer, check)
