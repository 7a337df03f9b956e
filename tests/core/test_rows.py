"""Rows written at once (`core.rows`): stored as the unit of work would store them, the object
then in the session as if loaded, with nothing left for a flush."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from core import rows
from core.tenancy import Scope, tenant_scope
from tests.factories import make_insured, make_policy
from tests.limits_world import graded_buyer
from underwriting.limits.models import (
    CreditLimit,
    CreditLimitVersion,
    LimitRequest,
    LimitStatus,
    LimitType,
    RequestKind,
    RequestStatus,
)


@pytest.fixture
def limit(session):
    with tenant_scope(Scope.everyone()):
        insured = make_insured(session)
        policy = make_policy(session, insured)
        session.commit()
    buyer = graded_buyer(session)
    return CreditLimit(insured_id=insured.id, policy_id=policy.id, buyer_id=buyer.id,
                       type=LimitType.INSURER, status=LimitStatus.ACTIVE,
                       amount=Decimal("5000.00"), currency="EUR",
                       effective_from=dt.date(2026, 3, 1))


def test_a_row_is_written_at_once_with_its_defaults_and_nothing_is_left_to_flush(
    session, limit
):
    with tenant_scope(Scope.everyone()):
        written = rows.insert(session, limit)
        assert written is limit and limit.id is not None
        assert inspect(limit).persistent and not session.new and not session.dirty
        assert limit.created_at is not None and limit.updated_at is not None  # the defaults
        stored = session.execute(select(CreditLimit.__table__).where(
            CreditLimit.id == limit.id)).one()
        assert stored.amount == Decimal("5000.00") and stored.created_at == limit.created_at
        assert session.get(CreditLimit, limit.id) is limit  # the identity map knows it


def test_its_many_to_one_keys_are_copied_from_the_rows_it_names(session, limit):
    with tenant_scope(Scope.everyone()):
        rows.insert(session, limit)
        request = LimitRequest(
            insured_id=limit.insured_id, policy_id=limit.policy_id, buyer_id=limit.buyer_id,
            amount=Decimal("5000.00"), currency="EUR", payment_terms_days=60,
            status=RequestStatus.APPROVED, kind=RequestKind.NEW, credit_limit=limit)
        rows.insert(session, request)
        assert request.credit_limit_id == limit.id and request.reason_codes == []
        assert not session.dirty and not session.new
        session.commit()
        session.expire_all()
        assert session.get(LimitRequest, request.id).credit_limit_id == limit.id


def test_a_linked_relationship_reads_as_loaded_without_a_statement(session, limit):
    with tenant_scope(Scope.everyone()):
        rows.insert(session, limit)
        rows.link(limit, "versions", [])
        version = rows.insert(session, CreditLimitVersion(
            credit_limit_id=limit.id, insured_id=limit.insured_id, amount=limit.amount,
            effective_from=limit.effective_from, change="granted",
            decided_on=limit.effective_from))
        rows.link(limit, "versions", [*limit.versions, version])
        assert limit.amount_on(dt.date(2026, 3, 2)) == Decimal("5000.00")
        assert not session.dirty and not session.new


def test_an_object_written_already_or_naming_an_unwritten_row_is_refused(session, limit):
    with tenant_scope(Scope.everyone()):
        orphan = LimitRequest(
            insured_id=limit.insured_id, policy_id=limit.policy_id, buyer_id=limit.buyer_id,
            amount=Decimal("1.00"), currency="EUR", payment_terms_days=60,
            status=RequestStatus.REFUSED, credit_limit=limit)
        with pytest.raises(ValueError, match="not written yet"):
            rows.insert(session, orphan)
        rows.insert(session, limit)
        with pytest.raises(ValueError, match="written already"):
            rows.insert(session, limit)
        assert rows.written(limit) and not rows.written(CreditLimit())


def test_a_row_rolled_back_takes_its_object_out_of_the_session(session, limit):
    with tenant_scope(Scope.everyone()):
        savepoint = session.begin_nested()
        rows.insert(session, limit)
        gone = limit.id
        savepoint.rollback()
        assert limit not in session and session.get(CreditLimit, gone) is None
        again = CreditLimit(**{key: getattr(limit, key) for key in (
            "insured_id", "policy_id", "buyer_id", "type", "status", "amount", "currency",
            "effective_from")})
        rows.insert(session, again)  # SQLite may give it the same id: no clash in the session
        assert session.get(CreditLimit, again.id) is again


def test_a_row_that_fails_leaves_nothing_for_a_flush(session, limit):
    limit.buyer_id = 2**31 - 1  # no such buyer
    with tenant_scope(Scope.everyone()):
        savepoint = session.begin_nested()
        with pytest.raises(IntegrityError):
            rows.insert(session, limit)
        savepoint.rollback()
        assert limit not in session and not session.new
        session.flush()
