"""The date of loss for both causes, the stop date helper, and the claim filing deadline."""

from __future__ import annotations

import pytest

from claims.indemnity import LossCause, LossEvent, date_of_loss, statement_of_loss, stop_date
from tests.claims.indemnity_world import D, claim, day, invoice, paid
from underwriting.policies.terms import PolicyTerms

A = invoice("A", "2025-03-01", "10000")  # due 30 May 2025
B = invoice("B", "2025-03-31", "5000")   # due 29 Jun 2025
PROTRACTED = LossEvent(LossCause.PROTRACTED_DEFAULT)
INSOLVENT = LossEvent(LossCause.INSOLVENCY, day("2025-09-01"))

DATES_OF_LOSS = {
    # A unpaid: 30 May + 180 days = 26 Nov; A 10,000 + B 5,000 = 15,000 × 90 % = 13,500
    "protracted_default": (PROTRACTED, (), "2025-11-26", "13500"),
    # A paid on 1 Jul, within its waiting period; B: 29 Jun + 180 = 26 Dec; 5,000 × 90 %
    "oldest_paid_in_time": (PROTRACTED, (paid("10000", "2025-07-01"),), "2025-12-26", "4500"),
    # A paid on 1 Dec, after its waiting period ended on 26 Nov: the loss had occurred, and the
    # payment is a recovery: 15,000 × 90 % = 13,500
    "oldest_paid_too_late": (PROTRACTED, (paid("10000", "2025-12-01"),), "2025-11-26", "13500"),
    # insolvency on 1 Sep: 4,000 paid on 20 Aug counts, 3,000 on 15 Sep does not:
    # 15,000 − 4,000 = 11,000 × 90 % = 9,900
    "insolvency": (INSOLVENT, (paid("4000", "2025-08-20"), paid("3000", "2025-09-15")),
                   "2025-09-01", "9900"),
}


@pytest.mark.parametrize(("loss", "settlements", "expected", "indemnity"),
                         DATES_OF_LOSS.values(), ids=DATES_OF_LOSS.keys())
def test_the_date_of_loss(loss, settlements, expected, indemnity):
    statement = statement_of_loss(claim(A, B, loss=loss, settlements=settlements))
    assert statement.date_of_loss == day(expected)
    assert statement.cause is loss.cause
    assert statement.indemnity == D(indemnity)


def test_an_uninsured_invoice_does_not_start_the_waiting_period():
    # OLD (delivered in 2024, outside the policy year) is due 15 Mar 2025, but the waiting
    # period runs from A's due date: 30 May + 180 = 26 Nov, not 15 Mar + 180 = 11 Sep.
    old = invoice("OLD", "2024-12-15", "3000")
    statement = statement_of_loss(claim(old, A, notified_on=day("2025-06-10")))
    assert statement.date_of_loss == day("2025-11-26")


def test_nothing_unpaid_means_no_date_of_loss():
    assert date_of_loss(PROTRACTED, (A, B), (paid("15000", "2025-07-01"),), PolicyTerms()) is None


def test_the_claim_filing_deadline_runs_from_the_date_of_loss():
    # 26 Nov 2025 + 180 days = 25 May 2026
    assert statement_of_loss(claim(A)).claim_filing_deadline == day("2026-05-25")


STOPS = {
    # OLD due 15 Mar, MEP expiry 14 May, still unpaid then: before the 10 Jun notification
    "mep_expiry_first": ((), "2025-05-14"),
    # OLD paid on 1 May, before its MEP expired: the notification stops cover
    "notification_first": ((paid("3000", "2025-05-01"),), "2025-06-10"),
    # OLD paid on 20 May, after its MEP expired on 14 May: cover had stopped
    "paid_after_mep": ((paid("3000", "2025-05-20"),), "2025-05-14"),
}


@pytest.mark.parametrize(("settlements", "expected"), STOPS.values(), ids=STOPS.keys())
def test_cover_stops_at_the_notification_or_the_first_mep_expiry(settlements, expected):
    invoices = (invoice("OLD", "2024-12-15", "3000"), A)
    stop = stop_date(invoices, settlements, PolicyTerms(), day("2025-06-10"))
    assert stop == day(expected)


def test_a_disputed_invoice_past_its_mep_does_not_stop_cover():
    invoices = (invoice("OLD", "2024-12-15", "3000", whole_dispute=True), A)
    assert stop_date(invoices, (), PolicyTerms(), day("2025-06-10")) == day("2025-06-10")
