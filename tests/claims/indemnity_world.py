"""A buyer's claim to vary one fact at a time: policy year 2025, terms at their defaults
(MCT 120, MEP 60, notification 30 days after MEP, waiting period 180, insurer 90 %,
discretionary 80 %), an insurer limit of 100,000 EUR since 2024, the overdue notified on
15 June 2025."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from claims.indemnity import (
    ClaimFacts,
    Invoice,
    LimitVersion,
    LossCause,
    LossEvent,
    PolicyPeriod,
    PolicyYearToDate,
    Settlement,
)
from underwriting.limits.models import LimitType
from underwriting.policies.terms import PolicyTerms

D = Decimal
YEAR = PolicyPeriod(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
NOTIFIED = dt.date(2025, 6, 15)
INSURER = LimitType.INSURER
DISCRETIONARY = LimitType.DISCRETIONARY


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def invoice(
    number: str, issued: str, amount: str, *, terms: int = 90, delivered: str | None = None,
    vat: str = "0", disputed: str = "0", whole_dispute: bool = False,
) -> Invoice:
    """Invoiced on `issued`, delivered that day unless told, due `terms` days later."""
    start = day(issued)
    return Invoice(number, start, day(delivered) if delivered else start,
                   start + dt.timedelta(days=terms), D(amount), D(vat), D(disputed),
                   whole_dispute)


def paid(amount: str, on: str, *, stated_invoice: str | None = None) -> Settlement:
    return Settlement(D(amount), day(on), stated_invoice=stated_invoice)


def limit(since: str, amount: str, kind: LimitType = INSURER) -> LimitVersion:
    return LimitVersion(day(since), D(amount), kind)


def claim(*invoices: Invoice, **changes: Any) -> ClaimFacts:
    """One invoice of 10,000 on 1 March 2025 (due 30 May) unless told otherwise; `terms` may be
    a dict of changes to the default terms."""
    terms = PolicyTerms().amended(**changes.pop("terms", {}))
    values: dict[str, Any] = {
        "currency": "EUR", "period": YEAR, "terms": terms,
        "invoices": invoices or (invoice("INV-1", "2025-03-01", "10000"),),
        "notified_on": NOTIFIED, "loss": LossEvent(LossCause.PROTRACTED_DEFAULT),
        "limits": (limit("2024-01-01", "100000"),), "settlements": (),
        "year": PolicyYearToDate(premium=D("10000")),
    }
    values.update(changes)
    return ClaimFacts(**values)
