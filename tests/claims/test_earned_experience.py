"""Payment experience must be earned (domain §9): an overdue notification worsens a buyer's grade
only when the notifying insured held a limit on the buyer when the oldest reported invoice fell
due; each insured counts once per buyer; a case settled in full within 30 days stops counting.
And a notification is dated today or yesterday, never earlier (a late one would pass as timely).
"""

from __future__ import annotations

import pytest

from buyers_db.signals import buyer_changed
from claims.collection import record_payment
from claims.hooks import payment_experience
from core.errors import RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import D, covered_buyer, day, inv, notify, on_day
from underwriting.grading.records import BuyerGrade


def grade(session, buyer, on: str | None = None) -> int:
    """The buyer's grade as stored; regraded first as of `on` when given (its statement ages
    with the business date, so grades are compared on one day)."""
    if on is not None:
        with on_day(on), tenant_scope(Scope.everyone()):
            buyer_changed.send(session, buyer_ids=[buyer.id])
            session.commit()
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return session.get(BuyerGrade, buyer.id).grade


def overdues(session, buyer, on: str) -> int:
    with tenant_scope(Scope.everyone()):
        experience = payment_experience(session, day(on))
    return int(experience["overdue_count"].get(buyer.id, 0))


def test_an_insured_without_a_limit_cannot_worsen_a_buyers_grade(session, world):
    buyer = covered_buyer(session, world.a)  # tenant a holds a limit; b never did
    before = grade(session, buyer, on="2026-06-02")
    notify(session, world.b, buyer, inv("X-1", "2026-02-01", "10.00"), on="2026-06-01")
    notify(session, world.b, buyer, inv("X-2", "2026-02-02", "10.00"), on="2026-06-02")
    assert overdues(session, buyer, "2026-06-02") == 0
    assert grade(session, buyer) == before


def test_a_limit_granted_after_the_oldest_invoice_fell_due_does_not_count(session, world):
    # due 2 Apr 2026; the limit begins 10 Apr: not held when the invoice fell due
    buyer = covered_buyer(session, world.a, since="2026-04-10")
    notify(session, world.a, buyer, inv("N-1", "2026-02-01", "5000"), on="2026-06-01")
    assert overdues(session, buyer, "2026-06-01") == 0


def test_each_insured_counts_once_per_buyer(session, world):
    buyer = covered_buyer(session, world.a)
    before = grade(session, buyer, on="2026-08-15")
    first = notify(session, world.a, buyer, inv("N-1", "2026-02-01", "5000"), on="2026-06-01")
    with on_day("2026-08-01"), tenant_scope(Scope.insured(world.a.insured.id)):
        record_payment(session, first.case_id, actor=world.a.user.as_actor(), amount=D("5000"),
                       received_on=day("2026-08-01"))  # paid, but two months on: it counts
        session.commit()
    notify(session, world.a, buyer, inv("N-2", "2026-05-01", "5000"), on="2026-08-15")
    assert overdues(session, buyer, "2026-08-15") == 1
    assert grade(session, buyer) > before


def test_a_case_settled_in_full_within_30_days_stops_counting(session, world):
    buyer = covered_buyer(session, world.a)
    before = grade(session, buyer, on="2026-06-25")
    made = notify(session, world.a, buyer, inv("N-1", "2026-02-01", "5000"), on="2026-06-01")
    assert overdues(session, buyer, "2026-06-01") == 1
    assert grade(session, buyer, on="2026-06-24") > before
    with on_day("2026-06-25"), tenant_scope(Scope.insured(world.a.insured.id)):
        record_payment(session, made.case_id, actor=world.a.user.as_actor(), amount=D("5000"),
                       received_on=day("2026-06-25"))
        session.commit()
    assert overdues(session, buyer, "2026-06-25") == 0
    assert grade(session, buyer) == before


@pytest.mark.parametrize(("on", "today", "allowed"), [
    ("2026-06-01", "2026-06-01", True),
    ("2026-05-31", "2026-06-01", True),    # prepared yesterday, sent today
    ("2026-05-30", "2026-06-01", False),   # two days back: a late notification made timely
    ("1900-01-01", "2026-06-01", False),
])
def test_a_notification_is_dated_today_or_yesterday(session, world, on, today, allowed):
    from claims.notifications import OverdueInvoice, notify_overdue

    buyer = covered_buyer(session, world.a)
    with on_day(today), tenant_scope(Scope.insured(world.a.insured.id)):
        def made():
            return notify_overdue(session, actor=world.a.user.as_actor(),
                                  policy_id=world.a.policy.id, buyer_id=buyer.id,
                                  invoices=[OverdueInvoice(**inv("N-1", "2026-02-01", "100"))],
                                  notified_on=day(on))
        if allowed:
            assert made().notified_on == day(on)
        else:
            with pytest.raises(RuleViolation) as refused:
                made()
            assert "notified_on" in refused.value.fields
