"""Collecting a case: payments and credit notes to the oldest open invoice first, disputes set
aside and resolved, a case paid in full closes. Every balance is worked out by hand.

A 4,000 (1 Feb), B 6,000 (1 Mar), C 5,000 (1 Apr), notified 1 Jun 2026: owed 15,000."""

from __future__ import annotations

import pytest

from claims import collection
from claims.cases import balances
from claims.states import CaseStatus, DisputeOutcome
from core.errors import Conflict, InvalidTransition, RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import D, covered_buyer, day, inv, notify, on_day
from tests.factories import audit_count


@pytest.fixture
def case(session, world):
    buyer = covered_buyer(session, world.a)
    made = notify(session, world.a, buyer, inv("A", "2026-02-01", "4000"),
                  inv("B", "2026-03-01", "6000"), inv("C", "2026-04-01", "5000"), on="2026-06-01")
    return made.case


def act(session, world, service, *args, on="2026-06-15", who="user", **kwargs):
    tenant = world.a
    with on_day(on), tenant_scope(Scope.insured(tenant.insured.id)):
        actor = getattr(tenant, who).as_actor()
        made = service(session, *args, actor=actor, **kwargs)
        session.commit()
    return made


def owed(case):
    return {line.number: line.outstanding for line in balances(case).invoices}


def test_money_goes_to_the_oldest_open_invoice_whatever_the_buyer_says(session, world, case):
    # 5,000 "for C": A 4,000 then B 1,000
    act(session, world, collection.record_payment, case.id, amount=D("5000"),
        received_on=day("2026-06-05"), reference="for C")
    assert owed(case) == {"A": 0, "B": D("5000"), "C": D("5000")}
    # a credit note of 2,000 settles like a payment: B 3,000 left
    act(session, world, collection.issue_credit_note, case.id, amount=D("2000"),
        issued_on=day("2026-06-10"), number="CN-1")
    assert owed(case) == {"A": 0, "B": D("3000"), "C": D("5000")}
    figures = balances(case)
    assert (figures.paid, figures.credited, figures.outstanding) == (D(5000), D(2000), D(8000))


def test_a_disputed_part_is_set_aside_until_resolved(session, world, case):
    act(session, world, collection.record_payment, case.id, amount=D("7000"),
        received_on=day("2026-06-05"))  # A 4,000, B 3,000
    dispute = act(session, world, collection.open_dispute, case.id, invoice_number="C",
                  amount=D("1500"), reason="Short delivery")
    # 4,000 more: B 3,000, then only C's 3,500 undisputed is open: C takes 1,000
    act(session, world, collection.record_payment, case.id, amount=D("4000"),
        received_on=day("2026-06-14"))
    assert owed(case) == {"A": 0, "B": 0, "C": D("4000")}
    assert balances(case).in_dispute == D("1500")
    # the buyer was right: 1,500 leaves C, 2,500 is still owed
    act(session, world, collection.resolve_dispute, case.id, dispute.id,
        outcome=DisputeOutcome.NOT_OWED)
    assert owed(case) == {"A": 0, "B": 0, "C": D("2500")}
    assert (balances(case).not_owed, balances(case).in_dispute) == (D("1500"), 0)
    with pytest.raises(InvalidTransition):  # resolved once
        act(session, world, collection.resolve_dispute, case.id, dispute.id,
            outcome=DisputeOutcome.OWED)
    session.rollback()


def test_a_dispute_resolved_as_owed_is_back_in_the_case(session, world, case):
    dispute = act(session, world, collection.open_dispute, case.id, invoice_number="A",
                  amount=D("4000"), reason="Quality", who="user")
    # A wholly disputed: 6,000 goes to B instead
    act(session, world, collection.record_payment, case.id, amount=D("6000"),
        received_on=day("2026-06-05"))
    assert owed(case) == {"A": D("4000"), "B": 0, "C": D("5000")}
    act(session, world, collection.resolve_dispute, case.id, dispute.id,
        outcome=DisputeOutcome.OWED)
    # released, A is the oldest open invoice again and takes the money first
    assert owed(case) == {"A": 0, "B": D("4000"), "C": D("5000")}


def test_a_case_paid_in_full_closes_and_takes_no_more(session, world, case):
    act(session, world, collection.issue_credit_note, case.id, amount=D("1000"),
        issued_on=day("2026-06-02"), number="CN-9")
    with pytest.raises(RuleViolation) as refused:
        act(session, world, collection.record_payment, case.id, amount=D("14000.01"),
            received_on=day("2026-06-15"))
    assert refused.value.fields == {"amount": ["At most 14000.00."]}
    session.rollback()
    act(session, world, collection.record_payment, case.id, amount=D("14000"),
        received_on=day("2026-06-15"), on="2026-06-16")
    assert case.status is CaseStatus.CLOSED and case.closed_on == day("2026-06-16")
    assert [e.kind for e in case.events][-1] == "closed"
    with pytest.raises(InvalidTransition):
        act(session, world, collection.record_payment, case.id, amount=D("1"),
            received_on=day("2026-06-16"))
    session.rollback()


@pytest.mark.parametrize(("service", "kwargs", "field"), [
    (collection.record_payment, {"amount": D("10"), "received_on": day("2026-06-16")},
     "received_on"),
    (collection.record_payment, {"amount": D("10.001"), "received_on": day("2026-06-01")},
     "amount"),
    (collection.record_payment, {"amount": D("10"), "received_on": day("2026-06-01"),
                                 "currency": "USD"}, "currency"),
    (collection.open_dispute, {"invoice_number": "Z", "amount": D("1"), "reason": "?"},
     "invoice_number"),
    (collection.open_dispute, {"invoice_number": "A", "amount": D("4000.01"), "reason": "?"},
     "amount"),
])
def test_rule_breaks_are_refused_and_change_nothing(session, world, case, service, kwargs,
                                                    field):
    before = audit_count(session)
    with pytest.raises(RuleViolation) as refused:
        act(session, world, service, case.id, **kwargs)
    assert field in refused.value.fields
    session.rollback()
    assert audit_count(session) == before


def test_a_credit_note_is_recorded_once(session, world, case):
    act(session, world, collection.issue_credit_note, case.id, amount=D("10"),
        issued_on=day("2026-06-02"), number="CN-1")
    with pytest.raises(Conflict):
        act(session, world, collection.issue_credit_note, case.id, amount=D("10"),
            issued_on=day("2026-06-02"), number="CN-1")
    session.rollback()
