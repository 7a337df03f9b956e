"""Overdue notifications (domain §6.1): the insured reports a buyer's unpaid invoices; each is
checked and its issues reported, never refused for them; a collection case opens (or the open
one on the buyer takes the new invoices); cover for new deliveries stops; the buyer's grade
follows its payment experience."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from buyers_db.services import buyer_exists
from buyers_db.signals import buyer_changed
from claims.cases import add_event
from claims.indemnity import LossCause, LossEvent, stop_date
from claims.indemnity.eligibility import exclusions
from claims.loader import case_settlements, claim_facts, limit_lookup
from claims.models import CaseInvoice, CollectionCase, OverdueNotification
from claims.rules import check_currency, check_money, check_notified_on
from claims.states import CaseStatus
from core import audit
from core.actor import INSURED_ROLES, Action, Actor, Permission
from core.clock import today
from core.errors import Conflict, InvalidTransition, RuleViolation
from core.money import format_money
from underwriting.limits.exposure import lock_buyer
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy

MAX_INVOICES = 500


@dataclass(frozen=True, slots=True)
class OverdueInvoice:
    """An unpaid invoice as the insured reports it."""

    number: str
    invoice_date: dt.date
    delivery_date: dt.date
    due_date: dt.date
    amount: Decimal
    """VAT included."""
    vat_amount: Decimal = Decimal(0)
    """The VAT part of `amount`."""


REPORT = Action.of("report overdue invoices", *INSURED_ROLES, broker=Permission.REPORT_OVERDUES)


def notify_overdue(
    session: Session, *, actor: Actor, policy_id: int, buyer_id: int,
    invoices: Sequence[OverdueInvoice], notified_on: dt.date | None = None,
    currency: str | None = None,
) -> OverdueNotification:
    """Record the notification, open or extend the buyer's case, and store each invoice's
    issues (terms over MCT, outside the period, after the stop, no limit, notified late)."""
    actor.require(REPORT)
    policy = get_policy(session, policy_id, actor=actor)
    buyer_exists(session, buyer_id)
    day = notified_on or today()
    check_currency(currency, policy.currency)
    check_notified_on(day)
    _check_invoices(invoices, policy.currency)
    lock_buyer(session, buyer_id, day)
    _no_duplicates(session, policy, buyer_id, invoices)
    case = _case_for(session, policy, buyer_id, day)
    notification = OverdueNotification(
        insured_id=policy.insured_id, case=case, policy_id=policy.id, buyer_id=buyer_id,
        notified_on=day, notified_by=actor.user_id)
    session.add(notification)
    session.flush()
    rows = [_invoice_row(case, notification, day, invoice) for invoice in invoices]
    session.add_all(rows)
    _check_issues(session, case, rows)
    total = sum((row.amount for row in rows), Decimal(0))
    add_event(session, case, day, "notified",
              f"{len(rows)} invoices, {format_money(total, case.currency)} {case.currency}.",
              total)
    audit.record(session, actor, "overdue_notification.create", notification,
                 insured_id=policy.insured_id,
                 after={"case_id": case.id, "buyer_id": buyer_id, "notified_on": day,
                        "invoices": [row.number for row in rows], "total": total})
    buyer_changed.send(session, buyer_ids=[buyer_id])
    return notification


def _check_invoices(invoices: Sequence[OverdueInvoice], currency: str) -> None:
    if not invoices or len(invoices) > MAX_INVOICES:
        raise RuleViolation("A notification lists its unpaid invoices.",
                            fields={"invoices": [f"Between 1 and {MAX_INVOICES} invoices."]})
    problems: dict[str, dict[str, list[str]]] = {}
    numbers = [invoice.number for invoice in invoices]
    for position, invoice in enumerate(invoices):
        found = invoice_problems(invoice, currency)
        if numbers.count(invoice.number) > 1:
            found.setdefault("number", []).append("Listed twice in this notification.")
        if found:
            problems[str(position)] = found
    if problems:
        raise RuleViolation("Some invoices are not valid.", fields={"invoices": problems})


def invoice_problems(invoice: OverdueInvoice, currency: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    check_money(found, "amount", invoice.amount, currency, allow_zero=False)
    check_money(found, "vat_amount", invoice.vat_amount, currency)
    if "vat_amount" not in found and invoice.vat_amount > invoice.amount:
        found["vat_amount"] = ["Cannot exceed the invoice amount (VAT included)."]
    if invoice.due_date < invoice.invoice_date:
        found["due_date"] = ["Cannot be before the invoice date."]
    return found


def _no_duplicates(
    session: Session, policy: Policy, buyer_id: int, invoices: Sequence[OverdueInvoice]
) -> None:
    """An invoice is notified once, whichever case of the buyer it went to."""
    numbers = [invoice.number for invoice in invoices]
    taken = set(session.scalars(
        select(CaseInvoice.number).join(CollectionCase).where(
            CollectionCase.policy_id == policy.id, CollectionCase.buyer_id == buyer_id,
            CaseInvoice.number.in_(numbers))))
    if taken:
        raise Conflict("Some invoices were notified before.",
                       fields={"invoices": [f"Already notified: {', '.join(sorted(taken))}."]})


def _case_for(session: Session, policy: Policy, buyer_id: int, day: dt.date) -> CollectionCase:
    """The buyer's case still collecting under this policy, or a new one from `day`."""
    current = session.scalar(select(CollectionCase).where(
        CollectionCase.policy_id == policy.id, CollectionCase.buyer_id == buyer_id,
        CollectionCase.status != CaseStatus.CLOSED))
    if current is not None and current.status is CaseStatus.CLAIMED:
        raise InvalidTransition("A claim is in progress on this buyer's case; invoices cannot "
                                "be added to it.")
    if current is not None:
        if day < current.notified_on:
            raise RuleViolation("The case on this buyer was notified later than this date.",
                                fields={"notified_on": [
                                    f"On or after {current.notified_on.isoformat()}."]})
        return current
    case = CollectionCase(
        insured_id=policy.insured_id, policy_id=policy.id, buyer_id=buyer_id,
        currency=policy.currency, notified_on=day, stop_date=day, status=CaseStatus.OPEN)
    session.add(case)
    return case


def _invoice_row(
    case: CollectionCase, notification: OverdueNotification, day: dt.date,
    invoice: OverdueInvoice,
) -> CaseInvoice:
    return CaseInvoice(
        insured_id=case.insured_id, case=case, notification_id=notification.id,
        number=invoice.number, invoice_date=invoice.invoice_date,
        delivery_date=invoice.delivery_date, due_date=invoice.due_date, amount=invoice.amount,
        vat_amount=invoice.vat_amount, notified_on=day, issues=[])


def _check_issues(session: Session, case: CollectionCase, rows: Sequence[CaseInvoice]) -> None:
    """The engine's own eligibility checks, run on the case as it now stands: what it finds
    on a new invoice is that invoice's issues. A new case's stop date is set here."""
    facts = claim_facts(session, case, LossEvent(LossCause.PROTRACTED_DEFAULT))
    stop = stop_date(facts.invoices, case_settlements(case), facts.terms, case.notified_on)
    if len(case.invoices) == len(rows):
        case.stop_date = stop
    found = exclusions(facts, case.stop_date,
                       limit_lookup(session, case.policy_id, case.buyer_id))
    for row in rows:
        row.issues = [reason.to_json() for reason in found.get(row.number, [])]
