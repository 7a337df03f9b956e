"""Helpers for premium tests: declare through the API, run the daily jobs for a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.tenancy import Scope, tenant_scope
from portal.jobs import StepOutcome, run_day
from tests.factories import World


def declare(
    client: FlaskClient, world: World, period: str, turnover: str, who: str = "a.user",
    policy_id: int | None = None, **headers: str,
) -> Any:
    tenant = world.a if who.startswith("a.") else world.b
    return client.post(f"/api/v1/policies/{policy_id or tenant.policy.id}/declarations",
                       json={"period": period, "insured_turnover": turnover},
                       headers={**world.as_(who), **headers})


def run_premium_day(app: Flask, day: dt.date) -> list[StepOutcome]:
    """Every daily job for `day`; the premium job's outcomes."""
    outcomes = run_day(app, day)
    return [outcome for outcome in outcomes if outcome.job == "premium"]


def rows(session: Session, model: type[Any], *where: Any) -> list[Any]:
    """Every row of a tenant-owned `model` (all tenants), fresh from the database."""
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return list(session.scalars(select(model).where(*where).order_by(model.id)))
