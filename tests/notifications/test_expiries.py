"""A limit past its expiry date is told to its holder once, the day after it expired, as
`limit.changed` with change `expired`; an expiry older than a month is history and is not told,
and another insured hears nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.outbox import OutboxEvent
from core.tenancy import Scope, tenant_scope
from tests.endpoint_objects import Making
from tests.limits_world import graded_buyer
from tests.notifications.events_world import _request
from underwriting.limits.expiry import announce_expiries
from underwriting.limits.models import CreditLimit


def _expiring(session, world, on: str) -> int:
    made = Making(session, world, {}, {})
    limit_id = _request(made, graded_buyer(session, name="Expiring AG").id).credit_limit_id
    with tenant_scope(Scope.everyone()):
        session.get(CreditLimit, limit_id).expires_on = dt.date.fromisoformat(on)
        session.commit()
    return limit_id


def _told(session, insured_id):
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return [(e.object_id, e.data["change"], e.data["effective_from"]) for e in session.scalars(
            select(OutboxEvent).where(OutboxEvent.insured_id == insured_id,
                                      OutboxEvent.data["change"].as_string() == "expired"))]


def test_an_expiry_is_told_once_the_day_after(session, world):
    limit_id = _expiring(session, world, "2026-06-30")
    with tenant_scope(Scope.everyone()):
        assert announce_expiries(session, dt.date(2026, 6, 30), world.a.insured.id) == (
            "0 expiries told")  # its last day of cover
        assert announce_expiries(session, dt.date(2026, 7, 1), world.a.insured.id) == (
            "1 expiries told")
        assert announce_expiries(session, dt.date(2026, 7, 2), world.a.insured.id) == (
            "0 expiries told")
        assert announce_expiries(session, dt.date(2026, 7, 2), world.b.insured.id) == (
            "0 expiries told")
        session.commit()
    assert _told(session, world.a.insured.id) == [(limit_id, "expired", "2026-07-01")]
    assert _told(session, world.b.insured.id) == []


def test_an_expiry_older_than_a_month_is_not_news(session, world):
    _expiring(session, world, "2026-01-31")
    with tenant_scope(Scope.everyone()):
        assert announce_expiries(session, dt.date(2026, 6, 1), None) == "0 expiries told"
