"""Cases and claims through the real services: a buyer with a credit limit from a given day,
overdue notifications, payments, business days.

Policy year 2026 at the default terms (MCT 120, MEP 60, notification 30 days after MEP,
waiting period 180, filing 180 days after the date of loss, insurer 90 %); the ladder is
7 reminder, 15 call, 30 formal demand, 45 legal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from buyers_db.services import add_event
from claims.notifications import OverdueInvoice, notify_overdue
from core.actor import SYSTEM
from core.clock import pinned
from core.tenancy import Scope, tenant_scope
from tests.factories import Tenant
from tests.limits_world import graded_buyer
from underwriting.limits.requests import request_limit

D = Decimal


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


on_day = pinned
"""The business date is the given one inside the block (TCI_TODAY), and what it was after."""


def covered_buyer(
    session: Session, tenant: Tenant, amount: str = "100000", since: str = "2026-01-02",
    name: str = "",
) -> Buyer:
    """A sound buyer with an insurer's limit of `amount` EUR under the tenant's policy from
    `since` on."""
    buyer = graded_buyer(session, name=name)
    with on_day(since), tenant_scope(Scope.insured(tenant.insured.id)):
        made = request_limit(session, actor=tenant.user.as_actor(), policy_id=tenant.policy.id,
                             buyer_id=buyer.id, amount=D(amount), payment_terms_days=60)
        assert made.status.value == "approved"
        session.commit()
    return buyer


def inv(
    number: str, issued: str, amount: str, *, terms: int = 60, delivered: str | None = None,
    vat: str | None = None,
) -> dict[str, Any]:
    """An invoice as the API takes it, delivered on its date unless told, due `terms` later."""
    start = day(issued)
    raw: dict[str, Any] = {
        "number": number, "invoice_date": start, "delivery_date": day(delivered or issued),
        "due_date": start + dt.timedelta(days=terms), "amount": D(amount),
    }
    if vat is not None:
        raw["vat_amount"] = D(vat)
    return raw


def as_json(raw: dict[str, Any]) -> dict[str, Any]:
    return {key: str(value) if isinstance(value, D) else
            value.isoformat() if isinstance(value, dt.date) else value
            for key, value in raw.items()}


def notify(
    session: Session, tenant: Tenant, buyer: Buyer, *invoices: dict[str, Any], on: str
) -> Any:
    """The tenant's user notifies `invoices` on day `on`; committed."""
    with on_day(on), tenant_scope(Scope.insured(tenant.insured.id)):
        made = notify_overdue(session, actor=tenant.user.as_actor(), policy_id=tenant.policy.id,
                              buyer_id=buyer.id,
                              invoices=[OverdueInvoice(**raw) for raw in invoices])
        session.commit()
    return made


def notify_through_api(
    client: Any, world: Any, buyer: Buyer, *invoices: dict[str, Any], on: str = "2026-03-01",
) -> int:
    """The insured `a` notifies `invoices` through the API on day `on` (a notification is dated
    the day it is made); the new case's id."""
    body = {"policy_id": world.a.policy.id, "buyer_id": buyer.id,
            "invoices": [as_json(raw) for raw in invoices]}
    with on_day(on):
        made = client.post("/api/v1/overdue-notifications", json=body,
                           headers=world.as_("a.user"))
    assert made.status_code == 201, made.json
    return int(made.json["case_id"])


def insolvent(session: Session, buyer: Buyer, on: str) -> None:
    """The buyer's insolvency, recorded on the day it happened (a legal event cannot be
    recorded before it happens)."""
    with on_day(on), tenant_scope(Scope.everyone()):
        add_event(session, buyer.id, actor=SYSTEM, type="insolvency", date=day(on))
        session.commit()
