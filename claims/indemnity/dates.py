"""The dates of domain §6 for one buyer: MEP expiry, notification deadline, when cover for new
deliveries stops, and the date of loss.

"Unpaid" on a date means: with every payment and credit note up to and including that date
applied oldest first, something not in dispute is still owed on the invoice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from claims.indemnity.allocation import allocate
from claims.indemnity.facts import Invoice, LossCause, LossEvent, Settlement
from underwriting.policies.terms import PolicyTerms


def mep_expiry(invoice: Invoice, terms: PolicyTerms) -> dt.date:
    return invoice.due_date + dt.timedelta(days=terms.max_extension_period_days)


def notification_deadline(invoice: Invoice, terms: PolicyTerms) -> dt.date:
    """The last day the overdue on this invoice may be notified."""
    return mep_expiry(invoice, terms) + dt.timedelta(days=terms.notification_deadline_days)


def claim_filing_deadline(date_of_loss: dt.date, terms: PolicyTerms) -> dt.date:
    return date_of_loss + dt.timedelta(days=terms.claim_filing_deadline_days)


def unpaid_on(
    invoice: Invoice, invoices: Sequence[Invoice], settlements: Sequence[Settlement],
    day: dt.date,
) -> bool:
    return allocate(invoices, settlements, day).undisputed_open(invoice) > 0


def stop_date(
    invoices: Sequence[Invoice], settlements: Sequence[Settlement], terms: PolicyTerms,
    notified_on: dt.date,
) -> dt.date:
    """The first delivery date no longer covered: the notification, or the first MEP expiry
    reached with the invoice still unpaid, whichever comes first. Every invoice to the buyer
    counts here, insured or not: a buyer past the MEP is a bad risk either way."""
    expiries = (mep_expiry(i, terms) for i in invoices)
    lapsed = [day for day, i in zip(expiries, invoices, strict=True)
              if day < notified_on and unpaid_on(i, invoices, settlements, day)]
    return min([notified_on, *lapsed])


def date_of_loss(
    loss: LossEvent, invoices: Sequence[Invoice], settlements: Sequence[Settlement],
    terms: PolicyTerms, insured: Iterable[Invoice] | None = None,
) -> dt.date | None:
    """Insolvency: the insolvency date. Protracted default: the oldest due date still unpaid
    when its waiting period ends, plus the waiting period.

    Only `insured` invoices (the eligible ones; all when None) define a protracted default, but
    payments go to all `invoices` oldest first. Should no insured invoice be unpaid, any
    invoice will do; should none be, there is no loss and the answer is None.
    """
    if loss.cause == LossCause.INSOLVENCY:
        return loss.insolvency_date
    candidates = list(invoices if insured is None else insured)
    return (_protracted(candidates, invoices, settlements, terms)
            or _protracted(list(invoices), invoices, settlements, terms))


def _protracted(
    candidates: list[Invoice], invoices: Sequence[Invoice], settlements: Sequence[Settlement],
    terms: PolicyTerms,
) -> dt.date | None:
    wait = dt.timedelta(days=terms.waiting_period_days)
    for invoice in sorted(candidates, key=lambda i: (i.due_date, i.invoice_date, i.number)):
        if unpaid_on(invoice, invoices, settlements, invoice.due_date + wait):
            return invoice.due_date + wait
    return None
