"""One line of the statement per invoice: what was paid, what is still owed, what of it is
insured, and under which limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from claims.indemnity.allocation import Allocation
from claims.indemnity.facts import ZERO, AppliedLimit, Invoice
from claims.indemnity.reasons import Reason, ReasonCode, StoredReason
from core.money import format_money, round_money
from underwriting.limits.models import LimitType
from underwriting.policies.terms import PolicyTerms


@dataclass(frozen=True)
class InvoiceLine:
    number: str
    invoice_date: dt.date
    delivery_date: dt.date
    due_date: dt.date
    amount: Decimal
    vat_amount: Decimal
    disputed_amount: Decimal
    payments_applied: Decimal
    outstanding: Decimal
    """Still owed at the date of loss, disputed part and VAT included."""
    vat_excluded: Decimal
    """The VAT part of the undisputed outstanding, when the policy does not cover VAT."""
    eligible: bool
    reasons: tuple[Reason, ...]
    eligible_remainder: Decimal
    """Outstanding less the disputed part and excluded VAT; zero for an invoice that is out."""
    applicable_limit: Decimal | None
    limit_type: LimitType | None
    insured_pct: Decimal | None
    covered_amount: Decimal = ZERO
    """The part of the eligible remainder within the limit (see `cover.cover_lines`)."""

    def to_json(self, currency: str) -> StoredLine:
        """As the stored statement keeps it: money as decimal strings in the currency's minor
        unit, dates as ISO text, the insured % as a decimal string."""

        def money(value: Decimal) -> str:
            return format_money(value, currency)

        return {
            "number": self.number, "invoice_date": self.invoice_date.isoformat(),
            "delivery_date": self.delivery_date.isoformat(),
            "due_date": self.due_date.isoformat(), "amount": money(self.amount),
            "vat_amount": money(self.vat_amount),
            "disputed_amount": money(self.disputed_amount),
            "payments_applied": money(self.payments_applied),
            "outstanding": money(self.outstanding), "vat_excluded": money(self.vat_excluded),
            "eligible": self.eligible, "reasons": [reason.to_json() for reason in self.reasons],
            "eligible_remainder": money(self.eligible_remainder),
            "applicable_limit": None if self.applicable_limit is None
            else money(self.applicable_limit),
            "limit_type": None if self.limit_type is None else self.limit_type.value,
            "insured_pct": None if self.insured_pct is None else str(self.insured_pct),
            "covered_amount": money(self.covered_amount),
        }


class StoredLine(TypedDict):
    """An invoice line as the stored statement keeps it (`InvoiceLine.to_json`)."""

    number: str
    invoice_date: str
    delivery_date: str
    due_date: str
    amount: str
    vat_amount: str
    disputed_amount: str
    payments_applied: str
    outstanding: str
    vat_excluded: str
    eligible: bool
    reasons: list[StoredReason]
    eligible_remainder: str
    applicable_limit: str | None
    limit_type: str | None
    insured_pct: str | None
    covered_amount: str


def invoice_line(
    invoice: Invoice, allocation: Allocation, exclusions: list[Reason],
    cover: AppliedLimit | None, terms: PolicyTerms, currency: str,
) -> InvoiceLine:
    """VAT comes out of what is owed pro rata: a payment is taken to carry its share of VAT."""
    outstanding = allocation.outstanding(invoice)
    undisputed = outstanding - invoice.set_aside
    vat = ZERO if terms.vat_covered else round_money(
        undisputed * invoice.vat_amount / invoice.amount, currency)
    eligible = not exclusions
    reasons = exclusions + (_partial(invoice, outstanding, vat, currency) if eligible else [])
    has_limit = cover is not None and cover.amount > 0
    return InvoiceLine(
        number=invoice.number, invoice_date=invoice.invoice_date,
        delivery_date=invoice.delivery_date, due_date=invoice.due_date,
        amount=invoice.amount, vat_amount=invoice.vat_amount,
        disputed_amount=invoice.set_aside, payments_applied=allocation.paid(invoice),
        outstanding=outstanding, vat_excluded=vat, eligible=eligible, reasons=tuple(reasons),
        eligible_remainder=undisputed - vat if eligible else ZERO,
        applicable_limit=cover.amount if cover is not None else None,
        limit_type=cover.type if cover is not None else None,
        insured_pct=insured_pct(cover.type, terms) if cover is not None and has_limit else None,
    )


def insured_pct(limit_type: LimitType, terms: PolicyTerms) -> Decimal:
    if limit_type == LimitType.DISCRETIONARY:
        return terms.insured_pct_discretionary
    return terms.insured_pct_insurer_limit


def _partial(invoice: Invoice, outstanding: Decimal, vat: Decimal, currency: str) -> list[Reason]:
    reasons = []
    if outstanding == 0:
        reasons.append(Reason(ReasonCode.PAID, "Paid in full by payments and credit notes "
                              "applied to the oldest open invoice first."))
    if invoice.set_aside > 0:
        reasons.append(Reason(ReasonCode.PARTLY_DISPUTED,
                              f"{format_money(invoice.set_aside, currency)} {currency} is "
                              "disputed and set aside until the dispute is resolved."))
    if vat > 0:
        reasons.append(Reason(ReasonCode.VAT_EXCLUDED,
                              f"VAT of {format_money(vat, currency)} {currency} on the amount "
                              "owed is not covered by the policy."))
    return reasons
