"""A buyer's insolvency or cessation of trade withdraws every limit on it from the event's date,
through the limit machine, and tells each holder; no limit is granted on such a buyer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from buyers_db.services import add_event
from core.errors import InvalidTransition, RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import on_day
from tests.limits_world import graded_buyer
from underwriting.limits import changes
from underwriting.limits.models import Alert, CreditLimit, LimitStatus
from underwriting.limits.requests import decide_referral, request_limit


def ask(session, tenant, buyer, amount, day="2026-03-02", **extra):
    with on_day(day), tenant_scope(Scope.insured(tenant.insured.id)):
        return request_limit(session, actor=tenant.user.as_actor(), policy_id=tenant.policy.id,
                             buyer_id=buyer.id, amount=D(amount), payment_terms_days=60,
                             **extra)


def own_limit(session, tenant, buyer, amount, day="2026-03-02"):
    with on_day(day), tenant_scope(Scope.insured(tenant.insured.id)):
        return changes.set_discretionary(session, actor=tenant.user.as_actor(),
                                         policy_id=tenant.policy.id, buyer_id=buyer.id,
                                         amount=D(amount))


def record(session, world, buyer, kind, date, day="2026-03-20"):
    with on_day(day), tenant_scope(Scope.everyone()):
        return add_event(session, buyer.id, actor=world.underwriter.as_actor(), type=kind,
                         date=dt.date.fromisoformat(date), detail="Court order 12 IN 345/26")


def limits_on(session, buyer):
    with tenant_scope(Scope.everyone()):
        return session.scalars(select(CreditLimit).where(CreditLimit.buyer_id == buyer.id)
                               .order_by(CreditLimit.id)).all()


@pytest.mark.parametrize("kind", ["insolvency", "ceased_trading"])
def test_the_event_withdraws_every_limit_from_its_date_and_alerts_each_holder(
        session, world, kind):
    buyer = graded_buyer(session)
    ask(session, world.a, buyer, "100000")
    own_limit(session, world.b, buyer, "20000")
    record(session, world, buyer, kind, "2026-03-10")
    insurer, discretionary = limits_on(session, buyer)
    for limit, before in ((insurer, D("100000")), (discretionary, D("20000"))):
        assert limit.status is LimitStatus.WITHDRAWN
        assert limit.amount_on(dt.date(2026, 3, 9)) == before  # deliveries before stay covered
        assert limit.amount_on(dt.date(2026, 3, 10)) == 0
        assert limit.status_on(dt.date(2026, 3, 10)) is LimitStatus.WITHDRAWN
        assert limit.versions[-1].reason_codes == ["INS" if kind == "insolvency" else "CTR"]
    with tenant_scope(Scope.everyone()):
        alerts = session.scalars(select(Alert).where(Alert.buyer_id == buyer.id)).all()
    assert sorted((a.insured_id, a.credit_limit_id, a.kind, a.as_of) for a in alerts) == sorted([
        (world.a.insured.id, insurer.id, "limit_withdrawn", dt.date(2026, 3, 10)),
        (world.b.insured.id, discretionary.id, "limit_withdrawn", dt.date(2026, 3, 10)),
    ])


def test_litigation_leaves_the_limits_alone(session, world):
    buyer = graded_buyer(session)
    ask(session, world.a, buyer, "100000")
    record(session, world, buyer, "litigation", "2026-03-10")
    (limit,) = limits_on(session, buyer)
    assert limit.status is LimitStatus.ACTIVE and limit.amount_on(dt.date(2026, 3, 20)) == 100000


def test_the_withdrawal_comes_before_a_reduction_still_waiting(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    with on_day("2026-03-05"), tenant_scope(Scope.everyone()):
        changes.reduce_limit(session, limit.id, actor=world.underwriter.as_actor(),
                             amount=D("40000"), reason_codes=["RED"])
    record(session, world, buyer, "insolvency", "2026-03-10")
    assert limit.amount_on(dt.date(2026, 3, 9)) == D("100000")
    assert [limit.amount_on(dt.date(2026, 3, 10)), limit.amount_on(dt.date(2026, 6, 1))] == [0, 0]


def test_a_limit_granted_after_the_event_never_covered(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    record(session, world, buyer, "insolvency", "2026-02-01")
    assert limit.effective_from == dt.date(2026, 3, 2)
    assert limit.amount_on(dt.date(2026, 3, 2)) == 0
    assert limit.status is LimitStatus.WITHDRAWN


def test_a_limit_already_ended_is_not_withdrawn_again(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    with on_day("2026-03-05"), tenant_scope(Scope.insured(world.a.insured.id)):
        changes.cancel_limit(session, limit.id, actor=world.a.user.as_actor())
    record(session, world, buyer, "insolvency", "2026-03-10")
    assert limit.status is LimitStatus.CANCELLED and len(limit.versions) == 2
    with tenant_scope(Scope.everyone()):
        assert session.scalars(select(Alert).where(Alert.buyer_id == buyer.id)).all() == []


def test_a_request_on_a_buyer_insolvent_since_yesterday_is_refused(session, world):
    buyer = graded_buyer(session)
    record(session, world, buyer, "insolvency", "2026-03-01", day="2026-03-01")
    refused = ask(session, world.a, buyer, "50000", day="2026-03-02")
    assert refused.status.value == "refused" and "INS" in refused.reason_codes
    assert refused.credit_limit is None and refused.decided_at is not None


def test_an_underwriter_cannot_grant_once_the_buyer_is_insolvent(session, world):
    buyer = graded_buyer(session)
    referred = ask(session, world.a, buyer, "50000", comment="Please look")
    assert referred.status.value == "referred"
    record(session, world, buyer, "ceased_trading", "2026-03-03", day="2026-03-03")
    with on_day("2026-03-04"), tenant_scope(Scope.everyone()):
        with pytest.raises(RuleViolation, match="insolvent"):
            decide_referral(session, referred.id, actor=world.underwriter.as_actor(),
                            outcome="approved", reason_codes=[])
        refused = decide_referral(session, referred.id, actor=world.underwriter.as_actor(),
                                  outcome="refused", reason_codes=["CTR"])
    assert refused.status.value == "refused"


def test_a_limit_withdrawn_on_insolvency_cannot_be_withdrawn_again(session, world):
    buyer = graded_buyer(session)
    limit = ask(session, world.a, buyer, "100000").credit_limit
    record(session, world, buyer, "insolvency", "2026-03-10")
    with (on_day("2026-03-21"), tenant_scope(Scope.everyone()),
          pytest.raises(InvalidTransition, match="withdrawn cannot be withdrawn")):
        changes.cancel_limit(session, limit.id, actor=world.underwriter.as_actor())
