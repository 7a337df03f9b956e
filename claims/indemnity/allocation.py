"""Payments and credit notes go to the oldest open invoice first, whatever the buyer says it
pays (docs/domain.md §6.2), insured invoices or not. A disputed part is set aside: it is not open to
payments until the dispute is resolved, so it stays owed in full."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from claims.indemnity.facts import ZERO, Invoice, Settlement


def oldest_first(invoices: Iterable[Invoice]) -> list[Invoice]:
    """Oldest by invoice date; then by due date and number, so the order is always the same."""
    return sorted(invoices, key=lambda i: (i.invoice_date, i.due_date, i.number))


@dataclass(frozen=True)
class Allocation:
    """What the payments and credit notes up to a date did to each invoice."""

    applied: dict[str, Decimal]
    unapplied: Decimal

    def paid(self, invoice: Invoice) -> Decimal:
        return self.applied.get(invoice.number, ZERO)

    def outstanding(self, invoice: Invoice) -> Decimal:
        """Still owed on the invoice, its disputed part included."""
        return invoice.amount - self.paid(invoice)

    def undisputed_open(self, invoice: Invoice) -> Decimal:
        """Still owed and not in dispute: what "unpaid" means for MEP, deadlines and loss."""
        return self.outstanding(invoice) - invoice.set_aside


def allocate(
    invoices: Iterable[Invoice], settlements: Iterable[Settlement], through: dt.date | None
) -> Allocation:
    """Apply every settlement dated on or before `through` (all of them when None) to the
    oldest open invoice first. Money beyond every open amount is left unapplied."""
    pool = sum((s.amount for s in settlements if through is None or s.received_on <= through),
               ZERO)
    applied: dict[str, Decimal] = {}
    for invoice in oldest_first(invoices):
        share = min(pool, invoice.amount - invoice.set_aside)
        applied[invoice.number] = share
        pool -= share
    return Allocation(applied, pool)
