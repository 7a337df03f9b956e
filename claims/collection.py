"""Collecting a case (docs/domain.md §6.2): payments and credit notes, applied to the oldest open
invoice first; disputes set aside until resolved; a case paid in full closes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from claims.cases import add_event, balances, close_if_paid, lock_case
from claims.indemnity import SettlementKind
from claims.loader import in_dispute, not_owed
from claims.models import CaseSettlement, CollectionCase, Dispute
from claims.rules import check_amount, check_currency, check_not_future
from claims.states import DISPUTE, CaseStatus, DisputeOutcome, DisputeStatus
from core import audit
from core.actor import INSURED_ROLES, Action, Actor, Permission, Role
from core.clock import today
from core.errors import Conflict, InvalidTransition, NotFound, RuleViolation
from core.money import format_money

COLLECT = Action.of("record a payment or a dispute on a case", *INSURED_ROLES,
                    Role.CLAIMS_HANDLER, broker=Permission.REPORT_OVERDUES)
CREDIT = Action.of("record a credit note on a case", *INSURED_ROLES,
                   broker=Permission.REPORT_OVERDUES)
SETTLEMENT_FIELDS = ("case_id", "kind", "amount", "received_on", "reference")


def record_payment(
    session: Session, case_id: int, *, actor: Actor, amount: Decimal, received_on: dt.date,
    reference: str | None = None, currency: str | None = None,
) -> CaseSettlement:
    """Money the buyer paid. Whatever invoice it names, it goes to the oldest open one."""
    actor.require(COLLECT)
    return _settle(session, case_id, actor, SettlementKind.PAYMENT, amount, received_on,
                   reference, currency)


def issue_credit_note(
    session: Session, case_id: int, *, actor: Actor, amount: Decimal, issued_on: dt.date,
    number: str, currency: str | None = None,
) -> CaseSettlement:
    """A credit note the insured issued to the buyer: it settles like a payment."""
    actor.require(CREDIT)
    return _settle(session, case_id, actor, SettlementKind.CREDIT_NOTE, amount, issued_on,
                   number, currency)


def _settle(
    session: Session, case_id: int, actor: Actor, kind: SettlementKind, amount: Decimal,
    day: dt.date, reference: str | None, currency: str | None,
) -> CaseSettlement:
    case = _collecting(session, case_id, actor)
    check_currency(currency, case.currency)
    check_amount(amount, case.currency)
    check_not_future(day, "received_on" if kind is SettlementKind.PAYMENT else "issued_on")
    if kind is SettlementKind.CREDIT_NOTE and any(
            s.kind is kind and s.reference == reference for s in case.settlements):
        raise Conflict("This credit note is already recorded.",
                       fields={"number": ["Already recorded on this case."]})
    owed = balances(case).outstanding
    if amount > owed:
        raise RuleViolation("More than the buyer owes on this case.",
                            fields={"amount": [f"At most {format_money(owed, case.currency)}."]})
    settlement = CaseSettlement(insured_id=case.insured_id, case=case, kind=kind,
                                amount=amount, received_on=day, reference=reference,
                                recorded_by=actor.user_id)
    session.add(settlement)
    add_event(session, case, day, kind.value, reference or "", amount)
    audit.record(session, actor, f"collection_case.{kind.value}", settlement,
                 insured_id=case.insured_id, after=audit.snapshot(settlement, *SETTLEMENT_FIELDS))
    close_if_paid(session, case, actor=actor, day=today())
    return settlement


def _collecting(session: Session, case_id: int, actor: Actor) -> CollectionCase:
    case = lock_case(session, case_id, actor=actor)
    if case.status is CaseStatus.CLOSED:
        raise InvalidTransition("This case is closed; money received after a paid claim is a "
                                "recovery on the claim.")
    return case


def open_dispute(
    session: Session, case_id: int, *, actor: Actor, invoice_number: str, amount: Decimal,
    reason: str, currency: str | None = None,
) -> Dispute:
    """The buyer contests part of an invoice: that part is set aside from payments and from
    any claim until the dispute is resolved."""
    actor.require(COLLECT)
    case = _collecting(session, case_id, actor)
    check_currency(currency, case.currency)
    check_amount(amount, case.currency)
    invoice = next((row for row in case.invoices if row.number == invoice_number), None)
    if invoice is None:
        raise RuleViolation("No such invoice on this case.",
                            fields={"invoice_number": ["Not notified on this case."]})
    room = invoice.amount - in_dispute(invoice, case.disputes) - not_owed(invoice, case.disputes)
    if amount > room:
        raise RuleViolation("More than is left to dispute on this invoice.",
                            fields={"amount": [f"At most {format_money(room, case.currency)}."]})
    day = today()
    dispute = Dispute(insured_id=case.insured_id, case=case, invoice=invoice,
                      amount=amount, reason=reason, status=DisputeStatus.OPEN, opened_on=day,
                      opened_by=actor.user_id)
    session.add(dispute)
    add_event(session, case, day, "dispute_opened", f"{invoice_number}: {reason}", amount)
    audit.record(session, actor, "dispute.open", dispute, insured_id=case.insured_id,
                 after={"case_id": case.id, "invoice_number": invoice_number, "amount": amount,
                        "reason": reason})
    return dispute


def resolve_dispute(
    session: Session, case_id: int, dispute_id: int, *, actor: Actor, outcome: DisputeOutcome,
) -> Dispute:
    """`owed`: the amount is back in the case, open to payments and in any claim.
    `not_owed`: the buyer was right; the amount leaves the case (and may close it)."""
    actor.require(COLLECT)
    case = _collecting(session, case_id, actor)
    dispute = next((d for d in case.disputes if d.id == dispute_id), None)
    if dispute is None:
        raise NotFound("Dispute not found.")
    day = today()
    DISPUTE.transition(session, dispute, "resolve", actor=actor,
                       detail={"outcome": outcome, "resolved_on": day})
    dispute.outcome, dispute.resolved_on, dispute.resolved_by = outcome, day, actor.user_id
    add_event(session, case, day, "dispute_resolved",
              f"{dispute.invoice_number}: {outcome.value.replace('_', ' ')}", dispute.amount)
    close_if_paid(session, case, actor=actor, day=day)
    return dispute


def carry_over_disputes(
    session: Session, case: CollectionCase, *, actor: Actor, claim_id: int, day: dt.date
) -> list[Dispute]:
    """A paid claim closes its case with the disputed parts left out of it: each dispute
    still open is carried over, said so on the timeline, rather than left open on a closed
    case."""
    carried = [d for d in case.disputes if d.status is DisputeStatus.OPEN]
    for dispute in carried:
        DISPUTE.transition(session, dispute, "carry_over", actor=actor,
                           detail={"claim_id": claim_id, "on": day})
        add_event(session, case, day, "dispute_carried_over",
                  f"{dispute.invoice_number}: claim {claim_id}", dispute.amount)
    return carried
