"""Step 1 of the statement of loss: which invoices are in, and why the others are out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from claims.indemnity.dates import notification_deadline, unpaid_on
from claims.indemnity.facts import (
    AppliedLimit,
    ClaimFacts,
    Invoice,
    LimitHistory,
    LimitLookup,
    LimitVersion,
)
from claims.indemnity.reasons import Reason, ReasonCode


def limit_lookup(history: LimitHistory) -> LimitLookup:
    """"Which limit covered a delivery on this date", from rows or from the caller's function.
    Rows form one timeline: the latest row in effect on the date answers."""
    if callable(history):
        return history
    rows = sorted(history, key=lambda row: row.effective_from)

    def cover_on(day: dt.date) -> LimitVersion | None:
        in_effect = [row for row in rows if row.effective_from <= day]
        return in_effect[-1] if in_effect else None

    return cover_on


def exclusions(
    facts: ClaimFacts, stop: dt.date, cover_on: LimitLookup
) -> dict[str, list[Reason]]:
    """Per invoice number, the reasons that put the whole invoice out (empty: it is in).

    A late notification voids cover for the buyer (docs/domain.md §3): when an invoice that was
    otherwise insured was notified after its own deadline, every invoice to the buyer is out.
    """
    found = {i.number: _checks(facts, i, stop, cover_on(i.delivery_date)) for i in facts.invoices}
    late = [number for number, reasons in found.items()
            if [r.code for r in reasons] == [ReasonCode.NOTIFIED_LATE]]
    if late:
        void = Reason(ReasonCode.BUYER_COVER_VOID,
                      f"Cover on this buyer is void: invoice {', '.join(late)} was notified "
                      "after its deadline.")
        for number, reasons in found.items():
            if number not in late:
                reasons.append(void)
    return found


def _checks(
    facts: ClaimFacts, invoice: Invoice, stop: dt.date, cover: AppliedLimit | None
) -> list[Reason]:
    checks = (_period(facts, invoice), _limit(invoice, cover), _stop(invoice, stop),
              _terms(facts, invoice), _dispute(invoice),
              _notification(facts, invoice, facts.invoices))
    return [reason for reason in checks if reason is not None]


def _period(facts: ClaimFacts, invoice: Invoice) -> Reason | None:
    if invoice.delivery_date in facts.period:
        return None
    return Reason(ReasonCode.OUTSIDE_POLICY_PERIOD,
                  f"Delivered on {invoice.delivery_date}, outside the policy period "
                  f"{facts.period.start} to {facts.period.end}.")


def _limit(invoice: Invoice, cover: AppliedLimit | None) -> Reason | None:
    if cover is not None and cover.amount > 0:
        return None
    return Reason(ReasonCode.NO_LIMIT,
                  f"No credit limit covered the buyer on the delivery date "
                  f"{invoice.delivery_date}.")


def _stop(invoice: Invoice, stop: dt.date) -> Reason | None:
    if invoice.delivery_date < stop:
        return None
    return Reason(ReasonCode.AFTER_STOP,
                  f"Delivered on {invoice.delivery_date}, when cover for new deliveries to this "
                  f"buyer had stopped (from {stop}).")


def _terms(facts: ClaimFacts, invoice: Invoice) -> Reason | None:
    mct = facts.terms.max_credit_period_days
    if invoice.terms_days <= mct:
        return None
    return Reason(ReasonCode.TERMS_OVER_MCT,
                  f"Payment terms of {invoice.terms_days} days exceed the maximum credit "
                  f"period of {mct} days.")


def _dispute(invoice: Invoice) -> Reason | None:
    if invoice.set_aside < invoice.amount:
        return None
    return Reason(ReasonCode.DISPUTED, "The whole invoice is disputed and set aside until the "
                  "dispute is resolved.")


def _notification(
    facts: ClaimFacts, invoice: Invoice, invoices: Sequence[Invoice]
) -> Reason | None:
    deadline = notification_deadline(invoice, facts.terms)
    notified_on = invoice.notified_on or facts.notified_on
    if notified_on <= deadline:
        return None
    if not unpaid_on(invoice, invoices, facts.settlements, deadline):
        return None
    return Reason(ReasonCode.NOTIFIED_LATE,
                  f"Overdue notified on {notified_on}, after the deadline {deadline} "
                  f"(due date + {facts.terms.max_extension_period_days} days MEP + "
                  f"{facts.terms.notification_deadline_days} days).")
