"""Overdue notifications: each check reported as an issue on its invoice, never a refusal;
cover stops; the case opens or takes the new invoices; the buyer's grade feels it.

Dates by hand, default terms: invoiced 1 Feb 2026 at 60 days is due 2 Apr; MEP expiry
(+60) 1 Jun; notification deadline (+30) 1 Jul. The limit covers deliveries from 2 Jan."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claims.hooks import overdue_open, payment_experience
from claims.models import CollectionCase
from core.errors import Conflict, RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import D, covered_buyer, day, inv, notify, on_day
from underwriting.grading.records import BuyerGrade
from underwriting.limits.changes import set_discretionary
from underwriting.limits.requests import request_limit

N1 = inv("N-1", "2026-02-01", "10000")

ISSUES = {
    "nothing wrong": ([N1], "2026-06-01", "2026-01-02", {"N-1": []}),
    # 1 Feb + 121 days = 2 Jun: one day over the 120-day MCT
    "terms over MCT": ([inv("N-1", "2026-02-01", "10000", terms=121)], "2026-06-01",
                       "2026-01-02", {"N-1": ["terms_over_mct"]}),
    # delivered 20 Dec 2025: before the policy year, and before the limit began
    "outside the policy period": ([inv("N-1", "2025-12-20", "10000")], "2026-03-01",
                                  "2026-01-02",
                                  {"N-1": ["outside_policy_period", "no_limit"]}),
    # the limit covers deliveries from 1 Mar only
    "no limit on the delivery date": ([N1], "2026-06-01", "2026-03-01", {"N-1": ["no_limit"]}),
    # delivered on the day of the notification, when cover stops
    "delivered on the stop date": ([inv("N-2", "2026-06-01", "3000")], "2026-06-01",
                                   "2026-01-02", {"N-2": ["after_stop"]}),
    # OLD due 9 Feb, MEP expiry 10 Apr, unpaid: cover stops then, before the notification
    # (10 May, OLD's own deadline); NEW delivered 15 Apr is after the stop
    "delivered after an earlier MEP expiry": (
        [inv("OLD", "2026-01-10", "4000", terms=30), inv("NEW", "2026-04-15", "5000", terms=30)],
        "2026-05-10", "2026-01-02", {"OLD": [], "NEW": ["after_stop"]}),
    # notified 2 Jul, a day after the 1 Jul deadline
    "notified late": ([N1], "2026-07-02", "2026-01-02", {"N-1": ["notified_late"]}),
    # a late invoice voids cover on the buyer: N-3 (due 31 May... deadline 30 Jul) is out too
    "late voids the buyer": ([N1, inv("N-3", "2026-04-01", "2000")], "2026-07-02", "2026-01-02",
                             {"N-1": ["notified_late"], "N-3": ["buyer_cover_void"]}),
}


@pytest.mark.parametrize(("invoices", "on", "since", "expected"), ISSUES.values(),
                         ids=ISSUES.keys())
def test_each_check_is_an_issue_on_its_invoice(session, world, invoices, on, since, expected):
    buyer = covered_buyer(session, world.a, since=since)
    made = notify(session, world.a, buyer, *invoices, on=on)
    found = {row.number: [issue["code"] for issue in row.issues] for row in made.invoices}
    assert found == expected
    assert all(issue["text"] for row in made.invoices for issue in row.issues)


def test_the_case_opens_with_its_stop_date(session, world):
    buyer = covered_buyer(session, world.a)
    made = notify(session, world.a, buyer, inv("OLD", "2026-01-10", "4000", terms=30),
                  on="2026-05-10")
    case = made.case
    assert (case.status.value, case.notified_on, case.stop_date) == (
        "open", day("2026-05-10"), day("2026-04-10"))
    assert [event.kind for event in case.events] == ["notified"]


def test_a_later_notification_joins_the_open_case_and_duplicates_are_refused(session, world):
    buyer = covered_buyer(session, world.a)
    first = notify(session, world.a, buyer, N1, on="2026-06-01")
    second = notify(session, world.a, buyer, inv("N-4", "2026-05-01", "2500"), on="2026-06-20")
    assert second.case_id == first.case_id
    assert [row.notified_on for row in second.case.invoices] == [day("2026-06-01"),
                                                                   day("2026-06-20")]
    with pytest.raises(Conflict):
        notify(session, world.a, buyer, N1, on="2026-06-21")
    session.rollback()
    with pytest.raises(RuleViolation):  # before the case's first notification
        notify(session, world.a, buyer, inv("N-5", "2026-05-02", "1"), on="2026-05-30")


@pytest.mark.parametrize(("invoice", "field"), [
    ({**N1, "vat_amount": D("10000.01")}, "vat_amount"),
    ({**N1, "due_date": day("2026-01-31")}, "due_date"),
    ({**N1, "amount": D("10.001")}, "amount"),
])
def test_nonsense_invoices_are_refused_whole(session, world, invoice, field):
    buyer = covered_buyer(session, world.a)
    with pytest.raises(RuleViolation) as refused:
        notify(session, world.a, buyer, inv("OK", "2026-02-01", "5"), invoice, on="2026-06-01")
    assert field in refused.value.fields["invoices"]["1"]
    session.rollback()
    assert session.scalar(select(func.count()).select_from(CollectionCase)) == 0


def test_cover_stops_new_limits_and_the_grade_feels_it(session, world):
    buyer = covered_buyer(session, world.a)
    other = covered_buyer(session, world.a, name="Clean Buyer GmbH")
    with tenant_scope(Scope.everyone()):
        before = session.get(BuyerGrade, buyer.id).grade
    notify(session, world.a, buyer, N1, on="2026-06-01")
    with tenant_scope(Scope.everyone()):
        assert overdue_open(session, world.a.insured.id, buyer.id, day("2026-06-01"))
        assert not overdue_open(session, world.a.insured.id, buyer.id, day("2026-05-31"))
        assert not overdue_open(session, world.b.insured.id, buyer.id, day("2026-06-01"))
        experience = payment_experience(session, day("2026-06-01"))
        assert experience.loc[buyer.id, "overdue_count"] == 1 and other.id not in experience.index
        session.expire_all()
        assert session.get(BuyerGrade, buyer.id).grade > before
    with on_day("2026-06-02"), tenant_scope(Scope.insured(world.a.insured.id)):
        asked = request_limit(session, actor=world.a.user.as_actor(),
                              policy_id=world.a.policy.id, buyer_id=buyer.id,
                              amount=D("150000"), payment_terms_days=60)
        assert asked.status.value == "referred" and "PAY" in asked.reason_codes
        with pytest.raises(RuleViolation) as refused:
            set_discretionary(session, actor=world.a.user.as_actor(),
                              policy_id=world.a.policy.id, buyer_id=buyer.id, amount=D("5000"))
        assert "An overdue is notified on this buyer." in refused.value.fields["buyer_id"]
