"""Demo limits: each demo insured holds limits on named buyers, asked for over the months gone
by, and has a referral waiting in the underwriter's queue, made through the same services as a
real request on the day it was asked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from core import clock
from core.accounts.models import User
from core.tenancy import Scope, tenant_scope
from portal.cli.demo_dates import on, stamped
from underwriting.limits.models import LimitRequest
from underwriting.limits.requests import request_limit
from underwriting.policies.models import Policy

# (insured user's email, policy number, buyer registration number, amount, terms, comment,
#  days before the business date it was asked)
REQUESTS = [
    ("sales@huarui.example", "CN-2026-0001", "HRB 98211", "150000", 60, None, 150),
    ("sales@huarui.example", "CN-2026-0001", "KVK 3412 7790", "90000", 45, None, 95),
    ("sales@huarui.example", "CN-2026-0001", "DE-5531907", "400000", 90,
     "New distribution contract from May; volumes double in Q3.", 2),
    ("lukas.schmidt@nordwerk.example", "DE-2026-0001", "91440300MA5G2Q8X1K", "120000", 60, None,
     130),
    ("lukas.schmidt@nordwerk.example", "DE-2026-0001", "552 100 554", "35000", 30, None, 70),
    ("lukas.schmidt@nordwerk.example", "DE-2026-0001", "IST-448812", "80000", 150, None, 1),
]


def seed_limits(session: Session) -> int:
    """Make the demo requests once; the number of requests afterwards."""
    if session.scalar(select(func.count()).select_from(LimitRequest)):
        return _count(session)
    for email, policy_number, registration, amount, terms, comment, ago in REQUESTS:
        user = session.scalar(select(User).where(User.email == email))
        policy = session.scalar(select(Policy).where(Policy.number == policy_number))
        buyer = session.scalar(select(Buyer).where(Buyer.registration_number == registration))
        if user is None or policy is None or buyer is None:
            continue
        day = max(clock.today() - dt.timedelta(days=ago), policy.start_date)
        with tenant_scope(Scope.insured(policy.insured_id)), on(day):
            request = request_limit(session, actor=user.as_actor(), policy_id=policy.id,
                                    buyer_id=buyer.id, amount=Decimal(amount),
                                    payment_terms_days=terms, comment=comment)
            stamped(request, day)
    return _count(session)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(LimitRequest)) or 0)
