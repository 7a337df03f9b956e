"""The demo tells one coherent story: what happened months ago carries its own date."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer, FinancialStatement
from core.tenancy import Scope, tenant_scope
from underwriting.grading.records import GradeChange
from underwriting.limits.models import CreditLimit, LimitRequest

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def seeded(app: Flask, session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    monkeypatch.setenv("TCI_TODAY", TODAY.isoformat())
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    return session


def test_requests_are_dated_when_their_limits_began(seeded: Session) -> None:
    with tenant_scope(Scope.everyone()):
        requests = seeded.scalars(select(LimitRequest)).all()
        assert len({r.created_at.date() for r in requests}) > 3  # not all asked for today
        for request in requests:
            assert request.created_at.date() <= TODAY
            if request.credit_limit_id is not None:
                limit = seeded.get(CreditLimit, request.credit_limit_id)
                assert limit is not None
                assert limit.created_at.date() == request.created_at.date()


def test_grade_history_reads_in_date_order(seeded: Session) -> None:
    rows = seeded.scalars(select(GradeChange).order_by(GradeChange.buyer_id, GradeChange.id))
    by_buyer: dict[int, list[GradeChange]] = {}
    for row in rows:
        by_buyer.setdefault(row.buyer_id, []).append(row)
    moved = [changes for changes in by_buyer.values() if len(changes) > 1]
    assert moved  # the overdues and the insolvency moved some grades
    for changes in by_buyer.values():
        assert [c.as_of for c in changes] == sorted(c.as_of for c in changes)
        for before, after in itertools.pairwise(changes):
            assert after.previous_grade == before.grade


def test_buyers_figures_are_in_their_own_currencys_scale(seeded: Session) -> None:
    median = {}
    for currency in ("EUR", "JPY", "CNY"):
        revenues = sorted(seeded.scalars(select(FinancialStatement.revenue).where(
            FinancialStatement.currency == currency)))
        median[currency] = revenues[len(revenues) // 2]
    assert median["JPY"] > 50 * median["EUR"] and median["CNY"] > 3 * median["EUR"]
    assert median["EUR"] > Decimal("1000000")


def test_buyers_can_be_told_apart_by_name_and_city(seeded: Session) -> None:
    names = Counter(seeded.scalars(select(Buyer.name)))
    assert names.most_common(1)[0][1] == 1
    without_city = seeded.scalar(select(func.count()).select_from(Buyer).where(
        (Buyer.city.is_(None)) | (Buyer.city == "")))
    assert without_city == 0
    shenzhen = seeded.scalars(select(Buyer.name).where(Buyer.city == "深圳")).all()
    assert len(shenzhen) > 20 and all(name.startswith("深圳") for name in shenzhen)
