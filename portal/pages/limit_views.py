"""What the limit pages read: rows with the names people recognise (buyer, policy, insured),
the referral queue, a buyer's exposure, and alerts. Writing goes through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select

from buyers_db.models import Buyer
from core.accounts.models import Insured
from core.actor import Actor
from core.clock import today
from portal.database import db
from underwriting.grading.records import BuyerGrade
from underwriting.limits import alerts, requests
from underwriting.limits.changes import limits_query
from underwriting.limits.exposure import standing
from underwriting.limits.models import (
    Alert,
    CreditLimit,
    CreditLimitVersion,
    LimitRequest,
    RequestStatus,
)
from underwriting.policies import Policy
from underwriting.policies.services import policies_query

MOST_ROWS = 200


def in_force_policies() -> list[Policy]:
    """The policies of the acting insured that can carry a request today."""
    day = today()
    return [p for p in db.session.scalars(policies_query()) if p.status_on(day) == "in_force"]


def _named(query: Select[Any], model: Any) -> Select[Any]:
    return (query.add_columns(Buyer.name.label("buyer_name"), Policy.number.label("policy"),
                              Insured.name.label("insured_name"))
            .join_from(model, Buyer, Buyer.id == model.buyer_id)
            .join_from(model, Policy, Policy.id == model.policy_id)
            .join_from(model, Insured, Insured.id == model.insured_id))


def limit_rows(*, include_ended: bool = False, **filters: Any) -> list[Any]:
    """Limits the actor may see, newest first, each with its buyer, policy and insured;
    `filters` as `limits_query` takes them (buyer, policy, status, day, name, expiry)."""
    query = limits_query(include_ended=include_ended, **filters)
    return list(db.session.execute(_named(query, CreditLimit).limit(MOST_ROWS)))


def visible_policies() -> list[Policy]:
    """The policies the actor may see, in number order, for a filter's choices."""
    return list(db.session.scalars(policies_query().limit(MOST_ROWS)))


def request_rows(status: RequestStatus | None = None) -> list[Any]:
    query = requests.requests_query(status=status)
    return list(db.session.execute(_named(query, LimitRequest).limit(MOST_ROWS)))


def queue_rows() -> list[Any]:
    """Referred requests of every insured, oldest first, with the buyer's grade today."""
    query = (select(LimitRequest).where(LimitRequest.status == RequestStatus.REFERRED)
             .order_by(LimitRequest.created_at, LimitRequest.id))
    query = _named(query, LimitRequest).add_columns(BuyerGrade.grade, BuyerGrade.pd).outerjoin(
        BuyerGrade, BuyerGrade.buyer_id == LimitRequest.buyer_id)
    return list(db.session.execute(query.limit(MOST_ROWS)))


def names_of(item: LimitRequest | CreditLimit) -> dict[str, Any]:
    """The buyer, policy and insured of one request or limit."""
    buyer = db.session.get(Buyer, item.buyer_id)
    policy = db.session.get(Policy, item.policy_id)
    insured = db.session.get(Insured, item.insured_id)
    return {"buyer": buyer, "policy": policy, "insured": insured}


def granted_from(made: LimitRequest) -> dt.date | None:
    """The first delivery date the request's decision covers (a lower amount than the limit
    already held waits for the notice period)."""
    if made.credit_limit is None:
        return None
    versions = [v for v in made.credit_limit.versions if v.request_id == made.id]
    return versions[-1].effective_from if versions else made.credit_limit.effective_from


def pending_change(limit: CreditLimit) -> CreditLimitVersion | None:
    """A change decided but not yet in force (a reduction waiting for its notice period)."""
    return limit.pending_on(today())


@dataclass(frozen=True)
class Exposure:
    """The insurer's position on a buyer, in euros, for its staff only."""

    grade: int | None
    pd: float | None
    exposure_eur: Decimal
    capacity_eur: Decimal
    capacity_left_eur: Decimal
    ceiling_eur: Decimal

    @property
    def used_pct(self) -> float:
        if not self.capacity_eur:
            return 100.0 if self.exposure_eur else 0.0
        return min(float(self.exposure_eur / self.capacity_eur * 100), 100.0)


def exposure(buyer_id: int) -> Exposure:
    position = standing(db.session, buyer_id, today())
    graded = db.session.get(BuyerGrade, buyer_id)
    return Exposure(grade=position.grade, pd=graded.pd if graded else None,
                    exposure_eur=position.exposure_eur, capacity_eur=position.capacity_eur,
                    capacity_left_eur=position.capacity_left_eur,
                    ceiling_eur=position.ceiling_eur)


def unread_alerts() -> list[Any]:
    query = (select(Alert, Buyer.name.label("buyer_name")).join(Buyer, Buyer.id == Alert.buyer_id)
             .where(Alert.read_at.is_(None)).order_by(Alert.as_of.desc(), Alert.id.desc()))
    return list(db.session.execute(query.limit(MOST_ROWS)))


def mark_read(alert_id: int, *, actor: Actor) -> Alert:
    return alerts.mark_read(db.session, alert_id, actor=actor)


def queue_summary() -> tuple[int, dt.datetime | None]:
    """How many referred requests wait, and since when the oldest has waited."""
    waiting, oldest = db.session.execute(
        select(func.count(), func.min(LimitRequest.created_at))
        .where(LimitRequest.status == RequestStatus.REFERRED)).one()
    return int(waiting), oldest
