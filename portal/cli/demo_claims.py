"""Demo overdues, claims and premium, made through the same services as real ones, dated back
from the business date so that the cases have a history: each demo insured has declared its
turnover for the months gone; Nordwerk follows an overdue in collection with a part payment;
Huarui's buyer has gone insolvent and its claim waits for a claims handler."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from buyers_db.services import add_event
from claims.collection import record_payment
from claims.filing import file_claim
from claims.indemnity import LossCause
from claims.models import CollectionCase
from claims.notifications import OverdueInvoice, notify_overdue
from core import clock
from core.accounts.models import User
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from portal.cli.demo_dates import on, stamped
from underwriting.limits.requests import request_limit
from underwriting.policies.models import Policy
from underwriting.premium.declarations import declare_turnover
from underwriting.premium.models import PremiumDeclaration

HISTORY_DAYS = 160
"""The story of a demo case spans this many days before the business date; with less of the
policy year behind it, no demo case is made."""

# (user, policy, buyer registration, limit, [(invoice, days before today, amount)], insolvent)
CASES = (
    ("lukas.schmidt@nordwerk.example", "DE-2026-0001", "KVK 3412 7790", "60000",
     (("NW-24-0815", 140, "18500.00"), ("NW-24-0861", 125, "9200.00")), False),
    ("sales@huarui.example", "CN-2026-0001", "552 100 554", "40000",
     (("HR-24-3307", 135, "26400.00"),), True),
)
TURNOVER = {"CN-2026-0001": Decimal("1850000.00"), "DE-2026-0001": Decimal("2400000.00")}


def seed_claims(session: Session) -> int:
    """Make the demo cases once; the number of cases afterwards."""
    today = clock.today()
    if not session.scalar(select(func.count()).select_from(CollectionCase)):
        for user_email, number, registration, limit, invoices, insolvent in CASES:
            user = session.scalar(select(User).where(User.email == user_email))
            policy = session.scalar(select(Policy).where(Policy.number == number))
            buyer = session.scalar(select(Buyer).where(Buyer.registration_number == registration))
            if user is None or policy is None or buyer is None:
                continue
            if (today - policy.start_date).days < HISTORY_DAYS:
                continue
            with tenant_scope(Scope.insured(policy.insured_id)):
                _story(session, user, policy, buyer, limit, invoices, insolvent, today)
    return int(session.scalar(select(func.count()).select_from(CollectionCase)) or 0)


def _story(
    session: Session, user: User, policy: Policy, buyer: Buyer, limit: str,
    invoices: tuple[tuple[str, int, str], ...], insolvent: bool, today: dt.date,
) -> None:
    actor = user.as_actor()
    began = today - dt.timedelta(days=HISTORY_DAYS)
    with on(began):
        request = request_limit(session, actor=actor, policy_id=policy.id, buyer_id=buyer.id,
                                amount=Decimal(limit), payment_terms_days=30)
        stamped(request, began)
    lines = [OverdueInvoice(number, invoice_date=today - dt.timedelta(days=ago),
                            delivery_date=today - dt.timedelta(days=ago),
                            due_date=today - dt.timedelta(days=ago - 30), amount=Decimal(amount))
             for number, ago, amount in invoices]
    with on(today - dt.timedelta(days=60)):
        notice = notify_overdue(session, actor=actor, policy_id=policy.id, buyer_id=buyer.id,
                                invoices=lines)
    if not insolvent:
        with on(today - dt.timedelta(days=35)):
            record_payment(session, notice.case_id, actor=actor, amount=Decimal("2500.00"),
                           received_on=today - dt.timedelta(days=35), reference="Part payment")
        return
    insolvent_on = today - dt.timedelta(days=20)
    with tenant_scope(Scope.everyone()), on(insolvent_on):
        add_event(session, buyer.id, actor=SYSTEM, type="insolvency", date=insolvent_on,
                  detail="Insolvency proceedings opened")
    with on(today - dt.timedelta(days=10)):
        file_claim(session, actor=actor, case_id=notice.case_id, cause=LossCause.INSOLVENCY)


def seed_declarations(session: Session) -> int:
    """Each demo policy's turnover declared for every month of the year gone by, once; the
    number of declarations afterwards."""
    today = clock.today()
    for number, yearly in TURNOVER.items():
        policy = session.scalar(select(Policy).where(Policy.number == number))
        if policy is None or session.scalar(select(PremiumDeclaration.id).where(
                PremiumDeclaration.policy_id == policy.id).limit(1)) is not None:
            continue
        user = session.scalar(select(User).where(User.insured_id == policy.insured_id))
        if user is None:
            continue
        month = policy.start_date.replace(day=1)
        with tenant_scope(Scope.insured(policy.insured_id)):
            while (after := _next_month(month)) <= today and month <= policy.end_date:
                share = Decimal(8 + (month.month * 7) % 5) / Decimal(100)  # 8-12 % a month
                declare_turnover(session, policy.id, actor=user.as_actor(), period=month,
                                 insured_turnover=(yearly * share).quantize(Decimal("0.01")))
                month = after
    return int(session.scalar(select(func.count()).select_from(PremiumDeclaration)) or 0)


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)
