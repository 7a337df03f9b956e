"""The limit ledger through its services, without HTTP: increases never cost cover, the latest
decision supersedes a change still waiting, the insured's decrease applies at once, and the
amount on any day is read from the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from core.errors import InvalidTransition, RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import on_day
from tests.limits_world import graded_buyer
from underwriting.limits import changes, grants
from underwriting.limits.models import CreditLimit
from underwriting.limits.requests import decide_referral, request_limit


def ask(session, tenant, buyer, amount, day="2026-03-02", **extra):
    with on_day(day), tenant_scope(Scope.insured(tenant.insured.id)):
        return request_limit(session, actor=tenant.user.as_actor(), policy_id=tenant.policy.id,
                             buyer_id=buyer.id, amount=D(amount), payment_terms_days=60,
                             **extra)


def staff(session, day, work):
    with on_day(day), tenant_scope(Scope.everyone()):
        return work()


def held(session, tenant, buyer, day):
    with tenant_scope(Scope.everyone()):
        limit = grants.insurer_limit(session, tenant.policy.id, buyer.id)
        return limit.amount_on(dt.date.fromisoformat(day))


def test_an_increase_short_of_capacity_keeps_what_is_held(session, world):
    buyer = graded_buyer(session, grade=1, revenue="1000000")  # capacity 200,000 EUR
    assert ask(session, world.b, buyer, "50000").status.value == "approved"
    first = ask(session, world.a, buyer, "150000")
    assert (first.status.value, first.kind.value) == ("approved", "new")
    more = ask(session, world.a, buyer, "200000")
    assert (more.status.value, more.kind.value, more.reason_codes) == (
        "referred", "increase", ["CLF"])
    assert more.decided_amount is None and more.decided_at is None
    assert held(session, world.a, buyer, "2026-03-02") == D("150000")
    assert held(session, world.a, buyer, "2026-12-31") == D("150000")


def test_an_increase_is_measured_net_of_the_insureds_own_limit(session, world):
    buyer = graded_buyer(session, grade=1, revenue="1000000")  # capacity 200,000 EUR
    ask(session, world.a, buyer, "150000")
    more = ask(session, world.a, buyer, "200000")
    assert (more.status.value, more.kind.value, more.decided_amount) == (
        "approved", "increase", D("200000"))
    assert more.decided_at is not None
    assert held(session, world.a, buyer, "2026-03-02") == D("200000")


def test_a_later_increase_supersedes_a_reduction_still_waiting(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    staff(session, "2026-03-02", lambda: changes.reduce_limit(
        session, limit.id, actor=world.underwriter.as_actor(), amount=D("40000"),
        reason_codes=["RED"]))
    assert held(session, world.a, buyer, "2026-04-01") == D("40000")
    referred = ask(session, world.a, buyer, "150000", day="2026-03-10")
    assert referred.reason_codes == ["RED"]  # the insurer's reduction waits: a person decides
    staff(session, "2026-03-10", lambda: decide_referral(
        session, referred.id, actor=world.underwriter.as_actor(), outcome="approved",
        reason_codes=[]))
    assert held(session, world.a, buyer, "2026-03-09") == D("100000")
    assert held(session, world.a, buyer, "2026-03-10") == D("150000")
    assert held(session, world.a, buyer, "2026-04-01") == D("150000")


def test_a_reduction_is_measured_against_the_one_waiting(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit

    def reduce(amount):
        return lambda: changes.reduce_limit(session, limit.id, actor=world.underwriter.as_actor(),
                                            amount=D(amount), reason_codes=["RED"])

    staff(session, "2026-03-02", reduce("40000"))
    with pytest.raises(RuleViolation):
        staff(session, "2026-03-05", reduce("60000"))
    staff(session, "2026-03-05", reduce("30000"))
    # the second supersedes the first: 100,000 until its own notice ends, never 40,000
    assert held(session, world.a, buyer, "2026-04-01") == D("100000")
    assert held(session, world.a, buyer, "2026-04-04") == D("30000")


def test_the_insureds_decrease_applies_at_once_and_keeps_the_insurers_reduction(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    staff(session, "2026-03-02", lambda: changes.reduce_limit(
        session, limit.id, actor=world.underwriter.as_actor(), amount=D("40000"),
        reason_codes=["RED"]))
    less = ask(session, world.a, buyer, "70000", day="2026-03-05")
    assert (less.status.value, less.kind.value, less.decided_amount) == (
        "approved", "decrease", D("70000"))
    assert held(session, world.a, buyer, "2026-03-04") == D("100000")
    assert held(session, world.a, buyer, "2026-03-05") == D("70000")
    assert held(session, world.a, buyer, "2026-04-01") == D("40000")
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        restated = session.get(CreditLimit, limit.id).versions[-1]
    assert (restated.change, restated.amount, restated.decided_by) == (
        "reduced", D("40000"), world.underwriter.id)  # the reduction keeps who decided it


def test_a_partial_decision_on_an_increase_keeps_at_least_the_limit_held(session, world):
    buyer = graded_buyer(session)
    ask(session, world.a, buyer, "100000")
    referred = ask(session, world.a, buyer, "300000", comment="Peak season")
    assert referred.kind.value == "increase"

    def decide(amount):
        return lambda: decide_referral(session, referred.id, actor=world.underwriter.as_actor(),
                                       outcome="partial", amount=D(amount), reason_codes=["RED"],
                                       note="Reviewed with the latest accounts.")

    with pytest.raises(RuleViolation):
        staff(session, "2026-03-02", decide("90000"))
    decided = staff(session, "2026-03-02", decide("180000"))
    assert decided.status.value == "partial" and decided.note.startswith("Reviewed")
    assert held(session, world.a, buyer, "2026-03-02") == D("180000")
    with pytest.raises(InvalidTransition):
        staff(session, "2026-03-02", decide("200000"))


def test_a_cancelled_limit_moves_no_more_until_granted_again(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    with tenant_scope(Scope.insured(world.a.insured.id)), on_day("2026-03-02"):
        changes.cancel_limit(session, limit.id, actor=world.a.user.as_actor())
        with pytest.raises(InvalidTransition):
            changes.cancel_limit(session, limit.id, actor=world.a.user.as_actor())
    again = ask(session, world.a, buyer, "80000", day="2026-03-03")
    assert (again.kind.value, again.credit_limit.id) == ("new", limit.id)
    assert again.credit_limit.status.value == "active"
    assert held(session, world.a, buyer, "2026-03-02") == 0
    assert held(session, world.a, buyer, "2026-03-03") == D("80000")
