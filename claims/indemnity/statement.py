"""The statement of loss: every figure the indemnity was computed through, and each invoice's
reasons, so a person can check it line by line and it prints as it was computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypedDict, cast, get_args

from claims.indemnity.facts import LossCause
from claims.indemnity.lines import InvoiceLine, StoredLine
from core.money import format_money
from underwriting.policies.terms import DeductibleOrder

MoneyName = Literal[
    "gross_outstanding", "payments_applied", "payments_unapplied", "total_debt", "excluded",
    "net_outstanding", "applicable_limit", "covered_amount", "threshold", "insured_share",
    "deductible", "minimum_retention", "deduction", "retention", "indemnity_before_aggregate",
    "aggregate_first_loss_absorbed", "max_liability", "max_liability_cap_applied", "indemnity",
]
MONEY: tuple[MoneyName, ...] = get_args(MoneyName)
"""The statement's amounts, by name, in the order it computes them."""


@dataclass(frozen=True)
class Statement:
    currency: str
    cause: LossCause
    date_of_loss: dt.date | None
    """None only when nothing was ever unpaid long enough for a protracted default."""
    claim_filing_deadline: dt.date | None
    notified_on: dt.date
    stop_date: dt.date
    invoices: tuple[InvoiceLine, ...]
    gross_outstanding: Decimal
    """The notified invoices' amounts, VAT included, before any payment."""
    payments_applied: Decimal
    """Payments and credit notes up to the date of loss, as applied oldest first."""
    payments_unapplied: Decimal
    """What those payments held beyond every open amount (a credit balance)."""
    total_debt: Decimal
    """Still owed at the date of loss on every invoice, in or out: gross − payments applied."""
    excluded: Decimal
    """Total debt not in the claim: invoices out, disputed parts, VAT not covered."""
    net_outstanding: Decimal
    """The eligible remainders: total debt − excluded."""
    applicable_limit: Decimal
    """The highest limit that covered a delivery still owed in the claim (the cap on the
    covered amount; per-invoice limits are on the lines)."""
    covered_amount: Decimal
    threshold: Decimal
    threshold_applied: bool
    insured_pct: Decimal
    """The % of the covered amount insured; a weighted figure when limits of both types
    covered deliveries (the lines carry each one's %)."""
    insured_share: Decimal
    deductible_order: DeductibleOrder
    deductible: Decimal
    minimum_retention: Decimal
    deduction: Decimal
    retention: Decimal
    indemnity_before_aggregate: Decimal
    aggregate_first_loss_absorbed: Decimal
    max_liability: Decimal
    max_liability_cap_applied: Decimal
    indemnity: Decimal

    def to_json(self) -> StoredStatement:
        """API-shaped plain JSON, as the claim keeps it: money as decimal strings in the
        currency's minor unit (the `MONEY` names, said once; a test holds the shape)."""
        figures = {name: format_money(getattr(self, name), self.currency) for name in MONEY}
        return cast(StoredStatement, {
            "currency": self.currency,
            "cause": self.cause.value,
            "date_of_loss": _iso(self.date_of_loss),
            "claim_filing_deadline": _iso(self.claim_filing_deadline),
            "notified_on": self.notified_on.isoformat(),
            "stop_date": self.stop_date.isoformat(),
            "invoices": [line.to_json(self.currency) for line in self.invoices],
            **figures,
            "threshold_applied": self.threshold_applied,
            "insured_pct": str(self.insured_pct),
            "deductible_order": self.deductible_order.value,
        })


class StoredStatement(TypedDict):
    """The statement of loss as a claim keeps it (`Claim.statement`, JSON) and the API shows
    it: amounts are decimal strings in the currency's minor unit (the `MONEY` names), dates
    ISO text, the cause and the deductible order their values."""

    currency: str
    cause: str
    date_of_loss: str | None
    claim_filing_deadline: str | None
    notified_on: str
    stop_date: str
    invoices: list[StoredLine]
    gross_outstanding: str
    payments_applied: str
    payments_unapplied: str
    total_debt: str
    excluded: str
    net_outstanding: str
    applicable_limit: str
    covered_amount: str
    threshold: str
    insured_share: str
    deductible: str
    minimum_retention: str
    deduction: str
    retention: str
    indemnity_before_aggregate: str
    aggregate_first_loss_absorbed: str
    max_liability: str
    max_liability_cap_applied: str
    indemnity: str
    threshold_applied: bool
    insured_pct: str
    deductible_order: str


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
