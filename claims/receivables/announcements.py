"""The daily announcement of the ledger's deadlines: each MEP expiry and notification deadline
of an uploaded invoice coming within 14 days raises `deadline.approaching` (the shape of the
collection cases' reminders, `claims.reminders`), once per invoice and kind however often the
job runs or the ledger is uploaded again: the outbox keeps what was announced, under a key of
the policy, buyer, invoice, kind and date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.receivables.frames import DEADLINE_KINDS
from claims.receivables.ledger import BuyerReceivables, LineWarning, ledger_of
from claims.receivables.models import ReceivableLine
from core import outbox
from core.outbox import EventType
from underwriting.policies.models import Policy

NOTES = {
    "mep_expiry": "The maximum extension period ends: cover for new deliveries to this buyer "
                  "stops from this day while the invoice is unpaid.",
    "notification_deadline": "Report the overdue by this day, or cover on this buyer is void.",
}


def announce_deadlines(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Announce each deadline of the insured's ledgers that comes within 14 days of `as_of`
    and was not announced before."""
    query = select(Policy).where(Policy.id.in_(select(ReceivableLine.policy_id))).order_by(
        Policy.id)
    if insured_id is not None:
        query = query.where(Policy.insured_id == insured_id)
    sent = 0
    for policy in session.scalars(query).unique():
        for entry in ledger_of(session, policy, as_of).buyers:
            for warning in entry.warnings:
                if warning.kind in DEADLINE_KINDS and announce(session, policy, entry, warning):
                    sent += 1
    return f"{sent} receivables deadlines announced"


def announce(
    session: Session, policy: Policy, entry: BuyerReceivables, warning: LineWarning
) -> bool:
    """Record the event for one warning unless it was recorded before; True when now."""
    key = (f"deadline:receivables:{policy.id}:{entry.buyer_id}:{warning.invoice_number}:"
           f"{warning.kind}:{warning.due_on.isoformat()}")
    if outbox.recorded(session, key):
        return False
    outbox.record(session, EventType.DEADLINE_APPROACHING, policy.insured_id, {
        "kind": warning.kind, "date": warning.due_on, "days_left": warning.days_left,
        "invoice_number": warning.invoice_number, "case_id": None,
        "note": NOTES[warning.kind], "policy_id": policy.id, "buyer_id": entry.buyer_id,
        "buyer_name": entry.buyer_name},
        object_type="receivables", object_id=policy.id, once_key=key)
    return True
