"""The facts loader: a case as the indemnity engine sees it, built from the database.

- terms: the version in force on the case's first notification (the terms the overdue was
  reported under govern its claim);
- invoices: as notified, less what a resolved dispute found not owed, with the part still in
  dispute set aside;
- limits: "which limit covered this delivery on that date", from the limit history
  (`underwriting.limits.grants.cover_on`);
- the policy year so far: indemnity approved or paid on the policy's other claims, and the
  aggregate first loss they absorbed, with the year's premium from `claims.premium`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.indemnity import (
    AppliedLimit,
    ClaimFacts,
    Invoice,
    LimitLookup,
    LossEvent,
    PolicyPeriod,
    PolicyYearToDate,
    Settlement,
    SettlementKind,
)
from claims.models import CaseInvoice, Claim, CollectionCase, Dispute
from claims.premium import year_premium
from claims.states import ClaimStatus, DisputeOutcome, DisputeStatus
from core.money import round_money
from underwriting.limits.grants import cover_on
from underwriting.policies.models import Policy
from underwriting.policies.terms import PolicyTerms

ZERO = Decimal(0)
COMMITTED = (ClaimStatus.APPROVED, ClaimStatus.PAID)


def policy_of(session: Session, case: CollectionCase) -> Policy:
    policy = session.get(Policy, case.policy_id)
    assert policy is not None  # a foreign key
    return policy


def case_terms(session: Session, case: CollectionCase) -> PolicyTerms:
    return policy_of(session, case).terms_on(case.notified_on).terms


def not_owed(invoice: CaseInvoice, disputes: Sequence[Dispute]) -> Decimal:
    return sum((d.amount for d in disputes if d.invoice_id == invoice.id
                and d.outcome is DisputeOutcome.NOT_OWED), ZERO)


def in_dispute(invoice: CaseInvoice, disputes: Sequence[Dispute]) -> Decimal:
    return sum((d.amount for d in disputes if d.invoice_id == invoice.id
                and d.status is DisputeStatus.OPEN), ZERO)


def case_invoices(case: CollectionCase) -> tuple[Invoice, ...]:
    """The case's invoices for the engine. An invoice found wholly not owed is left out."""
    invoices = []
    for row in case.invoices:
        amount = row.amount - not_owed(row, case.disputes)
        if amount <= 0:
            continue
        vat = row.vat_amount if amount == row.amount else round_money(
            row.vat_amount * amount / row.amount, case.currency)
        disputed = min(in_dispute(row, case.disputes), amount)
        invoices.append(Invoice(
            number=row.number, invoice_date=row.invoice_date, delivery_date=row.delivery_date,
            due_date=row.due_date, amount=amount, vat_amount=vat,
            disputed_amount=disputed if disputed < amount else ZERO, disputed=disputed == amount,
            notified_on=row.notified_on if row.notified_on != case.notified_on else None,
        ))
    return tuple(invoices)


def case_settlements(case: CollectionCase) -> tuple[Settlement, ...]:
    return tuple(Settlement(row.amount, row.received_on, SettlementKind(row.kind))
                 for row in case.settlements)


def limit_lookup(session: Session, policy_id: int, buyer_id: int) -> LimitLookup:
    """`cover_on` for this policy and buyer, each date asked once."""
    answers: dict[dt.date, AppliedLimit | None] = {}

    def lookup(day: dt.date) -> AppliedLimit | None:
        if day not in answers:
            answers[day] = cover_on(session, policy_id, buyer_id, day)
        return answers[day]

    return lookup


def year_to_date(session: Session, policy: Policy, *, excluding: int | None) -> PolicyYearToDate:
    """The policy year before this claim: the other claims approved or paid on the policy."""
    query = select(Claim).where(Claim.policy_id == policy.id, Claim.status.in_(COMMITTED))
    others = [claim for claim in session.scalars(query) if claim.id != excluding]
    paid = sum((c.paid_amount if c.paid_amount is not None else c.indemnity or ZERO
                for c in others), ZERO)
    absorbed = sum((c.aggregate_first_loss_absorbed or ZERO for c in others), ZERO)
    return PolicyYearToDate(indemnity_paid=paid, aggregate_first_loss_absorbed=absorbed,
                            premium=year_premium(session, policy))


def claim_facts(
    session: Session, case: CollectionCase, loss: LossEvent, *, claim_id: int | None = None
) -> ClaimFacts:
    """Everything the statement of loss for `case` is computed from."""
    policy = policy_of(session, case)
    return ClaimFacts(
        currency=case.currency,
        period=PolicyPeriod(policy.start_date, policy.end_date),
        terms=policy.terms_on(case.notified_on).terms,
        invoices=case_invoices(case),
        notified_on=case.notified_on,
        loss=loss,
        limits=limit_lookup(session, case.policy_id, case.buyer_id),
        settlements=case_settlements(case),
        year=year_to_date(session, policy, excluding=claim_id),
    )
