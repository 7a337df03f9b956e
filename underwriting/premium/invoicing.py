"""Premium invoices: declared months invoiced together, one invoice per policy year, and the
minimum premium trued up once a policy year is over.

The last month of a year is declared after it ends, so a year stays open for declarations for
`DECLARATION_WINDOW_DAYS` after its last day; the true-up runs on the first day after that,
invoices what is still uninvoiced, bills `max(0, minimum_premium - declared premium)` and closes
the year (its declarations can no longer change).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from core import audit, outbox
from core.actor import Action, Actor, Role
from core.errors import RuleViolation
from core.outbox import EventType
from core.tenancy import owned_or_404
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy
from underwriting.premium.models import (
    InvoiceKind,
    PremiumDeclaration,
    PremiumInvoice,
    PremiumTrueUp,
)
from underwriting.premium.years import (
    PolicyYear,
    declared_premium,
    months_of,
    policy_years,
    true_up_of,
    year_of_month,
)

DECLARATION_WINDOW_DAYS = 30
PAYMENT_DAYS = 30
INVOICE_FIELDS = ("number", "kind", "policy_year_start", "issued_on", "due_on", "amount",
                  "currency")


INVOICE = Action.of("invoice a policy's premium", Role.INSURER_ADMIN)


def invoice_declarations(
    session: Session, policy: Policy, *, actor: Actor, issued_on: dt.date,
    months_before: dt.date | None = None, year: PolicyYear | None = None,
) -> list[PremiumInvoice]:
    """Invoice the policy's uninvoiced declarations (of months before `months_before`, of
    `year`, when given): one invoice per policy year. Nothing to invoice: no invoice."""
    query = (select(PremiumDeclaration)
             .where(PremiumDeclaration.policy_id == policy.id,
                    PremiumDeclaration.invoice_id.is_(None))
             .order_by(PremiumDeclaration.period).with_for_update())
    if months_before is not None:
        query = query.where(PremiumDeclaration.period < months_before)
    if year is not None:
        query = query.where(months_of(policy, year))
    by_year: dict[PolicyYear, list[PremiumDeclaration]] = defaultdict(list)
    for declaration in session.scalars(query):
        owner = year_of_month(policy, declaration.period)
        assert owner is not None  # declarations are refused outside the policy period
        by_year[owner].append(declaration)
    return [_issue(session, policy, actor, issued_on, InvoiceKind.DECLARATIONS, owner.start,
                   sum((d.premium for d in months), Decimal(0)), months)
            for owner, months in sorted(by_year.items(), key=lambda item: item[0].start)]


def invoice_now(session: Session, policy_id: int, *, actor: Actor,
                issued_on: dt.date) -> PremiumInvoice:
    """Staff invoice a policy's uninvoiced declarations on demand, outside the monthly run.
    Declarations of several policy years give several invoices; the first is returned."""
    actor.require(INVOICE)
    policy = get_policy(session, policy_id, actor=actor)
    invoices = invoice_declarations(session, policy, actor=actor, issued_on=issued_on)
    if not invoices:
        raise RuleViolation("This policy has no declarations waiting to be invoiced.")
    return invoices[0]


def _issue(
    session: Session, policy: Policy, actor: Actor, issued_on: dt.date, kind: InvoiceKind,
    year_start: dt.date, amount: Decimal, months: list[PremiumDeclaration],
) -> PremiumInvoice:
    invoice = PremiumInvoice(
        insured_id=policy.insured_id, policy_id=policy.id, number=_next_number(session, policy),
        kind=kind, policy_year_start=year_start, issued_on=issued_on,
        due_on=issued_on + dt.timedelta(days=PAYMENT_DAYS), amount=amount,
        currency=policy.currency, issued_by=actor.user_id)
    session.add(invoice)
    session.flush()
    for declaration in months:
        declaration.invoice = invoice
    audit.record(session, actor, "premium_invoice.issue", invoice, insured_id=policy.insured_id,
                 after={**audit.snapshot(invoice, *INVOICE_FIELDS),
                        "periods": [f"{d.period:%Y-%m}" for d in months]})
    outbox.record(session, EventType.PREMIUM_INVOICED, policy.insured_id,
                  {"id": invoice.id, "policy_id": policy.id,
                   **audit.snapshot(invoice, *INVOICE_FIELDS)},
                  object_type="premium_invoice", object_id=invoice.id)
    return invoice


def _next_number(session: Session, policy: Policy) -> str:
    issued = session.scalar(select(func.count(PremiumInvoice.id))
                            .where(PremiumInvoice.policy_id == policy.id)) or 0
    return f"{policy.number}-P{issued + 1:03d}"


def years_to_close(session: Session, policy: Policy, as_of: dt.date) -> list[PolicyYear]:
    """The policy years whose declaration window is over and that are not yet trued up."""
    window = dt.timedelta(days=DECLARATION_WINDOW_DAYS)
    return [year for year in policy_years(policy)
            if year.end + window < as_of and true_up_of(session, policy.id, year.start) is None]


def true_up(
    session: Session, policy: Policy, year: PolicyYear, *, actor: Actor, as_of: dt.date
) -> PremiumTrueUp:
    """Close a policy year: invoice its remaining months, then bill what the declared premium
    falls short of the minimum premium (the one in force on the year's last day)."""
    invoice_declarations(session, policy, actor=actor, issued_on=as_of, year=year)
    declared = declared_premium(session, policy, year)
    minimum = policy.terms_on(year.end).terms.minimum_premium
    adjustment = max(minimum - declared, Decimal(0))
    invoice = None
    if adjustment > 0:
        invoice = _issue(session, policy, actor, as_of, InvoiceKind.MINIMUM_PREMIUM,
                         year.start, adjustment, [])
    closing = PremiumTrueUp(
        insured_id=policy.insured_id, policy_id=policy.id, policy_year_start=year.start,
        policy_year_end=year.end, declared_premium=declared, minimum_premium=minimum,
        adjustment=adjustment, currency=policy.currency, closed_on=as_of,
        invoice=invoice)
    session.add(closing)
    audit.record(session, actor, "premium.true_up", closing, insured_id=policy.insured_id,
                 after=audit.snapshot(closing, "policy_year_start", "policy_year_end",
                                      "declared_premium", "minimum_premium", "adjustment"))
    return closing


def get_invoice(session: Session, invoice_id: int, *, actor: Actor) -> PremiumInvoice:
    return owned_or_404(session.get(PremiumInvoice, invoice_id), actor, "Premium invoice")


def invoices_query(*, policy_id: int | None = None) -> Select[tuple[PremiumInvoice]]:
    """Premium invoices, newest first; the tenant filter narrows them to what the scope sees."""
    query = select(PremiumInvoice).order_by(PremiumInvoice.issued_on.desc(),
                                            PremiumInvoice.id.desc())
    if policy_id is not None:
        query = query.where(PremiumInvoice.policy_id == policy_id)
    return query
